import type { addEvents } from '$lib/db/events';
import type { appendChunks } from '$lib/db/samples';
import type { HeartRateReading } from '$lib/workout';
import type { ConnectionEvent } from '$lib/ble/source';
import type { SessionEvent } from '$lib/db/types';

/** Where the recorder writes; the database by default, swappable in tests and benchmarks. */
export interface RecorderSink {
	appendChunks: typeof appendChunks;
	addEvents: typeof addEvents;
}

/**
 * The database's writes, loaded by the first write: Dexie stays off the live screen's first load
 * (issue 18), and the first write is asynchronous and retried anyway.
 */
async function databaseSink(): Promise<RecorderSink> {
	const [samples, events] = await Promise.all([
		import('$lib/db/samples'),
		import('$lib/db/events')
	]);
	return { appendChunks: samples.appendChunks, addEvents: events.addEvents };
}

/** How a recorder reports and where it writes. */
export interface RecorderOptions {
	onError: (error: unknown) => void;
	/** Called after every successful write (clears a storage warning). */
	onSaved?: () => void;
	sink?: RecorderSink;
	now?: () => number;
	/** Runs before each write until it succeeds once (e.g. storing the session record). */
	prepare?: (() => Promise<void>) | null;
}

/**
 * Buffers readings and events and writes them when told to: the live session's once-a-second
 * tick flushes it, so a crash loses at most that second [product choice] and the page wakes up
 * once a second for both (the recorder's own timer, and a write for every flag raised or
 * cleared, were wake-ups and transactions of their own: issue 18). A failed write keeps its data
 * in memory and is retried on the next flush, so a full disk loses nothing that is still on
 * screen and never damages stored rows.
 */
export class Recorder {
	readonly #buffers = new Map<string, HeartRateReading[]>();
	#pendingEvents: Omit<SessionEvent, 'id'>[] = [];
	#running = false;
	#flushing: Promise<void> | null = null;
	/** Readings taken by the write under way, not yet stored. */
	#writing = 0;
	/** Readings written so far. */
	stored = 0;
	/** Instant of the last successful flush, and the longest wait between two. */
	lastFlushAt: number | null = null;
	longestFlushGapMs = 0;

	readonly onError: (error: unknown) => void;
	readonly onSaved: () => void;
	/** Null: the database's, loaded by the first write. */
	readonly sink: RecorderSink | null;
	/** The sink and the chunk packer, loaded by the first write and kept (not asked for each second). */
	#code: Promise<[RecorderSink, typeof import('$lib/db/chunks').toChunk]> | null = null;
	readonly now: () => number;
	readonly prepare: (() => Promise<void>) | null;

	constructor(
		readonly sessionId: string,
		options: RecorderOptions
	) {
		this.onError = options.onError;
		this.onSaved = options.onSaved ?? (() => {});
		this.sink = options.sink ?? null;
		this.now = options.now ?? (() => Date.now());
		this.prepare = options.prepare ?? null;
	}

	#prepared = false;

	/** Starts recording; `seq` continues numbering after chunks already stored. */
	start(startSeq = 0): void {
		this.#nextSeq = startSeq;
		this.lastFlushAt = this.now();
		this.#running = true;
	}

	#nextSeq = 0;

	/** Buffers one reading of a participant. */
	push(participantId: string, reading: HeartRateReading): void {
		let buffer = this.#buffers.get(participantId);
		if (!buffer) this.#buffers.set(participantId, (buffer = []));
		buffer.push(reading);
	}

	/** Buffers an event; the next flush writes it with the readings (retried if storage fails). */
	event(event: Omit<SessionEvent, 'id' | 'sessionId'>): void {
		this.#pendingEvents.push({ ...event, sessionId: this.sessionId });
	}

	/**
	 * Turns a source's connection history into the events a report reads: the drop, the
	 * reconnect, and the gap between them (never starting before `notBefore`, the session's start).
	 */
	connection(participantId: string, event: ConnectionEvent, notBefore = -Infinity): void {
		if (event.type === 'dropped') {
			this.event({ participantId, at: event.at, kind: 'strap-dropped' });
		} else if (event.type === 'restored') {
			this.event({ participantId, at: event.at, kind: 'strap-connected' });
			const from = Math.max(event.gapStart, notBefore);
			if (from < event.at) this.event({ participantId, at: from, kind: 'gap', until: event.at });
		}
	}

	/**
	 * Writes everything buffered. A call during a write shares it and asks for one more write
	 * right after it: the timer's flush that found a write still running used to be dropped, so
	 * the next write waited a whole extra interval (measured: 2.1 s between flushes, bench/run.js).
	 */
	flush(): Promise<void> {
		if (this.#flushing) {
			this.#again = true;
			return this.#flushing;
		}
		this.#flushing = this.#write().finally(() => {
			this.#flushing = null;
			if (this.#again && this.#running) {
				this.#again = false;
				void this.flush();
			}
		});
		return this.#flushing;
	}

	#again = false;

	/** Flushes one last time and stops recording. */
	async stop(): Promise<void> {
		this.#running = false;
		await this.#flushing;
		await this.flush();
	}

	async #write(): Promise<void> {
		const started = this.now();
		let failure: unknown = null;
		let sink: RecorderSink;
		let toChunk: typeof import('$lib/db/chunks').toChunk;
		try {
			[sink, toChunk] = await (this.#code ??= Promise.all([
				this.sink ?? databaseSink(),
				import('$lib/db/chunks').then((chunks) => chunks.toChunk)
			]));
		} catch (error) {
			// Nothing was taken from the buffers: the next flush tries again.
			this.#code = null;
			this.onError(error);
			return;
		}
		if (!this.#prepared && this.prepare) {
			try {
				await this.prepare();
				this.#prepared = true;
			} catch (error) {
				this.onError(error);
				return;
			}
		}
		const taken = [...this.#buffers].filter(([, readings]) => readings.length > 0);
		for (const [id] of taken) this.#buffers.set(id, []);
		const chunks = taken.map(([participantId, readings]) =>
			toChunk(this.sessionId, participantId, this.#nextSeq++, readings)
		);
		this.#writing = chunks.reduce((n, c) => n + c.bpm.length, 0);
		try {
			// One transaction: either every participant's chunk is stored or none is.
			await sink.appendChunks(chunks);
			this.stored += this.#writing;
		} catch (error) {
			// Put the readings back in front of anything that arrived meanwhile; retry next flush.
			for (const [id, readings] of taken) {
				this.#buffers.set(id, [...readings, ...(this.#buffers.get(id) ?? [])]);
			}
			failure = error;
		}
		this.#writing = 0;
		const events = this.#pendingEvents;
		if (failure === null && events.length > 0) {
			this.#pendingEvents = [];
			try {
				// One transaction for the second's events; put back in front if it fails.
				await sink.addEvents(events);
			} catch (error) {
				this.#pendingEvents = [...events, ...this.#pendingEvents];
				failure = error;
			}
		}
		if (failure !== null) {
			this.onError(failure);
			return;
		}
		if (this.lastFlushAt !== null) {
			this.longestFlushGapMs = Math.max(this.longestFlushGapMs, started - this.lastFlushAt);
		}
		this.lastFlushAt = started;
		this.onSaved();
	}

	/** Readings waiting to be written or being written (on screen but not yet stored). */
	get unsaved(): number {
		let n = this.#writing;
		for (const buffer of this.#buffers.values()) n += buffer.length;
		return n;
	}
}
