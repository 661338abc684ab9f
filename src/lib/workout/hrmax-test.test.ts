import { describe, expect, it } from 'vitest';
import { fieldTestPeak, HRMAX_TEST_PROTOCOL } from './hrmax-test';
import { totalDurationMs } from './protocol';
import { MINUTE } from './types';

/** A rise from 150 to 188 bpm, one reading a second. */
const rising = () => Array.from({ length: 39 }, (_, i) => ({ at: i * 1000, bpm: 150 + i }));

describe('HRmax field test', () => {
	it('follows CERG: 10 min warm-up, 4 + 4 min hard, then 2 + 2 min with the last all-out', () => {
		const work = HRMAX_TEST_PROTOCOL.phases.filter((p) => p.kind === 'work');
		expect(work.map((p) => p.durationMs / MINUTE)).toEqual([4, 4, 2, 2]);
		expect(HRMAX_TEST_PROTOCOL.phases[0]).toMatchObject({
			kind: 'warmup',
			durationMs: 10 * MINUTE
		});
		expect(totalDurationMs(HRMAX_TEST_PROTOCOL)).toBe(33 * MINUTE);
	});

	it('takes the highest clean reading as the peak', () => {
		expect(fieldTestPeak(rising())).toBe(188);
	});

	it('ignores artefacts: a spike, an impossible value, a reading without skin contact', () => {
		const readings = rising();
		readings.splice(20, 0, { at: 20_500, bpm: 235 }); // jump of > 40 bpm in 2 s
		readings.push({ at: 40_000, bpm: 250 }); // above the plausible range
		const sut = fieldTestPeak([
			...readings,
			{ at: 41_000, bpm: 199, contact: 'not-detected' as const }
		]);
		expect(sut).toBe(188);
	});

	it('has no peak without readings', () => {
		expect(fieldTestPeak([])).toBeNull();
	});
});
