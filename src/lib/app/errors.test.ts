import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BluetoothError } from '$lib/ble/errors';
// A Dexie error in the app comes from the database module, which tells the classifier its class.
import '$lib/db/db';
import { storageStatus } from '$lib/db/storage-status.svelte';
import { handleError } from './errors';

const chooserClosed = () =>
	new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
// Dexie's shape of a full disk: an AbortError with the QuotaExceededError inside.
const diskFull = () =>
	new Dexie.AbortError(
		'Transaction aborted',
		new DOMException('The quota has been exceeded.', 'QuotaExceededError')
	);

beforeEach(() => {
	storageStatus.clear();
	vi.spyOn(console, 'warn').mockImplementation(() => {});
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
	vi.restoreAllMocks();
});

describe('the one error edge', () => {
	it('ignores a closed Bluetooth chooser: nothing logged, nothing shown', () => {
		expect(handleError(chooserClosed(), 'bluetooth')).toEqual({ told: 'nothing' });
		expect(handleError(chooserClosed(), 'storage')).toEqual({ told: 'nothing' });
		expect(storageStatus.problem).toBeNull();
		expect(console.warn).not.toHaveBeenCalled();
		expect(console.error).not.toHaveBeenCalled();
	});

	it('shows a failed save in the storage banner and logs it', () => {
		expect(handleError(diskFull(), 'storage')).toEqual({ told: 'storage', problem: 'quota' });
		expect(storageStatus.problem).toBe('quota');
		expect(console.error).toHaveBeenCalled();
	});

	it('hands a strap failure back as its Bluetooth code, without the storage banner', () => {
		const error = new BluetoothError('busy');
		expect(handleError(error, 'bluetooth')).toEqual({ told: 'bluetooth', code: 'busy' });
		expect(storageStatus.problem).toBeNull();
	});

	it('tells a storage failure during pairing as storage, not as a Bluetooth error', () => {
		expect(handleError(diskFull(), 'bluetooth')).toEqual({ told: 'storage', problem: 'quota' });
		expect(storageStatus.problem).toBe('quota');
	});

	it('only logs a failed tidy, unless the disk is full', () => {
		expect(handleError(new Dexie.ConstraintError('clash'), 'tidy')).toEqual({ told: 'logged' });
		expect(storageStatus.problem).toBeNull();
		expect(console.warn).toHaveBeenCalledTimes(1);
		expect(handleError(diskFull(), 'summaries')).toEqual({ told: 'storage', problem: 'quota' });
		expect(storageStatus.problem).toBe('quota');
	});
});
