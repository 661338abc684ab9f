import { describe, expect, it } from 'vitest';
import { localDate, parseLocalDate } from './format';
import { buildSessionReport } from './session-report';
import { handSession, T0 } from './test-session';
import { hrMaxSuggestion, planAttendance, trendRow, type TrendRow } from './trend';

const row = (at: number, peakBpm: number | null, demo = false): TrendRow => ({
	sessionId: String(at),
	at,
	protocolId: '1x4',
	protocolName: '1x4',
	demo,
	workInBandFraction: 0.5,
	peakBpm,
	peakPercentHrMax: null,
	hrrDropBpm: null,
	hrrAbnormal: false,
	meanRpe: null,
	moodBefore: null,
	moodAfter: null
});

describe('participant trend', () => {
	it('takes a session’s time in band, peak, HRR and mean RPE', () => {
		const { session, readings, events } = handSession();
		const report = buildSessionReport(session, readings, events);
		expect(trendRow(session, report.participants[1]!)).toMatchObject({
			workInBandFraction: 0.5,
			peakPercentHrMax: 90,
			hrrDropBpm: 10,
			hrrAbnormal: true,
			meanRpe: null
		});
		expect(trendRow(session, report.participants[0]!).meanRpe).toBe(16);
	});

	it('takes mood before and after, null when not recorded', () => {
		const { session, readings, events } = handSession();
		events.push(
			{ id: 'm1', sessionId: 's1', participantId: 'p1', at: T0, kind: 'mood-before', value: 3 },
			{ id: 'm2', sessionId: 's1', participantId: 'p1', at: T0 + 1, kind: 'mood-after', value: 6 }
		);
		const report = buildSessionReport(session, readings, events);
		expect(trendRow(session, report.participants[0]!)).toMatchObject({
			moodBefore: 3,
			moodAfter: 6
		});
		expect(trendRow(session, report.participants[1]!)).toMatchObject({
			moodBefore: null,
			moodAfter: null
		});
	});

	it('offers a higher HRmax when a peak beat it, by at most 10 bpm', () => {
		expect(hrMaxSuggestion([row(1, 180), row(2, 192)], 185)).toEqual({ peak: 192, suggested: 192 });
		expect(hrMaxSuggestion([row(1, 210)], 185)).toEqual({ peak: 210, suggested: 195 });
		expect(hrMaxSuggestion([row(1, 180)], 185)).toBeNull();
		expect(hrMaxSuggestion([row(1, null)], 185)).toBeNull();
	});

	it('counts attendance per plan week from the start date, leaving demo sessions out', () => {
		const start = parseLocalDate('2026-01-05')!;
		const day = 24 * 3_600_000;
		const rows = [
			row(start + day, 150),
			row(start + 2 * day, 150),
			row(start + 8 * day, 150, true)
		];
		const sut = planAttendance(
			{ templateId: 'cerg-12x2', startDate: '2026-01-05' },
			rows,
			start + 9 * day
		)!;
		expect(sut.weeks).toHaveLength(12);
		expect(sut.weeks[0]).toMatchObject({ week: 1, planned: 2, done: 2, protocolId: '1x4' });
		expect(sut.weeks[1]).toMatchObject({ week: 2, done: 0, protocolId: '2x4' });
		expect(sut.overall).toBe(0.5);
		expect(planAttendance({ templateId: 'nope', startDate: '2026-01-05' }, rows, T0)).toBeNull();
	});

	it('reads and writes local dates strictly', () => {
		expect(parseLocalDate('2026-02-30')).toBeNull();
		expect(parseLocalDate('<script>')).toBeNull();
		expect(localDate(parseLocalDate('2026-03-09')!)).toBe('2026-03-09');
	});
});
