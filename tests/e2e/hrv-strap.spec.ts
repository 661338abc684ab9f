/**
 * The resting HRV check with a real (emulated) Bluetooth strap: the app's own `navigator.bluetooth`
 * code against Chromium's emulated adapter (support/emulated-straps.ts), on the built app.
 */
import { expect, hrWithoutRr, test } from './support/strap-test';

const WATCH = { address: '0A:00:00:00:02:01', name: 'Arm band 0A000201' };

test.use({ serviceWorkers: 'block', locale: 'en-US' });

test('an HRV check on a paired strap that sends no RR gives the message, not a number', async ({
	page,
	straps
}) => {
	await page.goto('/participants');
	await page.getByTestId('add-participant').click();
	await page.getByTestId('participant-alias').fill('Selje');
	await page.getByTestId('participant-age').fill('40');
	await page.getByTestId('save-participant').click();
	await expect(page.getByText('Selje').first()).toBeVisible();

	await straps.addStrap(WATCH.address, WATCH.name);
	await page.goto('/hrv');
	straps.queueChooser(WATCH.address);
	await page.getByTestId('add-strap').click();
	await expect(page.getByText(/Strap ready/)).toBeVisible();
	await expect.poll(() => straps.subscribed(WATCH.address)).toBe(true);
	await page.getByTestId('hrv-check').click();
	await expect(page.getByTestId('hrv-recording')).toBeVisible();
	// Heart rate keeps coming, but never a beat-to-beat interval.
	for (let i = 0; i < 12; i++) await straps.push(WATCH.address, hrWithoutRr(62 + (i % 3)));
	await expect(page.getByTestId('hrv-no-rr')).toBeVisible();
	await expect(page.getByTestId('hrv-no-rr')).toContainText('no beat-to-beat intervals');
	await expect(page.getByTestId('hrv-result')).toHaveCount(0);
});
