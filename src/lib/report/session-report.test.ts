import { describe, expect, it } from 'vitest';
import { bandGrade, buildSessionReport } from './session-report';
import { handSession, T0 } from './test-session';

describe('buildSessionReport on a hand-computed session', () => {
	const { session, readings, events } = handSession();
	const sut = buildSessionReport(session, readings, events);
	const [ask, bjork] = sut.participants;

	it('gives per-interval mean, peak, % HRmax, time in band (whole and judged) and RPE', () => {
		expect(ask!.summary.intervals).toHaveLength(1);
		const work = ask!.summary.intervals[0]!;
		expect(work.meanBpm).toBe(170);
		expect(work.peakBpm).toBe(180);
		expect(work.peakPercentHrMax).toBe(90);
		expect(work.durationMs).toBe(120_000);
		expect(work.inBandMs).toBe(60_000);
		expect(work.inBandFraction).toBe(0.5);
		// The judged window is the last 2 minutes, here the whole interval.
		expect(work.judgedInBandMs).toBe(60_000);
		expect(work.judgedInBandFraction).toBe(0.5);
		expect(work.rpe).toBe(16);
	});

	it('gives zones, TRIMP, work time in band, HRR and coverage', () => {
		const s = ask!.summary;
		expect(s.zoneMs).toEqual([0, 0, 60_000, 120_000, 60_000, 60_000]);
		expect(s.trimp).toBe(1 * 2 + 2 * 3 + 1 * 4 + 1 * 5);
		expect(s.workInBandMs).toBe(60_000);
		expect(s.workInBandFraction).toBe(0.5);
		expect(s.recovery).toMatchObject({ peakBpm: 180, bpmAfter: 150, dropBpm: 30, abnormal: false });
		expect(s.coverage).toBe(1);
	});

	it('flags a recovery of 12 bpm or less as abnormal (Cole 1999)', () => {
		expect(bjork!.summary.recovery).toMatchObject({ dropBpm: 10, abnormal: true });
	});

	it('counts a 20 s gap against coverage and keeps notes, gaps and stopped-early', () => {
		// Readings 250–269 s are missing; the one at 249 s counts for 2 s, so 251–270 s (19 s) is lost.
		expect(bjork!.summary.coverage).toBeCloseTo((300 - 19) / 300, 6);
		expect(bjork!.gaps.map(({ at, until }) => ({ at, until }))).toEqual([
			{ at: T0 + 250_000, until: T0 + 270_000 }
		]);
		expect(bjork!.notes.map((n) => n.text)).toEqual(['Knee <b>sore</b>']);
		expect(bjork!.stoppedEarlyAt).toBe(T0 + 295_000);
		expect(ask!.stoppedEarlyAt).toBeNull();
	});

	it('keeps two gaps and two notes of one instant apart, each under its own id', () => {
		const twice = [...events];
		for (const e of events.filter((e) => e.kind === 'gap' || e.kind === 'note'))
			twice.push({ ...e, id: `${e.id}-again` });
		const person = buildSessionReport(session, readings, twice).participants[1]!;
		expect(person.gaps.map((g) => g.id)).toEqual(['e2', 'e2-again']);
		expect(person.notes.map((n) => n.id)).toEqual(['e3', 'e3-again']);
	});

	it('uses the flags stored during the session', () => {
		expect(ask!.flags).toEqual([{ flag: 'under', from: T0 + 130_000, to: T0 + 150_000 }]);
	});

	it('closes an interrupted session at its last reading', () => {
		const running = { ...session, status: 'running' as const, endedAt: undefined };
		expect(buildSessionReport(running, readings, events).endAt).toBe(T0 + 299_000);
	});

	it('grades time in band for the class overview', () => {
		expect([0.8, 0.6, 0.2, null].map(bandGrade)).toEqual(['good', 'fair', 'poor', 'none']);
	});
});
