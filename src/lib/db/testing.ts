import { afterEach, beforeEach } from 'vitest';
import { db } from './db';

/**
 * For unit tests (with `import 'fake-indexeddb/auto'` first): every test of the file starts from
 * an open, empty database. One helper so the setup cannot drift between the files that use it.
 */
export function useEmptyDatabase(): void {
	beforeEach(async () => {
		await db.open();
	});
	afterEach(async () => {
		await Promise.all(db.tables.map((table) => table.clear()));
	});
}
