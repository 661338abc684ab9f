/**
 * Local records ↔ server documents. One document per record with a readable `_id`; a session
 * travels as its own document plus one readings document per participant (the device's merged
 * chunks) and one events document, all written once the session has ended (single writer).
 * Every pulled document is validated with the backup file's schemas before anything is written.
 */
import * as v from 'valibot';
import { decodeChunk, encodeTyped } from '$lib/db/backup';
import { rowSchemas } from '$lib/db/backup-schema';
import type { PulsklarDB } from '$lib/db/db';
import { eraseParticipant } from '$lib/db/erase';
import { mergeChunks, personSamples, sessionSamples } from '$lib/db/samples';
import type { SampleChunk, SessionRecord } from '$lib/db/types';
import { DOC_PREFIX, markRemote, newStamp, sessionDocId } from '$lib/db/outbox';
import { decodeClassDoc, decodeHubDoc, type ClassView, type HubView } from './class-docs';

/** A CouchDB document as this app writes it. */
export interface SyncDoc {
	_id: string;
	_rev?: string;
	_deleted?: boolean;
	type?: string;
	[field: string]: unknown;
}

/** Stores synced one record per document. */
export type RecordStore = keyof typeof DOC_PREFIX;
const RECORD_STORES = Object.keys(DOC_PREFIX) as RecordStore[];
const STORE_OF_PREFIX = new Map<string, RecordStore>(
	RECORD_STORES.map((store) => [DOC_PREFIX[store], store])
);

/** A document to send; `owner` is the participant it belongs to. */
export interface Outgoing {
	doc: SyncDoc;
	owner?: string;
}

/** What `buildDocs` found for one outbox entry. */
export type Built =
	/**
	 * The documents to send; `commit` runs once every one of them is on the server. `keep` leaves
	 * the entry in the outbox (a running session: its live documents now, the rest once it ends).
	 */
	| { kind: 'docs'; docs: Outgoing[]; commit?: () => Promise<void>; keep?: boolean }
	/** A session just ended and not yet merged: sent once merged, so the server gets it once. */
	| { kind: 'wait' };

/**
 * Session time per live document: one minute of one person [product choice: few documents, small
 * updates]. By time, not by chunk number: the recorder numbers chunks across the whole session.
 */
export const LIVE_BLOCK_MS = 60_000;
/** Most readings chunks a live document may hold (the sender merges its block into one). */
const MAX_LIVE_CHUNKS = 60;
/** Most live documents built for one round; a device back from offline catches up over rounds. */
export const MAX_LIVE_DOCS = 200;

/**
 * The live document of one person's block of a running session. The block comes before the
 * participant, whose id may hold colons (`sim:1`).
 */
export function liveDocId(sessionId: string, block: number, participantId: string): string {
	return `live:${sessionId}:${block}:${participantId}`;
}

function liveParts(docId: string): { sessionId: string; block: number; participantId: string } {
	const [, sessionId = '', block = '', ...participant] = docId.split(':');
	return { sessionId, block: Number(block), participantId: participant.join(':') };
}

function parseId(docId: string): { prefix: string; rest: string[] } {
	const [prefix = '', ...rest] = docId.split(':');
	return { prefix, rest };
}

/** Session and participant of a readings document; a participant id may hold colons (`sim:1`). */
function readingsParts(docId: string): { sessionId: string; participantId: string } {
	const [, sessionId = '', ...participant] = docId.split(':');
	return { sessionId, participantId: participant.join(':') };
}

function deletion(docId: string, owner?: string): Outgoing {
	return { doc: { _id: docId, _deleted: true }, owner };
}

/**
 * The documents to send for one outbox entry, read from the local database. `live` is what the
 * caller remembers of the running sessions' live documents between rounds (`LiveMemory`).
 */
export async function buildDocs(
	database: PulsklarDB,
	docId: string,
	device: string,
	live: LiveMemory = new LiveMemory()
): Promise<Built> {
	const { prefix, rest } = parseId(docId);
	const id = rest.join(':');
	if (prefix === 'session') return buildSession(database, id, device, live);
	if (prefix === 'readings') return buildHubCopy(database, docId);
	const store = STORE_OF_PREFIX.get(prefix);
	if (!store) return { kind: 'docs', docs: [] };
	const record = (await database[store].get(id)) as
		{ id: string; participantId?: string } | undefined;
	if (!record) {
		// Erasure reaches the server: the participant's own documents go with them.
		const docs = [deletion(docId)];
		if (store === 'participants') {
			const owned = await database.syncDocs.where('owner').equals(id).toArray();
			docs.push(...owned.map((s) => deletion(s.docId, id)));
		}
		return { kind: 'docs', docs };
	}
	const owner = store === 'participants' ? undefined : record.participantId;
	const losers = await keptVersions(database, docId);
	const doc: SyncDoc = { _id: docId, type: store, record };
	if (losers.length > 0) doc.losers = losers;
	return { kind: 'docs', docs: [{ doc, owner }] };
}

/** How long a just-ended session's send waits for its readings to be merged [product choice]. */
export const COMPACTION_WAIT_MS = 120_000;

/**
 * How long a display waits, after a class ends, for a hub to send its people's readings before
 * it sends its own copy of them (what it heard live) [product choice]. A hub normally sends
 * within a few minutes of the end (its own compaction wait, a Wi-Fi that comes back); one that
 * never does (a phone lost or wiped) would otherwise leave its people without readings on every
 * other device. A hub that comes back later still sends: the two documents merge.
 */
export const HUB_READINGS_WAIT_MS = 10 * 60_000;

/**
 * A display's copy of a hub person's readings (an outbox entry named after their readings
 * document, made once the display's session went out): nothing to send once the hub's document
 * has reached this device; the copy after HUB_READINGS_WAIT_MS; until then, a wait.
 */
async function buildHubCopy(database: PulsklarDB, docId: string, now = Date.now()): Promise<Built> {
	const { sessionId, participantId } = readingsParts(docId);
	const session = await database.sessions.get(sessionId);
	if (!session || session.hubOf || (await database.syncDocs.get(docId)))
		return { kind: 'docs', docs: [] };
	if (now < (session.endedAt ?? session.updatedAt) + HUB_READINGS_WAIT_MS) return { kind: 'wait' };
	const own = await personSamples(sessionId, participantId, database.samples).toArray();
	if (own.length === 0) return { kind: 'docs', docs: [] };
	return { kind: 'docs', docs: [readingsDoc(session, participantId, own)] };
}

function readingsDoc(session: SessionRecord, participantId: string, own: SampleChunk[]): Outgoing {
	return {
		doc: {
			_id: `readings:${session.id}:${participantId}`,
			type: 'samples',
			sessionId: session.id,
			participantId,
			updatedAt: session.updatedAt,
			chunks: own.map(encodeChunk)
		},
		owner: participantId
	};
}

async function buildSession(
	database: PulsklarDB,
	sessionId: string,
	device: string,
	live: LiveMemory,
	now = Date.now()
): Promise<Built> {
	const session = await database.sessions.get(sessionId);
	if (session?.status === 'running') return buildRunning(database, session, device, live);
	// Ended, merged or gone: its live documents are sent for the last time.
	live.forget(sessionId);
	const known = await database.syncDocs
		.where('docId')
		.startsWith(`readings:${sessionId}:`)
		.toArray();
	if (!session) {
		const docs: Outgoing[] = [deletion(`session:${sessionId}`), deletion(`events:${sessionId}`)];
		docs.push(...known.map((k) => deletion(k.docId, k.owner)));
		docs.push(...(await liveLeftovers(database, sessionId)));
		return { kind: 'docs' as const, docs, commit: () => forgetLive(database, sessionId) };
	}
	const chunks = await sessionSamples(sessionId, database.samples).toArray();
	const events = await database.events.where('sessionId').equals(sessionId).toArray();
	const byParticipant = new Map<string, SampleChunk[]>();
	for (const chunk of chunks) {
		const list = byParticipant.get(chunk.participantId) ?? [];
		list.push(chunk);
		byParticipant.set(chunk.participantId, list);
	}
	// Just ended and not yet merged into one chunk per person (tidy.ts, up to a minute on a long
	// class): wait, so the server stores the merged chunks once rather than every second's row.
	const ended = session.endedAt ?? session.updatedAt;
	if (chunks.length > byParticipant.size && now < ended + COMPACTION_WAIT_MS)
		return { kind: 'wait' as const };
	// A hub's copy of a display's class: the session and its events are the display's to send.
	const docs: Outgoing[] = session.hubOf
		? []
		: [
				{ doc: { _id: `session:${sessionId}`, type: 'sessions', device, record: session } },
				{
					doc: {
						_id: `events:${sessionId}`,
						type: 'events',
						sessionId,
						updatedAt: session.updatedAt,
						events
					}
				}
			];
	const remote = hubPeople(session);
	const readers = new Set(ownReaders(session));
	for (const [participantId, own] of byParticipant) {
		// A hub's person (the hub sends their readings), or on a hub someone else's.
		if (!readers.has(participantId)) continue;
		docs.push(readingsDoc(session, participantId, own));
	}
	// A display's copies of its hub people's readings, each sent later if their hub never does.
	const knownIds = new Set(known.map((k) => k.docId));
	const copies = session.hubOf
		? []
		: [...remote]
				.filter((participantId) => byParticipant.has(participantId))
				.map((participantId) => `readings:${sessionId}:${participantId}`)
				.filter((docId) => !knownIds.has(docId));
	// Someone erased from the session: their readings leave the server too.
	for (const k of known) {
		const { participantId } = readingsParts(k.docId);
		// A hub's person's readings are the hub's; on a hub, only its own people's are its.
		if (remote.has(participantId) || (session.hubOf && !readers.has(participantId))) continue;
		if (!byParticipant.has(participantId)) docs.push(deletion(k.docId, k.owner));
	}
	// The merged readings replace the live documents sent while the class ran.
	docs.push(...(await liveLeftovers(database, sessionId)));
	const commit = async () => {
		await forgetLive(database, sessionId);
		if (copies.length > 0)
			await database.outbox.bulkPut(copies.map((docId) => ({ docId, stamp: newStamp() })));
	};
	return { kind: 'docs' as const, docs, commit };
}

/** The people of a session whose strap was on a hub: the hub records and sends their readings. */
function hubPeople(session: SessionRecord): Set<string> {
	return new Set(session.participants.filter((p) => p.hub).map((p) => p.participantId));
}

/** The people whose readings this device sends: all but those a hub recorded for it. */
function ownReaders(session: SessionRecord): string[] {
	const remote = hubPeople(session);
	return session.participantIds.filter((id) => !remote.has(id));
}

/**
 * syncMeta key: per participant, the highest chunk `seq` already on the server in a live document,
 * and the block under way with its first chunk (so its document can be re-sent whole).
 */
const liveSentKey = (sessionId: string) => `live-sent:${sessionId}`;
type LiveSent = Record<string, { seq: number; block: number; from: number }>;

/** The minute of the session a chunk starts in. */
function blockOf(session: SessionRecord, chunk: SampleChunk): number {
	return Math.max(0, Math.floor((chunk.t0 - session.startedAt) / LIVE_BLOCK_MS));
}

/** Per person, the chunks of the minute under way that its live document last carried. */
interface LiveKept {
	block: number;
	/** `seq` of the first and last of them: a `LiveSent` entry's `from` and `seq`. */
	from: number;
	seq: number;
	chunks: SampleChunk[];
}

/**
 * What a sync engine remembers of the running sessions' live documents between rounds: per
 * person, the stored chunks its minute under way was last sent with, so a round reads only the
 * chunks stored since instead of the whole minute again (twice a second with 30 people, it was
 * most of a round's reading). Only a shortcut: the syncMeta checkpoint of what was sent stays the
 * source of truth. A person's kept chunks are used only when they are that checkpoint's
 * (`block`, `from`, `seq`) and the store still holds exactly those chunks in that range, by id
 * (chunk rows are written once and never changed: compaction and pulled readings write new
 * rows); otherwise, and after a restart (an empty memory), the minute is read from the store.
 */
export class LiveMemory {
	readonly #sessions = new Map<string, Map<string, LiveKept>>();
	/**
	 * Per session, the revision of each of its live documents as this device last wrote it (the
	 * same as in `syncDocs`, written at the same time), so a round need not read them back.
	 */
	readonly #revs = new Map<string, Map<string, string>>();

	kept(sessionId: string, participantId: string, sent: LiveSent[string] | undefined) {
		const kept = this.#sessions.get(sessionId)?.get(participantId);
		if (!sent || !kept) return undefined;
		return kept.block === sent.block && kept.from === sent.from && kept.seq === sent.seq
			? kept
			: undefined;
	}

	keep(sessionId: string, participantId: string, kept: LiveKept): void {
		let people = this.#sessions.get(sessionId);
		if (!people) this.#sessions.set(sessionId, (people = new Map()));
		people.set(participantId, kept);
	}

	/** The revision this device last wrote of a live document, if it remembers one. */
	rev(docId: string): string | undefined {
		if (!docId.startsWith('live:')) return undefined;
		return this.#revs.get(liveParts(docId).sessionId)?.get(docId);
	}

	/** Remembers the revision just stored for a live document, or forgets it (`undefined`). */
	setRev(docId: string, rev: string | undefined): void {
		if (!docId.startsWith('live:')) return;
		const { sessionId } = liveParts(docId);
		let revs = this.#revs.get(sessionId);
		if (rev === undefined) revs?.delete(docId);
		else {
			if (!revs) this.#revs.set(sessionId, (revs = new Map()));
			revs.set(docId, rev);
		}
	}

	forget(sessionId: string): void {
		this.#sessions.delete(sessionId);
		this.#revs.delete(sessionId);
	}
}

/** Whether `chunks` are the rows with these primary keys, in this order. */
function sameRows(chunks: readonly SampleChunk[], ids: readonly unknown[]): boolean {
	return chunks.length === ids.length && chunks.every((c, i) => c.id === ids[i]);
}

/**
 * A running session's readings, within seconds of being stored: for each person, the minutes
 * that gained chunks since the last send, one live document per minute (re-sent whole as it
 * fills). Store-and-forward falls out of it: a device that was offline sends every minute it missed.
 */
async function buildRunning(
	database: PulsklarDB,
	session: SessionRecord,
	device: string,
	live: LiveMemory
): Promise<Built> {
	const raw = (await database.syncMeta.get(liveSentKey(session.id)))?.value;
	const sent = raw ? (JSON.parse(raw) as LiveSent) : {};
	const next: LiveSent = { ...sent };
	const docs: Outgoing[] = [];
	const range = (participantId: string, from: number, to: number, open: boolean) =>
		database.samples
			.where('[sessionId+participantId+seq]')
			.between([session.id, participantId, from], [session.id, participantId, to], !open, true);
	/**
	 * A person's chunks stored since the last send (`fresh`), and the minute under way's chunks
	 * sent before (`before`: those from `from` to `seq` of the checkpoint).
	 */
	const readPerson = async (participantId: string) => {
		const was = sent[participantId];
		const kept = live.kept(session.id, participantId, was);
		if (was && kept) {
			const [fresh, ids] = await Promise.all([
				range(participantId, was.seq, Infinity, true).toArray(),
				range(participantId, was.from, was.seq, false).primaryKeys()
			]);
			if (sameRows(kept.chunks, ids)) return { was, fresh, before: kept.chunks };
		}
		if (!was) return { was, fresh: await range(participantId, -1, Infinity, true).toArray() };
		// The minute under way from its first chunk, and what came since, in one read; its chunks
		// sent before are kept from now on (a restart, or the store changed under the memory).
		const all = await range(participantId, was.from, Infinity, false).toArray();
		let split = all.findIndex((c) => c.seq > was.seq);
		if (split < 0) split = all.length;
		const before = all.slice(0, split);
		live.keep(session.id, participantId, { ...was, chunks: before });
		return { was, fresh: all.slice(split), before };
	};
	// Every person's reads in one transaction (they were two a person, each its own).
	const people = ownReaders(session);
	const reads = await database.transaction('r', database.samples, () =>
		Promise.all(people.map(readPerson))
	);
	const keep = new Map<string, LiveKept>();
	for (const [i, participantId] of people.entries()) {
		const { was, fresh, before = [] } = reads[i]!;
		if (fresh.length === 0) continue;
		// The minute under way also holds chunks sent before: its document is re-sent whole.
		const earlier =
			was && blockOf(session, fresh[0]!) === was.block ? [...before, ...fresh] : fresh;
		const byBlock = new Map<number, SampleChunk[]>();
		for (const chunk of earlier) {
			const block = blockOf(session, chunk);
			const list = byBlock.get(block);
			if (list) list.push(chunk);
			else byBlock.set(block, [chunk]);
		}
		for (const [block, chunks] of byBlock) {
			if (docs.length >= MAX_LIVE_DOCS) break;
			// One chunk for the minute: a tenth of the bytes of its one-second rows, sent each round.
			const merged = mergeChunks(session.id, participantId, chunks[0]!.seq, chunks);
			docs.push({
				doc: {
					_id: liveDocId(session.id, block, participantId),
					type: 'live',
					sessionId: session.id,
					participantId,
					block,
					device,
					chunks: [encodeChunk(merged)]
				},
				owner: participantId
			});
			next[participantId] = { seq: chunks.at(-1)!.seq, block, from: chunks[0]!.seq };
		}
		const now = next[participantId];
		if (now && now !== was) {
			// The stored rows from `from` to `seq`, as the next round's range read would find them.
			const rows = earlier.filter((c) => c.seq >= now.from && c.seq <= now.seq);
			keep.set(participantId, { ...now, chunks: rows });
		}
	}
	const commit = async () => {
		await database.syncMeta.put({ key: liveSentKey(session.id), value: JSON.stringify(next) });
		for (const [participantId, kept] of keep) live.keep(session.id, participantId, kept);
	};
	return { kind: 'docs', docs, commit, keep: true };
}

/** Deletions of a session's live documents still on the server. */
async function liveLeftovers(database: PulsklarDB, sessionId: string): Promise<Outgoing[]> {
	const live = await database.syncDocs.where('docId').startsWith(`live:${sessionId}:`).toArray();
	return live.map((k) => deletion(k.docId, k.owner));
}

/** Once they are deleted on the server, the device forgets its live documents. */
async function forgetLive(database: PulsklarDB, sessionId: string): Promise<void> {
	await database.syncMeta.delete(liveSentKey(sessionId));
	await database.syncDocs.where('docId').startsWith(`live:${sessionId}:`).delete();
}

function encodeChunk(c: SampleChunk) {
	return {
		...c,
		offsets: encodeTyped(c.offsets),
		bpm: encodeTyped(c.bpm),
		contact: encodeTyped(c.contact),
		rr: encodeTyped(c.rr),
		rrCount: encodeTyped(c.rrCount)
	};
}

/** Most losing versions kept per record [product choice: enough to see what was overwritten]. */
export const MAX_LOSERS = 10;

/**
 * Whether two records hold the same content, whatever the order of their keys: one record
 * written by two code paths (a form's spread, the schema's parse) must compare equal, or a
 * device's own write coming back would count as a conflict with itself.
 */
export function sameContent(a: unknown, b: unknown): boolean {
	return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
			: v
	);
}

/** Versions of a record that lost a conflict, oldest first, each once; kept so nobody's edit vanishes. */
export async function keptVersions(database: PulsklarDB, docId: string): Promise<unknown[]> {
	const raw = (await database.syncMeta.get(`losers:${docId}`))?.value;
	return raw ? distinct(JSON.parse(raw) as unknown[]) : [];
}

function distinct(versions: readonly unknown[], without?: unknown): unknown[] {
	const seen = new Set<string>(without === undefined ? [] : [canonical(without)]);
	return versions.filter((r) => {
		const key = canonical(r);
		return seen.has(key) ? false : (seen.add(key), true);
	});
}

/**
 * Keeps losing versions of a record (validated records only), the newest `MAX_LOSERS`, each
 * once; a version equal to `winner` (the record as it now stands) is no loser and is left out.
 */
export async function keepVersions(
	database: PulsklarDB,
	docId: string,
	losers: readonly unknown[],
	winner?: unknown
): Promise<void> {
	if (losers.length === 0) return;
	const all = distinct([...(await keptVersions(database, docId)), ...losers], winner);
	const value = JSON.stringify(all.slice(-MAX_LOSERS));
	await database.syncMeta.put({ key: `losers:${docId}`, value });
}

/** The `updatedAt` a document carries, for "the later one wins". */
export function docUpdatedAt(doc: SyncDoc): number {
	const record = doc.record as { updatedAt?: unknown } | undefined;
	const at = record?.updatedAt ?? doc.updatedAt;
	return typeof at === 'number' ? at : 0;
}

const chunksDoc = v.object({
	sessionId: v.string(),
	participantId: v.string(),
	chunks: v.pipe(v.array(rowSchemas.samples), v.maxLength(100_000))
});
const eventsDoc = v.object({
	sessionId: v.string(),
	events: v.pipe(v.array(rowSchemas.events), v.maxLength(1_000_000))
});

const liveDoc = v.object({
	sessionId: v.string(),
	participantId: v.string(),
	block: v.pipe(v.number(), v.integer(), v.minValue(0)),
	device: v.optional(v.pipe(v.string(), v.maxLength(200))),
	chunks: v.pipe(v.array(rowSchemas.samples), v.maxLength(MAX_LIVE_CHUNKS))
});

/** One person's block of a running session's readings, as another device sent it. */
export interface LiveReadings {
	sessionId: string;
	participantId: string;
	block: number;
	/** The recording device's name. */
	device?: string;
	chunks: SampleChunk[];
}

/** A pulled document checked and decoded, ready to write; or null when it cannot be trusted. */
export type Decoded =
	| {
			kind: 'record';
			store: RecordStore | 'sessions';
			record: { id: string; updatedAt: number };
			losers: unknown[];
	  }
	| { kind: 'readings'; sessionId: string; participantId: string; chunks: SampleChunk[] }
	| { kind: 'events'; sessionId: string; events: v.InferOutput<typeof rowSchemas.events>[] }
	| ClassPart
	| { kind: 'deleted'; prefix: string; rest: string[] };

/** A running class's view: heard by the devices taking part, never written locally. */
export type ClassPart = ({ kind: 'live' } & LiveReadings) | ClassView | HubView;

/** A document's chunks decoded, or null when one is someone else's or cannot be read. */
function ownChunks(
	rows: v.InferOutput<typeof rowSchemas.samples>[],
	sessionId: string,
	participantId: string
): SampleChunk[] | null {
	const chunks: SampleChunk[] = [];
	for (const [i, row] of rows.entries()) {
		if (row.sessionId !== sessionId || row.participantId !== participantId) return null;
		const decoded = decodeChunk(row, `chunks.${i}`);
		if (!decoded.ok) return null;
		chunks.push(decoded.value);
	}
	return chunks;
}

/** Validates one pulled document against the backup schemas and its own `_id`. */
export function decodeDoc(doc: SyncDoc): Decoded | null {
	if (typeof doc._id !== 'string') return null;
	const { prefix, rest } = parseId(doc._id);
	if (doc._deleted) return { kind: 'deleted', prefix, rest };
	const { record, ...envelope } = doc;
	if (prefix === 'session' || STORE_OF_PREFIX.has(prefix)) {
		const store = prefix === 'session' ? 'sessions' : STORE_OF_PREFIX.get(prefix)!;
		const parsed = v.safeParse(rowSchemas[store], record);
		// The id inside must be the id in the name, or one document could overwrite another record.
		if (!parsed.success || parsed.output.id !== rest.join(':')) return null;
		const losers = v.safeParse(
			v.optional(v.pipe(v.array(rowSchemas[store]), v.maxLength(MAX_LOSERS)), []),
			envelope.losers
		);
		if (!losers.success) return null;
		return { kind: 'record', store, record: parsed.output, losers: losers.output };
	}
	if (prefix === 'readings') {
		const parsed = v.safeParse(chunksDoc, envelope);
		if (!parsed.success) return null;
		const { sessionId, participantId } = parsed.output;
		const named = readingsParts(doc._id);
		if (named.sessionId !== sessionId || named.participantId !== participantId) return null;
		const chunks = ownChunks(parsed.output.chunks, sessionId, participantId);
		if (!chunks) return null;
		return { kind: 'readings', sessionId, participantId, chunks };
	}
	if (prefix === 'class') return decodeClassDoc(doc._id, doc);
	if (prefix === 'hub') return decodeHubDoc(doc._id, doc);
	if (prefix === 'live') {
		const parsed = v.safeParse(liveDoc, envelope);
		if (!parsed.success) return null;
		const { sessionId, participantId, block, device } = parsed.output;
		const named = liveParts(doc._id);
		if (named.sessionId !== sessionId || named.participantId !== participantId) return null;
		if (named.block !== block) return null;
		const chunks = ownChunks(parsed.output.chunks, sessionId, participantId);
		if (!chunks) return null;
		return { kind: 'live', sessionId, participantId, block, device, chunks };
	}
	if (prefix === 'events') {
		const parsed = v.safeParse(eventsDoc, envelope);
		if (!parsed.success || rest[0] !== parsed.output.sessionId) return null;
		if (parsed.output.events.some((e) => e.sessionId !== rest[0])) return null;
		return { kind: 'events', sessionId: parsed.output.sessionId, events: parsed.output.events };
	}
	return null;
}

/**
 * Writes one decoded document, in a transaction whose writes do not go back into the outbox.
 * A local record changed later than the pulled one stays (it is in the outbox and wins on send).
 * Returns false when the local version was kept.
 */
export async function applyDoc(database: PulsklarDB, decoded: Decoded): Promise<boolean> {
	// The outbox is read (whether this device has a session's readings still to send), never
	// written: the transaction is marked remote.
	const tables = database.tables.filter((t) => !['syncDocs', 'syncMeta'].includes(t.name));
	return database.transaction('rw', tables, async (tx) => {
		markRemote(tx.idbtrans);
		switch (decoded.kind) {
			case 'record': {
				const table = database[decoded.store] as unknown as PulsklarDB['participants'];
				const local = (await table.get(decoded.record.id)) as
					{ updatedAt: number; hubOf?: string } | undefined;
				// A hub's copy of a class stays as the hub recorded it when the display's session
				// arrives: taking the display's people would make this device send their readings.
				if (local?.hubOf && !(decoded.record as { hubOf?: string }).hubOf) return false;
				if (local && local.updatedAt > decoded.record.updatedAt) return false;
				await table.put(decoded.record as never);
				// Summaries are derived: recomputed from the pulled session when it is opened.
				if (decoded.store === 'sessions') await database.summaries.delete(decoded.record.id);
				return true;
			}
			case 'readings': {
				const { sessionId, participantId } = decoded;
				const rows = personSamples(sessionId, participantId, database.samples);
				if (await keepsOwnReadings(database, decoded, await rows.toArray())) return false;
				await rows.delete();
				await database.samples.bulkPut(decoded.chunks);
				await database.summaries.delete(sessionId);
				return true;
			}
			case 'events': {
				await database.events.where('sessionId').equals(decoded.sessionId).delete();
				await database.events.bulkPut(decoded.events);
				await database.summaries.delete(decoded.sessionId);
				return true;
			}
			case 'live':
			case 'class':
			case 'hub':
				return true; // a running class's view, never stored
			case 'deleted':
				await applyDeletion(database, decoded.prefix, decoded.rest);
				return true;
		}
	});
}

/**
 * Whether a pulled readings document must not replace this device's readings of that person: it
 * sends them itself, has not sent them yet (the session's outbox entry: a class still running,
 * or ended and not yet sent), and the document lacks some of them. That is one person recorded
 * on two devices (a strap moved from one hub to another mid-class, the other hub ending first).
 * Both stretches meet when this device sends: on the server's revision, which it does not take
 * from this document, the send is a conflict, and a conflict of readings merges them
 * (`SyncEngine.resolveConflict`). Otherwise the server's document is the person's readings.
 */
async function keepsOwnReadings(
	database: PulsklarDB,
	pulled: Extract<Decoded, { kind: 'readings' }>,
	local: SampleChunk[]
): Promise<boolean> {
	if (local.length === 0) return false;
	const session = await database.sessions.get(pulled.sessionId);
	if (!session || !ownReaders(session).includes(pulled.participantId)) return false;
	if (!(await database.outbox.get(sessionDocId(pulled.sessionId)))) return false;
	const instants = (chunk: SampleChunk) => Array.from(chunk.offsets, (o) => chunk.t0 + o);
	const theirs = new Set(pulled.chunks.flatMap(instants));
	return local.some((chunk) => instants(chunk).some((at) => !theirs.has(at)));
}

async function applyDeletion(database: PulsklarDB, prefix: string, rest: string[]) {
	const id = rest.join(':');
	if (prefix === 'participant') {
		if (await database.participants.get(id)) await eraseParticipant(id, database);
	} else if (prefix === 'session') {
		await sessionSamples(id, database.samples).delete();
		await database.events.where('sessionId').equals(id).delete();
		await database.summaries.delete(id);
		await database.sessions.delete(id);
	} else if (prefix === 'readings') {
		const { sessionId, participantId } = readingsParts(`readings:${id}`);
		await personSamples(sessionId, participantId, database.samples).delete();
	} else {
		const store = STORE_OF_PREFIX.get(prefix);
		if (store) await database[store].delete(id);
	}
}

/** Every synced record's document id: what a device sends when it first connects. */
export async function allDocIds(database: PulsklarDB): Promise<string[]> {
	const ids: string[] = [];
	for (const store of RECORD_STORES) {
		const keys = await database[store].toCollection().primaryKeys();
		ids.push(...keys.map((k) => `${DOC_PREFIX[store]}:${String(k)}`));
	}
	const sessions = await database.sessions.toCollection().primaryKeys();
	ids.push(...sessions.map((k) => `session:${String(k)}`));
	return ids;
}
