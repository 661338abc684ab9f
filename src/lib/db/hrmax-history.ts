import { db, type PulsklarDB } from './db';
import { newId } from './ids';
import type { HrMaxHistoryEntry, Participant } from './types';

/**
 * Sets a participant's measured HRmax and keeps the value it replaces in their history, so the
 * record shows every HRmax they had and where it came from.
 */
export async function setMeasuredHrMax(
	participantId: string,
	hrMax: number,
	method: 'field-test' | 'manual',
	options: { sessionId?: string; database?: PulsklarDB; now?: number } = {}
): Promise<Participant | undefined> {
	const database = options.database ?? db;
	const now = options.now ?? Date.now();
	return database.transaction('rw', [database.participants, database.hrMaxHistory], async () => {
		const person = await database.participants.get(participantId);
		if (!person) return undefined;
		const history = await listHrMaxHistory(participantId, database);
		// The value in use before any history existed is kept as the first entry.
		if (history.length === 0) {
			await database.hrMaxHistory.add({
				id: newId(),
				participantId,
				at: person.updatedAt,
				hrMax: person.hrMax,
				source: person.hrMaxSource,
				createdAt: now,
				updatedAt: now
			});
		}
		const entry: HrMaxHistoryEntry = {
			id: newId(),
			participantId,
			at: now,
			hrMax,
			source: 'measured',
			method,
			createdAt: now,
			updatedAt: now
		};
		if (options.sessionId) entry.sessionId = options.sessionId;
		await database.hrMaxHistory.add(entry);
		const updated: Participant = {
			...person,
			hrMax,
			hrMaxSource: 'measured',
			updatedAt: now
		};
		await database.participants.put(updated);
		return updated;
	});
}

/** A participant's HRmax values, oldest first. */
export function listHrMaxHistory(
	participantId: string,
	database: PulsklarDB = db
): Promise<HrMaxHistoryEntry[]> {
	return database.hrMaxHistory
		.where('[participantId+at]')
		.between([participantId, -Infinity], [participantId, Infinity])
		.toArray();
}
