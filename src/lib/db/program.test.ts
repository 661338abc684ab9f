import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, parseBackup, restoreBackup } from './backup';
import { PulsklarDB } from './db';
import { saveDiaryEntry } from './diary';
import { eraseParticipant } from './erase';
import { listHrMaxHistory, setMeasuredHrMax } from './hrmax-history';
import { saveHrvCheck } from './hrv-checks';

let database: PulsklarDB;
let n = 0;

const person = (id: string) => ({
	id,
	alias: id,
	hrMax: 180,
	hrMaxSource: 'nes' as const,
	archived: 0 as const,
	createdAt: 1,
	updatedAt: 5
});

async function seed(id: string) {
	await database.participants.add(person(id));
	await saveHrvCheck(
		{
			participantId: id,
			at: 10,
			durationMs: 120_000,
			position: 'seated',
			beats: 130,
			artefacts: 2,
			rmssdMs: 41,
			restingHr: 62
		},
		database,
		10
	);
	await saveDiaryEntry(
		{ participantId: id, date: '2026-03-02', kind: 'walk', minutes: 30, intensity: 'moderate' },
		database,
		11
	);
	await setMeasuredHrMax(id, 191, 'field-test', { database, now: 12, sessionId: 's1' });
}

beforeEach(() => {
	database = new PulsklarDB(`program-test-${n++}`);
});
afterEach(async () => {
	await database.delete();
});

describe('HRmax history', () => {
	it('keeps the estimate it replaces and records the measured value with its source', async () => {
		await database.participants.add(person('p1'));
		const sut = await setMeasuredHrMax('p1', 191, 'field-test', { database, now: 12 });
		expect(sut).toMatchObject({ hrMax: 191, hrMaxSource: 'measured', updatedAt: 12 });
		const history = await listHrMaxHistory('p1', database);
		expect(history.map((h) => [h.hrMax, h.source, h.method])).toEqual([
			[180, 'nes', undefined],
			[191, 'measured', 'field-test']
		]);
	});
});

describe('treatment records', () => {
	it('are erased with their participant and nobody else', async () => {
		await seed('p1');
		await seed('p2');
		await eraseParticipant('p1', database);
		for (const table of [database.hrvChecks, database.diary, database.hrMaxHistory]) {
			const left = await table.toArray();
			expect(left.length).toBeGreaterThan(0);
			expect(left.every((r) => r.participantId === 'p2')).toBe(true);
		}
	});

	it('go into a backup and come back from it', async () => {
		await seed('p1');
		const json = JSON.stringify(await exportBackup(database, 99));
		const parsed = parseBackup(json);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const target = new PulsklarDB(`program-test-${n++}`);
		await restoreBackup(parsed.value, target);
		expect(await target.hrvChecks.toArray()).toEqual(await database.hrvChecks.toArray());
		expect(await target.diary.toArray()).toEqual(await database.diary.toArray());
		expect(await target.hrMaxHistory.toArray()).toEqual(await database.hrMaxHistory.toArray());
		await target.delete();
	});

	it('are optional in a backup written before they existed', async () => {
		const backup = await exportBackup(database, 99);
		const old = { ...backup, stores: { ...backup.stores } } as Record<string, unknown> & {
			stores: Record<string, unknown>;
		};
		delete old.stores.hrvChecks;
		delete old.stores.diary;
		delete old.stores.hrMaxHistory;
		const parsed = parseBackup(JSON.stringify(old));
		expect(parsed.ok && parsed.value.diary).toEqual([]);
	});

	it('refuses a diary entry with a malformed date', async () => {
		await seed('p1');
		const backup = await exportBackup(database, 99);
		(backup.stores.diary[0] as { date: string }).date = '2.3.2026';
		const parsed = parseBackup(JSON.stringify(backup));
		expect(parsed).toMatchObject({ ok: false, problem: { code: 'invalid' } });
	});
});
