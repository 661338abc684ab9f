import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** Adds a participant through the roster screen. */
async function addParticipant(page: Page, alias: string, age = '40') {
	await page.goto('/participants');
	await page.getByTestId('add-participant').click();
	await page.getByTestId('participant-alias').fill(alias);
	await page.getByTestId('participant-age').fill(age);
	await page.getByTestId('save-participant').click();
	await expect(page.getByText(alias).first()).toBeVisible();
}

/** HRV checks stored in the browser's IndexedDB. */
async function storedChecks(page: Page) {
	return page.evaluate(
		() =>
			new Promise<{ participantId: string; rmssdMs?: number; artefacts: number }[]>(
				(resolve, reject) => {
					const open = indexedDB.open('pulsklar');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const req = open.result.transaction('hrvChecks').objectStore('hrvChecks').getAll();
						req.onsuccess = () => resolve(req.result);
						req.onerror = () => reject(req.error);
					};
				}
			)
	);
}

test('an HRV check on a simulated strap gives RMSSD, the artefacts removed, and is stored', async ({
	page
}) => {
	await page.clock.install();
	await addParticipant(page, 'Lind');
	await page.goto('/hrv');
	await page.getByTestId('hrv-sim').click();
	await page.getByTestId('hrv-check').click();
	await expect(page.getByTestId('hrv-recording')).toBeVisible();
	await page.clock.runFor(125_000);
	const result = page.getByTestId('hrv-result');
	await expect(result).toBeVisible();
	const rmssd = Number(await result.getAttribute('data-rmssd-ms'));
	const artefacts = Number(await result.getAttribute('data-artefacts'));
	// The demo strap's resting RR varies by a few per cent and has the odd ectopic beat.
	expect(rmssd).toBeGreaterThan(5);
	expect(rmssd).toBeLessThan(80);
	expect(artefacts).toBeGreaterThanOrEqual(0);
	await expect(result).toContainText(`${rmssd} ms`);
	await expect(result).toContainText(/three checks|tre målinger/);
	await expect.poll(() => storedChecks(page)).toHaveLength(1);
	const [stored] = await storedChecks(page);
	expect(Math.round(stored?.rmssdMs ?? -1)).toBe(rmssd);
	expect(stored?.artefacts).toBe(artefacts);
});

test('an HRV check on a strap without RR says so instead of giving a number', async ({ page }) => {
	await page.clock.install();
	await addParticipant(page, 'Rogn');
	await page.goto('/hrv?sim=no-rr');
	await page.getByTestId('hrv-sim').click();
	await page.getByTestId('hrv-check').click();
	await page.clock.runFor(15_000);
	await expect(page.getByTestId('hrv-no-rr')).toBeVisible();
	await expect(page.getByTestId('hrv-result')).toHaveCount(0);
	expect(await storedChecks(page)).toEqual([]);
});

test('the HRV screen fits a phone without sideways scrolling', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto('/hrv');
	await expect(page.getByTestId('hrv-check')).toBeVisible();
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
});
