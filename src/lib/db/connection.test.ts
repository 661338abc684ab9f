import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { watchDatabase } from './connection';
import { PulsklarDB } from './db';
import { storageStatus } from './storage-status.svelte';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

afterEach(() => storageStatus.clear());

describe('another tab', () => {
	it('upgrading the schema closes this tab’s connection and says to reload', async () => {
		const sut = new PulsklarDB('tabs-versionchange');
		watchDatabase(sut);
		await sut.open();
		const newer = new Dexie('tabs-versionchange');
		newer.version(3).stores({ participants: 'id, alias, archived, updatedAt, extra' });
		await newer.open();
		expect(storageStatus.problem).toBe('version-change');
		expect(sut.isOpen()).toBe(false);
		newer.close();
		await Dexie.delete('tabs-versionchange');
	});

	it('an older tab that will not let go makes the upgrade wait, and the user is told', async () => {
		const older = new Dexie('tabs-blocked');
		older.version(0.5).stores({ participants: 'id' });
		older.on('versionchange', () => false); // an old app version that never closes
		await older.open();
		const sut = new PulsklarDB('tabs-blocked');
		watchDatabase(sut);
		await settle();
		expect(storageStatus.problem).toBe('blocked');
		older.close();
		await sut.open();
		expect(sut.verno).toBe(5);
		sut.close();
		await Dexie.delete('tabs-blocked');
	});
});
