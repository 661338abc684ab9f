import { db as appDb, type PulsklarDB } from './db';
import { storageStatus } from './storage-status.svelte';

/**
 * Watches the database for the two multi-tab situations IndexedDB reports: another tab holding an
 * old version open (blocked upgrade) and another tab upgrading the schema (versionchange).
 */
export function watchDatabase(db: PulsklarDB = appDb): void {
	db.on('blocked', () => {
		storageStatus.report('blocked');
	});
	db.on('versionchange', () => {
		// Close so the other tab's upgrade can proceed; this tab must reload to use the new schema.
		db.close();
		storageStatus.report('version-change');
		return false;
	});
	db.open().catch((error: unknown) => storageStatus.report(error));
}

/** Asks the browser to keep our data under storage pressure; false is normal (e.g. headless). */
export async function requestPersistentStorage(): Promise<boolean> {
	try {
		return (await navigator.storage?.persist?.()) ?? false;
	} catch {
		return false;
	}
}
