import { describe, expect, it } from 'vitest';
import { bluetoothErrorCode } from './errors';
import { bluetoothSupport, getBluetooth, rememberedDevices, requestStrap } from './pairing';

/** Just enough of `navigator.bluetooth` to see what pairing asks the browser for. */
function bluetoothWith(parts: Partial<Bluetooth>): Bluetooth {
	return parts as Bluetooth;
}

const device = { id: 'abc', name: 'Polar H10' } as BluetoothDevice;

describe('requestStrap', () => {
	it('asks the chooser for heart-rate straps, with battery as an optional service', async () => {
		let asked: RequestDeviceOptions | undefined;
		const bluetooth = bluetoothWith({
			requestDevice: async (options?: RequestDeviceOptions) => {
				asked = options;
				return device;
			}
		});
		await expect(requestStrap(bluetooth)).resolves.toBe(device);
		expect(asked).toEqual({
			filters: [{ services: ['heart_rate'] }],
			optionalServices: ['battery_service']
		});
	});
});

describe('rememberedDevices', () => {
	it('returns the granted straps when getDevices exists', async () => {
		const bluetooth = bluetoothWith({ getDevices: async () => [device] });
		await expect(rememberedDevices(bluetooth)).resolves.toEqual([device]);
	});

	it('returns nothing in builds without getDevices', async () => {
		await expect(rememberedDevices(bluetoothWith({}))).resolves.toEqual([]);
	});
});

describe('bluetoothSupport', () => {
	it('is unsupported without navigator.bluetooth (Safari, Firefox, iOS)', async () => {
		await expect(bluetoothSupport({})).resolves.toBe('unsupported');
		await expect(bluetoothSupport(undefined)).resolves.toBe('unsupported');
	});

	it('is no-adapter when the browser reports no availability', async () => {
		const bluetooth = bluetoothWith({ getAvailability: async () => false });
		await expect(bluetoothSupport({ bluetooth })).resolves.toBe('no-adapter');
	});

	it('is available when an adapter is there, or when the browser cannot say', async () => {
		const bluetooth = bluetoothWith({ getAvailability: async () => true });
		await expect(bluetoothSupport({ bluetooth })).resolves.toBe('available');
		await expect(bluetoothSupport({ bluetooth: bluetoothWith({}) })).resolves.toBe('available');
	});
});

describe('getBluetooth', () => {
	it('throws an error with code unsupported when there is no Web Bluetooth', () => {
		expect(() => getBluetooth({})).toThrow();
		try {
			getBluetooth({});
		} catch (error) {
			expect(bluetoothErrorCode(error)).toBe('unsupported');
		}
	});
});
