/** The app's own 1–10 "how do you feel right now?" scale: no licensed questionnaire. */
export const MOOD_SCALE: readonly number[] = Array.from({ length: 10 }, (_, i) => i + 1);

/** When a mood was asked. */
export type MoodMoment = 'before' | 'after';

/** A mood answer as stored among a session's events. */
export interface MoodEventLike {
	participantId?: string;
	at: number;
	kind: string;
	value?: string | number;
}

/** One person's mood around one session; the change is what matters. */
export interface MoodChange {
	before: number | null;
	after: number | null;
	/** after − before, when both were given. */
	change: number | null;
}

/** Whether a value is on the scale. */
export function isMood(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 10;
}

/** Each participant's mood before and after from a session's events (the latest answer counts). */
export function moodChanges(events: readonly MoodEventLike[]): Map<string, MoodChange> {
	const out = new Map<string, MoodChange>();
	const sorted = [...events].sort((a, b) => a.at - b.at);
	for (const e of sorted) {
		if ((e.kind !== 'mood-before' && e.kind !== 'mood-after') || !e.participantId) continue;
		const value = Number(e.value);
		if (!isMood(value)) continue;
		const row = out.get(e.participantId) ?? { before: null, after: null, change: null };
		if (e.kind === 'mood-before') row.before = value;
		else row.after = value;
		row.change = row.before !== null && row.after !== null ? row.after - row.before : null;
		out.set(e.participantId, row);
	}
	return out;
}
