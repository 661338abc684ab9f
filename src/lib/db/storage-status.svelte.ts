import type { StorageProblem } from './storage-errors';
import { classifyStorageError } from './storage-errors';

/** The latest storage problem, shown as a banner until the user dismisses it or it goes away. */
class StorageStatus {
	problem = $state<StorageProblem | null>(null);

	/** Records a failure from any storage call and returns its classification. */
	report(error: unknown): StorageProblem {
		const problem =
			typeof error === 'string' ? (error as StorageProblem) : classifyStorageError(error);
		this.problem = problem;
		if (typeof error !== 'string') console.error('storage', error);
		return problem;
	}

	/** Clears the banner (after a successful write or when dismissed). */
	clear(): void {
		this.problem = null;
	}
}

/** App-wide storage status. */
export const storageStatus = new StorageStatus();
