import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { storedSummaries } from '../support/idb.js';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations, paintedPixels, pdfPages, recordDemoSession } from './helpers';

const FIXTURE = new URL('../fixtures/participant-backup.json', import.meta.url).pathname;
const FIXTURE_PARTICIPANT = 'a5b1c7d0-0000-4000-8000-000000000001';

test.use({ locale: 'en-GB' });

/** Whether the app has stored the session's per-participant summaries (IndexedDB). */
async function summariesStored(page: Page, sessionId: string) {
	return (await storedSummaries(page, sessionId)) !== undefined;
}

async function restoreFile(page: Page, file: string | { name: string; buffer: Buffer }) {
	await page.goto('/backup');
	await page
		.getByTestId('backup-file')
		.setInputFiles(typeof file === 'string' ? file : { ...file, mimeType: 'application/json' });
	await page.getByTestId('backup-restore').click();
	return page.getByTestId('backup-outcome');
}

test('a recorded demo session: report, chart, overview, print, exports, and a backup that restores', async ({
	page: first
}) => {
	test.setTimeout(90_000);
	let page = first;
	await recordDemoSession(page);
	await expect(page.getByTestId('demo-marker')).toBeVisible();
	// Recorded without a clinic server: the report names no device.
	await expect(page.getByTestId('recorded-on')).toHaveCount(0);

	// Class overview: a row per participant, an interval per column, numbers as text.
	const overview = page.getByTestId('class-overview');
	await expect(overview.getByTestId('overview-row')).toHaveCount(8);
	await expect(overview.locator('thead th')).toHaveCount(1 + 4 + 1);
	await expect(overview.getByTestId('overview-row').first()).toContainText('%');

	const detail = page.getByTestId('participant-report');
	await expect(detail.getByTestId('interval-table').locator('tbody tr')).toHaveCount(4);
	await expect(detail.getByTestId('hrr')).toContainText('12 bpm or less');

	// The chart draws real data, not a blank canvas.
	const chart = page.getByTestId('hr-chart');
	await expect(chart).toHaveAttribute('data-points', /^[1-9]\d{2,}$/);
	expect(await paintedPixels(page, 'hr-chart')).toBeGreaterThan(5000);
	console.log(
		`40-min chart: ${await chart.getAttribute('data-points')} points drawn in ${await chart.getAttribute('data-render-ms')} ms`
	);

	// Another participant: the chart is rebuilt for them.
	await page.getByTestId('choose-participant').selectOption({ label: 'Osp' });
	await expect(detail.locator('h2')).toHaveText('Osp');
	await expect(chart).toHaveAttribute('data-points', /^[1-9]\d{2,}$/);

	// Print: navigation, exports and the class overview are hidden.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('navigation')).toBeHidden();
	await expect(page.getByTestId('export-csv')).toBeHidden();
	await expect(overview).toBeHidden();
	await expect(detail).toBeVisible();
	await page.emulateMedia({ media: 'screen' });

	// The rest runs in a second tab on the real clock, as a therapist would open it later.
	const reportUrl = page.url();
	page = await page.context().newPage();
	await page.goto(reportUrl);
	await expect(page.getByTestId('hr-chart')).toHaveAttribute('data-points', /^[1-9]\d{2,}$/);
	// The overview now comes from the summaries stored when the class ended (no readings read).
	const sessionId = reportUrl.split('/').pop()!;
	await expect.poll(() => summariesStored(page, sessionId)).toBe(true);
	const overviewText = await page.getByTestId('class-overview').innerText();
	await page.getByTestId('choose-participant').selectOption({ label: 'Osp' });
	// One participant's report fits on one A4 page.
	expect(pdfPages(await page.pdf({ format: 'A4' }))).toBe(1);

	// CSV export: one row per reading.
	const [csvDownload] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-csv').click()
	]);
	const csv = readFileSync((await csvDownload.path())!, 'utf8').split('\r\n');
	expect(csv[0]).toBe('time,participant,bpm,rr_ms,contact,phase');
	expect(csv.length).toBeGreaterThan(8 * 30 * 60);

	// Full backup, delete the session, restore it: the report is back.
	await page.goto('/backup');
	const [backupDownload] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('backup-export').click()
	]);
	const backupPath = (await backupDownload.path())!;
	await page.goto(reportUrl);
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByTestId('delete-session').click();
	await expect(page).toHaveURL(/\/history$/);
	await page.goto(reportUrl);
	await expect(page.getByRole('status')).toContainText('not found');

	const started = Date.now();
	const outcome = await restoreFile(page, backupPath);
	await expect(outcome).toContainText('Restored');
	console.log(`restore of a 40-min, 8-person session: ${Date.now() - started} ms`);
	await page.goto(reportUrl);
	await expect(page.getByTestId('class-overview').getByTestId('overview-row')).toHaveCount(8);
	// A restore drops the summaries; recomputed from the restored readings, they say the same.
	expect(await page.getByTestId('class-overview').innerText()).toBe(overviewText);
});

test('a participant page: trend, plan attendance, raising HRmax, and erasure', async ({ page }) => {
	await restoreFile(page, FIXTURE).then((o) => expect(o).toContainText('Restored'));
	await page.goto(`/participants/${FIXTURE_PARTICIPANT}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Furu');
	await expect(page.getByTestId('trend-row')).toHaveCount(4);
	await expect(page.getByTestId('attendance-done').locator('td')).toHaveCount(12);
	await expect(page.getByTestId('attendance-done').locator('td').first()).toContainText('3/3');
	await expectNoSeriousViolations(page);

	// In print the page holds the trend, the plan and the 12-week view with its chart (a
	// fixed-size image) and week table: two A4 portrait pages.
	expect(pdfPages(await page.pdf({ format: 'A4' }))).toBe(2);

	await page.getByTestId('raise-hrmax').click();
	await expect(page.getByTestId('hrmax')).toContainText('195 bpm (measured)');

	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByTestId('erase-participant').click();
	await expect(page).toHaveURL(/\/participants$/);
	await page.goto('/history');
	await expect(page.getByTestId('history-empty')).toBeVisible();
});

test('the report and backup pages have no serious WCAG problems; bad files are refused', async ({
	page
}) => {
	await restoreFile(page, FIXTURE).then((o) => expect(o).toContainText('Restored'));
	await page.goto('/history');
	await page.getByTestId('history-session').first().click();
	await expect(page.getByTestId('hr-chart')).toHaveAttribute('data-points', /^[1-9]\d+$/);
	await expectNoSeriousViolations(page);
	expect(pdfPages(await page.pdf({ format: 'A4' }))).toBe(1);

	const hostile = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
		version: number;
		stores: { participants: { alias: string }[] };
	};
	hostile.version = 7;
	let outcome = await restoreFile(page, {
		name: 'old.json',
		buffer: Buffer.from(JSON.stringify(hostile))
	});
	await expect(outcome).toContainText('format version 7');
	outcome = await restoreFile(page, { name: 'cut.json', buffer: Buffer.from('{"format":') });
	await expect(outcome).toContainText('Nothing was changed');
	await expectNoSeriousViolations(page);
});
