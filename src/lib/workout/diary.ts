import type { Phase } from './protocol';
import { MINUTE } from './types';

/** Intensity of a logged activity. */
export type Intensity = 'light' | 'moderate' | 'vigorous';

/** One activity in the diary, as far as the weekly totals are concerned. */
export interface DiaryActivity {
	/** Local date, YYYY-MM-DD. */
	date: string;
	minutes: number;
	intensity: Intensity;
	/** Muscle-strengthening (counts towards "strength twice a week"). */
	strength?: boolean;
}

/**
 * National advice for adults (Helsedirektoratet, as WHO 2020): 150–300 min moderate or 75–150 min
 * vigorous a week, or a mix (1 vigorous minute ≈ 2 moderate), plus strength on 2+ days.
 */
export const ACTIVITY_ADVICE = {
	moderateMin: 150,
	moderateMax: 300,
	vigorousMin: 75,
	vigorousMax: 150,
	strengthDays: 2
} as const;

/** One week's totals against the advice. */
export interface WeekTotals {
	/** Monday of the week, YYYY-MM-DD. */
	week: string;
	moderateMin: number;
	vigorousMin: number;
	/** Moderate minutes plus vigorous minutes counted double. */
	equivalentMin: number;
	strengthDays: number;
	/** At least 150 moderate-equivalent minutes. */
	meetsAerobic: boolean;
	meetsStrength: boolean;
}

/** The Monday of a date's ISO week, as YYYY-MM-DD (calendar arithmetic in UTC, no time zone). */
export function weekOf(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	const day = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
	const sinceMonday = (day.getUTCDay() + 6) % 7;
	day.setUTCDate(day.getUTCDate() - sinceMonday);
	return day.toISOString().slice(0, 10);
}

/** Weekly totals, oldest week first; light activity is logged but not counted. */
export function weeklyTotals(activities: readonly DiaryActivity[]): WeekTotals[] {
	const weeks = new Map<string, { moderate: number; vigorous: number; strength: Set<string> }>();
	for (const a of activities) {
		const key = weekOf(a.date);
		const w = weeks.get(key) ?? { moderate: 0, vigorous: 0, strength: new Set<string>() };
		if (a.intensity === 'moderate') w.moderate += a.minutes;
		if (a.intensity === 'vigorous') w.vigorous += a.minutes;
		if (a.strength) w.strength.add(a.date);
		weeks.set(key, w);
	}
	return [...weeks.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([week, w]) => {
			const equivalentMin = w.moderate + 2 * w.vigorous;
			return {
				week,
				moderateMin: w.moderate,
				vigorousMin: w.vigorous,
				equivalentMin,
				strengthDays: w.strength.size,
				meetsAerobic: equivalentMin >= ACTIVITY_ADVICE.moderateMin,
				meetsStrength: w.strength.size >= ACTIVITY_ADVICE.strengthDays
			};
		});
}

/**
 * A recorded interval session as diary activities: its work phases as vigorous minutes, the
 * rest as moderate [product choice: planned phase lengths, cut off where the session ended].
 */
export function sessionActivities(
	phases: readonly Phase[],
	date: string,
	activeMs: number
): DiaryActivity[] {
	let left = activeMs;
	let vigorous = 0;
	let moderate = 0;
	for (const phase of phases) {
		const ms = Math.min(phase.durationMs, Math.max(0, left));
		left -= ms;
		if (phase.kind === 'work') vigorous += ms;
		else moderate += ms;
	}
	return [
		{ date, minutes: Math.round(vigorous / MINUTE), intensity: 'vigorous' as const },
		{ date, minutes: Math.round(moderate / MINUTE), intensity: 'moderate' as const }
	].filter((a) => a.minutes > 0);
}
