import type { JudgedWith, Participant, SessionRecord } from '$lib/db/types';
import type { Settings } from '$lib/settings/settings.svelte';
import { trackerOptionsFrom } from '$lib/settings/tracker-options';
import type { TrackerOptions } from '$lib/workout';
import { DEFAULT_SETTINGS } from '$lib/settings/settings.svelte';

/** The settings a session is judged with (the part of Settings that changes a report). */
export type JudgeSettings = Pick<
	Settings,
	'intensityModel' | 'hrMaxFormula' | 'zoneBounds' | 'flags'
>;

/** The default settings, for callers that pass none. */
export const DEFAULT_JUDGE: JudgeSettings = {
	intensityModel: DEFAULT_SETTINGS.intensityModel,
	hrMaxFormula: DEFAULT_SETTINGS.hrMaxFormula,
	zoneBounds: DEFAULT_SETTINGS.zoneBounds,
	flags: DEFAULT_SETTINGS.flags
};

/** A snapshot of the settings that judge a session, taken now. */
export function judgedWithOf(
	source: JudgeSettings,
	origin: JudgedWith['origin'],
	at: number
): JudgedWith {
	return {
		origin,
		at,
		intensityModel: source.intensityModel,
		hrMaxFormula: source.hrMaxFormula,
		zoneBounds: [...source.zoneBounds],
		flags: { ...source.flags }
	};
}

/** Engine options of a snapshot: the same zone edges and flag thresholds the live screen had. */
export function trackerOptionsOf(judgedWith: JudgedWith): Partial<TrackerOptions> {
	return trackerOptionsFrom(judgedWith);
}

/**
 * The session as it would be judged with `today`'s settings: today's intensity model and, for
 * participants still on the roster, their HRmax (and source), resting HR and ceiling of today.
 */
export function rejudgedSession(
	session: SessionRecord,
	today: JudgeSettings,
	roster: readonly (Participant | undefined)[]
): SessionRecord {
	const targetBasis = today.intensityModel === 'hrr' ? 'reserve' : 'hrmax';
	return {
		...session,
		participants: session.participants.map((info) => {
			const person = roster.find((p) => p?.id === info.participantId);
			return person
				? {
						...info,
						targetBasis,
						hrMax: person.hrMax,
						hrMaxSource: person.hrMaxSource,
						hrRest: person.hrRest,
						ceiling: person.ceiling
					}
				: { ...info, targetBasis };
		})
	};
}
