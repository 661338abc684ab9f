import type { Participant, SessionRecord } from '$lib/db/types';
import {
	attendanceByWeek,
	overallAttendance,
	suggestedHrMax,
	type Fraction,
	type WeekAttendance
} from '$lib/workout';
import { parseLocalDate } from './format';
import { planTemplate } from './plans';
import type { ParticipantReport } from './session-report';

/** One session in a participant's trend. */
export interface TrendRow {
	sessionId: string;
	at: number;
	protocolId: string;
	protocolName: string;
	demo: boolean;
	workInBandFraction: Fraction | null;
	peakBpm: number | null;
	peakPercentHrMax: number | null;
	hrrDropBpm: number | null;
	hrrAbnormal: boolean;
	meanRpe: number | null;
	/** Mood on the app's 1–10 scale just before and after; null when not recorded. */
	moodBefore: number | null;
	moodAfter: number | null;
}

/** The trend numbers of one session for one participant. */
export function trendRow(session: SessionRecord, report: ParticipantReport): TrendRow {
	const s = report.summary;
	const rpe = s.intervals.map((i) => i.rpe).filter((r): r is number => r !== null);
	return {
		sessionId: session.id,
		at: session.startedAt,
		protocolId: session.protocol.id,
		protocolName: session.protocol.name,
		demo: session.demo === 1,
		workInBandFraction: s.workInBandFraction,
		peakBpm: s.peakBpm,
		peakPercentHrMax: s.peakPercentHrMax,
		hrrDropBpm: s.recovery?.dropBpm ?? null,
		hrrAbnormal: s.recovery?.abnormal ?? false,
		meanRpe: rpe.length > 0 ? rpe.reduce((a, b) => a + b, 0) / rpe.length : null,
		moodBefore: report.mood?.before ?? null,
		moodAfter: report.mood?.after ?? null
	};
}

/** The highest clean peak of all sessions, and the HRmax to offer when it beats the current one. */
export function hrMaxSuggestion(
	rows: readonly TrendRow[],
	hrMax: number
): { peak: number; suggested: number } | null {
	const peaks = rows.map((r) => r.peakBpm).filter((p): p is number => p !== null);
	if (peaks.length === 0) return null;
	const peak = Math.max(...peaks);
	const suggested = suggestedHrMax(peak, hrMax);
	return suggested === null ? null : { peak, suggested };
}

/**
 * Attendance per plan week, and overall so far, for a participant with a plan. Demo sessions count
 * for a demo patient only (`countDemo`).
 */
export function planAttendance(
	plan: NonNullable<Participant['plan']>,
	rows: readonly TrendRow[],
	now: number,
	countDemo = false
): { weeks: WeekAttendance[]; overall: Fraction | null } | null {
	const template = planTemplate(plan.templateId);
	const start = parseLocalDate(plan.startDate);
	if (!template || start === null) return null;
	// Demo sessions are not training: they never count as attendance (but for a demo patient).
	const done = rows
		.filter((r) => countDemo || !r.demo)
		.map((r) => ({ at: r.at, protocolId: r.protocolId }));
	return {
		weeks: attendanceByWeek(template, start, done),
		overall: overallAttendance(template, start, done, now)
	};
}
