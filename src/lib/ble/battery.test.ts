import { describe, expect, it } from 'vitest';
import { parseBatteryLevel } from './battery';
import { hexView } from './testing/hex';

describe('parseBatteryLevel', () => {
	it('reads a percentage from one byte', () => {
		expect(parseBatteryLevel(hexView('00'))).toBe(0);
		expect(parseBatteryLevel(hexView('0f'))).toBe(15);
		expect(parseBatteryLevel(hexView('64'))).toBe(100);
	});

	it('rejects reserved values above 100', () => {
		expect(parseBatteryLevel(hexView('65'))).toBeNull();
		expect(parseBatteryLevel(hexView('ff'))).toBeNull();
	});

	it('rejects an empty value', () => {
		expect(parseBatteryLevel(hexView(''))).toBeNull();
	});

	it('reads the first byte of a view inside a larger buffer', () => {
		const buffer = new Uint8Array([0xff, 0x2a, 0xff]).buffer;
		expect(parseBatteryLevel(new DataView(buffer, 1, 1))).toBe(42);
	});
});
