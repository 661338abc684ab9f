import { db } from '$lib/db/db';
import { appendChunks, toChunk } from '$lib/db/samples';
import type { SessionRecord } from '$lib/db/types';
import { handSession } from './test-session';

/** Stores the hand-computed session the way the recorder does: one chunk per person per 10 s. */
export async function storeHandSession(changes: Partial<SessionRecord> = {}) {
	const { session, readings, events } = handSession();
	const record = { ...session, ...changes };
	await db.sessions.put(record);
	for (const [participantId, list] of readings) {
		const chunks = [];
		for (let i = 0; i * 10 < list.length; i++) {
			chunks.push(toChunk(record.id, participantId, i, list.slice(i * 10, i * 10 + 10)));
		}
		await appendChunks(chunks);
	}
	await db.events.bulkPut(events);
	return { session: record, readings, events };
}
