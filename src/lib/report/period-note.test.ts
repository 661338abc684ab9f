import { describe, expect, it } from 'vitest';
import type { Goal } from '$lib/db/types';
import { parseLocalDate } from './format';
import { buildPeriod, type PeriodSession } from './period';
import { periodNote } from './period-note';

const DAY = 24 * 60 * 60 * 1000;
const START = parseLocalDate('2026-01-05')!;
const at = (day: number) => START + day * DAY + 17 * 60 * 60 * 1000;

function session(id: string, day: number, over: Partial<PeriodSession>): PeriodSession {
	return {
		sessionId: id,
		at: at(day),
		protocolId: '1x4',
		demo: false,
		intervalsInBand: [],
		intervalsRpe: [],
		workInBandFraction: null,
		peakPercentHrMax: null,
		hrrDropBpm: null,
		meanRpe: null,
		...over
	};
}

/**
 * A hand-built period: 2 sessions a week from Monday 5 January 2026, now in week 3. Week 1 has both
 * sessions (1x4 as planned), week 2 one session done as 4x4 where 2x4 was planned (and a demo
 * session, which never counts), week 3 none yet. The second session has no HRR and no RPE.
 */
const SESSIONS: PeriodSession[] = [
	session('a', 0, {
		intervalsInBand: [0.5],
		intervalsRpe: [14],
		workInBandFraction: 0.5,
		peakPercentHrMax: 85.4,
		hrrDropBpm: 18,
		meanRpe: 14
	}),
	session('b', 2, { intervalsInBand: [0.6], workInBandFraction: 0.6, peakPercentHrMax: 87 }),
	session('demo', 8, { protocolId: '4x4', demo: true, workInBandFraction: 1, hrrDropBpm: 40 }),
	session('c', 9, {
		protocolId: '4x4',
		intervalsInBand: [0.7, 0.8, 0.75, 0.9],
		intervalsRpe: [15, 15, 16, 16],
		workInBandFraction: 0.79,
		peakPercentHrMax: 91.2,
		hrrDropBpm: 24,
		meanRpe: 15.5
	})
];
const NOW = at(16);
const PLAN = { templateId: 'cerg-12x2', startDate: '2026-01-05' };

const GOALS: Goal[] = [
	{
		id: 'g1',
		participantId: 'p1',
		text: 'Train twice a week',
		target: { kind: 'sessions-per-week', value: 2 },
		status: 'partly-met',
		history: [{ at: START, text: 'Train', status: 'active' }],
		createdAt: START,
		updatedAt: Date.UTC(2026, 0, 14, 12)
	},
	{
		id: 'g2',
		participantId: 'p1',
		text: 'Walk to the session',
		status: 'active',
		history: [],
		createdAt: START,
		updatedAt: START
	}
];

const period = buildPeriod(PLAN, SESSIONS, NOW)!;
const note = (locale: 'nb' | 'en', goals: Goal[] = GOALS) =>
	periodNote('Ask', period, goals, { locale, timeZone: 'Europe/Oslo' });

describe('the plan period', () => {
	it('counts planned against done per week, demo sessions left out', () => {
		expect(period.currentWeek).toBe(3);
		expect(period.sessions.map((s) => s.sessionId)).toEqual(['a', 'b', 'c']);
		expect(period.weeks.slice(0, 3).map((w) => [w.planned, w.done, w.plannedProtocolId])).toEqual([
			[2, 2, '1x4'],
			[2, 1, '2x4'],
			[2, 0, '3x4']
		]);
		expect(period.weeks[1]!.doneProtocolIds).toEqual(['4x4']);
		expect([period.doneSoFar, period.plannedSoFar]).toEqual([3, 6]);
		expect(period.attendance).toBe(0.5);
	});

	it('is null without a known plan', () => {
		expect(buildPeriod(undefined, SESSIONS, NOW)).toBeNull();
		expect(buildPeriod({ templateId: 'nope', startDate: '2026-01-05' }, SESSIONS, NOW)).toBeNull();
	});
});

describe('the period note', () => {
	it('reads in bokmål', () => {
		expect(note('nb')).toBe(
			[
				'Planperiode: 4x4-opptrapping, 2 økter i uka, 12 uker fra 5. januar 2026, Ask',
				'Nå i uke 3 av 12.',
				'Oppmøte: 3 av 6 planlagte økter (50 %) i uke 1–3.',
				'Planlagt og gjennomført per uke:',
				'- Uke 1: 2 av 2 økter (planlagt 1x4; gjennomført 1x4).',
				'- Uke 2: 1 av 2 økter (planlagt 2x4; gjennomført 4x4).',
				'- Uke 3: 0 av 2 økter (planlagt 3x4).',
				'Utvikling gjennom perioden (første økt, siste økt, økter med data):',
				'- Tid i målsonen, arbeidsdrag: 50 % → 79 % (3 økter).',
				'- Høyeste puls: 85 % → 91 % av makspuls (3 økter).',
				'- Pulsfall 1 min etter siste drag: 18 → 24 slag/min (2 økter).',
				'- Borg, snitt (6–20): 14 → 15,5 (2 økter).',
				'Mål:',
				'- Train twice a week (mål: 2 økter i uka). Status: delvis nådd. Revidert én gang, 14. januar 2026.',
				'- Walk to the session. Status: aktivt.'
			].join('\n')
		);
	});

	it('reads in English', () => {
		expect(note('en')).toBe(
			[
				'Plan period: 4x4 progression, 2 sessions a week, 12 weeks from 5 January 2026, Ask',
				'Now in week 3 of 12.',
				'Attendance: 3 of 6 planned sessions (50 %) in weeks 1–3.',
				'Planned and done per week:',
				'- Week 1: 2 of 2 sessions (planned 1x4; done 1x4).',
				'- Week 2: 1 of 2 sessions (planned 2x4; done 4x4).',
				'- Week 3: 0 of 2 sessions (planned 3x4).',
				'Trend over the period (first session, latest session, sessions with data):',
				'- Time in target band, work intervals: 50 % → 79 % (3 sessions).',
				'- Peak heart rate: 85 % → 91 % of HRmax (3 sessions).',
				'- Heart-rate recovery 1 min after the last interval: 18 → 24 bpm (2 sessions).',
				'- RPE, mean (Borg 6–20): 14 → 15.5 (2 sessions).',
				'Goals:',
				'- Train twice a week (target: 2 sessions a week). Status: partly met. Revised once, on 14 January 2026.',
				'- Walk to the session. Status: active.'
			].join('\n')
		);
	});

	it('says when nothing is recorded yet', () => {
		const empty = buildPeriod(PLAN, [], START - DAY)!;
		const text = (locale: 'nb' | 'en') =>
			periodNote('Ask', empty, [], { locale, timeZone: 'Europe/Oslo' });
		expect(text('nb')).toBe(
			[
				'Planperiode: 4x4-opptrapping, 2 økter i uka, 12 uker fra 5. januar 2026, Ask',
				'Planen har ikke startet ennå.',
				'Ingen økter i planperioden ennå.',
				'Mål: ingen registrert.'
			].join('\n')
		);
		expect(text('en')).toBe(
			[
				'Plan period: 4x4 progression, 2 sessions a week, 12 weeks from 5 January 2026, Ask',
				'The plan has not started yet.',
				'No sessions in the plan period yet.',
				'Goals: none recorded.'
			].join('\n')
		);
	});

	it('says which numbers were not recorded', () => {
		const bare = buildPeriod(PLAN, [session('x', 1, {})], NOW)!;
		const text = periodNote('Ask', bare, [], { locale: 'en', timeZone: 'Europe/Oslo' });
		expect(text).toContain('- Heart-rate recovery 1 min after the last interval: not recorded.');
		expect(text).toContain('- RPE: not recorded.');
	});
});
