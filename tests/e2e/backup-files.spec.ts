import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { storeCounts } from '../support/idb.js';
import { expect, test } from './fixtures';

const FIXTURE = new URL('../fixtures/participant-backup.json', import.meta.url).pathname;

test.use({ locale: 'en-GB' });

interface FixtureFile {
	version: unknown;
	stores: { [store in 'participants' | 'straps' | 'samples']: Record<string, unknown>[] };
}
const fixture = () => JSON.parse(readFileSync(FIXTURE, 'utf8')) as FixtureFile;

async function restore(page: Page, file: unknown) {
	await page.goto('/backup');
	await page.getByTestId('backup-file').setInputFiles({
		name: 'backup.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(file))
	});
	await page.getByTestId('backup-restore').click();
	const outcome = page.getByTestId('backup-outcome');
	await expect(outcome).toBeVisible();
	return outcome;
}

/** Record counts per store, read from the app's IndexedDB. */
function counts(page: Page) {
	return storeCounts(page, ['participants', 'straps', 'sessions', 'samples', 'events']);
}

test('a backup with two records under one id is refused, naming the id; nothing is written', async ({
	page
}) => {
	const file = fixture();
	const first = file.stores.participants[0]!;
	file.stores.participants.push({ ...first, alias: 'Twin' });
	const outcome = await restore(page, file);
	await expect(outcome).toContainText(`same id “${String(first.id)}” in participants`);
	await expect(outcome).toContainText('Nothing was changed');
	expect((await counts(page)).participants).toBe(0);
	expect((await counts(page)).sessions).toBe(0);
});

test('two straps of one Bluetooth device: says what is wrong with the file, no storage banner', async ({
	page
}) => {
	const file = fixture();
	const strap = { name: 'H10', createdAt: 1, updatedAt: 1, deviceId: 'dev-same' };
	file.stores.straps = [
		{ ...strap, id: 'strap-a' },
		{ ...strap, id: 'strap-b' }
	];
	const outcome = await restore(page, file);
	await expect(outcome).toContainText('two straps for the same Bluetooth device “dev-same”');
	await expect(outcome).not.toContainText('try again');
	await expect(page.getByTestId('storage-problem')).toHaveCount(0);
	expect((await counts(page)).straps).toBe(0);
});

test('a version written as text and bytes that are not base64 get their own messages', async ({
	page
}) => {
	const textVersion = fixture();
	textVersion.version = '1';
	let outcome = await restore(page, textVersion);
	await expect(outcome).toContainText('format version is written as "1", not as a number');
	await expect(outcome).not.toContainText('cannot read');

	const badBytes = fixture();
	badBytes.stores.samples[3]!.rr = 'AAAAA';
	outcome = await restore(page, badBytes);
	await expect(outcome).toContainText('stores.samples.3.rr is not valid base64');
	await expect(outcome).not.toContainText('cut off');
	expect((await counts(page)).samples).toBe(0);
});
