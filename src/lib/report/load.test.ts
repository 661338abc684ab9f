import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { exportBackup, parseBackup, restoreBackup } from '$lib/db/backup';
import { db } from '$lib/db/db';
import { eraseParticipant } from '$lib/db/erase';
import { appendChunks, lastReadingAt, toChunk } from '$lib/db/samples';
import { deleteSession } from '$lib/db/sessions';
import { loadSessionReport, loadTrend } from './load';
import { buildSessionReport } from './session-report';
import { T0 } from './test-session';
import { storeHandSession } from './test-store';
import { useEmptyDatabase } from '$lib/db/testing';

useEmptyDatabase();

describe('a session report from storage', () => {
	it('equals the report built from the readings in memory, and keeps the summaries', async () => {
		const { session, readings, events } = await storeHandSession();
		const sut = await loadSessionReport('s1');
		expect(sut).toEqual(buildSessionReport(session, readings, events));
		const stored = await db.summaries.get('s1');
		expect(stored?.endAt).toBe(T0 + 300_000);
		expect(Object.keys(stored?.participants ?? {}).sort()).toEqual(['p1', 'p2']);
	});

	it('opens from the stored summaries without reading the heart beats', async () => {
		const { session, readings, events } = await storeHandSession();
		await loadSessionReport('s1');
		// Proof that no reading is needed: they are gone, and the report is still whole.
		await db.samples.clear();
		expect(await loadSessionReport('s1')).toEqual(buildSessionReport(session, readings, events));
	});

	it('recomputes when the snapshot, the session record or its events changed', async () => {
		const { session } = await storeHandSession();
		const first = await loadSessionReport('s1');

		// Another snapshot (a stricter HRR rule is not a setting; zone edges are): recomputed with
		// it, and stored again.
		expect(first?.participants[0]?.summary.zoneMs).toEqual([0, 0, 60_000, 120_000, 60_000, 60_000]);
		const judgedWith = { ...session.judgedWith!, zoneBounds: [55, 65, 75, 85, 92] };
		await db.sessions.put({ ...session, judgedWith });
		const judged = await loadSessionReport('s1');
		expect(judged?.participants[0]?.summary.zoneMs).toEqual([0, 0, 60_000, 180_000, 60_000, 0]);
		expect((await db.summaries.get('s1'))?.key).toContain('"zoneBounds":[55,65,75,85,92,100]');

		// An event more (an RPE typed in late): the summary takes it.
		await db.events.add({
			id: 'late',
			sessionId: 's1',
			participantId: 'p2',
			at: T0 + 170_000,
			kind: 'rpe',
			value: 17,
			interval: 1
		});
		expect(first?.participants[1]?.summary.intervals[0]?.rpe).toBeNull();
		const withRpe = await loadSessionReport('s1');
		expect(withRpe?.participants[1]?.summary.intervals[0]?.rpe).toBe(17);

		// A changed session record (a participant erased elsewhere bumps updatedAt): recomputed.
		await db.samples.clear();
		await db.sessions.put({ ...session, updatedAt: session.updatedAt + 1 });
		const bare = await loadSessionReport('s1');
		expect(bare?.participants[0]?.summary.readings).toBe(0);
	});

	it('keeps nothing for a session that is still running (or interrupted)', async () => {
		const { session, readings, events } = await storeHandSession({
			status: 'running',
			endedAt: undefined
		});
		const sut = await loadSessionReport('s1');
		expect(await db.summaries.count()).toBe(0);
		// It closes at the last stored reading.
		expect(sut?.endAt).toBe(T0 + 299_000);
		expect(sut).toEqual(buildSessionReport(session, readings, events));
	});

	it('is undefined for a session that does not exist', async () => {
		expect(await loadSessionReport('nope')).toBeUndefined();
	});

	it('serves the trend from the stored summaries', async () => {
		await storeHandSession();
		await db.participants.bulkPut([
			{
				id: 'p2',
				alias: 'Bjørk',
				hrMax: 200,
				hrMaxSource: 'measured',
				archived: 0,
				createdAt: 0,
				updatedAt: 0
			}
		]);
		const before = await loadTrend('p2');
		await loadSessionReport('s1');
		await db.samples.clear();
		expect(await loadTrend('p2')).toEqual(before);
		expect(before[0]).toMatchObject({ workInBandFraction: 0.5, hrrDropBpm: 10 });
	});
});

describe('summaries go with the data they come from', () => {
	it('are deleted with their session', async () => {
		await storeHandSession();
		await loadSessionReport('s1');
		await deleteSession('s1');
		expect(await db.summaries.count()).toBe(0);
	});

	it('are deleted when a participant of the session is erased', async () => {
		await storeHandSession();
		await loadSessionReport('s1');
		await eraseParticipant('p2');
		expect(await db.summaries.count()).toBe(0);
		const report = await loadSessionReport('s1');
		expect(report?.participants.map((p) => p.info.alias)).toEqual(['Ask']);
		expect(JSON.stringify(await db.summaries.toArray())).not.toContain('p2');
	});

	it('are not in a backup, and a restore drops them to be recomputed', async () => {
		await storeHandSession();
		const first = await loadSessionReport('s1');
		const backup = await exportBackup();
		expect(Object.keys(backup.stores)).not.toContain('summaries');
		const parsed = parseBackup(JSON.stringify(backup));
		if (!parsed.ok) throw new Error('backup did not parse');
		expect((await restoreBackup(parsed.value)).ok).toBe(true);
		expect(await db.summaries.count()).toBe(0);
		expect(await loadSessionReport('s1')).toEqual(first);
	});
});

describe('the last stored reading', () => {
	it('is found by time, whatever order the chunks are stored in', async () => {
		const reading = (at: number) => ({ at, bpm: 120, contact: 'detected' as const, rrMs: [] });
		const late = { ...toChunk('s9', 'p1', 5, [reading(9_000)]), id: '0000' };
		const early = { ...toChunk('s9', 'p2', 0, [reading(1_000), reading(2_000)]), id: 'ffff' };
		await appendChunks([late, early]);
		expect(await lastReadingAt('s9')).toBe(9_000);
		expect(await lastReadingAt('none')).toBeNull();
	});
});
