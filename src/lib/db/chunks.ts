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
