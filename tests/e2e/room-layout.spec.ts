import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousViolations } from './helpers';

/**
 * The live screen at every class size the issue names, on a landscape tablet, a portrait tablet
 * and a phone: nothing clipped or overlapping inside a tile, nothing outside its tile, no page
 * wider than the viewport, and (landscape, up to 30 people) every tile on screen without
 * scrolling. Each case saves a screenshot: look at them (test-results/…/layout-*.png).
 */
const MIN = 60_000;
const VIEWPORTS = [
	{ name: 'tablet', width: 1280, height: 800 },
	{ name: 'portrait', width: 800, height: 1280 },
	{ name: 'phone', width: 390, height: 844 }
];
const SIZES = [1, 8, 16, 30, 40];
/** One of each tile layout (large, compact, portrait, the phone's list) also goes through axe. */
const AXE = new Set(['tablet:8', 'tablet:30', 'portrait:16', 'phone:8']);
interface Problem {
	tile: string;
	what: string;
}

/** Every readable element of every tile, checked against its tile and its neighbours. */
function layoutProblems(page: Page): Promise<Problem[]> {
	return page.getByTestId('participant-tile').evaluateAll((tiles) => {
		const problems: { tile: string; what: string }[] = [];
		const parts = '.alias, .zone-badge, .bpm, .percent, .state, .flag, .facts > span, .hint, .ack';
		for (const tile of tiles) {
			const name = (tile as HTMLElement).dataset.participant ?? '?';
			const box = tile.getBoundingClientRect();
			const shown = [...tile.querySelectorAll<HTMLElement>(parts)].filter(
				(el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'
			);
			for (const el of shown) {
				const r = el.getBoundingClientRect();
				const label = `${el.className} "${el.textContent?.trim()}"`;
				if (
					r.left < box.left - 1 ||
					r.right > box.right + 1 ||
					r.top < box.top - 1 ||
					r.bottom > box.bottom + 1
				)
					problems.push({ tile: name, what: `outside its tile: ${label}` });
				// Text cut off by its own box (an ellipsis on a long alias is the one allowed cut).
				if (!el.classList.contains('alias') && el.scrollWidth > el.clientWidth + 1)
					problems.push({ tile: name, what: `clipped: ${label}` });
			}
			for (let i = 0; i < shown.length; i++) {
				for (let j = i + 1; j < shown.length; j++) {
					const a = shown[i]!;
					const b = shown[j]!;
					if (a.contains(b) || b.contains(a)) continue;
					const p = a.getBoundingClientRect();
					const q = b.getBoundingClientRect();
					const overlap =
						Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1 &&
						Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1;
					if (overlap)
						problems.push({
							tile: name,
							what: `overlap: ${a.className} "${a.textContent?.trim()}" / ${b.className} "${b.textContent?.trim()}"`
						});
				}
			}
		}
		return problems;
	});
}

/**
 * Bokmål has the longer words ("I målsonen", "Sjekk pulsbeltet"): the narrowest tile of each
 * layout is measured in it too.
 */
const LOCALES = [
	{ locale: 'en-GB', tag: '', only: null },
	{
		locale: 'nb-NO',
		tag: '-nb',
		only: new Set(['tablet:8', 'tablet:16', 'tablet:30', 'portrait:16', 'phone:8'])
	}
];

for (const { locale, tag, only } of LOCALES) {
	test.describe(locale, () => {
		// The screen as a class sees it: the one-time "ready to work offline" note, which appears
		// whenever the service worker happens to finish installing and shrinks the tiles while it
		// shows, is the last test's subject, not these.
		test.use({ locale, serviceWorkers: 'block' });
		for (const viewport of VIEWPORTS) {
			for (const size of SIZES) {
				if (only && !only.has(`${viewport.name}:${size}`)) continue;
				test(`live screen, ${size} participant(s) on a ${viewport.name} (${viewport.width}×${viewport.height})`, async ({
					page
				}, testInfo) => {
					// 13 minutes of 30–40 simulated people on Playwright's clock take a while on a busy machine.
					if (size >= 30) test.slow();
					await page.setViewportSize({ width: viewport.width, height: viewport.height });
					await page.clock.install();
					await page.goto(`/class/live?demo=1&size=${size}`);
					await expect(page.getByTestId('participant-tile')).toHaveCount(size);
					// Into interval 1 with flags and target states up: the busiest a tile gets.
					await page.clock.runFor(13 * MIN);
					await expect(page.getByTestId('participant-tile').first()).toHaveAttribute(
						'data-bpm',
						/\d+/
					);
					await page.screenshot({
						path: testInfo.outputPath(`layout-${viewport.name}-${size}${tag}.png`)
					});

					expect(await layoutProblems(page)).toEqual([]);
					const width = await page.evaluate(() => ({
						scroll: document.documentElement.scrollWidth,
						inner: window.innerWidth
					}));
					expect(width.scroll, 'no sideways scroll').toBeLessThanOrEqual(width.inner);
					if (viewport.name === 'tablet' && size <= 30) {
						const offscreen = await page
							.getByTestId('participant-tile')
							.evaluateAll(
								(els) =>
									els.filter((e) => e.getBoundingClientRect().bottom > window.innerHeight + 1)
										.length
							);
						expect(offscreen, 'every tile on screen without scrolling').toBe(0);
					}
					if (size <= 8 && viewport.name === 'tablet') {
						// From 3 m: the state word at least 32 px.
						const px = await page
							.getByTestId('target-state')
							.first()
							.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
						expect(px).toBeGreaterThanOrEqual(32);
					}
					if (!only && AXE.has(`${viewport.name}:${size}`)) await expectNoSeriousViolations(page);
					if (viewport.name === 'phone' && size > 2) {
						// A list: one row per person, full width, and the timer still in view at the end.
						const rows = await page.getByTestId('participant-tile').evaluateAll((els) =>
							els.map((e) => {
								const r = e.getBoundingClientRect();
								return { left: Math.round(r.left), width: r.width, height: r.height };
							})
						);
						expect(new Set(rows.map((r) => r.left)).size, 'one column').toBe(1);
						for (const row of rows) {
							expect(row.width).toBeGreaterThan(viewport.width * 0.9);
							expect(row.height).toBeLessThanOrEqual(100);
						}
						await page.getByTestId('participant-tile').last().scrollIntoViewIfNeeded();
						const timer = await page
							.getByTestId('phase')
							.evaluate((el) => el.getBoundingClientRect().top);
						expect(timer, 'the timer stays on top while the list scrolls').toBeGreaterThanOrEqual(
							0
						);
					}
				});
			}
		}
	});
}

test('the "ready to work offline" note does not push the one tile below the fold', async ({
	page
}, testInfo) => {
	await page.setViewportSize({ width: 1280, height: 800 });
	// Real time: the note shows once the service worker has installed and hides itself later.
	await page.goto('/class/live?demo=1&size=1');
	await expect(page.getByTestId('offline-ready')).toBeVisible();
	await expect(page.getByTestId('participant-tile')).toHaveCount(1);
	const fit = await page.getByTestId('participant-tile').evaluate((el) => ({
		bottom: el.getBoundingClientRect().bottom,
		height: el.getBoundingClientRect().height,
		page: document.documentElement.scrollHeight,
		inner: window.innerHeight
	}));
	await page.screenshot({ path: testInfo.outputPath('layout-tablet-1-offline-note.png') });
	expect(fit.bottom, 'the tile ends on screen').toBeLessThanOrEqual(fit.inner + 1);
	expect(fit.page, 'no page scrolling').toBeLessThanOrEqual(fit.inner);
	expect(fit.height, 'the tile keeps most of the screen').toBeGreaterThan(300);
});
