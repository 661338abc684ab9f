import { db, type PulsklarDB } from './db';
import { personSamples, sessionSamples } from './samples';

/** What erasing a participant removed. */
export interface EraseResult {
	/** Sessions deleted because nobody else took part in them. */
	sessionsDeleted: number;
	/** Sessions kept for the others, with this participant taken out. */
	sessionsTrimmed: number;
}

/**
 * Deletes a participant and everything recorded about them, all or nothing (the right to erasure):
 * their readings, events, goals, HRV checks, diary, HRmax history, their place in sessions and
 * any strap assignment. Sessions that others took part in keep the others' data; a session left
 * with nobody is deleted whole.
 */
export async function eraseParticipant(
	participantId: string,
	database: PulsklarDB = db,
	now = Date.now()
): Promise<EraseResult> {
	const tables = [
		database.participants,
		database.straps,
		database.sessions,
		database.samples,
		database.events,
		database.summaries,
		database.goals,
		database.hrvChecks,
		database.diary,
		database.hrMaxHistory
	];
	return database.transaction('rw', tables, async () => {
		const result: EraseResult = { sessionsDeleted: 0, sessionsTrimmed: 0 };
		const sessions = await database.sessions
			.where('participantIds')
			.equals(participantId)
			.toArray();
		for (const session of sessions) {
			// Derived from everyone's data, this one's included: recomputed for the others on demand.
			await database.summaries.delete(session.id);
			await personSamples(session.id, participantId, database.samples).delete();
			const others = session.participants.filter((p) => p.participantId !== participantId);
			if (others.length === 0) {
				await sessionSamples(session.id, database.samples).delete();
				await database.events.where('sessionId').equals(session.id).delete();
				await database.sessions.delete(session.id);
				result.sessionsDeleted++;
			} else {
				await database.sessions.update(session.id, {
					participants: others,
					participantIds: others.map((p) => p.participantId),
					updatedAt: now
				});
				result.sessionsTrimmed++;
			}
		}
		await database.events.where('participantId').equals(participantId).delete();
		await database.straps
			.where('participantId')
			.equals(participantId)
			.modify((strap) => {
				delete strap.participantId;
				strap.updatedAt = now;
			});
		await database.goals.where('participantId').equals(participantId).delete();
		for (const table of [database.hrvChecks, database.diary, database.hrMaxHistory]) {
			await table.where('participantId').equals(participantId).delete();
		}
		await database.participants.delete(participantId);
		return result;
	});
}
