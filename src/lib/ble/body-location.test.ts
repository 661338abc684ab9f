import { describe, expect, it } from 'vitest';
import { parseBodySensorLocation } from './body-location';
import { hexView } from './testing/hex';

describe('parseBodySensorLocation', () => {
	it('maps the seven codes of the Heart Rate Service', () => {
		const names = ['00', '01', '02', '03', '04', '05', '06'].map((hex) =>
			parseBodySensorLocation(hexView(hex))
		);
		expect(names).toEqual(['other', 'chest', 'wrist', 'finger', 'hand', 'ear-lobe', 'foot']);
	});

	it('returns null for reserved codes and empty values', () => {
		expect(parseBodySensorLocation(hexView('07'))).toBeNull();
		expect(parseBodySensorLocation(hexView('ff'))).toBeNull();
		expect(parseBodySensorLocation(hexView(''))).toBeNull();
	});
});
