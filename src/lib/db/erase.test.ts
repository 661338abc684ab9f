import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handSession } from '$lib/report/test-session';
import { PulsklarDB } from './db';
import { eraseParticipant } from './erase';
import { toChunk } from './samples';

let database: PulsklarDB;
let n = 0;

beforeEach(async () => {
	database = new PulsklarDB(`erase-test-${n++}`);
	const { session, readings, events } = handSession();
	const base = {
		hrMax: 200,
		hrMaxSource: 'measured' as const,
		archived: 0 as const,
		createdAt: 1,
		updatedAt: 1
	};
	await database.participants.bulkAdd([
		{ ...base, id: 'p1', alias: 'Ask' },
		{ ...base, id: 'p2', alias: 'Bjørk' }
	]);
	await database.straps.add({
		id: 'st1',
		deviceId: 'd1',
		name: 'H10',
		participantId: 'p1',
		createdAt: 1,
		updatedAt: 1
	});
	await database.sessions.bulkAdd([
		session,
		{ ...session, id: 's2', participants: [session.participants[0]!], participantIds: ['p1'] }
	]);
	await database.samples.bulkAdd([
		toChunk('s1', 'p1', 0, readings.get('p1')!),
		toChunk('s1', 'p2', 1, readings.get('p2')!),
		toChunk('s2', 'p1', 0, readings.get('p1')!)
	]);
	await database.events.bulkAdd([
		...events,
		{ id: 'e9', sessionId: 's2', participantId: 'p1', at: 1, kind: 'note', value: 'x' },
		{ id: 'e10', sessionId: 's1', at: 1, kind: 'note', value: 'class note' }
	]);
});
afterEach(() => database.delete());

describe('eraseParticipant', () => {
	it('removes the person and all their data, keeping the others’ part of shared sessions', async () => {
		const result = await eraseParticipant('p1', database);
		expect(result).toEqual({ sessionsDeleted: 1, sessionsTrimmed: 1 });
		expect(await database.participants.get('p1')).toBeUndefined();
		expect(await database.sessions.get('s2')).toBeUndefined();
		const shared = (await database.sessions.get('s1'))!;
		expect(shared.participantIds).toEqual(['p2']);
		expect(shared.participants.map((p) => p.alias)).toEqual(['Bjørk']);
		const samples = await database.samples.toArray();
		expect(samples.map((c) => [c.sessionId, c.participantId])).toEqual([['s1', 'p2']]);
		const events = await database.events.toArray();
		expect(events.some((e) => e.participantId === 'p1')).toBe(false);
		expect(events.map((e) => e.id).sort()).toEqual(['e10', 'e2', 'e3', 'e4']);
		expect((await database.straps.get('st1'))!.participantId).toBeUndefined();
		expect(await database.participants.get('p2')).toBeDefined();
	});
});
