import type { Contact, HeartRateReading } from '$lib/workout';
import { db, type PulsklarDB } from './db';
import { newId } from './ids';
import type { SampleChunk } from './types';

const CONTACT_CODES: Contact[] = ['unsupported', 'not-detected', 'detected'];

/**
 * A session's sample rows, through the compound index: [sessionId] sorts before every
 * [sessionId, participantId, seq], and [sessionId, []] after them (an array sorts after strings).
 */
export function sessionSamples(sessionId: string, table: PulsklarDB['samples'] = db.samples) {
	return table.where('[sessionId+participantId+seq]').between([sessionId], [sessionId, []]);
}

/** Packs readings (in time order) into one chunk row. */
export function toChunk(
	sessionId: string,
	participantId: string,
	seq: number,
	readings: readonly HeartRateReading[]
): SampleChunk {
	const t0 = readings[0]?.at ?? 0;
	const rr = readings.flatMap((r) =>
		(r.rrMs ?? []).slice(0, 255).map((ms) => Math.min(65535, Math.round(ms)))
	);
	return {
		id: newId(),
		sessionId,
		participantId,
		seq,
		t0,
		offsets: Uint32Array.from(readings, (r) => r.at - t0),
		bpm: Uint16Array.from(readings, (r) => r.bpm),
		contact: Uint8Array.from(readings, (r) => CONTACT_CODES.indexOf(r.contact)),
		rr: Uint16Array.from(rr),
		rrCount: Uint8Array.from(readings, (r) => Math.min(255, r.rrMs?.length ?? 0))
	};
}

/**
 * Several chunks of one participant, in order, packed as one: the same chunk as `toChunk` of all
 * their readings (`chunks.flatMap(fromChunk)`), but copied array to array instead of through one
 * object per reading (a running class's live documents merge each person's minute every second).
 */
export function mergeChunks(
	sessionId: string,
	participantId: string,
	seq: number,
	chunks: readonly SampleChunk[]
): SampleChunk {
	let readings = 0;
	let intervals = 0;
	for (const chunk of chunks) {
		readings += chunk.bpm.length;
		// As `fromChunk` reads them: each reading's count, cut short where the intervals end.
		let rrIndex = 0;
		for (let i = 0; i < chunk.bpm.length; i++) {
			const count = chunk.rrCount[i] ?? 0;
			intervals += Math.max(0, Math.min(count, chunk.rr.length - rrIndex));
			rrIndex += count;
		}
	}
	const first = chunks.find((c) => c.bpm.length > 0);
	const t0 = first ? first.t0 + (first.offsets[0] ?? 0) : 0;
	const merged: SampleChunk = {
		id: newId(),
		sessionId,
		participantId,
		seq,
		t0,
		offsets: new Uint32Array(readings),
		bpm: new Uint16Array(readings),
		contact: new Uint8Array(readings),
		rr: new Uint16Array(intervals),
		rrCount: new Uint8Array(readings)
	};
	let at = 0;
	let rrAt = 0;
	for (const chunk of chunks) {
		let rrIndex = 0;
		for (let i = 0; i < chunk.bpm.length; i++, at++) {
			merged.offsets[at] = chunk.t0 + (chunk.offsets[i] ?? 0) - t0;
			merged.bpm[at] = chunk.bpm[i]!;
			const code = chunk.contact[i] ?? 0;
			merged.contact[at] = code < CONTACT_CODES.length ? code : 0;
			const count = chunk.rrCount[i] ?? 0;
			const own = chunk.rr.subarray(rrIndex, rrIndex + count);
			merged.rr.set(own, rrAt);
			merged.rrCount[at] = own.length;
			rrAt += own.length;
			rrIndex += count;
		}
	}
	return merged;
}

/** Unpacks one chunk row into readings. */
export function fromChunk(chunk: SampleChunk): HeartRateReading[] {
	const readings: HeartRateReading[] = [];
	let rrIndex = 0;
	for (let i = 0; i < chunk.bpm.length; i++) {
		const count = chunk.rrCount[i] ?? 0;
		readings.push({
			at: chunk.t0 + (chunk.offsets[i] ?? 0),
			bpm: chunk.bpm[i] ?? 0,
			contact: CONTACT_CODES[chunk.contact[i] ?? 0] ?? 'unsupported',
			rrMs: Array.from(chunk.rr.subarray(rrIndex, rrIndex + count))
		});
		rrIndex += count;
	}
	return readings;
}

/** Writes several participants' chunks in one transaction (one flush of the recorder). */
export async function appendChunks(chunks: readonly SampleChunk[]): Promise<void> {
	if (chunks.length === 0) return;
	await db.samples.bulkAdd([...chunks]);
}

/** All readings of one participant in a session, in time order. */
export async function readReadings(
	sessionId: string,
	participantId: string
): Promise<HeartRateReading[]> {
	const chunks = await db.samples
		.where('[sessionId+participantId+seq]')
		.between([sessionId, participantId, -Infinity], [sessionId, participantId, Infinity])
		.toArray();
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
			const own = await db.samples
				.where('[sessionId+participantId+seq]')
				.between([sessionId, participantId, -Infinity], [sessionId, participantId, Infinity])
				.toArray();
			if (own.length < 2) return;
			const merged = toChunk(sessionId, participantId, own.at(-1)!.seq, own.flatMap(fromChunk));
			await db.samples.bulkDelete(own.map((chunk) => chunk.id));
			await db.samples.add(merged);
		});
	}
}
