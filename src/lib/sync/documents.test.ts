import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PulsklarDB } from '$lib/db/db';
import { toChunk } from '$lib/db/samples';
import type { HeartRateReading } from '$lib/workout';
import { handSession, T0 } from '$lib/report/test-session';
import {
	buildDocs,
	decodeDoc,
	keepVersions,
	keptVersions,
	LiveMemory,
	sameContent,
	type Built,
	type SyncDoc
} from './documents';

/** A 60-minute class of 30 people, one reading a second each, merged as after the class. */
async function hourClass(database: PulsklarDB) {
	const { session } = handSession();
	const people = Array.from({ length: 30 }, (_, i) => ({
		...session.participants[0]!,
		participantId: crypto.randomUUID(),
		alias: `P${i}`
	}));
	await database.sessions.put({
		...session,
		participants: people,
		participantIds: people.map((p) => p.participantId)
	});
	for (const person of people) {
		const readings: HeartRateReading[] = Array.from({ length: 3600 }, (_, s) => ({
			at: session.startedAt + s * 1000,
			bpm: 120 + (s % 60),
			contact: 'detected',
			rrMs: [Math.round(60_000 / (120 + (s % 60)))]
		}));
		await database.samples.add(toChunk(session.id, person.participantId, 0, readings));
	}
	return session.id;
}

describe('server documents of a class', () => {
	it('makes a 60-minute, 30-person class 32 documents of about 1.5 MB, all readable back', async () => {
		const database = new PulsklarDB('docs-hour');
		const id = await hourClass(database);
		const built = await buildDocs(database, `session:${id}`, 'Tablet');
		if (built.kind !== 'docs') throw new Error('the ended class should be sent');
		const bytes = built.docs.reduce((n, d) => n + JSON.stringify(d.doc).length, 0);
		// docs/clinic-server.md states these figures.
		expect(built.docs).toHaveLength(32);
		expect(bytes).toBeGreaterThan(1_000_000);
		expect(bytes).toBeLessThan(2_000_000);
		for (const { doc } of built.docs) expect(decodeDoc(doc), doc._id).not.toBeNull();
	}, 30_000);

	it('waits for a just-ended session to be merged before sending it', async () => {
		const database = new PulsklarDB('docs-wait');
		const { session, readings } = handSession();
		const endedAt = Date.now();
		await database.sessions.put({ ...session, endedAt });
		const list = readings.get('p1')!;
		await database.samples.bulkAdd([
			toChunk('s1', 'p1', 0, list.slice(0, 10)),
			toChunk('s1', 'p1', 1, list.slice(10))
		]);
		expect((await buildDocs(database, 'session:s1', 'T')).kind).toBe('wait');
		await database.sessions.update('s1', { endedAt: endedAt - 10 * 60_000 });
		expect((await buildDocs(database, 'session:s1', 'T')).kind).toBe('docs');
	});
});

describe('versions kept from conflicts', () => {
	const kari = { id: 'p', alias: 'Kari (edited on A)', age: 50, updatedAt: 20 };
	// The same record as the edit form writes it: the same fields in another order.
	const sameKari = { updatedAt: 20, age: 50, alias: 'Kari (edited on A)', id: 'p' };

	it('keeps a version once, whatever the order of its fields, and never the winner itself', async () => {
		const database = new PulsklarDB(`kept-${crypto.randomUUID()}`);
		const winner = { ...kari, alias: 'Kari (edited on B)', updatedAt: 30 };
		await keepVersions(database, 'participant:p', [kari]);
		await keepVersions(database, 'participant:p', [sameKari, winner], winner);
		expect(await keptVersions(database, 'participant:p')).toEqual([kari]);
		expect(sameContent(kari, sameKari)).toBe(true);
		expect(sameContent(kari, winner)).toBe(false);
	});

	it('reads a list an earlier version stored twice as one (the page keyed by it had failed)', async () => {
		const database = new PulsklarDB(`kept-${crypto.randomUUID()}`);
		const value = JSON.stringify([kari, sameKari]);
		await database.syncMeta.put({ key: 'losers:participant:p', value });
		expect(await keptVersions(database, 'participant:p')).toEqual([kari]);
	});
});

describe("a running class's live documents, built from what the engine remembers", () => {
	/** A running class of two, and the recorder's flush of second `s`: one chunk a person. */
	async function runningClass(name: string) {
		const database = new PulsklarDB(`${name}-${crypto.randomUUID()}`);
		let rowsRead = 0;
		// Counts the readings rows every query of the store returns (keys alone are not rows).
		database.use({
			stack: 'dbcore',
			name: 'count-samples',
			create: (down) => ({
				...down,
				table(table) {
					const inner = down.table(table);
					if (table !== 'samples') return inner;
					return {
						...inner,
						async query(req) {
							const res = await inner.query(req);
							if (req.values) rowsRead += res.result.length;
							return res;
						}
					};
				}
			})
		});
		const { session } = handSession();
		await database.sessions.put({ ...session, status: 'running', endedAt: undefined });
		let seq = 0;
		const flush = async (...seconds: number[]) => {
			for (const s of seconds)
				await database.samples.bulkAdd(
					['p1', 'p2'].map((p) =>
						toChunk('s1', p, seq++, [{ at: T0 + s * 1000, bpm: 100 + s, contact: 'detected' }])
					)
				);
		};
		const rows = () => {
			const n = rowsRead;
			rowsRead = 0;
			return n;
		};
		return { database, flush, rows };
	}

	/** A round's documents as sent, less the merged chunk's id (a new one each round). */
	function sent(built: Built) {
		if (built.kind !== 'docs') throw new Error('a running class is sent');
		return built.docs.map(({ doc, owner }) => ({
			owner,
			doc: {
				...doc,
				chunks: (doc.chunks as Record<string, unknown>[]).map(({ id: _, ...chunk }) => chunk)
			}
		}));
	}
	const bpm = (doc: SyncDoc) =>
		Buffer.from((doc.chunks as { bpm: string }[])[0]!.bpm, 'base64').length / 2;

	it('sends the same documents as a build from the store, round after round', async () => {
		const { database, flush } = await runningClass('live-memory');
		const memory = new LiveMemory();
		/** One round: the same documents either way; `sendFails` leaves the checkpoint as it was. */
		const round = async (sendFails = false) => {
			const built = await buildDocs(database, 'session:s1', 'T', memory);
			const fromStore = await buildDocs(database, 'session:s1', 'T');
			expect(sent(built)).toEqual(sent(fromStore));
			if (!sendFails && built.kind === 'docs') await built.commit?.();
			return sent(built).map((d) => `${d.doc._id} ${bpm(d.doc)}`);
		};
		await flush(0, 1, 2);
		expect(await round()).toEqual(['live:s1:0:p1 3', 'live:s1:0:p2 3']);
		await flush(3);
		expect(await round()).toEqual(['live:s1:0:p1 4', 'live:s1:0:p2 4']);
		expect(await round()).toEqual([]);
		await flush(4);
		expect(await round(true)).toEqual(['live:s1:0:p1 5', 'live:s1:0:p2 5']); // the send failed
		await flush(5);
		expect(await round()).toEqual(['live:s1:0:p1 6', 'live:s1:0:p2 6']);
		// Into the next minute, then back from offline with two minutes to send.
		await flush(58, 59, 60, 61);
		expect(await round()).toEqual([
			'live:s1:0:p1 8',
			'live:s1:1:p1 2',
			'live:s1:0:p2 8',
			'live:s1:1:p2 2'
		]);
		await flush(62);
		expect(await round()).toEqual(['live:s1:1:p1 3', 'live:s1:1:p2 3']);
		await flush(100, 130, 131);
		expect(await round()).toEqual([
			'live:s1:1:p1 4',
			'live:s1:2:p1 2',
			'live:s1:1:p2 4',
			'live:s1:2:p2 2'
		]);
		await flush(132);
		expect(await round()).toEqual(['live:s1:2:p1 3', 'live:s1:2:p2 3']);
	});

	it('reads only the chunks stored since the last send, and the whole minute after a restart', async () => {
		const { database, flush, rows } = await runningClass('live-reads');
		let memory = new LiveMemory();
		const round = async () => {
			const built = await buildDocs(database, 'session:s1', 'T', memory);
			if (built.kind === 'docs') await built.commit?.();
			return sent(built).map((d) => `${d.doc._id} ${bpm(d.doc)}`);
		};
		await flush(...Array.from({ length: 30 }, (_, s) => s));
		rows();
		expect(await round()).toEqual(['live:s1:0:p1 30', 'live:s1:0:p2 30']);
		expect(rows()).toBe(60);
		await flush(30);
		expect(await round()).toEqual(['live:s1:0:p1 31', 'live:s1:0:p2 31']);
		expect(rows()).toBe(2); // the new second's two chunks, not the minute again
		// A reload: the memory is gone, the checkpoint on the device says what was sent.
		memory = new LiveMemory();
		await flush(31);
		expect(await round()).toEqual(['live:s1:0:p1 32', 'live:s1:0:p2 32']);
		expect(rows()).toBe(64);
		await flush(32);
		expect(await round()).toEqual(['live:s1:0:p1 33', 'live:s1:0:p2 33']);
		expect(rows()).toBe(2);
	});

	it('reads the minute from the store again when its stored chunks changed', async () => {
		const { database, flush, rows } = await runningClass('live-changed');
		const memory = new LiveMemory();
		await flush(0, 1, 2, 3);
		const first = await buildDocs(database, 'session:s1', 'T', memory);
		if (first.kind === 'docs') await first.commit?.();
		// One of p1's sent chunks is gone from the store (the memory still holds it).
		const p1 = (await database.samples.toArray()).filter((c) => c.participantId === 'p1');
		await database.samples.delete(p1[1]!.id);
		await flush(4);
		rows();
		const built = await buildDocs(database, 'session:s1', 'T', memory);
		// Each person's new chunk, and p1's minute again: three chunks still there and the new one.
		expect(rows()).toBe(1 + 1 + 4);
		expect(sent(built)).toEqual(sent(await buildDocs(database, 'session:s1', 'T')));
		expect(sent(built).map((d) => `${d.doc._id} ${bpm(d.doc)}`)).toEqual([
			'live:s1:0:p1 4',
			'live:s1:0:p2 5'
		]);
	});
});
