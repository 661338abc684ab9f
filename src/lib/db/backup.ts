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
export {
	BACKUP_FORMAT,
	BACKUP_VERSION,
	MAX_BACKUP_BYTES,
	MAX_PARTICIPANTS,
	backupSchema
} from './backup-schema';
export type { BackupFile, BackupJson } from './backup-schema';
import type {
	Goal,
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
	/** The version is there but not a number (e.g. the text "1"): shown as JSON, cut short. */
	| { code: 'version-not-number'; version: string }
	| { code: 'version-missing' }
	| { code: 'invalid'; path: string }
	/** Two records of one store share an id (rows `first` and `second`, 0-based). */
	| { code: 'duplicate-id'; store: string; id: string; first: number; second: number }
	/** Two straps name one Bluetooth device, which the database stores only once. */
	| { code: 'duplicate-strap'; deviceId: string; first: number; second: number }
	/** Heart-rate bytes that are not base64 at all. */
	| { code: 'not-base64'; path: string }
	/** Heart-rate lists of one chunk that do not describe the same readings. */
	| { code: 'readings-mismatch'; path: string }
	| { code: 'storage'; problem: StorageProblem };

/** What a backup holds, decoded into the records the database stores. */
export interface BackupData {
	participants: Participant[];
	straps: StrapRecord[];
	protocols: ProtocolRecord[];
	sessions: SessionRecord[];
	samples: SampleChunk[];
	events: SessionEvent[];
	goals: Goal[];
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

/** Whether this machine keeps numbers little-endian, as every one running a browser today does. */
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** Typed array → base64 of its little-endian bytes (explicit, so files move between machines). */
export function encodeTyped(array: Typed): string {
	let bytes: Uint8Array;
	if (LITTLE_ENDIAN || array.BYTES_PER_ELEMENT === 1) {
		// Already those bytes: no copy (a running class encodes 150 arrays a second with 30 people).
		bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
	} else {
		bytes = new Uint8Array(array.length * array.BYTES_PER_ELEMENT);
		const view = new DataView(bytes.buffer);
		array.forEach((value, i) => {
			if (array.BYTES_PER_ELEMENT === 2) view.setUint16(i * 2, value, true);
			else view.setUint32(i * 4, value, true);
		});
	}
	let binary = '';
	// `apply` takes the bytes as they are; a spread walks them one by one through an iterator.
	for (let i = 0; i < bytes.length; i += 0x8000)
		binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
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

const FIELDS = ['offsets', 'bpm', 'contact', 'rr', 'rrCount'] as const;

/** Decodes one stored chunk, or says what is wrong with it (`path` is the chunk's place). */
export function decodeChunk(row: Row<'samples'>, path: string): Result<SampleChunk> {
	const out: Partial<Record<(typeof FIELDS)[number], Typed>> = {};
	for (const field of FIELDS) {
		let decoded: Typed | null;
		try {
			decoded = decodeTyped<Typed>(row[field], TYPED[field]);
		} catch {
			// The schema admits only base64 characters, but atob still refuses e.g. a length of 4n+1.
			return { ok: false, problem: { code: 'not-base64', path: `${path}.${field}` } };
		}
		if (!decoded) return { ok: false, problem: { code: 'readings-mismatch', path } };
		out[field] = decoded;
	}
	const { offsets, bpm, contact, rr, rrCount } = out as SampleChunk;
	const n = bpm.length;
	// The arrays describe the same readings; RR counts must add up to the RR list.
	const fits =
		offsets.length === n &&
		contact.length === n &&
		rrCount.length === n &&
		rrCount.reduce((s, c) => s + c, 0) === rr.length &&
		!contact.some((c) => c > 2);
	if (!fits) return { ok: false, problem: { code: 'readings-mismatch', path } };
	return { ok: true, value: { ...row, offsets, bpm, contact, rr, rrCount } };
}

/**
 * The first record that would overwrite another when written: the same id twice in one store
 * (`bulkPut` would silently keep the second), or two straps of one device (the `&deviceId`
 * index would abort the whole restore as a storage failure). Every store with an `id` is
 * checked, so a store added to the format later is covered too.
 */
function findDuplicate(stores: Record<string, readonly unknown[]>): RestoreProblem | null {
	for (const [store, rows] of Object.entries(stores)) {
		const seen = new Map<string, number>();
		for (const [i, row] of rows.entries()) {
			const id = (row as { id?: unknown }).id;
			if (typeof id !== 'string') continue;
			const first = seen.get(id);
			if (first !== undefined) return { code: 'duplicate-id', store, id, first, second: i };
			seen.set(id, i);
		}
	}
	const devices = new Map<string, number>();
	for (const [i, strap] of (stores.straps as readonly Row<'straps'>[]).entries()) {
		const first = devices.get(strap.deviceId);
		if (first !== undefined)
			return { code: 'duplicate-strap', deviceId: strap.deviceId, first, second: i };
		devices.set(strap.deviceId, i);
	}
	return null;
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
			goals: await database.goals.toArray(),
			hrvChecks: await database.hrvChecks.toArray(),
			diary: await database.diary.toArray(),
			hrMaxHistory: await database.hrMaxHistory.toArray()
		}
	}));
}

export type Result<T> = { ok: true; value: T } | { ok: false; problem: RestoreProblem };

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
	if (head.version === undefined) return { ok: false, problem: { code: 'version-missing' } };
	if (typeof head.version !== 'number')
		return {
			ok: false,
			problem: {
				code: 'version-not-number',
				version: (JSON.stringify(head.version) ?? '').slice(0, 20)
			}
		};
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
	const duplicate = findDuplicate(stores);
	if (duplicate) return { ok: false, problem: duplicate };
	const samples: SampleChunk[] = [];
	for (const [i, row] of stores.samples.entries()) {
		const chunk = decodeChunk(row, `stores.samples.${i}`);
		if (!chunk.ok) return chunk;
		samples.push(chunk.value);
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
			await database.goals.bulkPut(data.goals);
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
