import * as v from 'valibot';
import {
	BACKUP_FORMAT,
	BACKUP_VERSION,
	backupSchema,
	MAX_BACKUP_BYTES,
	type BackupJson,
	type Row
} from './backup-schema';
import { db, type PulsklarDB } from './db';
import { classifyStorageError, type StorageProblem } from './storage-errors';
export { BACKUP_FORMAT, BACKUP_VERSION, MAX_BACKUP_BYTES, backupSchema } from './backup-schema';
export type { BackupFile, BackupJson } from './backup-schema';
import type {
	DiaryEntry,
	HrMaxHistoryEntry,
	HrvCheckRecord,
	Participant,
	ProtocolRecord,
	SampleChunk,
	SessionEvent,
	SessionRecord,
	StrapRecord
} from './types';

/** Why a file could not be restored; the page turns it into a message in the user's language. */
export type RestoreProblem =
	| { code: 'too-large' }
	| { code: 'not-json' }
	| { code: 'wrong-format' }
	| { code: 'wrong-version'; version: string }
	| { code: 'invalid'; path: string }
	| { code: 'storage'; problem: StorageProblem };

/** What a backup holds, decoded into the records the database stores. */
export interface BackupData {
	participants: Participant[];
	straps: StrapRecord[];
	protocols: ProtocolRecord[];
	sessions: SessionRecord[];
	samples: SampleChunk[];
	events: SessionEvent[];
	hrvChecks: HrvCheckRecord[];
	diary: DiaryEntry[];
	hrMaxHistory: HrMaxHistoryEntry[];
}

type Typed = Uint8Array | Uint16Array | Uint32Array;
const TYPED = {
	offsets: Uint32Array,
	bpm: Uint16Array,
	contact: Uint8Array,
	rr: Uint16Array,
	rrCount: Uint8Array
};

/** Typed array → base64 of its little-endian bytes (explicit, so files move between machines). */
export function encodeTyped(array: Typed): string {
	const bytes = new Uint8Array(array.length * array.BYTES_PER_ELEMENT);
	const view = new DataView(bytes.buffer);
	array.forEach((value, i) => {
		if (array.BYTES_PER_ELEMENT === 1) view.setUint8(i, value);
		else if (array.BYTES_PER_ELEMENT === 2) view.setUint16(i * 2, value, true);
		else view.setUint32(i * 4, value, true);
	});
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000)
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}

/** base64 → typed array, or null when the byte count does not fit the element size. */
export function decodeTyped<T extends Typed>(
	b64text: string,
	Kind: { new (length: number): T; BYTES_PER_ELEMENT: number }
): T | null {
	const binary = atob(b64text);
	if (binary.length % Kind.BYTES_PER_ELEMENT !== 0) return null;
	const view = new DataView(Uint8Array.from(binary, (c) => c.charCodeAt(0)).buffer);
	const out = new Kind(binary.length / Kind.BYTES_PER_ELEMENT);
	for (let i = 0; i < out.length; i++) {
		out[i] =
			Kind.BYTES_PER_ELEMENT === 1
				? view.getUint8(i)
				: Kind.BYTES_PER_ELEMENT === 2
					? view.getUint16(i * 2, true)
					: view.getUint32(i * 4, true);
	}
	return out;
}

function decodeChunk(row: Row<'samples'>): SampleChunk | null {
	const offsets = decodeTyped(row.offsets, TYPED.offsets);
	const bpm = decodeTyped(row.bpm, TYPED.bpm);
	const contact = decodeTyped(row.contact, TYPED.contact);
	const rr = decodeTyped(row.rr, TYPED.rr);
	const rrCount = decodeTyped(row.rrCount, TYPED.rrCount);
	if (!offsets || !bpm || !contact || !rr || !rrCount) return null;
	const n = bpm.length;
	// The arrays describe the same readings; RR counts must add up to the RR list.
	if (offsets.length !== n || contact.length !== n || rrCount.length !== n) return null;
	if (rrCount.reduce((s, c) => s + c, 0) !== rr.length || contact.some((c) => c > 2)) return null;
	return { ...row, offsets, bpm, contact, rr, rrCount };
}

/** Every record of the database as one backup object. */
export async function exportBackup(
	database: PulsklarDB = db,
	now = Date.now()
): Promise<BackupJson> {
	const t = database.tables; // every store, in one transaction
	return database.transaction('r', t, async () => ({
		format: BACKUP_FORMAT,
		version: BACKUP_VERSION,
		exportedAt: now,
		stores: {
			participants: await database.participants.toArray(),
			straps: await database.straps.toArray(),
			protocols: await database.protocols.toArray(),
			sessions: await database.sessions.toArray(),
			samples: (await database.samples.toArray()).map((c) => ({
				...c,
				offsets: encodeTyped(c.offsets),
				bpm: encodeTyped(c.bpm),
				contact: encodeTyped(c.contact),
				rr: encodeTyped(c.rr),
				rrCount: encodeTyped(c.rrCount)
			})),
			events: await database.events.toArray(),
			hrvChecks: await database.hrvChecks.toArray(),
			diary: await database.diary.toArray(),
			hrMaxHistory: await database.hrMaxHistory.toArray()
		}
	}));
}

type Result<T> = { ok: true; value: T } | { ok: false; problem: RestoreProblem };

/** Validates a backup's text completely and decodes it; nothing is written. */
export function parseBackup(textContent: string): Result<BackupData> {
	let json: unknown;
	try {
		json = JSON.parse(textContent);
	} catch {
		return { ok: false, problem: { code: 'not-json' } };
	}
	const head = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
	if (head.format !== BACKUP_FORMAT) return { ok: false, problem: { code: 'wrong-format' } };
	if (head.version !== BACKUP_VERSION)
		return {
			ok: false,
			problem: { code: 'wrong-version', version: String(head.version).slice(0, 20) }
		};
	const parsed = v.safeParse(backupSchema, json, { abortEarly: true });
	if (!parsed.success) {
		const path = v.getDotPath(parsed.issues[0]) ?? '';
		return { ok: false, problem: { code: 'invalid', path: path.slice(0, 200) } };
	}
	const { stores } = parsed.output;
	const samples: SampleChunk[] = [];
	for (const [i, row] of stores.samples.entries()) {
		const chunk = decodeChunk(row);
		if (!chunk) return { ok: false, problem: { code: 'invalid', path: `stores.samples.${i}` } };
		samples.push(chunk);
	}
	return { ok: true, value: { ...stores, samples } };
}

/** Reads a backup file, refusing one that is too large before reading it into memory. */
export async function readBackupFile(file: Blob): Promise<Result<BackupData>> {
	if (file.size > MAX_BACKUP_BYTES) return { ok: false, problem: { code: 'too-large' } };
	return parseBackup(await file.text());
}

/**
 * Writes a validated backup in one transaction over all stores: all or nothing. `bulkPut` makes a
 * second restore of the same file a no-op rather than a duplicate.
 */
export async function restoreBackup(
	data: BackupData,
	database: PulsklarDB = db
): Promise<Result<number>> {
	const t = database.tables; // every store, in one transaction
	try {
		await database.transaction('rw', t, async () => {
			// A strap is unique by device: drop a local record of the same strap under another id.
			for (const strap of data.straps) {
				await database.straps
					.where('deviceId')
					.equals(strap.deviceId)
					.and((s) => s.id !== strap.id)
					.delete();
			}
			await database.participants.bulkPut(data.participants);
			await database.straps.bulkPut(data.straps);
			await database.protocols.bulkPut(data.protocols);
			await database.sessions.bulkPut(data.sessions);
			await database.samples.bulkPut(data.samples);
			await database.events.bulkPut(data.events);
			await database.hrvChecks.bulkPut(data.hrvChecks);
			await database.diary.bulkPut(data.diary);
			await database.hrMaxHistory.bulkPut(data.hrMaxHistory);
			// Summaries are derived, not backed up: recomputed from the restored data when opened.
			await database.summaries.clear();
		});
	} catch (error) {
		return { ok: false, problem: { code: 'storage', problem: classifyStorageError(error) } };
	}
	const count = Object.values(data).reduce((n, list: unknown[]) => n + list.length, 0);
	return { ok: true, value: count };
}
