import { describe, expect, it } from 'vitest';
import type { HeartRateReading } from '$lib/workout';
import { chartFlags, heartRateSeries, phaseBands } from './chart-data';
import { buildSessionReport } from './session-report';
import { handReadings, handSession, T0 } from './test-session';

const reading = (s: number, bpm: number): HeartRateReading => ({
	at: T0 + s * 1000,
	bpm,
	contact: 'detected',
	rrMs: []
});

describe('heartRateSeries', () => {
	it('keeps every reading of a short series, in minutes from the start', () => {
		const sut = heartRateSeries([reading(0, 100), reading(3, 110)], T0);
		expect(sut).toEqual([
			{ x: 0, y: 100 },
			{ x: 0.05, y: 110 }
		]);
	});

	it('breaks the line at a gap instead of interpolating', () => {
		const sut = heartRateSeries(handReadings(150, [250, 270]), T0);
		const gap = sut.findIndex((p) => p.y === null);
		expect(sut[gap - 1]!.x).toBeCloseTo(249 / 60);
		expect(sut[gap + 1]!.x).toBeCloseTo(270 / 60);
		expect(sut.filter((p) => p.y === null)).toHaveLength(1);
	});

	it('leaves artefacts out', () => {
		const sut = heartRateSeries([reading(0, 100), reading(1, 0), reading(2, 250)], T0);
		expect(sut).toEqual([{ x: 0, y: 100 }]);
	});

	it('reduces a 60-minute series to min and max per bucket, keeping the peak', () => {
		const hour: HeartRateReading[] = [];
		for (let s = 0; s < 3600 * 4; s++) hour.push({ ...reading(s / 4, 120 + (s % 40)), rrMs: [] });
		hour[7000] = { ...hour[7000]!, bpm: 199 };
		// Its speed is measured by `npm run bench` (review), not asserted here: this machine is shared.
		const sut = heartRateSeries(hour, T0, { maxPoints: 1200 });
		expect(sut.length).toBeLessThanOrEqual(1200 + 2);
		expect(sut.length).toBeGreaterThan(1000);
		expect(Math.max(...sut.map((p) => p.y ?? 0))).toBe(199);
		expect(Math.min(...sut.map((p) => p.y ?? 999))).toBe(120);
	});
});

describe('phase bands and flags', () => {
	const { session, readings, events } = handSession();
	const report = buildSessionReport(session, readings, events);

	it('shades each phase with its band in bpm', () => {
		const sut = phaseBands(report.replay, { hrMax: 200 }, report.endAt);
		expect(sut).toEqual([
			{ from: 0, to: 1, low: 120, high: 140, kind: 'warmup' },
			{ from: 1, to: 3, low: 170, high: 190, kind: 'work' },
			{ from: 3, to: 5, low: 100, high: 140, kind: 'cooldown' }
		]);
	});

	it('places flags in minutes; an open flag runs to the end', () => {
		const sut = chartFlags(
			[
				{ flag: 'under', from: T0 + 60_000, to: T0 + 90_000 },
				{ flag: 'no-signal', from: T0 + 240_000, to: null }
			],
			T0,
			T0 + 300_000
		);
		expect(sut).toEqual([
			{ flag: 'under', from: 1, to: 1.5 },
			{ flag: 'no-signal', from: 4, to: 5 }
		]);
	});
});
