import { db, type PulsklarDB } from './db';
import { newId } from './ids';
import type { HrvCheckRecord } from './types';

/** Stores one HRV check (refused ones too: the artefact count is worth keeping). */
export async function saveHrvCheck(
	input: Omit<HrvCheckRecord, 'id' | 'createdAt' | 'updatedAt'>,
	database: PulsklarDB = db,
	now = Date.now()
): Promise<HrvCheckRecord> {
	const record: HrvCheckRecord = { ...input, id: newId(), createdAt: now, updatedAt: now };
	await database.hrvChecks.add(record);
	return record;
}

/** A participant's HRV checks, oldest first. */
export function listHrvChecks(
	participantId: string,
	database: PulsklarDB = db
): Promise<HrvCheckRecord[]> {
	return database.hrvChecks
		.where('[participantId+at]')
		.between([participantId, -Infinity], [participantId, Infinity])
		.toArray();
}
