import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { HrvCheckRecord } from '../../src/lib/db/types';
import { readIdb } from '../support/idb.js';
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
	const { checks } = await readIdb(page, { checks: { store: 'hrvChecks' } });
	return checks as HrvCheckRecord[];
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

test('the HRV screen and the diary fit a phone and have no serious WCAG problems', async ({
	page
}) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await addParticipant(page, 'Eik');
	await page.getByRole('link', { name: 'Eik' }).first().click();
	await page.getByTestId('diary-add').click();
	await expect(page.getByTestId('diary-week')).toHaveCount(1);
	const person = page.url();
	for (const path of ['/hrv', person]) {
		await page.goto(path);
		await expect(page.locator('main h1')).toBeVisible();
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow, path).toBeLessThanOrEqual(0);
		const results = await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
			.analyze();
		const serious = results.violations.filter(
			(v) => v.impact === 'serious' || v.impact === 'critical'
		);
		expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
	}
});

/** Answers the mood scale from a tile's menu on the live screen. */
async function answerMood(
	page: Page,
	tileIndex: number,
	moment: 'before' | 'after',
	value: number
) {
	await page.getByTestId('tile-actions').nth(tileIndex).click();
	const dialog = page.getByTestId('participant-dialog');
	await dialog.locator(`[data-testid="mood-${moment}"][data-value="${value}"]`).click();
	await expect(
		dialog.locator(`[data-testid="mood-${moment}"][data-value="${value}"]`)
	).toHaveAttribute('aria-pressed', 'true');
	await page.keyboard.press('Escape');
	await expect(dialog).toHaveCount(0);
}

test('a class with mood before and after shows both, and the change, in the report', async ({
	page
}) => {
	await page.clock.install();
	await page.goto('/');
	await page.getByTestId('demo-class').click();
	await expect(page.getByTestId('participant-tile')).toHaveCount(8);
	const first = await page.getByTestId('participant-tile').nth(0).getAttribute('data-participant');
	const second = await page.getByTestId('participant-tile').nth(1).getAttribute('data-participant');
	await answerMood(page, 0, 'before', 4);
	await answerMood(page, 1, 'before', 6);
	for (let step = 0; step < 82; step++) {
		await page.clock.fastForward(30_000);
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
	}
	await expect(page.getByTestId('session-finished')).toBeVisible();
	await answerMood(page, 0, 'after', 7);
	await page.getByTestId('session-finished').getByRole('link').click();
	await expect(page).toHaveURL(/\/history\/[\w-]+$/);
	const rows = page.getByTestId('mood-row');
	await expect(rows).toHaveCount(2);
	const row = (alias: string | null) =>
		page.locator('[data-testid="mood-row"]', { hasText: alias! });
	await expect(row(first)).toHaveAttribute('data-before', '4');
	await expect(row(first)).toHaveAttribute('data-after', '7');
	await expect(row(first)).toContainText('4 → 7 (+3)');
	await expect(row(second)).toContainText('6 → —');
});

test('mood questions can be turned off for a clinic that does not use them', async ({ page }) => {
	await page.goto('/settings');
	await page.getByTestId('setting-mood').uncheck();
	await page.goto('/class/live?demo=1');
	await expect(page.getByTestId('participant-tile')).toHaveCount(8);
	await page.getByTestId('tile-actions').first().click();
	await expect(page.getByTestId('participant-dialog')).toBeVisible();
	await expect(page.getByTestId('mood-before')).toHaveCount(0);
});

test('diary entries and a recorded session add up in the week’s totals', async ({ page }) => {
	// A Wednesday morning, so the session and the entries fall in one week whatever the time.
	await page.clock.install({ time: new Date('2026-03-04T10:00:00') });
	await addParticipant(page, 'Selje');
	await page.getByRole('link', { name: 'Selje' }).first().click();
	await expect(page.getByRole('heading', { name: 'Selje' })).toBeVisible();
	await page.getByTestId('diary-kind').selectOption('walk');
	await page.getByTestId('diary-minutes').fill('30');
	await page.getByTestId('diary-intensity').selectOption('moderate');
	await page.getByTestId('diary-add').click();
	await page.getByTestId('diary-kind').selectOption('bike');
	await page.getByTestId('diary-minutes').fill('20');
	await page.getByTestId('diary-intensity').selectOption('vigorous');
	await page.getByTestId('diary-add').click();
	const week = page.locator('[data-testid="diary-week"][data-week="2026-03-02"]');
	await expect(week).toHaveAttribute('data-moderate-min', '30');
	await expect(week).toHaveAttribute('data-vigorous-min', '20');
	const url = page.url();

	await page.goto('/solo');
	await page.getByRole('button', { name: 'Selje' }).click();
	await page.getByTestId('solo-sim').click();
	await page.getByTestId('start-session').click();
	// The session runs once its recorder's code has loaded (real time, not the page's clock).
	await expect(page.getByTestId('phase')).toHaveAttribute('data-status', 'running');
	for (let step = 0; step < 82; step++) {
		await page.clock.fastForward(30_000);
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
	}
	await expect(page.locator('a[href^="/history/"]').first()).toBeVisible();
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(url);
	// With a session in the trend (seven columns, mood among them) the page still fits a phone.
	await expect(page.getByTestId('trend-row')).toHaveCount(1);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
	// The full 4x4 adds 16 vigorous minutes (the intervals) and 24 moderate ones.
	await expect(week).toHaveAttribute('data-moderate-min', '54');
	await expect(week).toHaveAttribute('data-vigorous-min', '36');
	await expect(week).toContainText('126');
	// Deleting the walk takes its 30 minutes out again; the recorded session stays.
	await page.getByRole('button', { name: /Walk|Gåtur/ }).click();
	await expect(week).toHaveAttribute('data-moderate-min', '24');
	await expect(week).toHaveAttribute('data-vigorous-min', '36');
});

test('an HRmax field test on a simulated strap proposes the peak and sets it with its source', async ({
	page
}) => {
	await page.clock.install();
	await addParticipant(page, 'Hegg', '40');
	await page.goto('/solo');
	await page.getByRole('button', { name: 'Hegg' }).click();
	await page.getByTestId('hrmax-test').click();
	await expect(page.getByTestId('hrmax-test-safety')).toBeVisible();
	await page.getByTestId('solo-sim').click();
	await page.getByTestId('start-session').click();
	// 33 minutes of test.
	for (let step = 0; step < 68; step++) {
		await page.clock.fastForward(30_000);
		await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
		// 27 minutes in: the all-out last 2 minutes are named as such, still a work phase.
		if (step === 53) {
			const phase = page.getByTestId('phase');
			await expect(phase).toContainText(/All out now|Full innsats nå/);
			await expect(phase).not.toContainText(/Interval 4 of 4|Drag 4 av 4/);
			await expect(phase).toHaveAttribute('data-phase-kind', 'work');
		}
	}
	await page.locator('a[href^="/history/"]').first().click();
	const peak = page.getByTestId('hrmax-test-peak');
	await expect(peak).toBeVisible();
	const bpm = Number(await peak.getAttribute('data-bpm'));
	// The demo body works at about 90 % of the estimate (211 − 0.64 × 40 ≈ 185) in the intervals.
	expect(bpm).toBeGreaterThan(150);
	expect(bpm).toBeLessThan(200);
	await expect(page.getByTestId('hrmax-test-result')).toContainText('185');
	await page.getByTestId('set-measured-hrmax').click();
	await expect(page.getByTestId('set-measured-hrmax')).toHaveCount(0);
	const history = page.getByTestId('hrmax-history').locator('li');
	await expect(history).toHaveCount(2);
	await expect(history.nth(0)).toHaveAttribute('data-source', 'nes');
	await expect(history.nth(1)).toHaveAttribute('data-source', 'field-test');
	await expect(history.nth(1)).toContainText(String(bpm));
	await page.goto('/participants');
	await page.getByRole('link', { name: 'Hegg' }).first().click();
	await expect(page.getByTestId('hrmax')).toContainText(String(bpm));
});

test('diary takes RPE, mood and a named "other"; the person page lists their HRV checks', async ({
	page
}) => {
	await page.clock.install();
	await addParticipant(page, 'Alm');
	await page.getByRole('link', { name: 'Alm' }).first().click();
	await expect(page.getByRole('heading', { name: 'Alm' })).toBeVisible();
	const person = page.url();
	await page.getByTestId('diary-kind').selectOption('other');
	await page.getByTestId('diary-other-label').fill('Dancing');
	await page.getByTestId('diary-minutes').fill('45');
	await page.getByTestId('diary-rpe').selectOption('13');
	await page.getByTestId('diary-mood').selectOption('8');
	await page.getByTestId('diary-add').click();
	const entry = page.getByTestId('diary-entry').first();
	await expect(entry).toContainText('Dancing');
	await expect(entry).toContainText(/Borg 13/);
	await expect(entry).toContainText(/8\/10/);
	await expect(page.getByTestId('hrv-history')).toBeVisible();
	await expect(page.getByTestId('hrv-history-row')).toHaveCount(0);

	// Solo setup links to the check for the chosen person.
	await page.goto('/solo');
	await page.getByRole('button', { name: 'Alm' }).click();
	await page.getByTestId('solo-hrv-first').click();
	await expect(page).toHaveURL(/\/hrv\?participant=/);
	await page.getByTestId('hrv-sim').click();
	await page.getByTestId('hrv-check').click();
	await page.clock.runFor(125_000);
	const rmssd = await page.getByTestId('hrv-result').getAttribute('data-rmssd-ms');
	await expect.poll(async () => (await storedChecks(page)).length).toBe(1);
	await page.setViewportSize({ width: 390, height: 844 });
	await page.goto(person);
	const row = page.getByTestId('hrv-history-row');
	await expect(row).toHaveCount(1);
	await expect(row).toHaveAttribute('data-rmssd-ms', rmssd ?? 'none');
	await expect(row).toHaveAttribute('data-comparison', 'no-baseline');
	await expect(row).toContainText(/no usual range yet|ikke noe vanlig nivå/);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
});
