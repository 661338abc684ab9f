// Apart from storage-errors.ts: telling a Dexie error needs Dexie's error class, and the storage
// banner (which only classifies) is on the first load, where Dexie is not (docs/performance.md).
// The class is handed over by db.ts when Dexie loads: before that, no Dexie error can exist.

type ErrorClass = abstract new (...args: never[]) => Error;
let dexieError: ErrorClass | null = null;

/** Called by db.ts as Dexie loads, with Dexie's base error class. */
export function knowDexieErrors(type: ErrorClass): void {
	dexieError = type;
}

/**
 * True when an error came from storage (Dexie, or IndexedDB's own quota error) rather than from
 * whatever else the same call did: pairing a strap also remembers it, and a full disk there is a
 * storage problem, not a Bluetooth one.
 */
export function isStorageError(error: unknown): boolean {
	if (dexieError && error instanceof dexieError) return true;
	return (error as { name?: unknown } | null)?.name === 'QuotaExceededError';
}
