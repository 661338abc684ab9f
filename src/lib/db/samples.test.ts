import { describe, expect, it } from 'vitest';
import { fromChunk, mergeChunks, toChunk } from './samples';
import type { SampleChunk } from './types';

/** A small seeded generator, so a failure names the case that found it. */
function random(seed: number) {
	return (n: number) => {
		seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
		return seed % n;
	};
}

/** A chunk as the recorder writes it, or (`odd`) one whose arrays disagree, as a file could. */
function chunk(next: (n: number) => number, seq: number, t0: number, odd: boolean): SampleChunk {
	const n = next(5);
	const readings = Array.from({ length: n }, (_, i) => ({
		at: t0 + i * 1000 + next(900),
		bpm: 40 + next(180),
		contact: (['unsupported', 'not-detected', 'detected'] as const)[next(3)]!,
		rrMs: Array.from({ length: next(4) }, () => 300 + next(1500))
	}));
	const c = toChunk('s', 'p', seq, readings);
	if (!odd) return c;
	return {
		...c,
		t0: c.t0 + next(3) - 1, // first offset not 0
		offsets: Uint32Array.from(c.offsets, (o) => o + 1),
		contact: Uint8Array.from(c.contact, (x) => (next(4) === 0 ? 7 : x)), // unknown codes
		rr: c.rr.subarray(0, Math.max(0, c.rr.length - next(3))), // fewer intervals than counted
		rrCount: Uint8Array.from(c.rrCount, (x) => (next(5) === 0 ? x + 2 : x))
	};
}

describe('merging chunks', () => {
	it('packs several chunks exactly as toChunk packs all their readings', () => {
		for (let seed = 1; seed <= 300; seed++) {
			const next = random(seed);
			const chunks = Array.from({ length: next(6) }, (_, i) =>
				chunk(next, i, 1_767_600_000_000 + i * 5000 - next(2) * 3000, seed % 3 === 0)
			);
			const merged = mergeChunks('s', 'p', 7, chunks);
			const packed = toChunk('s', 'p', 7, chunks.flatMap(fromChunk));
			expect({ ...merged, id: '' }, `seed ${seed}`).toEqual({ ...packed, id: '' });
		}
	});
});
