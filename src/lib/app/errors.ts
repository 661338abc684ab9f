import { bluetoothErrorCode, isCancellation, type BluetoothErrorCode } from '$lib/ble/errors';
import { isStorageError } from '$lib/db/storage-error-source';
import { classifyStorageError, type StorageProblem } from '$lib/db/storage-errors';
import { storageStatus } from '$lib/db/storage-status.svelte';

/*
 * The one edge where an error meets the user. Each context says how its failures are told:
 * - `tell`: a read or write the user is waiting on; the storage banner says what went wrong in
 *   their language (AppBanners turns the problem code into a message).
 * - `best-effort`: work the app does on its own (tidying, caching summaries, keeping a settings
 *   snapshot) whose failure costs only speed; logged, and the banner only for a full disk, the one
 *   cause the user can act on (and that the next save would hit anyway).
 * - `bluetooth`: a strap call; the Bluetooth code is returned for the panel that shows it, unless
 *   the error came from storage (then it is a storage problem, told by the banner).
 */
const CONTEXTS = {
	storage: 'tell',
	bluetooth: 'bluetooth',
	tidy: 'best-effort',
	compact: 'best-effort',
	summaries: 'best-effort',
	'judged-with': 'best-effort',
	'other-tabs': 'best-effort'
} as const;

/** Where an error happened; decides how it is told (see CONTEXTS). */
export type ErrorContext = keyof typeof CONTEXTS;

/** What `handleError` did, for a caller that shows more (a pairing panel's Bluetooth code). */
export type HandledError =
	| { told: 'nothing' }
	| { told: 'logged' }
	| { told: 'storage'; problem: StorageProblem }
	| { told: 'bluetooth'; code: BluetoothErrorCode };

/**
 * Handles an error at the edge: a cancelled Bluetooth chooser is the user's choice and is ignored;
 * anything else is logged and told as its context says. Never throws.
 */
export function handleError(error: unknown, context: ErrorContext): HandledError {
	if (isCancellation(error)) return { told: 'nothing' };
	const policy = CONTEXTS[context];
	if (policy === 'bluetooth' && !isStorageError(error)) {
		console.warn(context, error);
		return { told: 'bluetooth', code: bluetoothErrorCode(error) };
	}
	if (policy === 'best-effort') {
		console.warn(context, error);
		if (classifyStorageError(error) !== 'quota') return { told: 'logged' };
	}
	// storageStatus.report logs the error itself.
	return { told: 'storage', problem: storageStatus.report(error) };
}
