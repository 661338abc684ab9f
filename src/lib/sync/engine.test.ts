import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportBackup } from '$lib/db/backup';
import { PulsklarDB } from '$lib/db/db';
import { eraseParticipant } from '$lib/db/erase';
import { fromChunk, sessionSamples, toChunk } from '$lib/db/samples';
import type { Participant } from '$lib/db/types';
import type { HeartRateReading } from '$lib/workout';
import { handSession, T0 } from '$lib/report/test-session';
import {
	COMPACTION_WAIT_MS,
	HUB_READINGS_WAIT_MS,
	keptVersions,
	type LiveReadings,
	type SyncDoc
} from './documents';
import { SyncEngine } from './engine';
import { databaseUrl, SyncError } from './http';
import { setOutboxEnabled } from '$lib/db/outbox';
import {
	CLINIC,
	cookieFetch,
	startCouchServer,
	unitCouchPort,
	type CouchServer
} from '../../../scripts/couch-server.js';

// A real pouchdb-server process: nothing is mocked between the sync client and the server.
const PORT = unitCouchPort(0);
const HTML_PORT = PORT + 1;
let server: CouchServer;
let n = 0;

beforeAll(async () => {
	server = await startCouchServer(PORT);
}, 60_000);
afterAll(async () => {
	await server?.stop();
});

function participant(id: string, alias: string, updatedAt = 1): Participant {
	return {
		id,
		alias,
		hrMax: 190,
		hrMaxSource: 'nes',
		archived: 0,
		createdAt: 1,
		updatedAt
	};
}

/** One device: its own IndexedDB and a signed-in client with its own cookie. */
async function device(name: string) {
	const database = new PulsklarDB(`sync-${name}-${n++}`);
	const sut = new SyncEngine(database, databaseUrl(`/${dbName}`, server.url), name, cookieFetch());
	await sut.signIn(CLINIC.user, CLINIC.password);
	return { database, sut };
}

/** Every store of a device as a backup would hold it (sync bookkeeping left out). */
async function everything(database: PulsklarDB) {
	return (await exportBackup(database, 0)).stores;
}

let dbName: string = CLINIC.db;

/** The problem a failed round reports (it must fail with a classified SyncError). */
async function problemOf(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(SyncError);
	return (error as SyncError).problem;
}

/** Ids of the documents on the server (not deleted) that start with `prefix`. */
async function serverIds(prefix: string): Promise<string[]> {
	const range = `startkey=${JSON.stringify(prefix)}&endkey=${JSON.stringify(prefix + '\ufff0')}`;
	const all = (await (await server.admin(`/${dbName}/_all_docs?${range}`)).json()) as {
		rows: { id: string }[];
	};
	return all.rows.map((r) => r.id);
}

beforeEach(async () => {
	setOutboxEnabled(true);
	// A fresh clinic database per test, created by the admin as a clinic would.
	dbName = `clinic-${n++}`;
	await server.admin(`/${dbName}`, { method: 'PUT' });
	await server.admin(`/${dbName}/_security`, {
		method: 'PUT',
		body: JSON.stringify({ members: { names: [], roles: [CLINIC.role] } })
	});
});
afterEach(() => setOutboxEnabled(false));

async function storeSession(database: PulsklarDB, status: 'running' | 'finished' = 'finished') {
	const { session, readings, events } = handSession();
	await database.participants.bulkPut([participant('p1', 'Ask'), participant('p2', 'Bjørk')]);
	await database.sessions.put({ ...session, status });
	for (const [pid, list] of readings) {
		await database.samples.bulkAdd([
			toChunk('s1', pid, 0, list.slice(0, 150)),
			toChunk('s1', pid, 1, list.slice(150))
		]);
	}
	await database.events.bulkPut(events);
}

describe('sync between two devices through a real CouchDB-protocol server', () => {
	it('sends a finished session with its readings and events; a new device gets it identical', async () => {
		const a = await device('A');
		await storeSession(a.database);
		expect(await a.sut.pending()).toBe(3); // two participants and one session
		const sent = await a.sut.round();
		expect(sent.sent).toBe(6); // 2 participants, session, events, 2 readings documents
		expect(await a.sut.pending()).toBe(0);

		const b = await device('B');
		const got = await b.sut.round();
		expect(got).toEqual({ sent: 0, received: 6, invalid: 0 });
		const [storesA, storesB] = [await everything(a.database), await everything(b.database)];
		expect(storesB.participants).toEqual(storesA.participants);
		expect(storesB.sessions).toEqual(storesA.sessions);
		expect(storesB.events).toEqual(storesA.events);
		expect(storesB.samples).toEqual(storesA.samples);
		expect(storesB.samples.length).toBe(4);
		// Nothing came back to B's outbox: pulled records are not sent again.
		expect(await b.sut.pending()).toBe(0);
		// A's own documents coming back are recognised, not written again.
		expect((await a.sut.round()).received).toBe(0);
	});

	it("carries readings of a demo participant, whose id has a colon ('sim:1')", async () => {
		const a = await device('A');
		const { session, readings } = handSession();
		const sim = session.participants.map((p, i) => ({ ...p, participantId: `sim:${i + 1}` }));
		await a.database.sessions.put({
			...session,
			demo: 1,
			participants: sim,
			participantIds: sim.map((p) => p.participantId)
		});
		await a.database.samples.add(toChunk('s1', 'sim:1', 0, readings.get('p1')!));
		await a.sut.round();
		const b = await device('B');
		expect((await b.sut.round()).invalid).toBe(0);
		const chunks = await b.database.samples.toArray();
		expect(chunks.map((c) => [c.participantId, c.bpm.length])).toEqual([['sim:1', 300]]);
	});

	it('sends a running session as live documents each round; once it ends, the merged readings replace them', async () => {
		const a = await device('A');
		await storeSession(a.database, 'running');
		const b = await device('B');
		const heard: LiveReadings[] = [];
		b.sut.onView = (view) => void (view.kind === 'live' && heard.push(view));
		// Two participants, and per person the minutes its two chunks start in (0 and 2: 150 s each).
		expect((await a.sut.round()).sent).toBe(6);
		expect(await a.sut.pending()).toBe(1); // the running session stays in the outbox
		expect(await serverIds('live:')).toEqual([
			'live:s1:0:p1',
			'live:s1:0:p2',
			'live:s1:2:p1',
			'live:s1:2:p2'
		]);
		expect(await serverIds('session:')).toEqual([]);

		// B hears the live readings but stores nothing of a class still running elsewhere.
		await b.sut.round();
		expect(await b.database.sessions.count()).toBe(0);
		expect(await b.database.samples.count()).toBe(0);
		const bpm = (list: { bpm: Uint16Array }[]) => list.flatMap((c) => [...c.bpm]);
		const p1 = heard.filter((h) => h.participantId === 'p1').sort((x, y) => x.block - y.block);
		const localP1 = (await a.database.samples.toArray())
			.filter((c) => c.participantId === 'p1')
			.sort((x, y) => x.seq - y.seq);
		expect(p1.map((h) => h.device)).toEqual(['A', 'A']);
		expect(bpm(p1.flatMap((h) => h.chunks))).toEqual(bpm(localP1));

		// Only what changed goes again: one more chunk for p1 (minute 2) is one document, re-sent
		// whole with the minute's earlier chunk; nothing new, none.
		const more = (seq: number, second: number) =>
			toChunk('s1', 'p1', seq, [{ at: T0 + second * 1000, bpm: 150, contact: 'detected' }]);
		await a.database.samples.add(more(2, 170));
		expect((await a.sut.round()).sent).toBe(1);
		expect((await a.sut.round()).sent).toBe(0);
		const minute2 = (await (await server.admin(`/${dbName}/live:s1:2:p1`)).json()) as {
			chunks: { bpm: string }[];
		};
		expect(Buffer.from(minute2.chunks[0]!.bpm, 'base64').length / 2).toBe(150 + 1);

		// Store-and-forward: chunks written while the server is away arrive in the next round.
		// (Chunk numbers count across the session: a minute is told by time, not by number.)
		await a.database.samples.bulkAdd([more(5, 175), more(9, 200), more(14, 400)]);
		expect((await a.sut.round()).sent).toBe(3); // minutes 2, 3 and 6 of p1
		expect(await serverIds('live:')).toEqual([
			'live:s1:0:p1',
			'live:s1:0:p2',
			'live:s1:2:p1',
			'live:s1:2:p2',
			'live:s1:3:p1',
			'live:s1:6:p1'
		]);

		// Ended: the session, events and one readings document per person; the live ones go.
		await a.database.sessions.update('s1', { status: 'finished', endedAt: 5, updatedAt: 5 });
		await a.sut.round();
		expect(await a.sut.pending()).toBe(0);
		expect(await serverIds('live:')).toEqual([]);
		expect(await a.database.syncDocs.where('docId').startsWith('live:').count()).toBe(0);
		await b.sut.round();
		expect((await b.database.sessions.get('s1'))?.status).toBe('finished');
		expect(await b.database.samples.count()).toBe(await a.database.samples.count());
		expect(await b.sut.invalidCount()).toBe(0);
	});

	it('sends live readings again when an answer was lost, and deletes them once the class ends', async () => {
		const database = new PulsklarDB(`lost-${n++}`);
		const jar = cookieFetch();
		let lose = false;
		// The server takes the request, but its answer never arrives (a timeout on a slow network).
		const lossy: typeof fetch = async (input, init) => {
			const response = await jar(input, init);
			if (lose && String(input).endsWith('/_bulk_docs')) throw new TypeError('answer lost');
			return response;
		};
		const sut = new SyncEngine(database, databaseUrl(`/${dbName}`, server.url), 'A', lossy);
		await sut.signIn(CLINIC.user, CLINIC.password);
		await storeSession(database, 'running');
		await sut.round();
		const more = toChunk('s1', 'p1', 2, [{ at: T0 + 170_000, bpm: 171, contact: 'detected' }]);
		await database.samples.add(more);
		lose = true;
		expect(await problemOf(sut.round())).toBe('offline');
		lose = false;
		// More readings meanwhile; the block's send meets a conflict (the server has the lost
		// send), so ours goes again on the server's revision.
		await database.samples.add(
			toChunk('s1', 'p1', 3, [{ at: T0 + 171_000, bpm: 172, contact: 'detected' }])
		);
		await sut.round();
		await sut.round();
		const onServer = (await (await server.admin(`/${dbName}/live:s1:2:p1`)).json()) as {
			chunks: { bpm: string }[];
		};
		const bpm = new Uint16Array(
			new Uint8Array(Buffer.from(onServer.chunks[0]!.bpm, 'base64')).buffer
		);
		expect([...bpm.slice(-2)]).toEqual([171, 172]);
		// Ended, and the answer to the deletions is lost: the next round finds them done.
		await database.sessions.update('s1', { status: 'finished', endedAt: 5, updatedAt: 5 });
		lose = true;
		expect(await problemOf(sut.round())).toBe('offline');
		lose = false;
		await sut.round();
		await sut.round();
		expect(await sut.pending()).toBe(0);
		expect(await serverIds('live:')).toEqual([]);
		expect(await serverIds('readings:')).toEqual(['readings:s1:p1', 'readings:s1:p2']);
	});

	it('sends the minute under way on the revisions it knows, before and after a reload: no conflict', async () => {
		const database = new PulsklarDB(`reload-${n++}`);
		const requests: string[] = [];
		/** A page of device A: a fresh engine (nothing in memory) on the same local database. */
		const page = async () => {
			const jar = cookieFetch();
			const counting: typeof fetch = (input, init) => {
				requests.push(`${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
				return jar(input, init);
			};
			const sut = new SyncEngine(database, databaseUrl(`/${dbName}`, server.url), 'A', counting);
			await sut.signIn(CLINIC.user, CLINIC.password);
			return sut;
		};
		let sut = await page();
		await storeSession(database, 'running');
		await sut.round();
		const more = (seq: number, second: number) =>
			toChunk('s1', 'p1', seq, [{ at: T0 + second * 1000, bpm: 100 + seq, contact: 'detected' }]);
		const live = async () =>
			(await (await server.admin(`/${dbName}/live:s1:2:p1`)).json()) as SyncDoc & {
				chunks: { bpm: string }[];
			};
		const rounds = async (...chunks: [number, number][]) => {
			for (const [seq, second] of chunks) {
				await database.samples.add(more(seq, second));
				expect((await sut.round()).sent).toBe(1);
			}
		};
		await rounds([2, 170], [3, 171]);
		sut = await page(); // a reload: the engine remembers nothing
		requests.length = 0;
		await rounds([4, 172], [5, 173]);
		// Two rounds of a send and a pull each: no document fetched to settle a conflict.
		expect(requests.filter((r) => !r.endsWith('/_changes'))).toEqual([
			`POST /${dbName}/_bulk_docs`,
			`POST /${dbName}/_bulk_docs`
		]);
		const doc = await live();
		expect(doc._rev!.startsWith('5-')).toBe(true); // written once a round
		expect(Buffer.from(doc.chunks[0]!.bpm, 'base64').length / 2).toBe(150 + 4);
		expect(await sut.pending()).toBe(1);
	});

	it("a hub's copy of a class sends only its people's readings; the display sends the rest", async () => {
		const hub = await device('Hub');
		await storeSession(hub.database, 'finished');
		await hub.database.sessions.update('s1', { hubOf: 'Display', participantIds: ['p1'] });
		await hub.sut.round();
		expect(await serverIds('session:')).toEqual([]);
		expect(await serverIds('events:')).toEqual([]);
		expect(await serverIds('readings:')).toEqual(['readings:s1:p1']);
		// The display recorded p1 through the hub: it sends the session and p2's readings only.
		const display = await device('Display');
		await storeSession(display.database, 'finished');
		const record = (await display.database.sessions.get('s1'))!;
		await display.database.sessions.put({
			...record,
			participants: record.participants.map((p) =>
				p.participantId === 'p1' ? { ...p, hub: 'Hub' } : p
			)
		});
		await display.sut.round();
		expect(await serverIds('session:')).toEqual(['session:s1']);
		expect(await serverIds('readings:')).toEqual(['readings:s1:p1', 'readings:s1:p2']);
		const p1 = (await (await server.admin(`/${dbName}/readings:s1:p1`)).json()) as {
			_rev: string;
		};
		expect(p1._rev.startsWith('1-')).toBe(true); // written once, by the hub
	});

	/** A hub's copy of the hand session holding only p1, with p1's readings as given chunks. */
	async function hubCopy(
		hub: Awaited<ReturnType<typeof device>>,
		readings: HeartRateReading[][],
		status: 'running' | 'finished' = 'finished'
	) {
		const { session } = handSession();
		await hub.database.sessions.put({
			...session,
			status,
			hubOf: 'Display',
			participantIds: ['p1'],
			participants: session.participants.filter((p) => p.participantId === 'p1')
		});
		await hub.database.samples.bulkAdd(readings.map((part, seq) => toChunk('s1', 'p1', seq, part)));
	}

	/** p1's readings on a device, in time order. */
	async function p1On(database: PulsklarDB) {
		const stored = await sessionSamples('s1', database.samples).toArray();
		return stored
			.filter((c) => c.participantId === 'p1')
			.flatMap(fromChunk)
			.map((r) => r.at);
	}

	it("a display sends its own copy of a hub person's readings only when the hub has not sent them", async () => {
		const { session, readings } = handSession();
		const list = readings.get('p1')!;
		/** The display's record: p1 was on the hub, heard live (all but the last 20 s). */
		const displayOf = async (endedAt: number) => {
			const display = await device('Display');
			await display.database.participants.put(participant('p1', 'Ask'));
			await display.database.sessions.put({
				...session,
				endedAt,
				participants: session.participants.map((p) =>
					p.participantId === 'p1' ? { ...p, hub: 'Hub' } : p
				)
			});
			await display.database.samples.add(toChunk('s1', 'p1', 0, list.slice(0, -20)));
			await display.database.samples.add(toChunk('s1', 'p2', 1, readings.get('p2')!));
			return display;
		};
		const hubSends = async () => {
			const hub = await device('Hub');
			await hubCopy(hub, [list]);
			await hub.sut.round();
			return hub;
		};

		// Just ended: the session and p2's readings go; p1's copy waits for the hub.
		const display = await displayOf(Date.now());
		await display.sut.round();
		expect(await serverIds('readings:')).toEqual(['readings:s1:p2']);
		expect(await display.sut.pending()).toBe(1);
		// The hub sends; the display hears it, and (the round after) its copy is dropped unsent.
		await hubSends();
		await display.sut.round();
		await display.sut.round();
		expect(await display.sut.pending()).toBe(0);
		const p1 = (await (await server.admin(`/${dbName}/readings:s1:p1`)).json()) as {
			_rev: string;
		};
		expect(p1._rev.startsWith('1-')).toBe(true); // the hub's, untouched
		expect(await p1On(display.database)).toEqual(list.map((r) => r.at));
	});

	it("a display's copy of a hub person's readings goes once the hub has been silent long enough, and the hub's later send completes it", async () => {
		const { session, readings } = handSession();
		const list = readings.get('p1')!;
		const display = await device('Display');
		await display.database.participants.put(participant('p1', 'Ask'));
		await display.database.sessions.put({
			...session,
			endedAt: Date.now() - HUB_READINGS_WAIT_MS - 1,
			participants: session.participants.map((p) =>
				p.participantId === 'p1' ? { ...p, hub: 'Hub' } : p
			)
		});
		await display.database.samples.add(toChunk('s1', 'p1', 0, list.slice(0, -20)));
		await display.sut.round();
		expect(await display.sut.pending()).toBe(0);
		expect(await serverIds('readings:')).toEqual(['readings:s1:p1']);
		// Another device (the therapist's) has the readings the display heard.
		const therapist = await device('Therapist');
		await therapist.sut.round();
		expect(await p1On(therapist.database)).toEqual(list.slice(0, -20).map((r) => r.at));
		// The hub comes back after all: its send meets the copy and the two merge.
		const hub = await device('Hub');
		await hubCopy(hub, [list]);
		for (let i = 0; i < 3 && (await hub.sut.pending()) > 0; i++) await hub.sut.round();
		await therapist.sut.round();
		expect(await p1On(therapist.database)).toEqual(list.map((r) => r.at));
	});

	it("keeps both stretches of one person's readings recorded on two hubs (a strap moved mid-class)", async () => {
		const list = handSession().readings.get('p1')!;
		const hubs = [await device('Hub A'), await device('Hub B')];
		// Hub A recorded p1's first half, hub B the second, each in its copy of the class.
		await hubCopy(hubs[0]!, [list.slice(0, 150)]);
		await hubCopy(hubs[1]!, [list.slice(150)]);
		for (const hub of hubs) await hub.sut.round();
		// B met A's document: the union went to the server, and B holds it too.
		await hubs[1]!.sut.round();
		const doc = (await (await server.admin(`/${dbName}/readings:s1:p1`)).json()) as {
			chunks: unknown[];
		};
		const display = await device('Display');
		await display.sut.round();
		expect(await p1On(display.database)).toEqual(list.map((r) => r.at));
		expect(doc.chunks).toHaveLength(1);
		expect(await hubs[1]!.sut.pending()).toBe(0);
	});

	it("keeps a running hub's own stretch of a person when another hub's readings of them arrive first", async () => {
		// p1's strap moved from hub B to hub A mid-class, and B ended its copy first: A, still
		// running, pulls B's readings of p1. Its own must stay (they were replaced by B's).
		const list = handSession().readings.get('p1')!;
		const [a, b] = [await device('Hub A'), await device('Hub B')];
		await hubCopy(b, [list.slice(0, 150)]);
		// A's copy runs, stored a flush at a time as the recorder stores it.
		const parts = [list.slice(150, 200), list.slice(200, 250), list.slice(250)];
		await hubCopy(a, parts, 'running');
		const ownRows = await a.database.samples.toCollection().primaryKeys();
		await b.sut.round();
		await a.sut.round();
		expect(await a.database.samples.toCollection().primaryKeys()).toEqual(ownRows);
		expect(await p1On(a.database)).toEqual(list.slice(150).map((r) => r.at));
		// A ends (long enough ago that its send does not wait for compaction) and sends: it meets
		// B's document, and both stretches become one, on the server and on every device.
		const ended = Date.now() - COMPACTION_WAIT_MS - 1;
		await a.database.sessions.update('s1', { status: 'finished', endedAt: ended });
		for (let i = 0; i < 3 && (await a.sut.pending()) > 0; i++) await a.sut.round();
		expect(await a.sut.pending()).toBe(0);
		expect(await p1On(a.database)).toEqual(list.map((r) => r.at));
		await b.sut.round();
		expect(await p1On(b.database)).toEqual(list.map((r) => r.at));
		const display = await device('Display');
		await display.sut.round();
		expect(await p1On(display.database)).toEqual(list.map((r) => r.at));
	});

	it('skips and counts a live document whose name and content disagree', async () => {
		const a = await device('A');
		await storeSession(a.database, 'running');
		await a.sut.round();
		const live = (await (await server.admin(`/${dbName}/live:s1:0:p1`)).json()) as SyncDoc;
		// Someone else's readings under p2's name: never heard as p2's.
		await server.admin(`/${dbName}/live:s1:0:p2x`, {
			method: 'PUT',
			body: JSON.stringify({ ...live, _id: 'live:s1:0:p2x', _rev: undefined })
		});
		const b = await device('B');
		const heard: LiveReadings[] = [];
		b.sut.onView = (view) => void (view.kind === 'live' && heard.push(view));
		expect((await b.sut.round()).invalid).toBe(1);
		expect(heard.map((h) => h.participantId).sort()).toEqual(['p1', 'p1', 'p2', 'p2']);
	});

	it('sends a participant added on B to A, and resumes from the checkpoint after a restart', async () => {
		const a = await device('A');
		const b = await device('B');
		await a.database.participants.put(participant('pa', 'Ask'));
		await a.sut.round();
		await b.sut.round();
		await b.database.participants.put(participant('pb', 'Brage'));
		await b.sut.round();
		expect((await a.sut.round()).received).toBe(1);
		expect((await a.database.participants.get('pb'))?.alias).toBe('Brage');
		// A restarted client on the same device reads from its checkpoint: nothing again.
		const again = new SyncEngine(
			a.database,
			databaseUrl(`/${dbName}`, server.url),
			'A',
			cookieFetch()
		);
		await again.signIn(CLINIC.user, CLINIC.password);
		expect((await again.pull()).received).toBe(0);
	});

	it('resolves a participant edited on both devices by the later updatedAt, the same on both', async () => {
		const a = await device('A');
		const b = await device('B');
		await a.database.participants.put(participant('p', 'Original', 10));
		await a.sut.round();
		await b.sut.round();
		await a.database.participants.put(participant('p', 'Edited on A', 20));
		await b.database.participants.put(participant('p', 'Edited on B later', 30));
		await a.sut.round();
		await b.sut.round(); // B's send conflicts; its later edit is sent on the current revision
		await b.sut.round();
		await a.sut.round();
		expect((await a.database.participants.get('p'))?.alias).toBe('Edited on B later');
		expect((await b.database.participants.get('p'))?.alias).toBe('Edited on B later');
		// The losing edit is kept on both devices.
		for (const d of [a, b]) {
			const kept = (await keptVersions(d.database, 'participant:p')) as Participant[];
			expect(kept.map((p) => p.alias)).toEqual(['Edited on A']);
		}
		expect(await a.sut.pending()).toBe(0);
		expect(await b.sut.pending()).toBe(0);
	});

	it('one send of several documents stores each new revision and still meets the one in conflict', async () => {
		const a = await device('A');
		const b = await device('B');
		await a.database.participants.bulkPut([
			participant('p', 'Original', 10),
			participant('q', 'Q', 10)
		]);
		await a.sut.round();
		await b.sut.round();
		await b.database.participants.put(participant('p', 'Edited on B later', 30));
		await b.sut.round();
		// One `_bulk_docs` from A: p meets B's edit, q and r go through.
		await a.database.participants.bulkPut([
			participant('p', 'Edited on A', 20),
			participant('q', 'Q edited on A', 20),
			participant('r', 'New on A', 20)
		]);
		await a.sut.push();
		for (const id of ['participant:p', 'participant:q', 'participant:r']) {
			const onServer = (await (await server.admin(`/${dbName}/${id}`)).json()) as { _rev: string };
			expect((await a.database.syncDocs.get(id))?.rev, id).toBe(onServer._rev);
		}
		expect(await a.sut.pending()).toBe(1); // p goes again, carrying the version that lost
		await a.sut.round();
		expect(await a.sut.pending()).toBe(0);
		const p = (await (await server.admin(`/${dbName}/participant:p`)).json()) as SyncDoc;
		expect((p.record as Participant).alias).toBe('Edited on B later');
		expect((p.losers as Participant[]).map((l) => l.alias)).toEqual(['Edited on A']);
		expect((await a.database.participants.get('q'))?.alias).toBe('Q edited on A');
	});

	it("a pull skips the device's own writes coming back and takes another's from the same page", async () => {
		const a = await device('A');
		const b = await device('B');
		await storeSession(a.database, 'running');
		const heard: string[] = [];
		a.sut.onView = (view) => void (view.kind === 'live' && heard.push(view.participantId));
		await b.database.participants.put(participant('pb', 'Brage'));
		await b.sut.round();
		// A's send, then one page of changes: its own six documents and B's one.
		const round = await a.sut.round();
		expect(round.sent).toBe(6); // two participants, and four live documents
		expect(round.received).toBe(1);
		expect(heard).toEqual([]);
		expect((await a.database.participants.get('pb'))?.alias).toBe('Brage');
		expect((await a.sut.pull()).received).toBe(0);
	});

	it('a send whose answer was lost is not a conflict with itself, and a later edit still wins', async () => {
		// The network drops as it comes back: the server wrote A's edit, A never heard so.
		const base = cookieFetch();
		let dropNextSend = false;
		const dropping: typeof base = async (input, init) => {
			const response = await base(input, init);
			if (dropNextSend && String(input).endsWith('/_bulk_docs')) {
				dropNextSend = false;
				throw new TypeError('Failed to fetch');
			}
			return response;
		};
		const database = new PulsklarDB(`sync-A-${n++}`);
		const a = {
			database,
			sut: new SyncEngine(database, databaseUrl(`/${dbName}`, server.url), 'A', dropping)
		};
		await a.sut.signIn(CLINIC.user, CLINIC.password);
		const b = await device('B');
		await a.database.participants.put(participant('p', 'Original', 10));
		await a.sut.round();
		await b.sut.round();
		// The edit form's record: the same fields as the server's copy, in another order.
		const edited = participant('p', 'Edited on A', 20);
		await a.database.participants.put(
			Object.fromEntries(Object.entries(edited).reverse()) as unknown as Participant
		);
		dropNextSend = true;
		expect(await problemOf(a.sut.round())).toBe('offline');
		await a.sut.round(); // sent again: the server has it already
		expect(await keptVersions(a.database, 'participant:p')).toEqual([]);
		expect(await a.sut.pending()).toBe(0);
		await b.database.participants.put(participant('p', 'Edited on B later', 30));
		await b.sut.round(); // B's send conflicts; its later edit is sent on the current revision
		await b.sut.round();
		await a.sut.round();
		for (const d of [a, b]) {
			expect((await d.database.participants.get('p'))?.alias).toBe('Edited on B later');
			const kept = (await keptVersions(d.database, 'participant:p')) as Participant[];
			expect(kept.map((p) => p.alias)).toEqual(['Edited on A']);
		}
	});

	it('an edit made while a round runs meets a later one from the server: both are kept', async () => {
		const a = await device('A');
		const b = await device('B');
		await a.database.participants.put(participant('p', 'Original', 10));
		await a.database.participants.put(participant('q', 'Other', 10));
		await a.sut.round();
		await b.sut.round();
		await b.database.participants.put(participant('p', 'Edited on B later', 30));
		await b.database.participants.put(participant('q', 'Edited on B earlier', 15));
		await b.sut.round();
		// A's round has sent its outbox; these edits land before it fetches the server's changes.
		await a.sut.push();
		await a.database.participants.put(participant('p', 'Edited on A', 20));
		await a.database.participants.put(participant('q', 'Edited on A later', 25));
		await a.sut.pull();
		await a.sut.round();
		await b.sut.round();
		for (const d of [a, b]) {
			expect((await d.database.participants.get('p'))?.alias).toBe('Edited on B later');
			expect((await d.database.participants.get('q'))?.alias).toBe('Edited on A later');
			const keptP = (await keptVersions(d.database, 'participant:p')) as Participant[];
			const keptQ = (await keptVersions(d.database, 'participant:q')) as Participant[];
			expect(keptP.map((p) => p.alias)).toEqual(['Edited on A']);
			expect(keptQ.map((p) => p.alias)).toEqual(['Edited on B earlier']);
		}
		expect(await a.sut.pending()).toBe(0);
	});

	it('a pull told to wait gets a change written while it waits; cut short, it returns at once', async () => {
		const a = await device('A');
		const b = await device('B');
		await a.sut.round();
		// Nothing new yet: A's fetch waits on the server (feed=longpoll) until B writes.
		const waited = a.sut.pull({ wait: 30_000 });
		await new Promise((resolve) => setTimeout(resolve, 200));
		await b.database.participants.put(participant('pb', 'Brage'));
		await b.sut.round();
		expect((await waited).received).toBe(1);
		expect((await a.database.participants.get('pb'))?.alias).toBe('Brage');
		// Something to send here: the wait is cut short without an error (the test's 5 s limit
		// would end a wait that ignored it), and the checkpoint has not moved past anything.
		const stop = new AbortController();
		const cut = a.sut.pull({ wait: 60_000, signal: stop.signal });
		setTimeout(() => stop.abort(), 100);
		expect(await cut).toEqual({ received: 0, invalid: 0 });
		await b.database.participants.put(participant('pc', 'Cato'));
		await b.sut.round();
		expect((await a.sut.pull()).received).toBe(1);
	});

	it('erases a participant on every device and on the server', async () => {
		const a = await device('A');
		await storeSession(a.database);
		await a.database.goals.put({
			id: 'g1',
			participantId: 'p1',
			text: 'Walk',
			status: 'active',
			history: [],
			createdAt: 1,
			updatedAt: 1
		});
		await a.sut.round();
		const b = await device('B');
		await b.sut.round();
		expect(await b.database.goals.count()).toBe(1);
		await eraseParticipant('p1', a.database);
		await a.sut.round();
		await b.sut.round();
		expect(await b.database.participants.get('p1')).toBeUndefined();
		expect(await b.database.goals.count()).toBe(0);
		expect((await b.database.sessions.get('s1'))?.participantIds).toEqual(['p2']);
		expect(
			(await b.database.samples.toArray()).every((chunk) => chunk.participantId === 'p2')
		).toBe(true);
		for (const id of ['participant:p1', 'goal:g1', 'readings:s1:p1']) {
			const r = await server.admin(`/${dbName}/${encodeURIComponent(id)}`);
			expect(r.status, id).toBe(404);
		}
	});

	it('skips and counts hostile documents on the server, writing nothing of them', async () => {
		const a = await device('A');
		await a.database.participants.put(participant('mine', 'Mine'));
		await a.sut.round();
		const before = await everything(a.database);
		const hostile = [
			{ _id: 'participant:x1', record: { ...participant('x1', 'X'), hrMax: 'high' } },
			{
				_id: 'participant:x2',
				record: { ...participant('x2', 'X'), notes: 'a'.repeat(10_000_001) }
			},
			// The id inside must match the name: otherwise it would overwrite another record.
			{ _id: 'participant:x3', record: participant('mine', 'Overwritten') },
			{ _id: 'session:x4', record: { id: 'x4', status: 42 } },
			{ _id: 'readings:s:p', sessionId: 's', participantId: 'p', chunks: [{ bpm: '!!' }] },
			{ _id: 'something-else', hello: 1 }
		];
		const r = await server.admin(`/${dbName}/_bulk_docs`, {
			method: 'POST',
			body: JSON.stringify({ docs: hostile })
		});
		expect(r.status).toBe(201);
		const got = await a.sut.round();
		expect(got.invalid).toBe(6);
		expect(await a.sut.invalidCount()).toBe(6); // kept for the settings screen across reloads
		expect(await everything(a.database)).toEqual(before);
	}, 30_000);

	it('stores a script in an alias as plain text (the screens escape it)', async () => {
		const a = await device('A');
		const alias = '<img src=x onerror="alert(1)">';
		await server.admin(`/${dbName}/participant:s1`, {
			method: 'PUT',
			body: JSON.stringify({ record: participant('s1', alias) })
		});
		await a.sut.round();
		expect((await a.database.participants.get('s1'))?.alias).toBe(alias);
	});
});

describe('a server that is not there or says no', () => {
	let html: Server;
	beforeAll(async () => {
		// A captive portal: answers every request with a login page.
		html = createServer((req, res) => {
			// CouchDB's answer to a user the database's `_security` no longer admits (their role
			// taken away mid-term). pouchdb-server answers a non-member 401, so it cannot give this
			// here: this is its body and status as CouchDB 3 sends them, and nothing else is faked.
			if (req.url?.startsWith('/forbidden')) {
				res.writeHead(403, { 'Content-Type': 'application/json' });
				res.end(
					JSON.stringify({ error: 'forbidden', reason: 'You are not allowed to access this db.' })
				);
				return;
			}
			res.writeHead(200, { 'Content-Type': 'text/html' });
			res.end('<html><body>Log in to the guest Wi-Fi</body></html>');
		});
		await new Promise<void>((r) => html.listen(HTML_PORT, '127.0.0.1', r));
	});
	afterAll(() => new Promise<void>((r) => html.close(() => r())));

	function client(url: string, name = `x-${n++}`) {
		const database = new PulsklarDB(name);
		return { database, sut: new SyncEngine(database, databaseUrl(url, url), name, cookieFetch()) };
	}

	it('says wrong password, and not a member, in plain words', async () => {
		const { sut } = client(`${server.url}/${dbName}`);
		expect(await problemOf(sut.signIn(CLINIC.user, 'wrong'))).toBe('wrong-password');
		expect(await problemOf(sut.signIn(CLINIC.outsider, CLINIC.outsiderPassword))).toBe('forbidden');
	});

	it('says sign in again when the session cookie is gone, keeping the outbox', async () => {
		const a = await device('A');
		await a.database.participants.put(participant('p', 'Ask'));
		// The same device after its cookie expired: no cookie at all.
		const expired = new SyncEngine(
			a.database,
			databaseUrl(`/${dbName}`, server.url),
			'A',
			cookieFetch()
		);
		const before = await everything(a.database);
		expect(await problemOf(expired.round())).toBe('signed-out');
		expect(await everything(a.database)).toEqual(before);
		expect(await expired.pending()).toBe(1);
		await expired.signIn(CLINIC.user, CLINIC.password);
		await expired.round();
		expect(await expired.pending()).toBe(0);
	});

	it('survives a server that dies mid-sync: nothing local changes, the rest waits', async () => {
		const other = await startCouchServer(PORT + 3);
		try {
			const database = new PulsklarDB(`dies-${n++}`);
			const jar = cookieFetch();
			let sends = 0;
			// The server dies just as the second batch of documents is sent.
			const dying: typeof fetch = async (input, init) => {
				if (String(input).endsWith('/_bulk_docs') && ++sends === 2) {
					const exited = new Promise((r) => other.process.once('exit', r));
					other.process.kill('SIGKILL');
					await exited;
				}
				return jar(input, init);
			};
			const sut = new SyncEngine(database, databaseUrl(`/${CLINIC.db}`, other.url), 'A', dying);
			await sut.signIn(CLINIC.user, CLINIC.password);
			await database.participants.bulkPut(
				Array.from({ length: 120 }, (_, i) => participant(`p${i}`, `P${i}`))
			);
			const before = await everything(database);
			expect(await problemOf(sut.round())).toBe('offline');
			expect(await everything(database)).toEqual(before);
			expect(await sut.pending()).toBe(70); // the first 50 arrived; the rest waits
		} finally {
			await other.stop();
		}
	}, 60_000);

	it('says a missing database is missing and never creates it', async () => {
		const { sut } = client(`${server.url}/no-such-db`);
		expect(await problemOf(sut.signIn(CLINIC.user, CLINIC.password))).toBe('no-database');
		expect((await server.admin('/no-such-db')).status).toBe(404);
	});

	it('recognises an HTML page as no server and leaves local data alone', async () => {
		const { database, sut } = client(`http://127.0.0.1:${HTML_PORT}/clinic`);
		await database.participants.put(participant('p', 'Ask'));
		const before = await everything(database);
		expect(await problemOf(sut.round())).toBe('not-couchdb');
		expect(await everything(database)).toEqual(before);
		expect(await sut.pending()).toBe(1);
	});

	it("says 'not a member' when CouchDB answers 403, and touches nothing", async () => {
		const { database, sut } = client(`http://127.0.0.1:${HTML_PORT}/forbidden`);
		await database.participants.put(participant('p', 'Ask'));
		const before = await everything(database);
		expect(await problemOf(sut.round())).toBe('forbidden');
		expect(await problemOf(sut.pull())).toBe('forbidden');
		expect(await everything(database)).toEqual(before);
		expect(await sut.pending()).toBe(1);
	});

	it('says offline when nothing listens, keeping the outbox', async () => {
		const { database, sut } = client(`http://127.0.0.1:${PORT + 2}/clinic`);
		await database.participants.put(participant('p', 'Ask'));
		expect(await problemOf(sut.round())).toBe('offline');
		expect(await sut.pending()).toBe(1);
	});

	it('refuses a server on another origin', () => {
		expect(() => databaseUrl('https://evil.example/couchdb/clinic', 'https://clinic.no')).toThrow(
			SyncError
		);
		expect(databaseUrl('/couchdb/clinic/', 'https://clinic.no').href).toBe(
			'https://clinic.no/couchdb/clinic'
		);
	});

	it('has a test server that refuses, at once, a port fetch would never reach', async () => {
		// 6000 (X11) is on fetch's blocked list: a server there timed out in CI after 20 s.
		await expect(startCouchServer(6000)).rejects.toThrow(/bad port/);
		expect(unitCouchPort(9)).toBe(unitCouchPort(0) + 9);
	});
});

describe('the outbox', () => {
	it('records nothing while sync is off', async () => {
		setOutboxEnabled(false);
		const database = new PulsklarDB(`off-${n++}`);
		await database.participants.put(participant('p', 'Ask'));
		expect(await database.outbox.count()).toBe(0);
	});
});
