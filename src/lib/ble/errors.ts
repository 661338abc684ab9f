/**
 * Web Bluetooth failures mapped to stable codes. The UI translates codes into the user's language;
 * browser messages are English, vary between versions and must never reach the screen.
 */

/** What went wrong, in terms the UI can explain. */
export type BluetoothErrorCode =
	/** The user closed the chooser: not an error, show nothing. */
	| 'cancelled'
	/** This device has no Bluetooth adapter (or the browser cannot reach it). */
	| 'no-adapter'
	/** There is an adapter, but it is switched off. */
	| 'bluetooth-off'
	/** The browser, the OS or a policy refused access. */
	| 'permission-denied'
	/** The strap did not accept a connection: out of range, or connected to another phone. */
	| 'busy'
	/** This browser has no Web Bluetooth (Safari, Firefox, iOS). */
	| 'unsupported'
	| 'unknown';

/** An error this module raises itself, already carrying its code. */
export class BluetoothError extends Error {
	/** The stable code for the UI. */
	readonly code: BluetoothErrorCode;

	/** Wraps a code (and optionally the browser error behind it). */
	constructor(code: BluetoothErrorCode, options?: { cause?: unknown }) {
		super(`Bluetooth: ${code}`, options);
		this.name = 'BluetoothError';
		this.code = code;
	}
}

// Chromium's messages (bluetooth_error.cc); matched loosely because wording drifts between versions.
const CANCELLED = /user cancel/i;
const NO_ADAPTER = /adapter not available|no bluetooth adapter/i;
const ADAPTER_OFF = /(bluetooth|adapter)\b.*\b(is off|turned off|powered off|disabled)/i;

/** Maps anything thrown by a Web Bluetooth call to a stable code. */
export function bluetoothErrorCode(error: unknown): BluetoothErrorCode {
	if (error instanceof BluetoothError) return error.code;
	if (!isNamedError(error)) return 'unknown';
	const message = error.message;
	switch (error.name) {
		case 'NotFoundError':
			// requestDevice reports cancel, no adapter and "nothing matched" all as NotFoundError.
			if (CANCELLED.test(message)) return 'cancelled';
			if (NO_ADAPTER.test(message)) return 'no-adapter';
			if (ADAPTER_OFF.test(message)) return 'bluetooth-off';
			return 'unknown';
		case 'SecurityError':
		case 'NotAllowedError':
			// Policy, missing gesture, OS permission, or a service not listed in optionalServices.
			return ADAPTER_OFF.test(message) ? 'bluetooth-off' : 'permission-denied';
		case 'NetworkError':
			// "Connection failed for unknown reason", "Unknown error when connecting to the device",
			// "Bluetooth Device is no longer in range": the strap is busy elsewhere or gone.
			if (NO_ADAPTER.test(message)) return 'no-adapter';
			if (ADAPTER_OFF.test(message)) return 'bluetooth-off';
			return 'busy';
		case 'InvalidStateError':
			return ADAPTER_OFF.test(message) ? 'bluetooth-off' : 'unknown';
		default:
			return 'unknown';
	}
}

/** True when an error needs no message at all (the user cancelled on purpose). */
export function isCancellation(error: unknown): boolean {
	return bluetoothErrorCode(error) === 'cancelled';
}

function isNamedError(error: unknown): error is { name: string; message: string } {
	return (
		typeof error === 'object' &&
		error !== null &&
		typeof (error as { name?: unknown }).name === 'string' &&
		typeof (error as { message?: unknown }).message === 'string'
	);
}
