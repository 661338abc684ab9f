import { handleError } from '$lib/app/errors';
import type { MoodMoment } from '$lib/workout/mood';

/**
 * Mood answers given in this tab, so a scale shows what was chosen. Each answer is stored at
 * once as a session event (straight to the events store: "after" is asked once the session has
 * ended and its recorder is closed).
 */
class MoodAnswers {
	values = $state<Record<string, number>>({});

	/** The answer given, if any. */
	get(sessionId: string, participantId: string, moment: MoodMoment): number | undefined {
		return this.values[`${sessionId}|${participantId}|${moment}`];
	}

	/** Stores an answer (1–10) as a `mood-before` or `mood-after` event. */
	async answer(sessionId: string, participantId: string, moment: MoodMoment, value: number) {
		this.values = { ...this.values, [`${sessionId}|${participantId}|${moment}`]: value };
		try {
			// Loaded here: Dexie stays off the live screen's first load (issue 18).
			const { addEvent } = await import('$lib/db/events');
			await addEvent({ sessionId, participantId, at: Date.now(), kind: `mood-${moment}`, value });
		} catch (error) {
			handleError(error, 'storage');
		}
	}
}

/** This tab's mood answers. */
export const moodAnswers = new MoodAnswers();
