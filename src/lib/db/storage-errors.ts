/** Why storage failed, as a code the UI turns into a message in the user's language. */
export type StorageProblem = 'quota' | 'blocked' | 'version-change' | 'unavailable' | 'unknown';

/**
 * Classifies an IndexedDB/Dexie failure. Dexie wraps a full disk as an AbortError whose
 * `inner` is the QuotaExceededError, so the chain of inner errors is searched.
 */
export function classifyStorageError(error: unknown): StorageProblem {
	const names: string[] = [];
	let current: unknown = error;
	for (let depth = 0; current && depth < 5; depth++) {
		const { name, message, inner } = current as {
			name?: string;
			message?: string;
			inner?: unknown;
		};
		if (name) names.push(name);
		if (message && /quota/i.test(message)) names.push('QuotaExceededError');
		current = inner;
	}
	if (names.includes('QuotaExceededError')) return 'quota';
	if (names.some((n) => n === 'VersionChangeError' || n === 'DatabaseClosedError'))
		return 'version-change';
	if (
		names.some(
			(n) => n === 'MissingAPIError' || n === 'InvalidStateError' || n === 'OpenFailedError'
		)
	)
		return 'unavailable';
	return 'unknown';
}
