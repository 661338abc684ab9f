import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceEvents } from '$lib/ble/listeners';
import type { HeartRateSource, SourceState } from '$lib/ble/source';
import { db, PulsklarDB } from '$lib/db/db';
import { setOutboxEnabled } from '$lib/db/outbox';
import { toChunk } from '$lib/db/samples';
import { LiveSession } from '$lib/session/live-session.svelte';
import { hubDocId, JOIN_CODE, type ClassView } from '$lib/sync/class-docs';
import { classLinkOf, SyncEngine } from '$lib/sync/engine';
import { databaseUrl } from '$lib/sync/http';
import type { SessionParticipant, SessionRecord } from '$lib/db/types';
import { builtInProtocol, type TimelineEvent } from '$lib/workout';
import {
	CLINIC,
	cookieFetch,
	startCouchServer,
	unitCouchPort,
	type CouchServer
} from '../../../scripts/couch-server.js';
import { ClassHost, HUB_SILENT_MS } from './class-host.svelte';
import { ClassWatch } from './class-watch.svelte';
import { HubClient } from './hub-client.svelte';

// A real pouchdb-server process between the display and the hub: nothing mocked on the wire. The
// hub's side is its real wire protocol (a `hub:` heartbeat and its recorded chunks sent by its own
// sync engine as live documents); the hub's screens are not part of this test.
const PORT = unitCouchPort(5);
let server: CouchServer;
let n = 0;
let dbName = '';

beforeAll(async () => {
	server = await startCouchServer(PORT);
}, 60_000);
afterAll(async () => {
	await server?.stop();
});
beforeEach(async () => {
	setOutboxEnabled(true);
	dbName = `class-${n++}`;
	await server.admin(`/${dbName}`, { method: 'PUT' });
	await server.admin(`/${dbName}/_security`, {
		method: 'PUT',
		body: JSON.stringify({ members: { names: [], roles: [CLINIC.role] } })
	});
});
let open: LiveSession | null = null;
afterEach(async () => {
	await open?.finish();
	open = null;
	setOutboxEnabled(false);
	await Promise.all(db.tables.map((t) => t.clear()));
});

class HandSource extends SourceEvents implements HeartRateSource {
	readonly id = 'strap-1';
	readonly name = 'Polar H10 1A2B';
	state: SourceState = 'connected';
	battery: number | null = 80;
	close = () => undefined;
	send(at: number, bpm: number) {
		this.emitReading({ at, bpm, contact: 'detected', rrMs: [] });
	}
}

async function engineFor(database: PulsklarDB, device: string) {
	const engine = new SyncEngine(
		database,
		databaseUrl(`/${dbName}`, server.url),
		device,
		cookieFetch()
	);
	await engine.signIn(CLINIC.user, CLINIC.password);
	return engine;
}

const T0 = Date.now();
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A class running since T0 with these people, as its display's session record has it. */
function classRecord(id: string, participants: SessionParticipant[]): SessionRecord {
	return {
		id,
		mode: 'class',
		demo: 0,
		protocol: builtInProtocol('4x4')!,
		timeline: [{ type: 'start', at: T0 }],
		participants,
		participantIds: participants.map((p) => p.participantId),
		startedAt: T0,
		status: 'running',
		createdAt: T0,
		updatedAt: T0
	};
}

/** Hub A's heartbeat, written by its own engine: one person on one strap. */
function hubABeat(
	engine: SyncEngine,
	sessionId: string,
	info: SessionParticipant,
	clock: { now: number }
) {
	return engine.putView({
		_id: hubDocId(sessionId, 'hub-a'),
		type: 'hub',
		sessionId,
		hubId: 'hub-a',
		name: 'Hub A',
		at: clock.now,
		participants: [{ info, strap: 'Polar H10 9F' }]
	});
}

/** The class's timeline paused at 60 s, resumed at 65 s and ended at 70 s. */
function pausedThenEnded(record: SessionRecord): TimelineEvent[] {
	return [
		...record.timeline,
		{ type: 'pause', at: T0 + 60_000 },
		{ type: 'resume', at: T0 + 65_000 },
		{ type: 'end', at: T0 + 70_000 }
	];
}

/** The display's `class:` document, written by its own engine, as ClassHost publishes it. */
function publisher(
	engine: SyncEngine,
	record: SessionRecord,
	code: string,
	clock: { now: number }
) {
	return (
		timeline: TimelineEvent[],
		status: 'open' | 'ended' = 'open',
		placed?: ClassView['placed']
	) =>
		engine.putView({
			_id: `class:${record.id}`,
			type: 'class',
			sessionId: record.id,
			code,
			display: 'Display, sal 2',
			owner: 'display-tab',
			status,
			record: { ...record, timeline },
			updatedAt: clock.now,
			...(placed ? { placed } : {})
		});
}

/**
 * A display running a class opened to hubs, and a hub's beat handed to it as the engine's pull
 * hands views over (the wire is the first test's).
 */
async function openDisplay(before?: (session: LiveSession) => void) {
	const clock = { now: T0 };
	const session = new LiveSession('class', false, () => clock.now);
	open = session;
	session.protocol = builtInProtocol('4x4')!;
	before?.(session); // e.g. a strap on the display's own Bluetooth
	expect(await session.start()).toBe(true);
	const engine = await engineFor(db, 'Display');
	const host = new ClassHost(session, classLinkOf(engine, 'Display'), () => clock.now);
	await host.open();
	const sessionId = session.record!.id;
	const beat = (
		hubId: string,
		name: string,
		people: { info: SessionParticipant; connected?: boolean }[]
	) =>
		host.hear({
			kind: 'hub',
			sessionId,
			hubId,
			name,
			at: clock.now,
			participants: people.map((p) => ({ ...p, strap: 'Polar H10 9F' }))
		});
	const tile = (id: string) => session.participants.find((p) => p.id === id)!;
	return { clock, session, host, beat, tile };
}

describe('a display hears a hub through the clinic server', () => {
	it("gives the hub's person a tile fed by the hub's readings, shows hub-offline when it goes quiet, and never sends that person's readings itself", async () => {
		// The display: a class running with Kari on a strap of its own, opened to hubs.
		const clock = { now: T0 };
		const session = new LiveSession('class', false, () => clock.now);
		open = session;
		session.protocol = builtInProtocol('4x4')!;
		const kariStrap = new HandSource();
		session.add({ participantId: 'kari', alias: 'Kari', hrMax: 180 }, kariStrap);
		expect(await session.start()).toBe(true);
		kariStrap.send(T0 + 1000, 110);
		const displayEngine = await engineFor(db, 'Display, sal 2');
		const host = new ClassHost(
			session,
			classLinkOf(displayEngine, 'Display, sal 2'),
			() => clock.now
		);
		const code = await host.open();
		expect(code).toMatch(JOIN_CODE);

		// The hub finds the class by its code on the server.
		const hubDb = new PulsklarDB(`hub-${n++}`);
		const hubEngine = await engineFor(hubDb, 'Hub A');
		const found = (await hubEngine.classes()).find(
			(c: ClassView) => c.code === code && c.status === 'open'
		);
		expect(found?.display).toBe('Display, sal 2');
		const sessionId = found!.sessionId;
		expect(sessionId).toBe(session.record!.id);

		// It records Ola on its strap (its copy of the class) and beats.
		const ola = { participantId: 'ola', alias: 'Ola', hrMax: 190 };
		await hubDb.sessions.put({
			...found!.record,
			hubOf: found!.display,
			participants: [ola],
			participantIds: ['ola']
		});
		const beat = () => hubABeat(hubEngine, sessionId, ola, clock);
		await beat();
		const readings = Array.from({ length: 5 }, (_, i) => ({
			at: T0 + i * 1000,
			bpm: 120 + i,
			contact: 'detected' as const
		}));
		await hubDb.samples.add(toChunk(sessionId, 'ola', 0, readings));
		await hubEngine.round();

		// The display's round brings the hub and its readings: Ola's tile, on Hub A.
		clock.now = T0 + 5_000;
		await displayEngine.round();
		const tile = session.participants.find((p) => p.id === 'ola')!;
		expect(tile).toBeDefined();
		session.tick();
		expect(tile.snapshot()).toMatchObject({ bpm: 124, strap: 'connected' });
		expect(tile.hub).toBe('Hub A');
		expect(session.record?.participantIds).toContain('ola');
		expect(session.record?.participants.find((p) => p.participantId === 'ola')?.hub).toBe('Hub A');
		expect(host.hubs).toEqual([{ hubId: 'hub-a', name: 'Hub A', online: true, people: 1 }]);

		// The hub goes quiet: after HUB_SILENT_MS its person shows hub-offline and "—".
		clock.now += HUB_SILENT_MS + 100;
		await wait(700); // the host's watch runs every 500 ms
		session.tick();
		expect(tile.snapshot()).toMatchObject({ bpm: null, strap: 'hub-offline' });
		expect(tile.flags).toContain('hub-offline');

		// Back: a beat and new readings, and the tile streams again.
		await beat();
		await hubDb.samples.add(
			toChunk(sessionId, 'ola', 1, [{ at: clock.now - 500, bpm: 131, contact: 'detected' }])
		);
		await hubEngine.round();
		await displayEngine.round();
		session.tick();
		expect(tile.snapshot()).toMatchObject({ bpm: 131, strap: 'connected' });

		// The display sends its own person's live readings, never the hub's person's.
		// (Two rounds: a second writer would meet a conflict in the first and overwrite in the next.)
		await session.recorder?.flush();
		await displayEngine.round();
		await displayEngine.round();
		const ids = (
			(await (await server.admin(`/${dbName}/_all_docs?include_docs=true`)).json()) as {
				rows: { id: string; doc: { device?: string } }[];
			}
		).rows.filter((r) => r.id.startsWith('live:'));
		expect(ids.some((r) => r.id.endsWith(':kari') && r.doc.device === 'Display, sal 2')).toBe(true);
		const olaDocs = ids.filter((r) => r.id.endsWith(':ola'));
		expect(olaDocs.length).toBeGreaterThan(0);
		expect(olaDocs.every((r) => r.doc.device === 'Hub A')).toBe(true);
		await host.close();
	}, 30_000);
});

describe('a strap that moves between hubs', () => {
	it('stays on the first hub while that hub still has the person, then moves', async () => {
		const { clock, session, host, beat, tile } = await openDisplay();
		const ola = [{ info: { participantId: 'ola', alias: 'Ola', hrMax: 190 } }];
		beat('a', 'Hub A', ola);
		expect(tile('ola').hub).toBe('Hub A');
		// Paired on B too while A still lists her: A keeps her (no tile flipping between hubs).
		clock.now += 1000;
		beat('b', 'Hub B', ola);
		beat('a', 'Hub A', ola);
		beat('b', 'Hub B', ola);
		expect(tile('ola').hub).toBe('Hub A');
		// A lets her go: the next beat from B moves her.
		clock.now += 1000;
		beat('a', 'Hub A', []);
		beat('b', 'Hub B', ola);
		expect(tile('ola').hub).toBe('Hub B');
		expect(session.participants.filter((p) => p.id === 'ola')).toHaveLength(1);
		await host.close();
	});

	it('moves when the first hub still lists the person but has lost their strap', async () => {
		const { clock, host, beat: beatAll, tile: tileOf } = await openDisplay();
		const info = { participantId: 'ola', alias: 'Ola', hrMax: 190 };
		const beat = (hubId: string, name: string, connected: boolean) =>
			beatAll(hubId, name, [{ info, connected }]);
		const tile = () => tileOf('ola');
		beat('a', 'Hub A', true);
		// Paired on B while A still has the strap connected (a strap takes two connections): A.
		clock.now += 1000;
		beat('b', 'Hub B', true);
		expect(tile().hub).toBe('Hub A');
		// The strap leaves A's range: A still lists her, reconnecting; B has her, so B.
		clock.now += 1000;
		beat('a', 'Hub A', false);
		beat('b', 'Hub B', true);
		expect(tile().hub).toBe('Hub B');
		// A gets the strap back for a moment: she stays on B (no flipping).
		clock.now += 1000;
		beat('a', 'Hub A', true);
		beat('b', 'Hub B', true);
		expect(tile().hub).toBe('Hub B');
		// Neither hub's strap is connected: she stays where she is.
		beat('b', 'Hub B', false);
		beat('a', 'Hub A', false);
		expect(tile().hub).toBe('Hub B');
		await host.close();
	});
});

describe("a strap that moves off the display's own Bluetooth", () => {
	it("stays on the display while its strap there is connected; once lost, moves to the hub, is published there, and stays the display's to send", async () => {
		const strap = new HandSource();
		const kari = { participantId: 'kari', alias: 'Kari', hrMax: 180 };
		const {
			clock,
			session,
			host,
			beat: beatAll,
			tile: tileOf
		} = await openDisplay((s) => s.add(kari, strap));
		strap.send(T0 + 1000, 110);
		const sessionId = session.record!.id;
		const beat = () => beatAll('a', 'Hub A', [{ info: kari, connected: true }]);
		const tile = () => tileOf('kari');
		// Hub A pairs her strap too (a strap takes two connections): she stays on the display.
		beat();
		expect(tile().source).toBe(strap);
		expect(tile().hub).toBe('');
		// The display loses her strap: the hub's next beat takes her.
		strap.state = 'reconnecting';
		clock.now += 1000;
		beat();
		expect(tile().source?.id).toBe('hub:a:kari');
		expect(tile().hub).toBe('Hub A');
		await host.publish(); // after the move's own publish: one at a time
		const doc = (await (await server.admin(`/${dbName}/class:${sessionId}`)).json()) as {
			placed?: ClassView['placed'];
		};
		expect(doc.placed).toEqual({ kari: { hubId: 'a', name: 'Hub A' } });
		// Recorded here until then: the record names no hub for her, so this display still sends
		// her readings when the class ends (the hub sends its stretch; the two merge).
		expect(session.record?.participants.find((p) => p.participantId === 'kari')?.hub).toBe(
			undefined
		);
		await host.close();
	});
});

/**
 * A display's documents written by its own engine on a database of its own, and the real
 * HubClient (with real session copies) on this test's `db`, both on one clock.
 */
async function displayAndHub() {
	const clock = { now: T0 };
	const displayDb = new PulsklarDB(`display-${n++}`);
	const displayEngine = await engineFor(displayDb, 'Display, sal 2');
	const hubEngine = await engineFor(db, 'Hub A');
	const hub = new HubClient(
		classLinkOf(hubEngine, 'Hub A'),
		async (record, display) => {
			const copy = new LiveSession('class', false, () => clock.now);
			open = copy;
			return (await copy.startAsHub(record, display)) ? copy : null;
		},
		() => clock.now
	);
	return { clock, displayDb, displayEngine, hubEngine, hub };
}

describe('a hub joins a class through the clinic server', () => {
	it('is told plainly about a bad, unknown or ended code; joins by code; follows the timeline; beats with its people; keeps its copy when the display sends the session', async () => {
		// The display's side is its documents, written by its own engine on a database of its own
		// (the display's screens are the test above); the hub is the real HubClient and session.
		const { clock, displayDb, displayEngine, hubEngine, hub } = await displayAndHub();
		expect(await hub.join('12 34')).toBe(false);
		expect(hub.problem).toBe('bad-code');
		expect(await hub.join('123 456')).toBe(false);
		expect(hub.problem).toBe('not-found');

		const sessionId = 'class-session-1';
		const record = classRecord(sessionId, [{ participantId: 'kari', alias: 'Kari', hrMax: 180 }]);
		const publish = publisher(displayEngine, record, '123456', clock);
		await publish(record.timeline);

		expect(await hub.join('123 456')).toBe(true);
		const copy = hub.session!;
		expect(copy.follows).toBe(true);
		expect(copy.record).toMatchObject({
			id: sessionId,
			hubOf: 'Display, sal 2',
			participantIds: []
		});
		// Its own controls do nothing: the display runs the timer.
		copy.control('pause');
		expect(copy.timeline).toHaveLength(1);

		// Ola pairs a strap here: the beat names her and her strap.
		const strap = new HandSource();
		copy.join({ participantId: 'ola', alias: 'Ola', hrMax: 190 }, strap);
		await hub.beat();
		const hubDoc = (await (
			await server.admin(`/${dbName}/${hubDocId(sessionId, hub.hubId)}`)
		).json()) as { name: string; participants: { info: { alias: string }; strap: string }[] };
		expect(hubDoc.name).toBe('Hub A');
		expect(hubDoc.participants).toEqual([
			expect.objectContaining({
				info: expect.objectContaining({ alias: 'Ola' }),
				strap: 'Polar H10 1A2B'
			})
		]);

		// The display pauses: the hub's next round brings it, and the copy's timer stops there.
		clock.now = T0 + 60_000;
		await publish([...record.timeline, { type: 'pause', at: T0 + 60_000 }]);
		await hubEngine.round();
		expect(copy.state.status).toBe('paused');

		// Its person's readings reach the server as live documents from this hub.
		strap.send(T0 + 59_000, 120);
		await copy.recorder?.flush();
		await hubEngine.round();
		const all = (await (await server.admin(`/${dbName}/_all_docs?include_docs=true`)).json()) as {
			rows: { id: string; doc: { device?: string } }[];
		};
		expect(all.rows.filter((r) => r.id.startsWith('live:')).map((r) => r.doc.device)).toEqual([
			'Hub A'
		]);

		// The display ends the class: the copy ends too, and the hub's last beat says it left.
		clock.now = T0 + 70_000;
		const ended = pausedThenEnded(record);
		await publish(ended, 'ended');
		await hubEngine.round();
		expect(copy.state.status).toBe('done');
		await copy.finish();
		await hub.beat();
		const last = (await (
			await server.admin(`/${dbName}/${hubDocId(sessionId, hub.hubId)}`)
		).json()) as { left?: boolean };
		expect(last.left).toBe(true);
		expect(await hub.join('123456')).toBe(false);
		expect(hub.problem).toBe('ended');

		// The display's session arrives: the hub keeps its own copy (it sends only its people).
		await displayDb.sessions.put({
			...record,
			timeline: ended,
			status: 'finished',
			updatedAt: T0 + 99_000
		});
		await displayDb.outbox.put({ docId: `session:${sessionId}`, stamp: 'x' });
		await displayEngine.round();
		await hubEngine.round();
		expect((await db.sessions.get(sessionId))?.hubOf).toBe('Display, sal 2');
		expect((await db.sessions.get(sessionId))?.participantIds).toEqual(['ola']);
	}, 30_000);
});

describe('a second screen watches a class another display runs', () => {
	it("shows the display's and the hub's people and the display's timeline, controls nothing, stores nothing, and gets the report by sync once the class has ended", async () => {
		// The display and the hub are their documents, each written by its own engine on a
		// database of its own; the watching screen is the real ClassWatch on this test's `db`.
		const clock = { now: T0 };
		const displayDb = new PulsklarDB(`display-${n++}`);
		const displayEngine = await engineFor(displayDb, 'Display, sal 2');
		const hubDb = new PulsklarDB(`hub-${n++}`);
		const hubEngine = await engineFor(hubDb, 'Hub A');
		const sessionId = 'watched-class-1';
		const kari = { participantId: 'kari', alias: 'Kari', hrMax: 180 };
		const ola = { participantId: 'ola', alias: 'Ola', hrMax: 190 };
		const record = classRecord(sessionId, [kari, { ...ola, hub: 'Hub A' }]);
		const publish = publisher(displayEngine, record, '654321', clock);
		await publish(record.timeline);
		// Kari's strap is on the display, Ola's on Hub A: each device sends its own person's live
		// documents, and the hub beats.
		const readings = (bpm: number) =>
			Array.from({ length: 5 }, (_, i) => ({
				at: T0 + i * 1000,
				bpm: bpm + i,
				contact: 'detected' as const
			}));
		await displayDb.sessions.put({ ...record, device: 'Display, sal 2' });
		await displayDb.samples.add(toChunk(sessionId, 'kari', 0, readings(110)));
		await displayEngine.round();
		await hubDb.sessions.put({
			...record,
			hubOf: 'Display, sal 2',
			participants: [ola],
			participantIds: ['ola']
		});
		await hubDb.samples.add(toChunk(sessionId, 'ola', 0, readings(140)));
		await hubEngine.round();
		await hubABeat(hubEngine, sessionId, ola, clock);

		// The watching screen finds the class as a hub would, and watches it.
		const watchEngine = await engineFor(db, 'Wall screen');
		const view = (await watchEngine.classes()).find((c) => c.code === '654321')!;
		expect(view.status).toBe('open');
		clock.now = T0 + 5_000;
		const watch = new ClassWatch(classLinkOf(watchEngine, 'Wall screen'), view, () => clock.now);
		watch.start();
		const session = watch.session;
		open = session;
		await watchEngine.round();
		session.tick();
		const tile = (id: string) => session.participants.find((p) => p.id === id)!;
		expect(tile('kari').snapshot()).toMatchObject({ bpm: 114, strap: 'connected' });
		expect(tile('kari').hub).toBe('Display, sal 2');
		expect(tile('ola').snapshot()).toMatchObject({ bpm: 144 });
		expect(tile('ola').hub).toBe('Hub A');
		expect(watch.hubs.hubs).toEqual([{ hubId: 'hub-a', name: 'Hub A', online: true, people: 1 }]);

		// Its controls do nothing; the display's pause arrives and its timer stops there.
		expect(session.follows).toBe(true);
		session.control('pause');
		expect(session.timeline).toHaveLength(1);
		clock.now = T0 + 60_000;
		await publish([...record.timeline, { type: 'pause', at: T0 + 60_000 }]);
		await watchEngine.round();
		expect(session.state.status).toBe('paused');

		// The display ends the class: this screen says so, and has still stored nothing, played
		// nothing and sent nothing.
		clock.now = T0 + 70_000;
		const ended = pausedThenEnded(record);
		await publish(ended, 'ended');
		await watchEngine.round();
		session.tick();
		expect(watch.ended).toBe(true);
		expect(session.state.status).toBe('done');
		expect(session.cueLog).toEqual([]);
		expect(session.alarmsPlayed).toBe(0);
		for (const table of [db.sessions, db.samples, db.events, db.participants, db.outbox])
			expect(await table.count(), table.name).toBe(0);

		// The display's session reaches this device by sync, whole: its report opens here.
		await displayDb.sessions.put({
			...record,
			timeline: ended,
			status: 'finished',
			endedAt: T0 + 70_000,
			updatedAt: T0 + 99_000
		});
		await displayEngine.round();
		await watchEngine.round();
		expect(await db.sessions.get(sessionId)).toMatchObject({
			status: 'finished',
			participantIds: ['kari', 'ola']
		});
		watch.stop();
		open = null;
	}, 30_000);
});

describe('a hub whose person the display has moved to another hub', () => {
	it('lets their strap go, says where it went, stops listing them, and keeps what it recorded', async () => {
		const { clock, displayEngine, hubEngine, hub } = await displayAndHub();
		const record = classRecord('moved-class-1', []);
		const publish = publisher(displayEngine, record, '246810', clock);
		await publish(record.timeline);
		expect(await hub.join('246810')).toBe(true);
		const copy = hub.session!;
		let closed = 0;
		const strap = new HandSource();
		strap.close = () => void closed++;
		const ola = copy.join({ participantId: 'ola', alias: 'Ola', hrMax: 190 }, strap);
		strap.send(T0 + 1000, 120);
		await copy.recorder?.flush();
		const listed = async () => {
			await hub.beat();
			const doc = (await (
				await server.admin(`/${dbName}/${hubDocId(record.id, hub.hubId)}`)
			).json()) as { participants: { info: { participantId: string } }[] };
			return doc.participants.map((p) => p.info.participantId);
		};
		expect(await listed()).toEqual(['ola']);

		// The display places her here: nothing changes.
		const here = { ola: { hubId: hub.hubId, name: 'Hub A' } };
		await publish(record.timeline, 'open', here);
		await hubEngine.round();
		expect(ola.source).toBe(strap);

		// Her strap left this hub's range and Hub B has it: the display moves her there.
		strap.state = 'reconnecting';
		await publish(record.timeline, 'open', { ola: { hubId: 'hub-b', name: 'Hub B' } });
		await hubEngine.round();
		expect(closed).toBe(1);
		expect(ola.source).toBeNull();
		expect(ola.snapshot()).toMatchObject({ movedTo: 'Hub B', strap: 'none', bpm: null });
		clock.now = T0 + 60_000; // long past the no-signal delay: still no flag for her here
		copy.tick();
		expect(ola.flags).toEqual([]);
		expect(await listed()).toEqual([]);
		expect(copy.record?.participantIds).toEqual(['ola']);
		expect(await db.samples.count()).toBe(1);

		// Paired here again: hers again, listed again.
		copy.attach(ola, strap);
		expect(ola.movedTo).toBe('');
		expect(await listed()).toEqual(['ola']);
		hub.stop();
	}, 30_000);
});
