import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '$lib/db/db';
import { addEvents } from '$lib/db/events';
import { appendChunks, readReadings } from '$lib/db/samples';
import type { HeartRateReading } from '$lib/workout';
import { Recorder, type RecorderSink } from './recorder';

const reading = (at: number, bpm: number): HeartRateReading => ({
	at,
	bpm,
	contact: 'detected',
	rrMs: [60000 / bpm]
});

afterEach(async () => {
	await Promise.all(db.tables.map((t) => t.clear()));
});

/**
 * The real database behind a switch that makes writes fail as a full disk does. fake-indexeddb has
 * no quota, so this double stands in for it here; the end-to-end test fills a real browser's quota.
 */
function diskThatFills(): RecorderSink & { full: boolean } {
	const sink = {
		full: false,
		appendChunks: async (...args: Parameters<typeof appendChunks>) => {
			if (sink.full) throw new DOMException('Quota exceeded', 'QuotaExceededError');
			return appendChunks(...args);
		},
		addEvents: async (...args: Parameters<typeof addEvents>) => {
			if (sink.full) throw new DOMException('Quota exceeded', 'QuotaExceededError');
			return addEvents(...args);
		}
	};
	return sink;
}

describe('Recorder', () => {
	it('writes buffered readings per participant in order, one chunk per flush', async () => {
		const sut = new Recorder('s1', { onError: (e) => expect.fail(String(e)) });
		sut.push('a', reading(1000, 100));
		sut.push('b', reading(1000, 120));
		await sut.flush();
		sut.push('a', reading(2000, 101));
		await sut.flush();
		expect((await readReadings('s1', 'a')).map((r) => r.bpm)).toEqual([100, 101]);
		expect((await readReadings('s1', 'b')).map((r) => r.bpm)).toEqual([120]);
		expect(await db.samples.count()).toBe(3);
		expect(sut.stored).toBe(3);
		expect(sut.unsaved).toBe(0);
	});

	it('keeps readings and events in memory while the disk is full and writes them all later', async () => {
		const disk = diskThatFills();
		const errors: unknown[] = [];
		const sut = new Recorder('s1', { onError: (e) => errors.push(e), sink: disk });
		sut.push('a', reading(1000, 100));
		await sut.flush();
		disk.full = true;
		sut.push('a', reading(2000, 101));
		sut.event({ participantId: 'a', at: 2000, kind: 'rpe', value: 15, interval: 1 });
		await sut.flush();
		sut.push('a', reading(3000, 102));
		await sut.flush();
		expect(errors).toHaveLength(2);
		expect((errors[0] as DOMException).name).toBe('QuotaExceededError');
		expect(sut.unsaved).toBe(2);
		// What was stored before the disk filled up is untouched.
		expect((await readReadings('s1', 'a')).map((r) => r.bpm)).toEqual([100]);
		disk.full = false;
		await sut.flush();
		expect((await readReadings('s1', 'a')).map((r) => r.bpm)).toEqual([100, 101, 102]);
		expect(await db.events.where('sessionId').equals('s1').count()).toBe(1);
		expect(sut.unsaved).toBe(0);
	});

	it('runs its prepare step (storing the session) before the first write, retrying until it works', async () => {
		let attempts = 0;
		const errors: unknown[] = [];
		const sut = new Recorder('s1', {
			onError: (e) => errors.push(e),
			prepare: async () => {
				attempts++;
				if (attempts === 1) throw new DOMException('Quota exceeded', 'QuotaExceededError');
			}
		});
		sut.push('a', reading(1000, 90));
		await sut.flush();
		expect(await db.samples.count()).toBe(0);
		await sut.flush();
		await sut.flush();
		expect(attempts).toBe(2);
		expect(errors).toHaveLength(1);
		expect((await readReadings('s1', 'a')).map((r) => r.bpm)).toEqual([90]);
	});

	it('measures the longest wait between two successful flushes', async () => {
		let now = 0;
		const sut = new Recorder('s1', { onError: () => {}, now: () => now });
		sut.start();
		now = 1000;
		await sut.flush();
		now = 2500;
		await sut.flush();
		await sut.stop();
		expect(sut.longestFlushGapMs).toBe(1500);
	});

	it('holds events until the flush, then writes them in one go with the readings', async () => {
		const writes: string[] = [];
		const sut = new Recorder('s1', {
			onError: (e) => expect.fail(String(e)),
			sink: {
				appendChunks: async (chunks) => {
					writes.push(`chunks ${chunks.length}`);
					return appendChunks(chunks);
				},
				addEvents: async (events) => {
					writes.push(`events ${events.length}`);
					return addEvents(events);
				}
			}
		});
		sut.push('a', reading(1000, 150));
		sut.event({ participantId: 'a', at: 1000, kind: 'flag-raised', value: 'over' });
		sut.event({ participantId: 'a', at: 1500, kind: 'flag-cleared', value: 'over' });
		await Promise.resolve();
		expect(writes).toEqual([]);
		expect(await db.events.count()).toBe(0);
		await sut.flush();
		expect(writes).toEqual(['chunks 1', 'events 2']);
		expect(await db.events.where('sessionId').equals('s1').count()).toBe(2);
	});

	it('counts readings as unsaved until their write has landed (the unsaved notice)', async () => {
		let land = () => {};
		let writing = () => {};
		const started = new Promise<void>((resolve) => (writing = resolve));
		const sut = new Recorder('s1', {
			onError: (e) => expect.fail(String(e)),
			sink: {
				appendChunks: (chunks) => {
					writing();
					return new Promise<void>((resolve) => (land = () => resolve(appendChunks(chunks))));
				},
				addEvents
			}
		});
		sut.push('a', reading(1000, 100));
		sut.push('a', reading(2000, 101));
		const written = sut.flush();
		// The write is under way (taken from the buffers, not yet landed).
		await started;
		expect(sut.unsaved).toBe(2);
		land();
		await written;
		expect(sut.unsaved).toBe(0);
		expect(sut.stored).toBe(2);
	});
});
