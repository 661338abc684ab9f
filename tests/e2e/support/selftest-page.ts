/**
 * Page side of the self-test: the app's real Bluetooth modules, bundled and exposed as
 * `window.harness` so the spec can drive them the way the app's UI would.
 */
import { bluetoothErrorCode, type BluetoothErrorCode } from '../../../src/lib/ble/errors';
import { bluetoothSupport, rememberedDevices, requestStrap } from '../../../src/lib/ble/pairing';
import type { HeartRateReading } from '../../../src/lib/ble/source';
import { Strap, type ConnectionEvent } from '../../../src/lib/ble/strap';

/** What the spec can see of one strap. */
export interface StrapSnapshot {
	id: string;
	state: string;
	battery: number | null;
	bodyLocation: string | null;
	lastError: BluetoothErrorCode | null;
	counters: { packets: number; malformed: number; reconnects: number };
	readings: HeartRateReading[];
	events: ConnectionEvent['type'][];
}

/** The functions the spec calls through `page.evaluate`. */
export interface Harness {
	support(): Promise<string>;
	pair(): Promise<{ name: string } | { error: BluetoothErrorCode }>;
	resumeRemembered(): Promise<string[]>;
	snapshot(name: string): StrapSnapshot;
	close(name: string): void;
}

const straps = new Map<string, { strap: Strap; readings: HeartRateReading[]; events: string[] }>();

function track(strap: Strap): Strap {
	const entry = { strap, readings: [] as HeartRateReading[], events: [] as string[] };
	strap.onReading((reading) => entry.readings.push(reading));
	strap.onConnection((event) => entry.events.push(event.type));
	straps.set(strap.name, entry);
	return strap;
}

const harness: Harness = {
	support: () => bluetoothSupport(),
	async pair() {
		try {
			const strap = track(new Strap(await requestStrap(navigator.bluetooth)));
			await strap.connect();
			return { name: strap.name };
		} catch (error) {
			return { error: bluetoothErrorCode(error) };
		}
	},
	async resumeRemembered() {
		const devices = await rememberedDevices(navigator.bluetooth);
		// Like the app after a reload: keep trying in the background, no chooser needed.
		for (const device of devices) track(new Strap(device)).reconnect();
		return devices.map((device) => device.name ?? device.id);
	},
	snapshot(name) {
		const entry = straps.get(name);
		if (!entry) throw new Error(`no strap named ${name}`);
		const { strap } = entry;
		return {
			id: strap.id,
			state: strap.state,
			battery: strap.battery,
			bodyLocation: strap.bodyLocation,
			lastError: strap.lastError,
			counters: { ...strap.counters },
			readings: entry.readings,
			events: entry.events as ConnectionEvent['type'][]
		};
	},
	close(name) {
		straps.get(name)?.strap.close();
	}
};

(globalThis as unknown as { harness: Harness }).harness = harness;
