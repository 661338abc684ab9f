import type { HeartRateReading } from '$lib/workout/types';
import type { TimelineEvent } from '$lib/workout/timeline';
import { listEvents } from './events';
import { requestPersistentStorage } from './connection';
import { db } from './db';
import { lastReadingAt, readSessionReadings, sessionSamples } from './samples';
import type { SessionEvent, SessionRecord } from './types';

export { newSessionRecord, type NewSession } from './session-record';

/** Stores a session record (idempotent); the first one asks the browser to keep our storage. */
export async function storeSession(record: SessionRecord): Promise<void> {
	const first = (await db.sessions.count()) === 0;
	await db.sessions.put(record);
	if (first) await requestPersistentStorage();
}

/** One session, or undefined. */
export function getSession(id: string): Promise<SessionRecord | undefined> {
	return db.sessions.get(id);
}

/** Sessions newest first. */
export function listSessions(): Promise<SessionRecord[]> {
	return db.sessions.orderBy('startedAt').reverse().toArray();
}

/** The newest `count` sessions, newest first: what a long history shows before the rest loads. */
export function listRecentSessions(count: number): Promise<SessionRecord[]> {
	return db.sessions.orderBy('startedAt').reverse().limit(count).toArray();
}

/** The session left running (by a reload or a crash), if any. */
export function findRunningSession(): Promise<SessionRecord | undefined> {
	return db.sessions.where('status').equals('running').last();
}

/** Saves the session's timeline (start, pause, skip…) as it changes. */
export async function saveTimeline(id: string, timeline: TimelineEvent[], now = Date.now()) {
	await db.sessions.update(id, { timeline, updatedAt: now });
}

/** Marks a session finished or abandoned. */
export async function closeSession(
	id: string,
	status: 'finished' | 'abandoned',
	endedAt: number,
	now = Date.now()
): Promise<void> {
	await db.sessions.update(id, { status, endedAt, updatedAt: now });
}

/** Deletes a session with its samples, events and summaries, all or nothing. */
export async function deleteSession(id: string): Promise<void> {
	await db.transaction('rw', [db.sessions, db.samples, db.events, db.summaries], async () => {
		await sessionSamples(id).delete();
		await db.events.where('sessionId').equals(id).delete();
		await db.summaries.delete(id);
		await db.sessions.delete(id);
	});
}

/** What a resume needs from storage, read in one go. */
export interface StoredSession {
	record: SessionRecord;
	readings: Map<string, HeartRateReading[]>;
	events: SessionEvent[];
	chunks: number;
	lastReadingAt: number | null;
}

/** Loads a session that is still marked running, or undefined when it no longer is. */
export async function loadRunningSession(id: string): Promise<StoredSession | undefined> {
	const record = await getSession(id);
	if (!record || record.status !== 'running') return undefined;
	const [readings, events, chunks, last] = await Promise.all([
		readSessionReadings(id),
		listEvents(id),
		sessionSamples(id).count(),
		lastReadingAt(id)
	]);
	return { record, readings, events, chunks, lastReadingAt: last };
}
