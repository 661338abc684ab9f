/** The GATT layout of an emulated heart-rate strap, built with the BluetoothEmulation domain. */
import type { CDPSession } from '@playwright/test';

/** A 16-bit SIG UUID in the 128-bit form the emulation insists on (short names are refused). */
export const sigUuid = (short: number) =>
	`0000${short.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`;

/** Heart Rate Service, advertised so the chooser's filter matches. */
export const HEART_RATE = sigUuid(0x180d);
const MEASUREMENT = sigUuid(0x2a37);
const BODY_LOCATION = sigUuid(0x2a38);
const BATTERY = sigUuid(0x180f);
const BATTERY_LEVEL = sigUuid(0x2a19);
const CCCD = sigUuid(0x2902);

/** What an emulated strap offers besides heart rate. */
export interface EmulatedStrapOptions {
	/** Battery level 0–100; null for a strap without battery service (default 90). */
	battery?: number | null;
	/** Body Sensor Location code; null to leave the characteristic out (default 1, chest). */
	bodyLocation?: number | null;
}

/** Which characteristic an emulated characteristic id stands for. */
export type Role = 'measurement' | 'body-location' | 'battery-level';

/** The parts of a strap that decide its services. */
export interface StrapServices {
	address: string;
	battery: number | null;
	bodyLocation: number | null;
}

/**
 * Adds heart rate (0x2A37 notify, with the CCCD `startNotifications()` needs), optionally body
 * location and battery. Returns the new characteristic ids with their roles: ids change every
 * time services are re-added, e.g. after a drop wiped them.
 */
export async function addStrapServices(
	session: CDPSession,
	strap: StrapServices
): Promise<Map<string, Role>> {
	const roles = new Map<string, Role>();
	const { address } = strap;
	const add = async (serviceId: string, uuid: string, role: Role, notify: boolean) => {
		// `read` on 0x2A37 too: that is how `push` delivers notifications (see emulated-straps.ts).
		const { characteristicId } = await session.send('BluetoothEmulation.addCharacteristic', {
			serviceId,
			characteristicUuid: uuid,
			properties: { read: true, notify }
		});
		roles.set(characteristicId, role);
		if (notify) {
			await session.send('BluetoothEmulation.addDescriptor', {
				characteristicId,
				descriptorUuid: CCCD
			});
		}
	};
	const heartRate = await session.send('BluetoothEmulation.addService', {
		address,
		serviceUuid: HEART_RATE
	});
	await add(heartRate.serviceId, MEASUREMENT, 'measurement', true);
	if (strap.bodyLocation !== null) {
		await add(heartRate.serviceId, BODY_LOCATION, 'body-location', false);
	}
	if (strap.battery !== null) {
		const battery = await session.send('BluetoothEmulation.addService', {
			address,
			serviceUuid: BATTERY
		});
		await add(battery.serviceId, BATTERY_LEVEL, 'battery-level', true);
	}
	return roles;
}

/** Upper-cases a MAC address and rejects anything else, since the chooser only lists upper case. */
export function normalizeAddress(address: string): string {
	const upper = address.toUpperCase();
	if (!/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/.test(upper))
		throw new Error(`not a MAC address: ${address}`);
	return upper;
}
