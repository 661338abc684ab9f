// Apart from storage-errors.ts: telling a Dexie error needs Dexie itself, and the storage banner
// (which only classifies) is on the first load, where Dexie is not (docs/performance.md).
import Dexie from 'dexie';

/**
 * True when an error came from storage (Dexie, or IndexedDB's own quota error) rather than from
 * whatever else the same call did: pairing a strap also remembers it, and a full disk there is a
 * storage problem, not a Bluetooth one.
 */
export function isStorageError(error: unknown): boolean {
	if (error instanceof Dexie.DexieError) return true;
	return (error as { name?: unknown } | null)?.name === 'QuotaExceededError';
}
