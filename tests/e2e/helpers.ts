import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** No serious or critical WCAG 2.1 A/AA problem on the page (axe-core). */
export async function expectNoSeriousViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	const serious = results.violations.filter(
		(v) => v.impact === 'serious' || v.impact === 'critical'
	);
	expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/**
 * Plays the demo class from the home page to its end on Playwright's clock (installed by the
 * caller): half-minute jumps, on which straps, recorder and flags catch up as a stalled tab would.
 */
export async function playDemoClass(page: Page): Promise<void> {
	await page.goto('/');
	await page.getByTestId('demo-class').click();
	await expect(page.getByTestId('participant-tile')).toHaveCount(8);
	for (let step = 0; step < 82; step++) {
		await page.clock.fastForward(30_000);
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
	}
	await expect(page.getByTestId('session-finished')).toBeVisible();
}

/** Runs the demo class for its full 40 minutes on Playwright's clock and opens its report. */
export async function recordDemoSession(page: Page): Promise<void> {
	await page.clock.install();
	await playDemoClass(page);
	await page.getByTestId('session-finished').getByRole('link').click();
	await expect(page).toHaveURL(/\/history\/[\w-]+$/);
}

/** How many pixels of a chart's canvas are not transparent (a blank canvas has none). */
export function paintedPixels(page: Page, chartTestId: string): Promise<number> {
	return page
		.locator(`[data-testid=${chartTestId}] canvas`)
		.evaluate((canvas: HTMLCanvasElement) => {
			const ctx = canvas.getContext('2d')!;
			const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
			let painted = 0;
			for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
			return painted;
		});
}

/** Pages in a PDF made by Chromium. */
export function pdfPages(pdf: Buffer): number {
	return pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
}
