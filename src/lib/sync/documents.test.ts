import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PulsklarDB } from '$lib/db/db';
import { toChunk } from '$lib/db/samples';
import type { HeartRateReading } from '$lib/workout';
import { handSession } from '$lib/report/test-session';
import { buildDocs, decodeDoc, keepVersions, keptVersions, sameContent } from './documents';

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
