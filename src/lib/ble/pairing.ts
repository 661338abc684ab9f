/** Finding straps: the chooser, remembered straps, and whether Bluetooth exists here at all. */
import { BluetoothError } from './errors';

/** Whether this browser can talk to straps. */
export type BluetoothSupport = 'available' | 'no-adapter' | 'unsupported';

/** The part of `navigator` this module reads; a parameter so tests and SSR need no global. */
export interface BluetoothNavigator {
	bluetooth?: Bluetooth;
}

/** The chooser filter: straps advertise the Heart Rate Service; battery is read when present. */
export const STRAP_REQUEST: RequestDeviceOptions = {
	filters: [{ services: ['heart_rate'] }],
	optionalServices: ['battery_service']
};

function currentNavigator(): BluetoothNavigator | undefined {
	return typeof navigator === 'undefined' ? undefined : (navigator as BluetoothNavigator);
}

/** Returns `navigator.bluetooth`, or throws a BluetoothError 'unsupported'. */
export function getBluetooth(nav: BluetoothNavigator | undefined = currentNavigator()): Bluetooth {
	const bluetooth = nav?.bluetooth;
	if (!bluetooth) throw new BluetoothError('unsupported');
	return bluetooth;
}

/** Opens the browser's chooser for one heart-rate strap (must run inside a user gesture). */
export function requestStrap(bluetooth: Bluetooth): Promise<BluetoothDevice> {
	return bluetooth.requestDevice(STRAP_REQUEST);
}

/**
 * Straps this origin was granted earlier, for reconnecting without the chooser. `getDevices()` is
 * still behind a flag in many builds; without it there is nothing to remember.
 */
export async function rememberedDevices(bluetooth: Bluetooth): Promise<BluetoothDevice[]> {
	if (typeof bluetooth.getDevices !== 'function') return [];
	return bluetooth.getDevices();
}

/** Tells the UI up front whether pairing can work, so it can explain instead of failing. */
export async function bluetoothSupport(
	nav: BluetoothNavigator | undefined = currentNavigator()
): Promise<BluetoothSupport> {
	const bluetooth = nav?.bluetooth;
	if (!bluetooth) return 'unsupported';
	// Older builds lack getAvailability; then only requestDevice can tell, so assume the best.
	if (typeof bluetooth.getAvailability !== 'function') return 'available';
	return (await bluetooth.getAvailability()) ? 'available' : 'no-adapter';
}
