import { db, type PulsklarDB } from './db';
import { newId } from './ids';
import type { DiaryEntry } from './types';

/** What the diary form supplies. */
export type DiaryInput = Omit<DiaryEntry, 'id' | 'createdAt' | 'updatedAt'> & { id?: string };

/** Creates a diary entry, or updates the one with the given id. */
export async function saveDiaryEntry(
	input: DiaryInput,
	database: PulsklarDB = db,
	now = Date.now()
): Promise<DiaryEntry> {
	const existing = input.id ? await database.diary.get(input.id) : undefined;
	const record: DiaryEntry = {
		...input,
		id: existing?.id ?? input.id ?? newId(),
		createdAt: existing?.createdAt ?? now,
		updatedAt: now
	};
	await database.diary.put(record);
	return record;
}

/** Deletes one diary entry. */
export function deleteDiaryEntry(id: string, database: PulsklarDB = db): Promise<void> {
	return database.diary.delete(id);
}

/** A participant's diary entries between two local dates (inclusive), oldest first. */
export function listDiary(
	participantId: string,
	from = '0000-00-00',
	to = '9999-99-99',
	database: PulsklarDB = db
): Promise<DiaryEntry[]> {
	return database.diary
		.where('[participantId+date]')
		.between([participantId, from], [participantId, to], true, true)
		.toArray();
}
