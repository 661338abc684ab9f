import { describe, expect, it } from 'vitest';
import { cleanRr, compareHrv, hrvBaseline, hrvCheck, hrvHistory, rmssd } from './hrv';

/** A calm resting series: 1000 ms beats alternating ±20 ms (every successive difference is 40). */
function calm(n: number): number[] {
	return Array.from({ length: n }, (_, i) => (i % 2 ? 1020 : 980));
}

describe('rmssd', () => {
	it('is the root mean square of successive differences', () => {
		// Differences 10, -20, 30 → sqrt((100 + 400 + 900) / 3).
		expect(rmssd([800, 810, 790, 820])).toBeCloseTo(Math.sqrt(1400 / 3), 9);
	});

	it('skips differences that touch a removed interval', () => {
		// Only 800→810 is between two kept neighbours.
		expect(rmssd([800, 810, 400, 820], [true, true, false, true])).toBe(10);
	});

	it('has no value without a pair', () => {
		expect(rmssd([900])).toBeNull();
	});
});

describe('hrvCheck', () => {
	it('gives RMSSD and resting heart rate on a clean series with no artefacts', () => {
		const sut = hrvCheck(calm(120));
		expect(sut).toEqual({ ok: true, rmssdMs: 40, restingHr: 60, beats: 120, artefacts: 0 });
	});

	it('removes one ectopic beat (premature + compensatory pause) and keeps the result', () => {
		const rr = calm(120);
		rr[60] = 600; // premature beat
		rr[61] = 1400; // compensatory pause
		const sut = hrvCheck(rr);
		expect(sut.artefacts).toBe(2);
		expect(sut.ok).toBe(true);
		// Without the removal the two huge jumps would dominate (≈ 80 ms instead of 40).
		if (sut.ok) expect(sut.rmssdMs).toBe(40);
		expect(rmssd(rr)).toBeGreaterThan(80);
	});

	it('refuses a result when 25 % of the intervals are garbage', () => {
		const rr = calm(120).map((x, i) => (i % 4 === 1 ? x + 600 : x));
		const sut = hrvCheck(rr);
		expect(sut).toEqual({ ok: false, reason: 'too-many-artefacts', beats: 120, artefacts: 30 });
	});

	it('says so when the strap sent no RR at all', () => {
		expect(hrvCheck([])).toEqual({ ok: false, reason: 'no-rr', beats: 0, artefacts: 0 });
	});

	it('refuses a recording too short to judge', () => {
		expect(hrvCheck(calm(10))).toMatchObject({ ok: false, reason: 'too-few' });
	});

	it('uses the 0.25 s threshold against the local median', () => {
		expect(cleanRr([1000, 1000, 1249, 1000, 1000])).toEqual([true, true, true, true, true]);
		expect(cleanRr([1000, 1000, 1251, 1000, 1000])).toEqual([true, true, false, true, true]);
	});
});

describe('baseline', () => {
	it('needs three earlier checks', () => {
		expect(hrvBaseline([40, 42])).toBeNull();
		expect(compareHrv(40, null)).toBe('no-baseline');
	});

	it('is the mean ± one SD of the last seven checks', () => {
		// The first value falls out of the window of seven.
		const sut = hrvBaseline([500, 38, 40, 42, 38, 40, 42, 40]);
		expect(sut?.count).toBe(7);
		expect(sut?.meanMs).toBeCloseTo(40, 9);
		expect(sut?.highMs).toBeCloseTo(40 + Math.sqrt(16 / 6), 9);
		expect(compareHrv(50, sut!)).toBe('higher');
		expect(compareHrv(30, sut!)).toBe('lower');
		expect(compareHrv(41, sut!)).toBe('usual');
	});
});

describe('history', () => {
	it('lists the last checks newest first, each against the baseline before it', () => {
		const check = (at: number, rmssdMs?: number) => ({
			at,
			artefacts: rmssdMs === undefined ? 30 : 1,
			beats: 120,
			...(rmssdMs === undefined ? {} : { rmssdMs, restingHr: 60 })
		});
		// Out of order on purpose; the refused check (no RMSSD) counts in no baseline.
		const rows = hrvHistory([check(4, 60), check(1, 40), check(3, 40), check(2, 42), check(5)]);
		expect(rows.map((r) => r.at)).toEqual([5, 4, 3, 2, 1]);
		expect(rows.map((r) => r.comparison)).toEqual([
			null,
			'higher',
			'no-baseline',
			'no-baseline',
			'no-baseline'
		]);
		expect(rows[0]).toMatchObject({ rmssdMs: null, restingHr: null, artefacts: 30 });
		expect(
			hrvHistory([check(1, 40), check(2, 41), check(3, 39), check(4, 40)])[0]?.comparison
		).toBe('usual');
		expect(hrvHistory([check(1, 40), check(2, 41), check(3, 39)], 2)).toHaveLength(2);
	});
});
