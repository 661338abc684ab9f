import { describe, expect, it } from 'vitest';
import { BluetoothError, bluetoothErrorCode, isCancellation } from './errors';

const dom = (name: string, message: string) => new DOMException(message, name);

describe('bluetoothErrorCode', () => {
	it('treats closing the chooser as a cancellation, not an error', () => {
		const error = dom('NotFoundError', 'User cancelled the requestDevice() chooser.');
		expect(bluetoothErrorCode(error)).toBe('cancelled');
		expect(isCancellation(error)).toBe(true);
	});

	it('recognises a machine without an adapter', () => {
		expect(bluetoothErrorCode(dom('NotFoundError', 'Bluetooth adapter not available.'))).toBe(
			'no-adapter'
		);
	});

	it('recognises an adapter that is switched off', () => {
		expect(bluetoothErrorCode(dom('NotFoundError', 'Bluetooth adapter is off.'))).toBe(
			'bluetooth-off'
		);
		expect(bluetoothErrorCode(dom('InvalidStateError', 'Bluetooth is turned off.'))).toBe(
			'bluetooth-off'
		);
	});

	it('maps security and permission refusals to permission-denied', () => {
		expect(
			bluetoothErrorCode(
				dom('SecurityError', 'Origin is not allowed to access any service. Tip: Add the service…')
			)
		).toBe('permission-denied');
		expect(
			bluetoothErrorCode(
				dom('NotAllowedError', 'User or their enterprise policy has disabled Web Bluetooth.')
			)
		).toBe('permission-denied');
	});

	it('maps failed connections to busy (strap in use by another phone, or out of range)', () => {
		for (const message of [
			'Connection failed for unknown reason.',
			'Unknown error when connecting to the device.',
			'Bluetooth Device is no longer in range.'
		]) {
			expect(bluetoothErrorCode(dom('NetworkError', message)), message).toBe('busy');
		}
	});

	it('keeps the code of its own errors', () => {
		expect(bluetoothErrorCode(new BluetoothError('unsupported'))).toBe('unsupported');
	});

	it('falls back to unknown for anything else', () => {
		expect(bluetoothErrorCode(dom('NotFoundError', 'No Services matching UUID found.'))).toBe(
			'unknown'
		);
		expect(bluetoothErrorCode(dom('NotSupportedError', 'GATT operation failed.'))).toBe('unknown');
		expect(bluetoothErrorCode(new TypeError('x is undefined'))).toBe('unknown');
		expect(bluetoothErrorCode('a string')).toBe('unknown');
		expect(bluetoothErrorCode(null)).toBe('unknown');
		expect(isCancellation(new Error('boom'))).toBe(false);
	});
});
