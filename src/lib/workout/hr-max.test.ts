import { describe, expect, it } from 'vitest';
import {
	bandInBpm,
	effectiveCeiling,
	estimateHrMax,
	karvonenTarget,
	resolveHrMax,
	suggestedHrMax
} from './hr-max';

describe('HRmax', () => {
	it('is estimated with Nes by default: 211 − 0.64 × age', () => {
		expect(estimateHrMax(40)).toBe(185); // 185.4
		expect(estimateHrMax(60)).toBe(173); // 172.6
	});

	it('can use Tanaka (208 − 0.7 × age) or Fox (220 − age)', () => {
		expect(estimateHrMax(60, 'tanaka')).toBe(166);
		expect(estimateHrMax(60, 'fox')).toBe(160);
	});

	it('a measured value always wins over an estimate', () => {
		expect(resolveHrMax({ measured: 192, age: 60 })).toEqual({ bpm: 192, source: 'measured' });
		expect(resolveHrMax({ age: 60, formula: 'fox' })).toEqual({ bpm: 160, source: 'fox' });
		expect(resolveHrMax({ measured: null, age: null })).toBeNull();
	});

	it('Karvonen: target = rest + p × (max − rest)', () => {
		expect(karvonenTarget(85, 180, 60)).toBe(162);
		expect(bandInBpm({ low: 85, high: 95 }, 180, 60)).toEqual({ low: 162, high: 174 });
		expect(bandInBpm({ low: 85, high: 95 }, 180)).toEqual({ low: 153, high: 171 });
	});

	it('the alert ceiling is the lower of HRmax and a clinician-set ceiling', () => {
		expect(effectiveCeiling(185, 170)).toBe(170);
		expect(effectiveCeiling(185, 200)).toBe(185);
		expect(effectiveCeiling(185, null)).toBe(185);
	});

	it('suggests raising HRmax when the clean peak exceeds it, by at most 10 bpm a step', () => {
		expect(suggestedHrMax(180, 180)).toBeNull();
		expect(suggestedHrMax(183, 180)).toBe(183);
		expect(suggestedHrMax(197, 180)).toBe(190);
		expect(suggestedHrMax(null, 180)).toBeNull();
	});
});
