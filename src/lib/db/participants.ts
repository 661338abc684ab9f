import { db } from './db';
import { newId } from './ids';
import type { Participant } from './types';

/** What a form supplies to create or update a participant. */
export type ParticipantInput = Omit<Participant, 'id' | 'createdAt' | 'updatedAt' | 'archived'> & {
	id?: string;
	archived?: 0 | 1;
};

/** Participants sorted by alias; archived ones only when asked for. */
export async function listParticipants(includeArchived = false): Promise<Participant[]> {
	const all = await db.participants.orderBy('alias').toArray();
	return includeArchived ? all : all.filter((p) => p.archived === 0);
}

/** One participant, or undefined. */
export function getParticipant(id: string): Promise<Participant | undefined> {
	return db.participants.get(id);
}

/** Creates a participant, or updates the one with the given id, stamping times. */
export async function saveParticipant(
	input: ParticipantInput,
	now = Date.now()
): Promise<Participant> {
	return db.transaction('rw', db.participants, async () => {
		const existing = input.id ? await db.participants.get(input.id) : undefined;
		const record: Participant = {
			...existing,
			...input,
			id: existing?.id ?? input.id ?? newId(),
			archived: input.archived ?? existing?.archived ?? 0,
			createdAt: existing?.createdAt ?? now,
			updatedAt: now
		};
		await db.participants.put(record);
		return record;
	});
}

/** Hides a participant from the roster without touching their history. */
export async function setArchived(id: string, archived: boolean, now = Date.now()): Promise<void> {
	await db.participants.update(id, { archived: archived ? 1 : 0, updatedAt: now });
}
