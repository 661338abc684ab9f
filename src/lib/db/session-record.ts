/** A new session's record, before it is stored: pure, no database (the live screen's first load). */
import { newId } from './ids';
import type { SessionRecord } from './types';

/** What starting a session supplies. */
export type NewSession = Omit<
	SessionRecord,
	'id' | 'createdAt' | 'updatedAt' | 'status' | 'participantIds' | 'endedAt'
>;

/** A new running session's record (not yet stored). */
export function newSessionRecord(input: NewSession, now = Date.now()): SessionRecord {
	return {
		...input,
		id: newId(),
		status: 'running',
		participantIds: input.participants.map((p) => p.participantId),
		createdAt: now,
		updatedAt: now
	};
}
