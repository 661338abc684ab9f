import { handleError } from '$lib/app/errors';
import { db } from '$lib/db/db';
import { compactSession, sessionSamples } from '$lib/db/samples';
import { summarizedSessionIds } from '$lib/db/summaries';
import { loadSessionReport } from './load';
import { reportOptions } from './options';

/**
 * After a session is closed: one samples row per person instead of one a second, then each
 * person's summary computed and stored, so the review opens without reading every heart beat.
 * Both are best effort: a failure (a full disk) leaves the stored readings as they are, and the
 * review computes what it needs when it opens.
 */
export async function tidyEndedSession(sessionId: string): Promise<void> {
	await compactSession(sessionId).catch((e: unknown) => handleError(e, 'compact'));
	await loadSessionReport(sessionId, reportOptions()).catch((e: unknown) =>
		handleError(e, 'summaries')
	);
}

/**
 * Finishes tidying that a closed tab cut short (compaction and summaries run after a session has
 * ended, for up to a minute on a long class): ended sessions with more than one samples row per
 * participant, or without stored summaries, are tidied one at a time. Stops when `busy` says a
 * session is running, so it never competes with a class's writes. Returns how many it tidied.
 */
export async function tidyLeftovers(busy: () => boolean): Promise<number> {
	const [sessions, summarized] = await Promise.all([
		db.sessions.where('status').notEqual('running').toArray(),
		summarizedSessionIds()
	]);
	const done = new Set(summarized);
	let tidied = 0;
	for (const session of sessions) {
		if (busy()) break;
		const rows = await sessionSamples(session.id).count();
		if (rows <= session.participants.length && done.has(session.id)) continue;
		await tidyEndedSession(session.id);
		tidied++;
	}
	return tidied;
}
