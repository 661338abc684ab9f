import type { HeartRateReading } from '$lib/workout';
import { fromChunk, toChunk } from './chunks';
import Dexie from 'dexie';
import { db, type PulsklarDB } from './db';
import { newStamp, outboxEnabled, sessionDocId } from './outbox';
import type { SampleChunk } from './types';

export { fromChunk, mergeChunks, toChunk } from './chunks';

/**
 * A session's sample rows, through the compound index: [sessionId] sorts before every
 * [sessionId, participantId, seq], and [sessionId, []] after them (an array sorts after strings).
 */
export function sessionSamples(sessionId: string, table: PulsklarDB['samples'] = db.samples) {
	return table.where('[sessionId+participantId+seq]').between([sessionId], [sessionId, []]);
}

/** One participant's sample rows in a session, in `seq` order. */
export function personSamples(
	sessionId: string,
	participantId: string,
	table: PulsklarDB['samples'] = db.samples
) {
	return table
		.where('[sessionId+participantId+seq]')
		.between([sessionId, participantId, -Infinity], [sessionId, participantId, Infinity]);
}

/**
 * Writes several participants' chunks in one transaction (one flush of the recorder, every
 * second of a session). Straight into IndexedDB when the database is open and no Dexie
 * transaction is under way: Dexie's `bulkAdd` through its middleware stack cost ~2.5× the CPU of
 * the same `add`s (bench/trace.js and a micro-benchmark, docs/performance.md, issue 18). The sync
 * outbox's entry is written in the same transaction, as its middleware would (`outbox.ts`).
 */
export async function appendChunks(chunks: readonly SampleChunk[]): Promise<void> {
	if (chunks.length === 0) return;
	const idb = db.isOpen() && !Dexie.currentTransaction ? db.backendDB() : null;
	if (!idb) {
		await db.samples.bulkAdd([...chunks]);
		return;
	}
	const outbox = outboxEnabled();
	let transaction: IDBTransaction;
	try {
		transaction = idb.transaction(outbox ? ['samples', 'outbox'] : ['samples'], 'readwrite');
	} catch {
		// Closed under us (another tab's upgrade): Dexie's path reports it as it always has.
		await db.samples.bulkAdd([...chunks]);
		return;
	}
	await new Promise<void>((resolve, reject) => {
		transaction.oncomplete = () => resolve();
		transaction.onabort = () => reject(transaction.error ?? new DOMException('', 'AbortError'));
		try {
			const store = transaction.objectStore('samples');
			for (const chunk of chunks) store.add(chunk);
			if (outbox) {
				const entries = transaction.objectStore('outbox');
				for (const sessionId of new Set(chunks.map((c) => c.sessionId)))
					entries.put({ docId: sessionDocId(sessionId), stamp: newStamp() });
			}
		} catch (error) {
			// A row that cannot be stored: none of this flush's rows are (one transaction).
			transaction.onabort = () => reject(error);
			transaction.abort();
		}
	});
}

/** All readings of one participant in a session, in time order. */
export async function readReadings(
	sessionId: string,
	participantId: string
): Promise<HeartRateReading[]> {
	const chunks = await personSamples(sessionId, participantId).toArray();
	return chunks.flatMap(fromChunk);
}

/** The instant of a session's last stored reading, or null when it has none. */
export async function lastReadingAt(sessionId: string): Promise<number | null> {
	let last: number | null = null;
	await sessionSamples(sessionId).each((chunk) => {
		const end = chunk.t0 + (chunk.offsets.at(-1) ?? 0);
		if (chunk.bpm.length > 0 && (last === null || end > last)) last = end;
	});
	return last;
}

/** Every participant's readings in a session, keyed by participant id. */
export async function readSessionReadings(
	sessionId: string
): Promise<Map<string, HeartRateReading[]>> {
	// In [participant, seq] order.
	const chunks = await sessionSamples(sessionId).toArray();
	const byParticipant = new Map<string, HeartRateReading[]>();
	for (const chunk of chunks) {
		const list = byParticipant.get(chunk.participantId) ?? [];
		list.push(...fromChunk(chunk));
		byParticipant.set(chunk.participantId, list);
	}
	return byParticipant;
}

/**
 * Merges each participant's per-flush chunks into one row once a session has ended. During a
 * class, a row a second keeps a crash from losing more than a second; afterwards, one row per
 * person makes the report open fast and takes far less disk. Readings are unchanged; if the
 * transaction fails (a full disk), the session simply stays as it was.
 */
export async function compactSession(sessionId: string): Promise<void> {
	const participantIds = new Set(
		(await sessionSamples(sessionId).keys()).map((key) => String((key as unknown[])[1]))
	);
	// One short transaction per participant, so a report opening meanwhile waits for one person's
	// rows at most, never for the whole class.
	for (const participantId of participantIds) {
		await db.transaction('rw', db.samples, async () => {
			const own = await personSamples(sessionId, participantId).toArray();
			if (own.length < 2) return;
			const merged = toChunk(sessionId, participantId, own.at(-1)!.seq, own.flatMap(fromChunk));
			await db.samples.bulkDelete(own.map((chunk) => chunk.id));
			await db.samples.add(merged);
		});
	}
}
