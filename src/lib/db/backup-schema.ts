/** The backup file format: a valibot schema that validates a whole file before anything is written. */
import * as v from 'valibot';
import { MAX_DEVICE_NAME } from './outbox';
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
	label: v.optional(text()),
	effort: v.optional(v.picklist(['all-out']))
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
	archived: v.picklist([0, 1]),
	demo: v.optional(v.literal(1))
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
/** One person of a session (also how a hub tells the display who wears its straps). */
export const sessionParticipant = v.strictObject({
	participantId: id,
	alias: text(),
	hrMax: bpm,
	hrRest: v.optional(bpm),
	ceiling: v.optional(bpm),
	targetBasis: v.optional(v.picklist(['hrmax', 'reserve'])),
	strapId: v.optional(text()),
	simProfile: v.optional(text(50)),
	hub: v.optional(text()),
	hrMaxSource: v.optional(v.picklist(['measured', 'nes', 'tanaka', 'fox']))
});
const judgedWithSchema = v.strictObject({
	origin: v.picklist(['start', 'first-open']),
	at: time,
	intensityModel: v.picklist(['hrmax', 'hrr']),
	hrMaxFormula: v.picklist(['nes', 'tanaka', 'fox']),
	zoneBounds: v.pipe(v.array(num(0, 150)), v.length(5)),
	flags: v.strictObject({
		graceFirstS: num(0, 3600),
		graceLaterS: num(0, 3600),
		holdS: num(0, 3600),
		hysteresisBpm: num(0, 100),
		noSignalS: num(0, 3600),
		lowBatteryPercent: num(0, 100)
	})
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
	notes: v.optional(text(MAX_TEXT)),
	judgedWith: v.optional(judgedWithSchema),
	hubOf: v.optional(text()),
	device: v.optional(text(MAX_DEVICE_NAME))
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
		'gap',
		'mood-before',
		'mood-after'
	]),
	value: v.optional(v.union([text(MAX_TEXT), num(-1e9, 1e9)])),
	until: v.optional(time),
	interval: v.optional(int(0, 1000))
});

/**
 * Most participants a backup may hold [product choice]. A clinic running 4x4 groups trains a few
 * groups of 6–10 people in 12-week cohorts: some 100–300 new people a year, so 2 000 is several
 * years of a busy clinic, archived people included. Every page that lists people (roster, class
 * and solo pickers, history filters) renders that many in well under a second
 * (tests/e2e/large-roster.spec.ts); the old limit of 100 000 made the roster take over a minute.
 */
export const MAX_PARTICIPANTS = 2_000;

/**
 * Most sessions a backup may hold [product choice]. Ten groups training twice a week, plus solo
 * sessions, make 1 000–2 000 a year: 20 000 is a decade of a busy clinic. History loads them all
 * for its filters; with 100 000 that took several seconds (tests/e2e/large-roster.spec.ts).
 */
export const MAX_SESSIONS = 20_000;

const goalTarget = v.strictObject({
	kind: v.picklist(['sessions-per-week', 'intervals-in-target']),
	value: num(0, 1000)
});
const goalStatus = v.picklist(['active', 'met', 'partly-met', 'not-met', 'dropped']);
const goalSchema = v.strictObject({
	...versioned,
	participantId: id,
	text: text(MAX_TEXT),
	target: v.optional(goalTarget),
	status: goalStatus,
	history: v.pipe(
		v.array(
			v.strictObject({
				at: time,
				text: text(MAX_TEXT),
				target: v.optional(goalTarget),
				status: goalStatus
			})
		),
		v.maxLength(1000)
	)
});
const hrvCheckSchema = v.strictObject({
	...versioned,
	participantId: id,
	at: time,
	durationMs: int(0, 3_600_000),
	position: v.picklist(['seated', 'lying']),
	beats: int(0, 100_000),
	artefacts: int(0, 100_000),
	rmssdMs: v.optional(num(0, 1000)),
	restingHr: v.optional(bpm)
});
const diarySchema = v.strictObject({
	...versioned,
	participantId: id,
	date: v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)),
	kind: v.picklist([
		'walk',
		'bike',
		'swim',
		'strength',
		'yoga',
		'ball-game',
		'other',
		'interval-4x4'
	]),
	kindLabel: v.optional(text()),
	minutes: int(0, 24 * 60),
	intensity: v.picklist(['light', 'moderate', 'vigorous']),
	rpe: v.optional(int(6, 20)),
	mood: v.optional(int(1, 10)),
	note: v.optional(text(MAX_TEXT))
});
const hrMaxHistorySchema = v.strictObject({
	...versioned,
	participantId: id,
	at: time,
	hrMax: bpm,
	source: v.picklist(['measured', 'nes', 'tanaka', 'fox']),
	method: v.optional(v.picklist(['field-test', 'manual'])),
	sessionId: v.optional(id)
});

const rows = <T extends v.GenericSchema>(schema: T, max: number) =>
	v.pipe(v.array(schema), v.maxLength(max));

/** One record's schema per store, shared with the clinic server sync (every pulled document). */
export const rowSchemas = {
	participants: participantSchema,
	protocols: protocolSchema,
	sessions: sessionSchema,
	samples: sampleSchema,
	events: eventSchema,
	goals: goalSchema,
	hrvChecks: hrvCheckSchema,
	diary: diarySchema,
	hrMaxHistory: hrMaxHistorySchema
};

/** The whole backup file, validated before anything is written. */
export const backupSchema = v.strictObject({
	format: v.literal(BACKUP_FORMAT),
	version: v.literal(BACKUP_VERSION),
	exportedAt: time,
	stores: v.strictObject({
		participants: rows(participantSchema, MAX_PARTICIPANTS),
		straps: rows(strapSchema, 10_000),
		protocols: rows(protocolSchema, 10_000),
		sessions: rows(sessionSchema, MAX_SESSIONS),
		samples: rows(sampleSchema, 10_000_000),
		events: rows(eventSchema, 10_000_000),
		// Optional: backups made before goals existed restore as they are.
		goals: v.optional(rows(goalSchema, 100_000), []),
		// Added with schema v4; older files without them restore as empty.
		hrvChecks: v.optional(rows(hrvCheckSchema, 1_000_000), []),
		diary: v.optional(rows(diarySchema, 1_000_000), []),
		hrMaxHistory: v.optional(rows(hrMaxHistorySchema, 1_000_000), [])
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
export type Row<K extends keyof BackupFile['stores']> = BackupFile['stores'][K][number];
const schemaMatchesTypes: [
	SameKeys<Row<'participants'>, Participant>,
	SameKeys<Row<'straps'>, StrapRecord>,
	SameKeys<Row<'protocols'>, ProtocolRecord>,
	SameKeys<Row<'sessions'>, SessionRecord>,
	SameKeys<Row<'samples'>, SampleChunk>,
	SameKeys<Row<'events'>, SessionEvent>,
	SameKeys<Row<'goals'>, Goal>,
	SameKeys<Row<'hrvChecks'>, HrvCheckRecord>,
	SameKeys<Row<'diary'>, DiaryEntry>,
	SameKeys<Row<'hrMaxHistory'>, HrMaxHistoryEntry>
] = [true, true, true, true, true, true, true, true, true, true];
void schemaMatchesTypes;
