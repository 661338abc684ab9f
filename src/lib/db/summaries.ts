import { db } from './db';
import type { SessionSummaries } from './types';

/*
 * The `summaries` store: each ended session's per-participant summaries, a cache derived from its
 * samples and events (never backed up, rebuilt when missing or stale). Report reads and writes it
 * only through these, so what the cache holds and how it is keyed stays in one place.
 */

/** The stored summaries of a session, if any. */
export function getSummaries(sessionId: string): Promise<SessionSummaries | undefined> {
	return db.summaries.get(sessionId);
}

/** Stores (or replaces) a session's summaries. */
export async function putSummaries(summaries: SessionSummaries): Promise<void> {
	await db.summaries.put(summaries);
}

/** The ids of every session that has stored summaries. */
export function summarizedSessionIds(): Promise<string[]> {
	return db.summaries.toCollection().primaryKeys();
}

/** Drops a session's stored summaries (they are computed again on the next open). */
export async function deleteSummaries(sessionId: string): Promise<void> {
	await db.summaries.delete(sessionId);
}
