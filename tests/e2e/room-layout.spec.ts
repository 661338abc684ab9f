import { expect, test, type Page } from '@playwright/test';

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
/**
 * Cases the live screen does not yet pass (issue 13 is open): the measurement stays so anyone can
 * run it (`npx playwright test room-layout` after removing a case
 * from this list) and see what is clipped or overlapping. Remove a case once it passes.
 */
const NOT_YET = new Set([
	'tablet:1', // the "ready to work offline" banner pushes the one tall tile below the fold
	'tablet:8', // the alarm's Acknowledge button and the ABOVE MAX badge crowd the footer
	'tablet:16', // the state word touches the number on tiles with a flag
	'tablet:30', // compact tiles: the state word and a flag still clip on the narrowest ones
	'tablet:40', // compact tiles: clipped or overlapping text, as at 30
	'portrait:8', // no portrait layout yet: clipped or overlapping text in the tiles
	'portrait:16', // no portrait layout yet, as at 8
	'portrait:30', // no portrait layout yet, compact tiles
	'portrait:40', // no portrait layout yet, compact tiles
	'phone:8', // no list-like phone layout yet: clipped or overlapping text in grid tiles
	'phone:16', // as at 8
	'phone:30', // as at 8
	'phone:40' // as at 8
]);

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

for (const viewport of VIEWPORTS) {
	for (const size of SIZES) {
		test(`live screen, ${size} participant(s) on a ${viewport.name} (${viewport.width}×${viewport.height})`, async ({
			page
		}, testInfo) => {
			// Skipped while the layout does not fit at this size yet: the reason is beside its NOT_YET entry.
			test.fixme(NOT_YET.has(`${viewport.name}:${size}`), 'layout not yet fitting (issue 13)');
			await page.setViewportSize({ width: viewport.width, height: viewport.height });
			await page.clock.install();
			await page.goto(`/class/live?demo=1&size=${size}`);
			await expect(page.getByTestId('participant-tile')).toHaveCount(size);
			// Into interval 1 with flags and target states up: the busiest a tile gets.
			await page.clock.runFor(13 * MIN);
			await expect(page.getByTestId('participant-tile').first()).toHaveAttribute('data-bpm', /\d+/);
			await page.screenshot({ path: testInfo.outputPath(`layout-${viewport.name}-${size}.png`) });

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
							els.filter((e) => e.getBoundingClientRect().bottom > window.innerHeight + 1).length
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
		});
	}
}
