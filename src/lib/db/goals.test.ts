import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, parseBackup, restoreBackup } from './backup';
import { PulsklarDB } from './db';
import { eraseParticipant } from './erase';
import { addGoal, listGoals, reviseGoal } from './goals';

let database: PulsklarDB;
let n = 0;

beforeEach(async () => {
	database = new PulsklarDB(`goals-test-${n++}`);
	await database.participants.add({
		id: 'p1',
		alias: 'Ask',
		hrMax: 190,
		hrMaxSource: 'measured',
		archived: 0,
		createdAt: 1,
		updatedAt: 1
	});
});
afterEach(() => database.delete());

describe('goals', () => {
	it('are revised with their history kept, oldest first', async () => {
		const goal = await addGoal(
			'p1',
			{
				text: 'Train twice a week',
				target: { kind: 'sessions-per-week', value: 2 },
				status: 'active'
			},
			database,
			1000
		);
		await reviseGoal(
			goal.id,
			{
				text: 'Train three times a week',
				target: { kind: 'sessions-per-week', value: 3 },
				status: 'active'
			},
			database,
			2000
		);
		const sut = await reviseGoal(
			goal.id,
			{
				text: 'Train three times a week',
				target: { kind: 'sessions-per-week', value: 3 },
				status: 'met'
			},
			database,
			3000
		);
		expect(sut).toMatchObject({ status: 'met', updatedAt: 3000, createdAt: 1000 });
		expect(sut?.history).toEqual([
			{
				at: 1000,
				text: 'Train twice a week',
				target: { kind: 'sessions-per-week', value: 2 },
				status: 'active'
			},
			{
				at: 2000,
				text: 'Train three times a week',
				target: { kind: 'sessions-per-week', value: 3 },
				status: 'active'
			}
		]);
		// Saving the same version again adds no history.
		await reviseGoal(
			goal.id,
			{
				text: 'Train three times a week',
				target: { kind: 'sessions-per-week', value: 3 },
				status: 'met'
			},
			database,
			4000
		);
		expect((await listGoals('p1', database))[0]?.history).toHaveLength(2);
	});

	it('go into a backup and come back, and older backups without goals still restore', async () => {
		await addGoal(
			'p1',
			{
				text: 'Four intervals in target',
				target: { kind: 'intervals-in-target', value: 4 },
				status: 'active'
			},
			database,
			1000
		);
		const backup = JSON.parse(JSON.stringify(await exportBackup(database))) as {
			stores: Record<string, unknown[]>;
		};
		expect(backup.stores.goals).toHaveLength(1);
		await Promise.all(database.tables.map((t) => t.clear()));
		const parsed = parseBackup(JSON.stringify(backup));
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.problem));
		expect((await restoreBackup(parsed.value, database)).ok).toBe(true);
		expect((await listGoals('p1', database)).map((g) => g.text)).toEqual([
			'Four intervals in target'
		]);

		delete backup.stores.goals;
		const older = parseBackup(JSON.stringify(backup));
		expect(older.ok && older.value.goals).toEqual([]);
	});

	it('are erased with their participant', async () => {
		await addGoal('p1', { text: 'Walk to the session', status: 'active' }, database);
		await eraseParticipant('p1', database);
		expect(await database.goals.count()).toBe(0);
	});
});
