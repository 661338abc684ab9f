/**
 * One round of sync with the clinic's CouchDB through its documented endpoints: `_session` to sign
 * in, `_bulk_docs` to send the outbox, `_changes` to fetch what other devices wrote, with the
 * checkpoint kept on the device so a restart resumes where it stopped. Plain TypeScript: the
 * status a screen shows lives in `sync.svelte.ts`, which calls these on its own schedule.
 */
import type { Table } from 'dexie';
import type { PulsklarDB } from '$lib/db/db';
import {
	allDocIds,
	applyDoc,
	buildDocs,
	decodeDoc,
	docUpdatedAt,
	keepVersions,
	LiveMemory,
	sameContent,
	type ClassPart,
	type Decoded,
	type Outgoing,
	type SyncDoc
} from './documents';
import type { ClassView } from './class-docs';
import { newStamp, type SyncDocState } from '$lib/db/outbox';
import { fromChunk, toChunk } from '$lib/db/samples';
import type { HeartRateReading } from '$lib/workout';
import { REQUEST_TIMEOUT_MS, requestJson, serverRoot, SyncError, type Fetch } from './http';

/** Prefixes of a running class's view documents (never stored as records). */
const VIEW_PREFIXES = new Set(['live', 'class', 'hub']);

/** Documents sent per `_bulk_docs` request and changes read per `_changes` request. */
const OUTBOX_BATCH = 50;
const CHANGES_BATCH = 100;

/** What a round did. */
export interface RoundResult {
	sent: number;
	received: number;
	/** Pulled documents that failed validation and were skipped. */
	invalid: number;
}

interface BulkResult {
	id: string;
	rev?: string;
	error?: string;
}

interface Change {
	id: string;
	deleted?: boolean;
	doc?: SyncDoc;
	changes?: { rev: string }[];
}

/** Sync against one clinic database, for one local database. */
export class SyncEngine {
	constructor(
		private readonly database: PulsklarDB,
		/** The database's absolute URL (same origin, checked by the caller). */
		private readonly dbUrl: URL,
		private readonly device: string,
		private readonly fetchFn: Fetch = (...args) => fetch(...args)
	) {}

	/** Whether the last send held a running session (its readings go out every round). */
	live = false;

	/** Hears running classes' views: live readings, classes, hubs (never stored here). */
	onView: ((view: ClassPart) => void) | null = null;
	/** Revisions of the view documents this device wrote (its class or its hub). */
	readonly #viewRevs = new Map<string, string>();
	/** The running sessions' live documents as last sent, so a round reads only what is new. */
	readonly #live = new LiveMemory();

	/**
	 * Writes a view document (this display's class, this hub's heartbeat) now, not through the
	 * outbox: it is the device's current state, and a newer write replaces it.
	 */
	async putView(doc: SyncDoc): Promise<void> {
		const url = `${this.base}/${encodeURIComponent(doc._id)}`;
		for (let attempt = 0; ; attempt++) {
			const rev = this.#viewRevs.get(doc._id);
			try {
				const result = (await requestJson(this.fetchFn, url, {
					method: 'PUT',
					body: JSON.stringify(rev ? { ...doc, _rev: rev } : doc)
				})) as { rev?: string };
				if (result.rev) this.#viewRevs.set(doc._id, result.rev);
				return;
			} catch (error) {
				// Written before this page knew its revision (a reload): take the server's, once.
				if (!(error instanceof SyncError && error.status === 409) || attempt > 0) throw error;
				const current = (await requestJson(this.fetchFn, url).catch(() => null)) as {
					_rev?: string;
				} | null;
				if (current?._rev) this.#viewRevs.set(doc._id, current._rev);
				else this.#viewRevs.delete(doc._id);
			}
		}
	}

	/**
	 * The classes displays have opened to hubs, validated: open ones, and ended ones (so a hub
	 * typing an old code is told the class has ended). Few documents: one per class.
	 */
	async classes(): Promise<ClassView[]> {
		const range = `startkey=${encodeURIComponent('"class:"')}&endkey=${encodeURIComponent('"class:\ufff0"')}`;
		const all = (await requestJson(
			this.fetchFn,
			`${this.base}/_all_docs?include_docs=true&${range}`
		)) as {
			rows?: { doc?: SyncDoc }[];
		};
		const classes: ClassView[] = [];
		for (const row of Array.isArray(all.rows) ? all.rows : []) {
			const decoded = row.doc ? decodeDoc(row.doc) : null;
			if (decoded?.kind === 'class') classes.push(decoded);
		}
		return classes;
	}

	private get base(): string {
		return this.dbUrl.href;
	}

	/** Signs in: the password goes to `_session` once; the browser keeps only the cookie. */
	async signIn(name: string, password: string): Promise<void> {
		await requestJson(this.fetchFn, `${serverRoot(this.dbUrl)}/_session`, {
			method: 'POST',
			body: JSON.stringify({ name, password }),
			login: true
		});
		// A member can read the database's info; a missing database is never created from here.
		try {
			await requestJson(this.fetchFn, this.base);
		} catch (error) {
			// Signed in a moment ago, so a 401 here means not a member (pouchdb-server's answer).
			if (error instanceof SyncError && error.problem === 'signed-out')
				throw new SyncError('forbidden', 401);
			throw error;
		}
	}

	/** Ends the server session (best effort: the device forgets the cookie either way). */
	async signOut(): Promise<void> {
		await requestJson(this.fetchFn, `${serverRoot(this.dbUrl)}/_session`, { method: 'DELETE' });
	}

	/** Puts every synced record into the outbox: a device's first connection sends all it has. */
	async enqueueAll(): Promise<void> {
		const ids = await allDocIds(this.database);
		await this.database.outbox.bulkPut(ids.map((docId) => ({ docId, stamp: newStamp() })));
	}

	/** Pulled documents skipped as unreadable since connecting (kept across reloads). */
	async invalidCount(): Promise<number> {
		return Number((await this.database.syncMeta.get('invalid'))?.value ?? 0);
	}

	async #countInvalid(more: number): Promise<void> {
		const total = (await this.invalidCount()) + more;
		await this.database.syncMeta.put({ key: 'invalid', value: String(total) });
	}

	/** Local changes not yet on the server. */
	pending(): Promise<number> {
		return this.database.outbox.count();
	}

	/**
	 * Sends the outbox (unless `send` is false), then fetches the server's changes. With `wait`,
	 * the fetch waits on the server up to that long for a change when there is none yet
	 * (`feed=longpoll`), so a class's views arrive as they are written, not at the next round;
	 * `signal` cuts that wait short, and `onSent` hears that the sending is over before it.
	 */
	async round(
		options: PullOptions & { send?: boolean; onSent?: () => Promise<void> } = {}
	): Promise<RoundResult> {
		const sent = options.send === false ? 0 : await this.push();
		await options.onSent?.();
		const { received, invalid } = await this.pull(options);
		return { sent, received, invalid };
	}

	/**
	 * Sends outbox entries until only waiting ones are left. A running session's entry stays (its
	 * live documents go now, the rest once it ends); each entry is built at most once per call.
	 */
	async push(): Promise<number> {
		let sent = 0;
		const skip = new Set<string>();
		this.live = false;
		for (;;) {
			const entries = (await this.database.outbox.toArray())
				.filter((e) => !skip.has(e.docId))
				.slice(0, OUTBOX_BATCH);
			if (entries.length === 0) return sent;
			const docs: (Outgoing & { entry: string })[] = [];
			const built = new Map<string, Awaited<ReturnType<typeof buildDocs>>>();
			for (const entry of entries) {
				const one = await buildDocs(this.database, entry.docId, this.device, this.#live);
				built.set(entry.docId, one);
				if (one.kind === 'wait') skip.add(entry.docId);
				else docs.push(...one.docs.map((d) => ({ ...d, entry: entry.docId })));
			}
			const failed = await this.send(docs);
			sent += docs.filter((d) => !failed.has(d.entry)).length;
			for (const entry of entries) {
				const one = built.get(entry.docId);
				if (one?.kind !== 'docs' || failed.has(entry.docId)) continue;
				await one.commit?.();
				if (one.keep) {
					skip.add(entry.docId);
					this.live = true;
				}
			}
			// An entry is done when all its documents went through and nothing changed it meanwhile.
			const done: typeof entries = [];
			for (const entry of entries) {
				if (skip.has(entry.docId)) continue;
				if (failed.has(entry.docId)) skip.add(entry.docId);
				else done.push(entry);
			}
			// None while only a running session waits (every round of a class): no transaction.
			if (done.length === 0) continue;
			await this.database.transaction('rw', this.database.outbox, async () => {
				for (const entry of done) {
					const now = await this.database.outbox.get(entry.docId);
					if (now?.stamp === entry.stamp) await this.database.outbox.delete(entry.docId);
				}
			});
		}
	}

	/** Writes documents with `_bulk_docs`; returns the outbox entries that must be tried again. */
	private async send(docs: (Outgoing & { entry: string })[]): Promise<Set<string>> {
		const failed = new Set<string>();
		if (docs.length === 0) return failed;
		const known = await this.#knownRevs(docs.map((d) => d.doc._id));
		const out: SyncDoc[] = [];
		const sendable: typeof docs = [];
		docs.forEach((d) => {
			const rev = known.get(d.doc._id);
			// A deletion of a document the server never had from us needs no request.
			if (d.doc._deleted && !rev) return;
			out.push(rev ? { ...d.doc, _rev: rev } : d.doc);
			sendable.push(d);
		});
		if (out.length === 0) return failed;
		const results = (await requestJson(this.fetchFn, `${this.base}/_bulk_docs`, {
			method: 'POST',
			body: JSON.stringify({ docs: out })
		})) as BulkResult[];
		// Matched by id, not by position: a result that cannot be matched leaves its entry to retry.
		const byId = new Map(sendable.map((d) => [d.doc._id, d]));
		const answered = new Set<string>();
		const written: SyncDocState[] = [];
		const refused: { d: (typeof docs)[number]; error?: string }[] = [];
		for (const result of results) {
			const d = byId.get(String(result.id));
			if (!d) continue;
			answered.add(d.doc._id);
			if (result.rev) written.push({ docId: d.doc._id, rev: result.rev, owner: d.owner });
			else refused.push({ d, error: result.error });
		}
		// Every new revision in one transaction (a round of a class of 30 wrote 30 one by one),
		// in the answer's order, before any conflict is looked into.
		if (written.length > 0) await this.database.syncDocs.bulkPut(written);
		for (const { docId, rev } of written)
			this.#live.setRev(docId, byId.get(docId)?.doc._deleted ? undefined : rev);
		for (const { d, error } of refused) {
			if (error === 'conflict') {
				if (!(await this.resolveConflict(d.doc))) failed.add(d.entry);
			} else {
				failed.add(d.entry);
			}
		}
		for (const d of sendable) if (!answered.has(d.doc._id)) failed.add(d.entry);
		return failed;
	}

	/**
	 * The revisions this device knows of some documents: its running sessions' live documents from
	 * memory (their revisions as it last stored them), the rest read at once from `syncDocs`.
	 */
	async #knownRevs(ids: string[]): Promise<Map<string, string>> {
		const revs = new Map<string, string>();
		const unread: string[] = [];
		for (const id of ids) {
			const rev = this.#live.rev(id);
			if (rev === undefined) unread.push(id);
			else revs.set(id, rev);
		}
		if (unread.length === 0) return revs;
		for (const state of await this.database.syncDocs.bulkGet(unread))
			if (state) revs.set(state.docId, state.rev);
		return revs;
	}

	/**
	 * Another device wrote the document since this one last saw it. The later `updatedAt` wins on
	 * every device; the server's version is taken on a tie. Returns true when settled (the server's
	 * version won and is now local); false when ours must be sent again on its current revision.
	 */
	private async resolveConflict(ours: SyncDoc): Promise<boolean> {
		let theirs: SyncDoc;
		try {
			theirs = (await requestJson(
				this.fetchFn,
				`${this.base}/${encodeURIComponent(ours._id)}`
			)) as SyncDoc;
		} catch (error) {
			// Not there (a 404 for a deleted document): a deletion that already happened is done.
			if (error instanceof SyncError && error.problem === 'no-database') return !!ours._deleted;
			throw error;
		}
		const rev = String(theirs._rev);
		const known = await this.database.syncDocs.get(ours._id);
		await this.database.syncDocs.put({ docId: ours._id, rev, owner: known?.owner });
		this.#live.setRev(ours._id, undefined); // read from syncDocs from now on
		const decoded = decodeDoc(theirs);
		// A live document has one writer, this device: an earlier send went through although its
		// answer never came (a timeout), so ours goes again on the server's revision.
		if (decoded?.kind === 'live') return false;
		// One person's readings from two devices (their strap moved from one hub to another
		// mid-class): neither stretch may be lost, so both become one, here and on the server.
		const mine = ours._deleted ? null : decodeDoc(ours);
		if (decoded?.kind === 'readings' && mine?.kind === 'readings') {
			const merged = mergeReadings(decoded, mine);
			await applyDoc(this.database, merged);
			// Nothing of ours was missing there: settled. Otherwise the union goes again.
			return merged.chunks[0]!.offsets.length === countReadings(decoded);
		}
		if (ours._deleted || !decoded || decoded.kind !== 'record') {
			// Deletions, and single-writer documents (sessions, readings): the server's copy stands,
			// and a deletion is sent again on its current revision.
			if (decoded && !ours._deleted) await applyDoc(this.database, decoded);
			return !ours._deleted;
		}
		// The same record on both sides: nothing to resolve. A device connecting again, or this
		// device's own send whose answer was lost (the network dropped as it came back).
		if (sameContent(ours.record, decoded.record)) {
			await keepVersions(this.database, ours._id, decoded.losers, decoded.record);
			return true;
		}
		// Both versions are kept: the winner as the record, the loser beside it on every device.
		const oursWin = docUpdatedAt(ours) > docUpdatedAt(theirs);
		const loser = oursWin ? decoded.record : ours.record;
		const winner = oursWin ? ours.record : decoded.record;
		await keepVersions(this.database, ours._id, [...decoded.losers, loser], winner);
		if (!oursWin) await applyDoc(this.database, decoded);
		// Sent again on the server's revision, now carrying the kept versions.
		return false;
	}

	/** The local record behind an outbox entry not yet sent, which a pulled version may meet. */
	async #unsentRecord(
		docId: string,
		decoded: Decoded
	): Promise<Record<string, unknown> | undefined> {
		// Sessions have one writer each; edits on two devices meet only in the other records.
		if (decoded.kind !== 'record' || decoded.store === 'sessions') return undefined;
		if (!(await this.database.outbox.get(docId))) return undefined;
		const table = this.database[decoded.store] as unknown as Table<Record<string, unknown>, string>;
		return table.get(decoded.record.id);
	}

	/**
	 * Keeps what a pulled record replaced, or what replaced it. An edit made here and not yet sent
	 * (made while the round was under way) that meets a later one from the server is kept as a
	 * losing version, as a conflict on sending would; a pulled edit older than the one waiting
	 * here is kept in its turn, since ours now goes out on its revision without a conflict.
	 */
	async #keepPulled(
		docId: string,
		decoded: Extract<Decoded, { kind: 'record' }>,
		unsent: Record<string, unknown> | undefined,
		applied: boolean
	): Promise<void> {
		const losers = [...decoded.losers];
		const differs = unsent !== undefined && !sameContent(unsent, decoded.record);
		if (differs && applied) losers.push(unsent);
		else if (differs && Number(unsent.updatedAt) > decoded.record.updatedAt)
			losers.push(decoded.record);
		await keepVersions(this.database, docId, losers, applied ? decoded.record : unsent);
	}

	/** Fetches the server's changes since the checkpoint, validating each before writing it. */
	async pull({ wait, signal }: PullOptions = {}): Promise<{ received: number; invalid: number }> {
		let received = 0;
		let invalid = 0;
		let invalidTotal = 0;
		let first = true;
		for (;;) {
			const since = (await this.database.syncMeta.get('since'))?.value ?? '0';
			// Only the first page waits: a later one is asked for because there is more.
			const longpoll = first && wait !== undefined && wait > 0 && !signal?.aborted;
			first = false;
			const url =
				`${this.base}/_changes?include_docs=true&limit=${CHANGES_BATCH}` +
				`&since=${encodeURIComponent(since)}` +
				(longpoll ? `&feed=longpoll&timeout=${wait}` : '');
			let feed: { results?: Change[]; last_seq?: unknown };
			try {
				feed = (await requestJson(
					this.fetchFn,
					url,
					longpoll ? { signal } : {},
					longpoll ? wait + REQUEST_TIMEOUT_MS : undefined
				)) as typeof feed;
			} catch (error) {
				// The wait was cut short on purpose (something to send): nothing was missed.
				if (longpoll && signal?.aborted) return { received, invalid: invalidTotal };
				throw error;
			}
			const results = Array.isArray(feed.results) ? feed.results : [];
			const docs = results.map(
				(change) => change.doc ?? { _id: change.id, _deleted: change.deleted }
			);
			// The revisions this device knows of the page's documents, read at once: in a class most
			// of a page is this device's own writes coming back (30 a second with 30 people).
			const knownRevs = await this.#knownRevs(docs.map((doc) => String(doc._id)));
			for (const [i, change] of results.entries()) {
				const doc = docs[i]!;
				const rev = String(doc._rev ?? change.changes?.[0]?.rev ?? '');
				if (knownRevs.get(String(doc._id)) === rev) continue; // our own write coming back
				const decoded = decodeDoc(doc);
				if (!decoded) {
					invalid++;
					continue;
				}
				// A running class's view is heard, not stored, and not tracked (thousands of live
				// documents per class); their deletion once the class is merged needs nothing here.
				if (decoded.kind === 'live' || decoded.kind === 'class' || decoded.kind === 'hub') {
					if (this.#viewRevs.get(String(doc._id)) !== rev) this.onView?.(decoded);
					continue;
				}
				if (decoded.kind === 'deleted' && VIEW_PREFIXES.has(decoded.prefix)) continue;
				const unsent = await this.#unsentRecord(String(doc._id), decoded);
				const applied = await applyDoc(this.database, decoded);
				if (decoded.kind === 'record')
					await this.#keepPulled(String(doc._id), decoded, unsent, applied);
				// This device's own readings of the person, not yet sent, were kept: its revision is
				// not taken, so their send meets this document as a conflict and both are merged.
				else if (decoded.kind === 'readings' && !applied) continue;
				await this.database.syncDocs.put({
					docId: doc._id,
					rev,
					owner: typeof doc.participantId === 'string' ? doc.participantId : ownerOf(doc)
				});
				knownRevs.set(String(doc._id), rev);
				received++;
			}
			if (invalid > 0) await this.#countInvalid(invalid);
			invalidTotal += invalid;
			invalid = 0;
			// The checkpoint moves only after the batch is written: a restart resumes from here.
			const last = feed.last_seq ?? since;
			await this.database.syncMeta.put({
				key: 'since',
				value: typeof last === 'string' ? last : JSON.stringify(last)
			});
			if (results.length < CHANGES_BATCH) return { received, invalid: invalidTotal };
		}
	}
}

/** How a pull may wait for changes (`SyncEngine.pull`). */
export interface PullOptions {
	/** Longest wait on the server for a first change, in ms (`feed=longpoll`). */
	wait?: number;
	/** Cuts the wait short; the pull then returns what it had. */
	signal?: AbortSignal;
}

/**
 * A running class's link to the server through one engine: its view documents out, the views
 * pulled by the engine's rounds in (the hubs module's `ClassLink`).
 */
export function classLinkOf(engine: SyncEngine, device: string, onListen?: () => void) {
	const listeners = new Set<(view: ClassPart) => void>();
	engine.onView = (view) => listeners.forEach((listener) => listener(view));
	return {
		engine,
		device,
		putView: (doc: SyncDoc) => engine.putView(doc),
		classes: () => engine.classes(),
		/** Whether a class on this device hears the views (its rounds then wait for changes). */
		get listening(): boolean {
			return listeners.size > 0;
		},
		listen(listener: (view: ClassPart) => void): () => void {
			listeners.add(listener);
			onListen?.();
			return () => listeners.delete(listener);
		}
	};
}

type Readings = Extract<Decoded, { kind: 'readings' }>;

/** Both documents' readings of one person as one chunk, each instant once, in time order. */
function mergeReadings(theirs: Readings, ours: Readings): Readings {
	const byInstant = new Map<number, HeartRateReading>();
	for (const chunk of [...theirs.chunks, ...ours.chunks])
		for (const reading of fromChunk(chunk))
			if (!byInstant.has(reading.at)) byInstant.set(reading.at, reading);
	const readings = [...byInstant.values()].sort((a, b) => a.at - b.at);
	return {
		...theirs,
		chunks: [toChunk(theirs.sessionId, theirs.participantId, 0, readings)]
	};
}

function countReadings(readings: Readings): number {
	return readings.chunks.reduce((sum, chunk) => sum + chunk.offsets.length, 0);
}

function ownerOf(doc: SyncDoc): string | undefined {
	const record = doc.record as { participantId?: unknown } | undefined;
	return typeof record?.participantId === 'string' ? record.participantId : undefined;
}
