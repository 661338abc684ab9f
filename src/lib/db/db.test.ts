import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { BUILT_IN_PROTOCOLS } from '$lib/workout/protocol';
import { db, PulsklarDB } from './db';
import { addEvent, listEvents } from './events';
import { setOutboxEnabled } from './outbox';
import { listParticipants, saveParticipant, setArchived } from './participants';
import {
	appendChunks,
	compactSession,
	fromChunk,
	readReadings,
	sessionSamples,
	toChunk
} from './samples';
import type { HeartRateReading } from '$lib/workout';
import {
	closeSession,
	deleteSession,
	findRunningSession,
	newSessionRecord,
	storeSession,
	getSession
} from './sessions';
import { classifyStorageError } from './storage-errors';
import { assignStrap, forgetStrap, listStraps, rememberStrap } from './straps';
import { useEmptyDatabase } from './testing';

const protocol = BUILT_IN_PROTOCOLS[0]!;

useEmptyDatabase();

describe('the database', () => {
	it('opens at version 5 with the stores of the data model, the summaries cache and sync', async () => {
		expect(db.verno).toBe(5);
		expect(db.tables.map((t) => t.name).sort()).toEqual([
			'diary',
			'events',
			'goals',
			'hrMaxHistory',
			'hrvChecks',
			'outbox',
			'participants',
			'protocols',
			'samples',
			'sessions',
			'straps',
			'summaries',
			'syncDocs',
			'syncMeta'
		]);
	});

	it('upgrades a database created by an older app version without losing rows', async () => {
		const name = 'pulsklar-upgrade-test';
		const old = new Dexie(name);
		// Version 1 exactly as the first release shipped it.
		old.version(1).stores({
			participants: 'id, alias, archived, updatedAt',
			straps: 'id, &deviceId, participantId, updatedAt',
			protocols: 'id, updatedAt',
			sessions: 'id, startedAt, status, mode, demo, *participantIds, updatedAt',
			samples: 'id, sessionId, [sessionId+participantId+seq]',
			events: 'id, sessionId, [sessionId+at], participantId'
		});
		await old.open();
		await old.table('participants').add({ id: 'p1', alias: 'Old', archived: 0, updatedAt: 1 });
		const readings: HeartRateReading[] = [
			{ at: 1_000, bpm: 120, contact: 'detected', rrMs: [500] }
		];
		await old.table('samples').add(toChunk('s1', 'p1', 0, readings));
		old.close();
		const sut = new PulsklarDB(name);
		await sut.open();
		expect(await sut.participants.get('p1')).toMatchObject({ alias: 'Old' });
		const [chunk] = await sessionSamples('s1', sut.samples).toArray();
		expect(fromChunk(chunk!)).toEqual(readings);
		// v2 dropped the samples' sessionId index: the compound index serves those queries.
		expect(sut.samples.schema.indexes.map((index) => index.name)).toEqual([
			'[sessionId+participantId+seq]'
		]);
		await sut.samples.add(toChunk('s10', 'p1', 0, readings));
		expect(await sessionSamples('s1', sut.samples).count()).toBe(1);
		expect(sut.tables).toHaveLength(14);
		expect(await sut.summaries.count()).toBe(0);
		// v3 added goals, found by participant.
		expect(sut.goals.schema.indexes.map((index) => index.name)).toEqual([
			'participantId',
			'updatedAt'
		]);
		sut.close();
		await Dexie.delete(name);
	});
});

describe('participants repository', () => {
	it('round-trips a participant and stamps times', async () => {
		const created = await saveParticipant(
			{ alias: 'Fjord', hrMax: 185, hrMaxSource: 'nes', age: 40 },
			1000
		);
		expect(created).toMatchObject({
			alias: 'Fjord',
			archived: 0,
			createdAt: 1000,
			updatedAt: 1000
		});
		const updated = await saveParticipant(
			{ ...created, hrMax: 190, hrMaxSource: 'measured' },
			2000
		);
		expect(updated).toMatchObject({ id: created.id, hrMax: 190, createdAt: 1000, updatedAt: 2000 });
		expect(await listParticipants()).toEqual([updated]);
	});

	it('hides archived participants unless asked', async () => {
		const p = await saveParticipant({ alias: 'A', hrMax: 180, hrMaxSource: 'nes' });
		await setArchived(p.id, true);
		expect(await listParticipants()).toEqual([]);
		expect(await listParticipants(true)).toHaveLength(1);
	});
});

describe('straps repository', () => {
	it('remembers a strap once per device and keeps its participant', async () => {
		await rememberStrap('dev-1', 'Polar H10 1', 'p1', 10);
		await rememberStrap('dev-1', 'Polar H10 1', undefined, 20);
		expect(await listStraps()).toEqual([
			expect.objectContaining({ deviceId: 'dev-1', participantId: 'p1', lastSeen: 20 })
		]);
		await assignStrap('dev-1', 'p2');
		expect((await listStraps())[0]?.participantId).toBe('p2');
		await forgetStrap('dev-1');
		expect(await listStraps()).toEqual([]);
	});
});

describe('sessions, samples and events', () => {
	const readings: HeartRateReading[] = [
		{ at: 1_000_000, bpm: 120, contact: 'detected', rrMs: [500] },
		{ at: 1_001_000, bpm: 121, contact: 'not-detected', rrMs: [] },
		{ at: 1_002_010, bpm: 300, contact: 'unsupported', rrMs: [495, 496.5] }
	];

	it('packs readings into a chunk and back without loss', () => {
		const chunk = toChunk('s', 'p', 0, readings);
		expect(fromChunk(chunk)).toEqual([
			readings[0],
			readings[1],
			{ ...readings[2], rrMs: [495, 497] }
		]);
	});

	it('compacts a finished session to one row per participant without changing a reading', async () => {
		const series = (n: number, from: number) =>
			Array.from({ length: n }, (_, i) => ({ ...readings[0]!, at: from + i * 1000, bpm: 100 + i }));
		const chunks = [0, 1, 2].flatMap((seq) => [
			toChunk('s', 'p', seq, series(3, 1_000_000 + seq * 3000)),
			toChunk('s', 'q', seq, series(2, 2_000_000 + seq * 2000))
		]);
		await appendChunks(chunks);
		await appendChunks([toChunk('other', 'p', 0, series(2, 5))]);
		const before = { p: await readReadings('s', 'p'), q: await readReadings('s', 'q') };
		await compactSession('s');
		expect(await sessionSamples('s').count()).toBe(2);
		expect(await readReadings('s', 'p')).toEqual(before.p);
		expect(await readReadings('s', 'q')).toEqual(before.q);
		expect(before.p).toHaveLength(9);
		expect(await sessionSamples('other').count()).toBe(1);
	});

	it('writes a flush of chunks in one transaction straight to IndexedDB, with the session’s outbox entry when syncing', async () => {
		await db.open();
		const bulkAdd = vi.spyOn(db.samples, 'bulkAdd');
		setOutboxEnabled(true);
		try {
			await appendChunks([toChunk('s', 'p', 0, readings), toChunk('s', 'q', 0, readings)]);
			expect(await readReadings('s', 'q')).toHaveLength(3);
			expect((await db.outbox.toArray()).map((e) => e.docId)).toEqual(['session:s']);
			// A row that cannot be stored (the same id twice): none of that flush is.
			const twice = toChunk('s', 'p', 1, readings);
			await expect(appendChunks([toChunk('s', 'q', 1, readings), twice, twice])).rejects.toThrow();
			expect(await db.samples.count()).toBe(2);
			setOutboxEnabled(false);
			await appendChunks([toChunk('t', 'p', 0, readings)]);
			expect(await db.outbox.count()).toBe(1);
			expect(bulkAdd).not.toHaveBeenCalled();
		} finally {
			setOutboxEnabled(false);
			bulkAdd.mockRestore();
		}
	});

	it('stores a session, its chunks and events, and deletes them together', async () => {
		const session = newSessionRecord({
			mode: 'class',
			demo: 0,
			protocol,
			timeline: [{ type: 'start', at: 1_000_000 }],
			participants: [{ participantId: 'p', alias: 'P', hrMax: 180 }],
			startedAt: 1_000_000
		});
		await storeSession(session);
		expect(await findRunningSession()).toMatchObject({ id: session.id });
		await appendChunks([
			toChunk(session.id, 'p', 1, readings.slice(2)),
			toChunk(session.id, 'p', 0, readings.slice(0, 2))
		]);
		expect((await readReadings(session.id, 'p')).map((r) => r.bpm)).toEqual([120, 121, 300]);
		await addEvent({
			sessionId: session.id,
			participantId: 'p',
			at: 1_000_500,
			kind: 'rpe',
			value: 16
		});
		await addEvent({ sessionId: session.id, at: 1_000_100, kind: 'note', value: 'warm room' });
		expect((await listEvents(session.id)).map((e) => e.kind)).toEqual(['note', 'rpe']);
		await closeSession(session.id, 'finished', 1_003_000);
		expect(await findRunningSession()).toBeUndefined();
		expect((await getSession(session.id))?.status).toBe('finished');
		await deleteSession(session.id);
		expect(await db.samples.count()).toBe(0);
		expect(await db.events.count()).toBe(0);
		expect(await getSession(session.id)).toBeUndefined();
	});
});

describe('classifyStorageError', () => {
	it('finds a full disk inside Dexie’s AbortError', () => {
		const quota = new DOMException('Quota exceeded', 'QuotaExceededError');
		expect(classifyStorageError({ name: 'AbortError', inner: quota })).toBe('quota');
		expect(classifyStorageError(new Dexie.QuotaExceededError('full'))).toBe('quota');
	});

	it('names closed databases and missing IndexedDB', () => {
		expect(classifyStorageError(new Dexie.DatabaseClosedError('closed'))).toBe('version-change');
		expect(classifyStorageError(new Dexie.MissingAPIError('no idb'))).toBe('unavailable');
		expect(classifyStorageError(new Error('something else'))).toBe('unknown');
	});
});
