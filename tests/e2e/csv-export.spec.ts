import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const FIXTURE = new URL('../fixtures/participant-backup.json', import.meta.url).pathname;

async function openRestoredReport(page: Page) {
	await page.goto('/backup');
	await page.getByTestId('backup-file').setInputFiles(FIXTURE);
	await page.getByTestId('backup-restore').click();
	await expect(page.getByTestId('backup-outcome')).toBeVisible();
	await page.goto('/history');
	await page.getByTestId('history-session').first().click();
	await expect(page.getByTestId('export-summary')).toBeVisible();
}

async function download(page: Page, testId: string) {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId(testId).click()
	]);
	return readFileSync((await file.path())!);
}

test.describe('in bokmål', () => {
	test.use({ locale: 'nb-NO' });

	test('the CSV opens in Norwegian Excel: BOM, ";" and decimal comma; the other format on request', async ({
		page
	}) => {
		await openRestoredReport(page);
		await expect(page.getByTestId('csv-format')).toHaveValue('nb');
		const nb = await download(page, 'export-summary');
		expect([...nb.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = nb.subarray(3).toString('utf8');
		expect(text.split('\r\n')[0]).toMatch(/^participant;interval;mean_bpm;peak_bpm;/);
		expect(text).toMatch(/;\d+,\d;/); // a decimal comma between semicolons
		expect(text).not.toMatch(/\d\.\d/);
		const readings = await download(page, 'export-csv');
		expect(readings.subarray(3).toString('utf8')).toMatch(/^time;participant;bpm;rr_ms;/);

		await page.getByTestId('csv-format').selectOption('intl');
		const intl = await download(page, 'export-summary');
		expect(intl[0]).toBe('p'.charCodeAt(0));
		expect(intl.toString('utf8').split('\r\n')[0]).toMatch(/^participant,interval,mean_bpm,/);
	});
});

test.describe('in English', () => {
	test.use({ locale: 'en-GB' });

	test('the CSV is RFC 4180 by default: commas, decimal point, no BOM', async ({ page }) => {
		await openRestoredReport(page);
		await expect(page.getByTestId('csv-format')).toHaveValue('intl');
		const intl = await download(page, 'export-summary');
		expect(intl[0]).toBe('p'.charCodeAt(0));
		expect(intl.toString('utf8')).toMatch(/,\d+\.\d,/);
	});
});
