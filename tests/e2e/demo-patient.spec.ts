import Validator from '@asymmetrik/fhir-json-schema-validator';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { expectNoSeriousViolations, paintedPixels, pdfPages } from './helpers';

test.use({ locale: 'en-GB' });

/** Pages in a PDF from Chromium (one `/Type /Page` object each). */
/** Rows in every object store of the app's IndexedDB database, by store. */
function storeCounts(page: Page) {
	return page.evaluate(
		() =>
			new Promise<Record<string, number>>((resolve, reject) => {
				const open = indexedDB.open('pulsklar');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const idb = open.result;
					const names = [...idb.objectStoreNames];
					const tx = idb.transaction(names, 'readonly');
					const counts: Record<string, number> = {};
					for (const name of names) {
						const request = tx.objectStore(name).count();
						request.onsuccess = () => (counts[name] = request.result);
					}
					tx.oncomplete = () => {
						idb.close();
						resolve(counts);
					};
					tx.onerror = () => reject(tx.error);
				};
			})
	);
}

test('a demo patient: the therapist pages with seeded history, printed, then deleted with all its data', async ({
	page
}) => {
	test.setTimeout(90_000);
	await page.goto('/');
	const started = Date.now();
	await page.getByTestId('demo-patient').click();
	await expect(page).toHaveURL(/\/participants\/[\w-]+$/);
	const patientUrl = page.url();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Selje (demo)');
	console.log(`demo patient seeded and shown: ${Date.now() - started} ms`);
	await expect(page.getByTestId('demo-patient-notice')).toContainText('simulated');

	// The 12-week view: a drawn chart of the seeded sessions, planned vs done, goals with history.
	const view = page.getByTestId('twelve-week-view');
	await expect(view.getByTestId('period-week')).toHaveCount(12);
	const chart = view.getByTestId('period-chart');
	await expect(chart).toHaveAttribute('data-sessions', /^1\d$/);
	await expect.poll(() => paintedPixels(page, 'period-chart')).toBeGreaterThan(3000);
	await expect(view.getByTestId('goal')).toHaveCount(2);
	await expect(view.getByTestId('goal').nth(1)).toContainText(
		'Stay in the target zone in all four intervals'
	);
	await expect(view.getByTestId('goal').nth(1).getByTestId('goal-history')).toContainText(
		'History (1)'
	);
	await expect(page.getByTestId('trend-row')).toHaveCount(
		Number(await chart.getAttribute('data-sessions'))
	);
	await expect(view.getByTestId('period-note')).toContainText('Selje (demo)');
	await expect(view.getByTestId('period-note')).toContainText(/Attendance: \d+ of \d+ planned/);
	await expectNoSeriousViolations(page);

	// No horizontal scroll on a 390 px phone, on this page or the home page with the new entry.
	await page.setViewportSize({ width: 390, height: 844 });
	await expect(page.getByTestId('delete-demo-patient')).toBeVisible();
	// The chart follows the new width once chart.js has seen the resize.
	await expect
		.poll(() => page.evaluate(() => document.documentElement.scrollWidth))
		.toBeLessThanOrEqual(390);
	await page.goto('/');
	await expect(page.getByTestId('demo-patient')).toBeVisible();
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await page.setViewportSize({ width: 1280, height: 720 });

	// Opening the home entry again opens the same patient, never a second one.
	await page.goto('/participants');
	await expect(page.getByTestId('demo-tag')).toHaveCount(1);
	await page.getByTestId('demo-patient').click();
	await expect(page).toHaveURL(patientUrl);

	// Its sessions are in History, marked Demo; a report and journal note come out of them.
	await page.goto('/history');
	const first = page.getByTestId('history-session').first();
	await expect(first).toContainText('Demo');
	await first.click();
	await expect(page.getByTestId('journal-note')).toContainText('Selje (demo)');
	await expect(page.getByTestId('hr-chart')).toHaveAttribute('data-points', /^[1-9]\d+$/);

	// The whole period exports as FHIR and validates.
	await page.goto(patientUrl);
	await expect(chart).toHaveAttribute('data-sessions', /^1\d$/);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		view.getByTestId('export-period-fhir').click()
	]);
	const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as object;
	expect(new Validator().validate(bundle)).toEqual([]);

	// Printed: the chart as its fixed-size image and the week table, on two A4 portrait pages.
	await page.emulateMedia({ media: 'print' });
	await expect(view.getByTestId('period-chart-print')).toBeVisible();
	await expect(view.getByTestId('period-weeks')).toBeVisible();
	await expect(chart).toBeHidden();
	const image = await view.getByTestId('period-chart-print').evaluate((img: HTMLImageElement) => ({
		width: img.naturalWidth,
		height: img.naturalHeight
	}));
	expect(image).toEqual({ width: 1860, height: 960 });
	// Back to no emulation: page.pdf() prints with print media unless screen is forced.
	await page.emulateMedia({ media: null });
	const pdf = await page.pdf({ format: 'A4' });
	writeFileSync(test.info().outputPath('period.pdf'), pdf);
	expect(pdfPages(pdf)).toBe(2);

	// Deleted in one step: the patient and every record it owns leave every store.
	const before = await storeCounts(page);
	expect(before.participants).toBe(1);
	expect(before.sessions).toBeGreaterThanOrEqual(10);
	expect(before.samples).toBeGreaterThanOrEqual(10);
	expect(before.events).toBeGreaterThan(0);
	expect(before.goals).toBe(2);
	await page.getByTestId('delete-demo-patient').click();
	await expect(page).toHaveURL(/\/participants$/);
	await expect(page.getByTestId('demo-tag')).toHaveCount(0);
	const after = await storeCounts(page);
	expect(Object.keys(after).length).toBeGreaterThanOrEqual(10);
	for (const [store, count] of Object.entries(after)) expect(count, store).toBe(0);
	await page.goto('/history');
	await expect(page.getByTestId('history-empty')).toBeVisible();
});

test('after a demo class ends, History shows it, marked Demo, and the filter hides it', async ({
	page
}) => {
	await page.clock.install();
	await page.goto('/');
	await page.getByTestId('demo-class').click();
	await expect(page.getByTestId('participant-tile')).toHaveCount(8);
	await page.clock.fastForward(60_000);
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByTestId('end').click();
	await expect(page.getByTestId('session-finished')).toBeVisible();

	await page.goto('/history');
	const session = page.getByTestId('history-session');
	await expect(session).toHaveCount(1);
	await expect(session).toContainText('Demo');
	await expect(session).toContainText('8 participants');
	await page.getByTestId('show-demo').uncheck();
	await expect(session).toHaveCount(0);
	await expect(page.getByTestId('history-empty')).toHaveText('No sessions match the filters.');
	await page.getByTestId('show-demo').check();
	await expect(session).toHaveCount(1);
});
