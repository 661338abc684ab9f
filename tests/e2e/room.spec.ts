import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

const MIN = 60_000;
const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

type Box = { x: number; y: number; width: number; height: number };

const overlaps = (a: Box, b: Box) =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (inner: Box, outer: Box) =>
	inner.x >= outer.x - 0.5 &&
	inner.y >= outer.y - 0.5 &&
	inner.x + inner.width <= outer.x + outer.width + 0.5 &&
	inner.y + inner.height <= outer.y + outer.height + 0.5;

async function boxes(locator: Locator): Promise<Box[]> {
	return locator.evaluateAll((els) =>
		els.map((el) => {
			const r = el.getBoundingClientRect();
			return { x: r.x, y: r.y, width: r.width, height: r.height };
		})
	);
}

/** No page may scroll sideways: the document is never wider than the window. */
async function expectNoSideScroll(page: Page, what: string) {
	const { scrollWidth, innerWidth, wide } = await page.evaluate(() => {
		// What sticks out, named, so a failure says where to look (innermost last).
		const wide = [...document.querySelectorAll('body *')]
			.filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
			.slice(-6)
			.map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
		return {
			scrollWidth: document.documentElement.scrollWidth,
			innerWidth: window.innerWidth,
			wide
		};
	});
	expect(
		scrollWidth,
		`${what}: page width ${scrollWidth} > window ${innerWidth} (${wide.join(', ')})`
	).toBeLessThanOrEqual(innerWidth);
}

/** Tiles in screen order, with their flags, read in one go so no update falls in between. */
async function tileOrder(page: Page) {
	return page
		.getByTestId('participant-tile')
		.evaluateAll((els) =>
			els.map((el) => ({ alias: el.dataset.participant ?? '', flags: el.dataset.flags ?? '' }))
		);
}

/** The attention rank a tile's flags give it (above max, under, no signal, the rest). */
function rank(flags: string) {
	const list = flags.split(' ');
	if (list.includes('above-max')) return 0;
	if (list.includes('under')) return 1;
	if (list.includes('no-signal')) return 2;
	return 3;
}

async function addParticipant(page: Page, alias: string) {
	await page.goto('/participants');
	await page.getByTestId('add-participant').click();
	await page.getByTestId('participant-alias').fill(alias);
	await page.getByTestId('participant-age').fill('45');
	await page.getByTestId('save-participant').click();
	await expect(page.getByRole('link', { name: alias })).toBeVisible();
}

for (const size of [TABLET, PHONE]) {
	test(`participant form fields do not overlap at ${size.width}×${size.height}`, async ({
		page
	}) => {
		await page.setViewportSize(size);
		await page.goto('/participants');
		await page.getByTestId('add-participant').click();
		const form = page.getByTestId('participant-form');
		await expect(form).toBeVisible();
		// Measured until the form has settled (it may still be laying out when it first shows).
		const problems = async () => {
			const [formBox] = await boxes(form);
			const labels = await boxes(form.locator('label'));
			const fields = await boxes(form.locator('input, textarea'));
			const found: string[] = [];
			if (fields.length !== 6) found.push(`${fields.length} fields`);
			for (let i = 0; i < fields.length; i++) {
				if (!inside(fields[i]!, formBox!)) found.push(`field ${i} outside the form`);
				if (!inside(fields[i]!, labels[i]!)) found.push(`field ${i} outside its label`);
				for (let j = i + 1; j < fields.length; j++)
					if (overlaps(fields[i]!, fields[j]!)) found.push(`fields ${i} and ${j} overlap`);
			}
			for (let i = 0; i < labels.length; i++)
				for (let j = i + 1; j < labels.length; j++)
					if (overlaps(labels[i]!, labels[j]!)) found.push(`labels ${i} and ${j} overlap`);
			return found;
		};
		await expect.poll(problems).toEqual([]);
		await expectNoSideScroll(page, 'participant form');
	});
}

test('the protocol editor names phase kinds, never "Interval 0 of 0"', async ({ page }) => {
	await page.goto('/protocols');
	await page.getByTestId('copy-4x4').click();
	const options = page.getByTestId('protocol-editor').locator('select').first().locator('option');
	await expect(options).toHaveText(['Warm-up', 'Interval', 'Active recovery', 'Cool-down']);
	await expect(page.getByTestId('protocol-editor')).not.toContainText('0 of 0');
});

test('needs attention first: off keeps the roster order, on puts flagged tiles first', async ({
	page
}) => {
	// Twenty minutes of an eight-person class on Playwright's clock take a while on a busy machine.
	test.setTimeout(180_000);
	await page.setViewportSize(TABLET);
	await page.clock.install();
	await page.goto('/');
	await page.getByTestId('demo-class').click();
	await expect(page.getByTestId('participant-tile')).toHaveCount(8);
	const roster = (await tileOrder(page)).map((t) => t.alias);
	// Into interval 2 (10 min warm-up, 4 min work, 3 min recovery), on until the under-achiever
	// is flagged (after the interval's grace and hold).
	await page.clock.runFor(17 * MIN);
	const eik = page.locator('[data-participant="Eik"]');
	for (let i = 0; i < 20 && !/under/.test((await eik.getAttribute('data-flags')) ?? ''); i++) {
		await page.clock.runFor(15_000);
	}
	await expect(eik).toHaveAttribute('data-flags', /under/);

	const toggle = page.getByTestId('attention-first');
	await expect(toggle).toHaveAttribute('aria-pressed', 'false');
	// Off: whatever the flags, the order is the roster's.
	expect((await tileOrder(page)).map((t) => t.alias)).toEqual(roster);

	await toggle.click();
	await expect(toggle).toHaveAttribute('aria-pressed', 'true');
	const sorted = await tileOrder(page);
	const expected = roster
		.map((alias, index) => ({
			alias,
			index,
			rank: rank(sorted.find((t) => t.alias === alias)!.flags)
		}))
		.sort((a, b) => a.rank - b.rank || a.index - b.index)
		.map((t) => t.alias);
	expect(sorted.map((t) => t.alias)).toEqual(expected);
	// Eik (third on the roster) now comes before the unflagged Ask and Bjørk.
	expect(sorted.map((t) => t.alias)).not.toEqual(roster);
	expect(sorted.findIndex((t) => t.alias === 'Eik')).toBeLessThan(
		sorted.findIndex((t) => t.alias === 'Ask')
	);

	// The choice is a setting: it survives a reload, and the settings page shows it.
	await page.getByRole('navigation').getByRole('link', { name: 'Settings' }).click();
	await expect(page.getByTestId('setting-attention-first')).toBeChecked();
	await page.getByTestId('setting-attention-first').uncheck();
	await page.goBack();
	await expect(page.getByTestId('attention-first')).toHaveAttribute('aria-pressed', 'false');
	expect((await tileOrder(page)).map((t) => t.alias)).toEqual(roster);
});

test('full screen hides the navigation, and leaving it brings it back', async ({ page }) => {
	await page.setViewportSize(TABLET);
	await page.goto('/class/live?demo=1');
	await expect(page.getByTestId('participant-tile')).toHaveCount(8);
	await expect(page.getByRole('navigation')).toBeVisible();
	await page.getByTestId('fullscreen').click();
	await expect(page.getByTestId('fullscreen')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByRole('navigation')).toHaveCount(0);
	await page.getByTestId('fullscreen').click();
	await expect(page.getByTestId('fullscreen')).toHaveAttribute('aria-pressed', 'false');
	await expect(page.getByRole('navigation')).toBeVisible();
});

test('on a phone the navigation is one compact row and its menu still reaches every page', async ({
	page
}, testInfo) => {
	await page.setViewportSize(PHONE);
	await page.goto('/');
	const nav = page.getByRole('navigation');
	await expect(nav).toBeVisible();
	const [navBox] = await boxes(nav);
	expect(navBox!.height, 'nav height on a 390 px phone').toBeLessThanOrEqual(64);
	await expect(nav.getByRole('link', { name: 'Settings' })).toBeHidden();
	const menu = page.getByTestId('nav-menu');
	await expect(menu).toHaveAttribute('aria-expanded', 'false');
	await menu.click();
	await expect(menu).toHaveAttribute('aria-expanded', 'true');
	await page.screenshot({ path: testInfo.outputPath('nav-phone-open.png') });
	await testInfo.attach('nav-phone-open', {
		path: testInfo.outputPath('nav-phone-open.png'),
		contentType: 'image/png'
	});
	await nav.getByRole('link', { name: 'Settings' }).click();
	await expect(page).toHaveURL(/\/settings$/);
	await expect(menu).toHaveAttribute('aria-expanded', 'false');
	await expect(nav.getByRole('link', { name: 'Settings' })).toBeHidden();
	// On a tablet the links are in the bar itself, with no menu button.
	await page.setViewportSize(TABLET);
	await expect(menu).toBeHidden();
	await expect(nav.getByRole('link', { name: 'Settings' })).toBeVisible();
});

test('no page scrolls sideways on a 390 px phone', async ({ page }, testInfo) => {
	await page.setViewportSize(PHONE);
	await addParticipant(page, 'Vide');
	const person = page.getByRole('link', { name: 'Vide' });
	const personPath = new URL((await person.getAttribute('href'))!, 'http://x').pathname;
	const routes = [
		'/',
		'/class',
		'/solo',
		'/history',
		'/participants',
		personPath,
		'/hrv',
		'/protocols',
		'/settings',
		'/backup'
	];
	for (const route of routes) {
		await page.goto(route);
		await expect(page.locator('main h1')).toBeAttached();
		await expectNoSideScroll(page, route);
	}
	// The protocol editor, open, and the live class screen.
	await page.goto('/protocols');
	await page.getByTestId('copy-4x4').click();
	await expect(page.getByTestId('protocol-editor')).toBeVisible();
	await expectNoSideScroll(page, '/protocols (editor open)');
	await page.goto('/class/live?demo=1');
	await expect(page.getByTestId('participant-tile')).toHaveCount(8);
	await expectNoSideScroll(page, '/class/live');
	await page.screenshot({ path: testInfo.outputPath('live-phone.png') });
	await testInfo.attach('live-phone', {
		path: testInfo.outputPath('live-phone.png'),
		contentType: 'image/png'
	});
});

test('solo: RPE after an interval in two taps, stored and shown in the report', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	await page.setViewportSize(PHONE);
	await page.clock.install();
	await addParticipant(page, 'Solo');
	await page.goto('/solo');
	await page.getByRole('button', { name: 'Solo', exact: true }).click();
	await page.getByTestId('solo-sim').click();
	await page.getByTestId('start-session').click();
	await expect(page.getByTestId('phase')).toHaveAttribute('data-phase-kind', 'warmup');
	await expect(page.getByTestId('solo-rpe')).toHaveCount(0);
	// Past interval 1 into the recovery after it.
	await page.clock.runFor(15 * MIN);
	await expect(page.getByTestId('phase')).toHaveAttribute('data-phase-kind', 'recovery');
	const rpe = page.getByTestId('solo-rpe');
	await expect(rpe).toHaveAttribute('data-interval', '1');
	await expect(rpe).toHaveText('How hard was interval 1? Log RPE');
	// Two taps: the button, then the number.
	await rpe.click();
	await page.getByTestId('rpe-15').click();
	await expect(page.getByTestId('participant-dialog')).toBeHidden();
	await expect(rpe).toHaveText('Interval 1: RPE 15 (tap to change)');
	await page.screenshot({ path: testInfo.outputPath('solo-rpe-phone.png') });
	await testInfo.attach('solo-rpe-phone', {
		path: testInfo.outputPath('solo-rpe-phone.png'),
		contentType: 'image/png'
	});

	// Interval 2 gets its own, then the session runs out.
	await page.clock.runFor(7 * MIN);
	await expect(rpe).toHaveAttribute('data-interval', '2');
	await rpe.click();
	await page.getByTestId('rpe-13').click();
	await expect(rpe).toHaveText('Interval 2: RPE 13 (tap to change)');
	await page.clock.runFor(20 * MIN);
	await page.getByRole('link', { name: 'View summary' }).click();
	await expect(page).toHaveURL(/\/history\/.+/);

	// The report: a solo heading, and the RPE in the interval table.
	await expect(page.locator('#overview-title')).toHaveText('Your intervals at a glance');
	await expect(page.getByText('Class overview')).toHaveCount(0);
	const rows = page.getByTestId('interval-table').locator('tbody tr');
	await expect(rows.nth(0)).toContainText('15');
	await expect(rows.nth(1)).toContainText('13');
	const rpeCells = await rows.evaluateAll((trs) =>
		trs.map((tr) => tr.querySelector('td:last-child')?.textContent?.trim() ?? '')
	);
	expect(rpeCells.slice(0, 2)).toEqual(['15', '13']);
	await expectNoSideScroll(page, 'solo report');
});
