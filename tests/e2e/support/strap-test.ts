/** The Playwright test for specs that pair emulated straps: adapter fixture, packets, tile lookup. */
import type { Locator, Page } from '@playwright/test';
import { encodeHeartRateMeasurement } from '../../../src/lib/ble/heart-rate';
import { expect, test as base } from '../fixtures';
import { EmulatedStraps } from './emulated-straps';

/** The app test with an emulated Bluetooth adapter and a check that the page threw nothing. */
export const test = base.extend<{ pageErrors: string[]; straps: EmulatedStraps }>({
	/** Uncaught errors and unhandled rejections in the page fail the test. */
	pageErrors: [
		async ({ page }, use) => {
			const errors: string[] = [];
			page.on('pageerror', (error) => errors.push(`${error.name}: ${error.message}`));
			await use(errors);
			expect(errors, 'uncaught errors in the page').toEqual([]);
		},
		{ auto: true }
	],
	/** The emulated adapter, powered on before the app first looks at Bluetooth. */
	straps: async ({ page }, use) => {
		const straps = await EmulatedStraps.attach(page);
		try {
			await use(straps);
			straps.assertHealthy();
		} finally {
			await straps.detach();
		}
	}
});

export { expect };

/** A Heart Rate Measurement notification as a strap sends it: contact detected, one RR interval. */
export const hr = (bpm: number): number[] => [
	...encodeHeartRateMeasurement({ bpm, contact: 'detected', rrMs: [Math.round(60_000 / bpm)] })
];

/** A Heart Rate Measurement notification from a strap that sends no RR intervals (many watches). */
export const hrWithoutRr = (bpm: number): number[] => [
	...encodeHeartRateMeasurement({ bpm, contact: 'detected', rrMs: [] })
];

/** The participant tile with the given alias (or strap name). */
export const tile = (page: Page, name: string): Locator =>
	page.locator(`[data-testid="participant-tile"][data-participant="${name}"]`);
