import { describe, expect, it } from 'vitest';
import { bandPosition, validZoneBounds, zoneOf } from './zones';

describe('display zones (HRmax 200, default 50/60/70/80/90/100 %)', () => {
	it('below 50 % is no zone', () => {
		expect(zoneOf(99, 200)).toBeNull();
	});

	it('each zone includes its lower edge and excludes its upper edge', () => {
		expect([100, 119, 120, 139, 140, 159, 160, 179, 180, 199].map((b) => zoneOf(b, 200))).toEqual([
			1, 1, 2, 2, 3, 3, 4, 4, 5, 5
		]);
	});

	it('at and above HRmax is still zone 5 (above-max is a flag, not a zone)', () => {
		expect(zoneOf(200, 200)).toBe(5);
		expect(zoneOf(215, 200)).toBe(5);
	});

	it('follows configured bounds', () => {
		const orangetheory = [50, 61, 71, 84, 92, 100];
		expect(zoneOf(167, 200, orangetheory)).toBe(3); // 83.5 %
		expect(zoneOf(168, 200, orangetheory)).toBe(4);
		expect(validZoneBounds(orangetheory)).toBe(true);
		expect(validZoneBounds([50, 60, 60, 80, 90, 100])).toBe(false);
	});
});

describe('position against the target band (work 85–95 %, HRmax 180 → 153–171 bpm)', () => {
	const work = { low: 85, high: 95 };
	it('both edges count as in the band', () => {
		expect([152, 153, 171, 172].map((b) => bandPosition(b, work, 180))).toEqual([
			'below',
			'in',
			'in',
			'above'
		]);
	});

	it('with a resting HR the band is read as heart-rate reserve (60 rest → 162–174 bpm)', () => {
		expect([161, 162, 174, 175].map((b) => bandPosition(b, work, 180, 60))).toEqual([
			'below',
			'in',
			'in',
			'above'
		]);
	});
});
