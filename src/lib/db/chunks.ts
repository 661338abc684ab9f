/**
 * Readings packed into chunk rows and back: pure, no database, so the live screen (the recorder,
 * the readings heard from hubs) has them without loading Dexie (issue 18's first load).
 */
import type { Contact, HeartRateReading } from '$lib/workout';
import { newId } from './ids';
import type { SampleChunk } from './types';

const CONTACT_CODES: Contact[] = ['unsupported', 'not-detected', 'detected'];

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
