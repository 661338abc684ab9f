import * as v from 'valibot';
import { db, type PulsklarDB } from './db';
import { classifyStorageError, type StorageProblem } from './storage-errors';
import type {
	Participant,
	ProtocolRecord,
	SampleChunk,
	SessionEvent,
	SessionRecord,
	StrapRecord
} from './types';

/** Identifies our backup files; the version changes when the format does. */
export const BACKUP_FORMAT = 'pulsklar-backup';
export const BACKUP_VERSION = 1;
/** Largest file read at all [product choice]: years of classes fit well below it. */
export const MAX_BACKUP_BYTES = 200 * 1024 * 1024;

// Limits [product choice]: far above real data, low enough that a hostile file cannot make the
// app allocate absurd amounts or store nonsense.
const MAX_TIME = 4_102_444_800_000; // year 2100
const MAX_TEXT = 10_000;
const MAX_B64 = 2_000_000;

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const text = (max = 200) => v.pipe(v.string(), v.maxLength(max));
const int = (min: number, max: number) =>
	v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const num = (min: number, max: number) =>
	v.pipe(v.number(), v.finite(), v.minValue(min), v.maxValue(max));
const time = int(0, MAX_TIME);
const bpm = num(20, 300);
const b64 = v.pipe(v.string(), v.maxLength(MAX_B64), v.regex(/^[A-Za-z0-9+/]*={0,2}$/));
const versioned = { id, createdAt: time, updatedAt: time };

const phase = v.strictObject({
	kind: v.picklist(['warmup', 'work', 'recovery', 'cooldown']),
	durationMs: int(0, 24 * 3_600_000),
	band: v.strictObject({ low: num(0, 150), high: num(0, 150) }),
	label: v.optional(text())
});
const protocol = {
	id,
	name: text(),
	builtIn: v.boolean(),
	phases: v.pipe(v.array(phase), v.maxLength(200))
};

const participantSchema = v.strictObject({
	...versioned,
	alias: text(),
	birthYear: v.optional(int(1900, 2100)),
	age: v.optional(int(0, 130)),
	hrMax: bpm,
	hrMaxSource: v.picklist(['measured', 'nes', 'tanaka', 'fox']),
	hrRest: v.optional(bpm),
	ceiling: v.optional(bpm),
	notes: v.optional(text(MAX_TEXT)),
	plan: v.optional(v.strictObject({ templateId: id, startDate: text(40) })),
	archived: v.picklist([0, 1])
});
const strapSchema = v.strictObject({
	...versioned,
	deviceId: text(),
	name: text(),
	participantId: v.optional(id),
	lastBattery: v.optional(int(0, 100)),
	lastSeen: v.optional(time)
});
const protocolSchema = v.strictObject({ ...versioned, ...protocol });
const sessionParticipant = v.strictObject({
	participantId: id,
	alias: text(),
	hrMax: bpm,
	hrRest: v.optional(bpm),
	ceiling: v.optional(bpm),
	targetBasis: v.optional(v.picklist(['hrmax', 'reserve'])),
	strapId: v.optional(text()),
	simProfile: v.optional(text(50))
});
const sessionSchema = v.strictObject({
	...versioned,
	mode: v.picklist(['class', 'solo']),
	demo: v.picklist([0, 1]),
	status: v.picklist(['running', 'finished', 'abandoned']),
	protocol: v.strictObject(protocol),
	timeline: v.pipe(
		v.array(
			v.strictObject({
				type: v.picklist(['start', 'pause', 'resume', 'skip', 'extend', 'end']),
				at: time,
				ms: v.optional(int(-24 * 3_600_000, 24 * 3_600_000))
			})
		),
		v.maxLength(10_000)
	),
	participants: v.pipe(v.array(sessionParticipant), v.maxLength(1000)),
	participantIds: v.pipe(v.array(id), v.maxLength(1000)),
	startedAt: time,
	endedAt: v.optional(time),
	notes: v.optional(text(MAX_TEXT))
});
const sampleSchema = v.strictObject({
	id,
	sessionId: id,
	participantId: id,
	seq: int(0, 100_000_000),
	t0: time,
	offsets: b64,
	bpm: b64,
	contact: b64,
	rr: b64,
	rrCount: b64
});
const eventSchema = v.strictObject({
	id,
	sessionId: id,
	participantId: v.optional(id),
	at: time,
	kind: v.picklist([
		'flag-raised',
		'flag-cleared',
		'rpe',
		'note',
		'stopped-early',
		'strap-connected',
		'strap-dropped',
		'gap'
	]),
	value: v.optional(v.union([text(MAX_TEXT), num(-1e9, 1e9)])),
	until: v.optional(time),
	interval: v.optional(int(0, 1000))
});

const rows = <T extends v.GenericSchema>(schema: T, max: number) =>
	v.pipe(v.array(schema), v.maxLength(max));

/** The whole backup file, validated before anything is written. */
export const backupSchema = v.strictObject({
	format: v.literal(BACKUP_FORMAT),
	version: v.literal(BACKUP_VERSION),
	exportedAt: time,
	stores: v.strictObject({
		participants: rows(participantSchema, 100_000),
		straps: rows(strapSchema, 10_000),
		protocols: rows(protocolSchema, 10_000),
		sessions: rows(sessionSchema, 100_000),
		samples: rows(sampleSchema, 10_000_000),
		events: rows(eventSchema, 10_000_000)
	})
});

/** A backup file as validated JSON. */
export type BackupFile = v.InferOutput<typeof backupSchema>;

/** A backup as written: the same shape, typed loosely (records go out as stored). */
export type BackupJson = Pick<BackupFile, 'format' | 'version' | 'exportedAt'> & {
	stores: Record<keyof BackupFile['stores'], unknown[]>;
};

// Compile-time guard: a field added to a stored type must be added to the backup schema too,
// or backups would silently drop it (or refuse to restore it).
type SameKeys<A, B> = [keyof A] extends [keyof B]
	? [keyof B] extends [keyof A]
		? true
		: false
	: false;
type Row<K extends keyof BackupFile['stores']> = BackupFile['stores'][K][number];
const schemaMatchesTypes: [
	SameKeys<Row<'participants'>, Participant>,
	SameKeys<Row<'straps'>, StrapRecord>,
	SameKeys<Row<'protocols'>, ProtocolRecord>,
	SameKeys<Row<'sessions'>, SessionRecord>,
	SameKeys<Row<'samples'>, SampleChunk>,
	SameKeys<Row<'events'>, SessionEvent>
] = [true, true, true, true, true, true];
void schemaMatchesTypes;

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
	const t = [
		database.participants,
		database.straps,
		database.protocols,
		database.sessions,
		database.samples,
		database.events
	];
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
			events: await database.events.toArray()
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
	const t = [
		database.participants,
		database.straps,
		database.protocols,
		database.sessions,
		database.samples,
		database.events
	];
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
		});
	} catch (error) {
		return { ok: false, problem: { code: 'storage', problem: classifyStorageError(error) } };
	}
	const count = Object.values(data).reduce((n, list: unknown[]) => n + list.length, 0);
	return { ok: true, value: count };
}
