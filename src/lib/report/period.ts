/**
 * The plan period (e.g. 12 weeks) of one participant: each session's numbers over the period and
 * planned against done per week. Pure functions; the participant page loads and renders them.
 */
import type { Participant, SessionRecord } from '$lib/db/types';
import { attendanceByWeek, overallAttendance, planWeekOf, type Fraction } from '$lib/workout';
import { parseLocalDate } from './format';
import { planTemplate } from './plans';
import type { ParticipantReport } from './session-report';
import { trendRow } from './trend';

/** One session's numbers as the period view shows them. */
export interface PeriodSession {
	sessionId: string;
	at: number;
	protocolId: string;
	demo: boolean;
	/** Time in the target band per work interval (whole interval), in order. */
	intervalsInBand: (Fraction | null)[];
	/** RPE per work interval, in order. */
	intervalsRpe: (number | null)[];
	workInBandFraction: Fraction | null;
	peakPercentHrMax: number | null;
	hrrDropBpm: number | null;
	meanRpe: number | null;
}

/** A session's period numbers from its report. */
export function periodSession(session: SessionRecord, report: ParticipantReport): PeriodSession {
	// The trend's figures, plus what the period chart shows per interval.
	const {
		sessionId,
		at,
		protocolId,
		demo,
		workInBandFraction,
		peakPercentHrMax,
		hrrDropBpm,
		meanRpe
	} = trendRow(session, report);
	const intervals = report.summary.intervals;
	return {
		sessionId,
		at,
		protocolId,
		demo,
		intervalsInBand: intervals.map((i) => i.inBandFraction),
		intervalsRpe: intervals.map((i) => i.rpe),
		workInBandFraction,
		peakPercentHrMax,
		hrrDropBpm,
		meanRpe
	};
}

/** One plan week: planned against done. */
export interface PeriodWeek {
	week: number;
	planned: number;
	done: number;
	plannedProtocolId: string;
	/** Protocols of the sessions done that week, in order (e.g. ["2x4", "4x4"]). */
	doneProtocolIds: string[];
}

/** A participant's plan period. */
export interface Period {
	templateId: string;
	/** Local midnight of the first day. */
	startAt: number;
	startDate: string;
	weekCount: number;
	/** The week `now` falls in (the last week once the plan is over, 0 before it starts). */
	currentWeek: number;
	weeks: PeriodWeek[];
	/** Sessions inside the plan weeks, oldest first (demo sessions count for a demo patient only). */
	sessions: PeriodSession[];
	/** Planned and done sessions over the weeks begun by `now` (done capped per week). */
	plannedSoFar: number;
	doneSoFar: number;
	attendance: Fraction | null;
}

/**
 * The plan period, or null without a (known) plan. Demo sessions are not training and never
 * count, except for a demo patient (`countDemo`), whose whole history is simulated.
 */
export function buildPeriod(
	plan: NonNullable<Participant['plan']> | undefined,
	sessions: readonly PeriodSession[],
	now: number,
	countDemo = false
): Period | null {
	if (!plan) return null;
	const template = planTemplate(plan.templateId);
	const startAt = parseLocalDate(plan.startDate);
	if (!template || startAt === null) return null;
	const inPlan = sessions
		.filter((s) => (countDemo || !s.demo) && planWeekOf(template, startAt, s.at) !== null)
		.sort((a, b) => a.at - b.at);
	const attended = inPlan.map((s) => ({ at: s.at, protocolId: s.protocolId }));
	const weeks = attendanceByWeek(template, startAt, attended).map((w) => ({
		week: w.week,
		planned: w.planned,
		done: w.done,
		plannedProtocolId: w.protocolId,
		doneProtocolIds: inPlan
			.filter((s) => planWeekOf(template, startAt, s.at) === w.week)
			.map((s) => s.protocolId)
	}));
	const currentWeek =
		planWeekOf(template, startAt, now) ?? (now >= startAt ? template.weeks.length : 0);
	const begun = weeks.slice(0, currentWeek);
	return {
		templateId: plan.templateId,
		startAt,
		startDate: plan.startDate,
		weekCount: template.weeks.length,
		currentWeek,
		weeks,
		sessions: inPlan,
		plannedSoFar: begun.reduce((s, w) => s + w.planned, 0),
		doneSoFar: begun.reduce((s, w) => s + Math.min(w.done, w.planned), 0),
		attendance: overallAttendance(template, startAt, attended, now)
	};
}

/** First and latest values of a series (nulls skipped), or null with fewer than one value. */
export function firstAndLatest(
	values: readonly (number | null)[]
): { first: number; latest: number; count: number } | null {
	const known = values.filter((v): v is number => v !== null);
	if (known.length === 0) return null;
	return { first: known[0]!, latest: known.at(-1)!, count: known.length };
}

/** Distinct protocols in order of first appearance ("2x4, 4x4"). */
export function distinctProtocols(ids: readonly string[]): string[] {
	return [...new Set(ids)];
}
