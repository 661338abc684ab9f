import type { At, Fraction, Ms } from './types';

/** One week of a training plan. */
export interface PlanWeek {
	/** 1-based week number. */
	week: number;
	sessionsPerWeek: number;
	protocolId: string;
}

/** A progression a therapist assigns to a participant (e.g. 12 weeks of 4x4). */
export interface TrainingPlan {
	id: string;
	name: string;
	weeks: PlanWeek[];
}

/** How the default plan is shaped [product choice]. */
export interface PlanTemplateOptions {
	weeks: number;
	sessionsPerWeek: number;
	/** Protocols of the first weeks, one per week (CERG kick-start then beginner steps). */
	progression: readonly string[];
	/** Protocol for every week after the progression. */
	targetProtocolId: string;
}

/** Default plan: 12 weeks, 3 sessions a week (Helgerud 2007), 1x4 → 2x4 → 3x4 → 4x4. */
export const PLAN_DEFAULTS: PlanTemplateOptions = {
	weeks: 12,
	sessionsPerWeek: 3,
	progression: ['1x4', '2x4', '3x4'],
	targetProtocolId: '4x4'
};

/** Builds a plan from the template. */
export function planFromTemplate(
	id: string,
	name: string,
	options: Partial<PlanTemplateOptions> = {}
): TrainingPlan {
	const o = { ...PLAN_DEFAULTS, ...options };
	const weeks = Array.from({ length: o.weeks }, (_, i) => ({
		week: i + 1,
		sessionsPerWeek: o.sessionsPerWeek,
		protocolId: o.progression[i] ?? o.targetProtocolId
	}));
	return { id, name, weeks };
}

/** Machine-readable plan problems; the UI translates the codes. */
export type PlanErrorCode =
	'no-weeks' | 'sessions-not-positive' | 'protocol-missing' | 'weeks-out-of-order';

/** Lists what is wrong with a plan; `protocolExists` checks ids against known protocols. */
export function validatePlan(
	plan: TrainingPlan,
	protocolExists: (id: string) => boolean = () => true
): { code: PlanErrorCode; week?: number }[] {
	if (plan.weeks.length === 0) return [{ code: 'no-weeks' }];
	const errors: { code: PlanErrorCode; week?: number }[] = [];
	plan.weeks.forEach((w, i) => {
		if (w.week !== i + 1) errors.push({ code: 'weeks-out-of-order', week: w.week });
		if (!Number.isInteger(w.sessionsPerWeek) || w.sessionsPerWeek < 1) {
			errors.push({ code: 'sessions-not-positive', week: w.week });
		}
		if (!protocolExists(w.protocolId)) errors.push({ code: 'protocol-missing', week: w.week });
	});
	return errors;
}

const WEEK_MS: Ms = 7 * 24 * 60 * 60 * 1000;

/**
 * The 1-based plan week an instant falls in, or null outside the plan. Weeks are counted in whole
 * 7-day steps from `planStart` (pass local midnight of the first day: the engine knows no time zones).
 */
export function planWeekOf(plan: TrainingPlan, planStart: At, at: At): number | null {
	if (at < planStart) return null;
	const week = Math.floor((at - planStart) / WEEK_MS) + 1;
	return week <= plan.weeks.length ? week : null;
}

/** A session as attendance sees it. */
export interface AttendedSession {
	at: At;
	protocolId: string;
}

/** Attendance of one plan week. */
export interface WeekAttendance {
	week: number;
	planned: number;
	/** Sessions done that week, whatever the protocol. */
	done: number;
	/** Of those, sessions with the planned protocol. */
	doneAsPlanned: number;
	/** done / planned, capped at 1 so extra sessions do not hide a missed week elsewhere. */
	attendance: Fraction;
	protocolId: string;
}

/** Attendance per plan week from the dates of the sessions done. */
export function attendanceByWeek(
	plan: TrainingPlan,
	planStart: At,
	sessions: readonly AttendedSession[]
): WeekAttendance[] {
	const rows = plan.weeks.map((w) => ({
		week: w.week,
		planned: w.sessionsPerWeek,
		done: 0,
		doneAsPlanned: 0,
		attendance: 0,
		protocolId: w.protocolId
	}));
	for (const session of sessions) {
		const week = planWeekOf(plan, planStart, session.at);
		const row = week === null ? undefined : rows[week - 1];
		if (!row) continue;
		row.done++;
		if (session.protocolId === row.protocolId) row.doneAsPlanned++;
	}
	for (const row of rows)
		row.attendance = row.planned > 0 ? Math.min(1, row.done / row.planned) : 0;
	return rows;
}

/** Share of planned sessions done over the weeks that have begun by `now`. */
export function overallAttendance(
	plan: TrainingPlan,
	planStart: At,
	sessions: readonly AttendedSession[],
	now: At
): Fraction | null {
	const current = planWeekOf(plan, planStart, now) ?? (now >= planStart ? plan.weeks.length : 0);
	const weeks = attendanceByWeek(plan, planStart, sessions).slice(0, current);
	const planned = weeks.reduce((s, w) => s + w.planned, 0);
	const done = weeks.reduce((s, w) => s + Math.min(w.done, w.planned), 0);
	return planned > 0 ? done / planned : null;
}
