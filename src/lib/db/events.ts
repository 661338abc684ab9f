import { db } from './db';
import { newId } from './ids';
import type { SessionEvent } from './types';

/** Stores one session event as it happens. */
export async function addEvent(event: Omit<SessionEvent, 'id'>): Promise<SessionEvent> {
	const record = { ...event, id: newId() };
	await db.events.add(record);
	return record;
}

/** Several events in one transaction (a recorder's second of flags and connection changes). */
export async function addEvents(events: readonly Omit<SessionEvent, 'id'>[]): Promise<void> {
	if (events.length === 0) return;
	await db.events.bulkAdd(events.map((event) => ({ ...event, id: newId() })));
}

/** A session's events in time order. */
export function listEvents(sessionId: string): Promise<SessionEvent[]> {
	return db.events
		.where('[sessionId+at]')
		.between([sessionId, -Infinity], [sessionId, Infinity])
		.toArray();
}
