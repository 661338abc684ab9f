import { db } from './db';
import { newId } from './ids';
import type { SessionEvent } from './types';

/** Stores one session event as it happens. */
export async function addEvent(event: Omit<SessionEvent, 'id'>): Promise<SessionEvent> {
	const record = { ...event, id: newId() };
	await db.events.add(record);
	return record;
}

/** A session's events in time order. */
export function listEvents(sessionId: string): Promise<SessionEvent[]> {
	return db.events
		.where('[sessionId+at]')
		.between([sessionId, -Infinity], [sessionId, Infinity])
		.toArray();
}
