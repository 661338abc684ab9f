/**
 * One running session per device, and resuming or ending one a reload left behind: two pages of
 * one context share IndexedDB, Web Locks and BroadcastChannel, as two tabs of a tablet do.
 */
import type { Page } from '@playwright/test';
import { readingsByParticipant, storedChunks, storedSessions } from '../support/idb.js';
import { expect, test } from './fixtures';

/** Sessions, and every stored reading's instant per participant, straight from IndexedDB. */
async function stored(page: Page) {
	const readings = readingsByParticipant(await storedChunks(page));
	const times: Record<string, number[]> = {};
	for (const [participantId, { at }] of readings) times[participantId] = at.sort((a, b) => a - b);
	return { sessions: await storedSessions(page), times };
}

const digits = /^\d+$/;
const tiles = (page: Page) => page.getByTestId('participant-tile');

test.describe('two tabs, one session', () => {
	test.setTimeout(120_000);

	test('a second tab watches instead of recording again, and resumes only once the first is gone', async ({
		context
	}) => {
		const first = await context.newPage();
		await first.goto('/');
		await first.getByTestId('demo-class').click();
		await expect(tiles(first)).toHaveCount(8);

		const second = await context.newPage();
		await second.goto('/');
		await expect(second.getByTestId('session-elsewhere')).toBeVisible();
		// Alive in the other tab, so never "interrupted".
		await expect(second.getByTestId('resume-prompt')).toHaveCount(0);

		// Read-only view of the same class: its tiles stream, without controls.
		await second.getByTestId('watch-session').click();
		await expect(second).toHaveURL(/\/class\/live$/);
		await expect(second.getByTestId('watch-view')).toBeVisible();
		await expect(tiles(second)).toHaveCount(8);
		await expect
			.poll(() =>
				tiles(second).evaluateAll((t) => t.filter((e) => /^\d+$/.test(e.dataset.bpm ?? '')).length)
			)
			.toBeGreaterThan(4);
		await expect(second.getByTestId('tile-actions')).toHaveCount(0);
		await expect(second.getByTestId('pause')).toHaveCount(0);

		// The demo link in the second tab starts nothing: still one session, watched.
		await second.goto('/class/live?demo=1');
		await expect(second.getByTestId('watch-view')).toBeVisible();
		expect((await stored(second)).sessions).toHaveLength(1);
		// Class setup refuses to start a second one.
		await second.goto('/class');
		await expect(second.getByTestId('session-elsewhere')).toBeVisible();
		await expect(second.getByTestId('start-session')).toBeDisabled();

		// The recording tab goes away without ending the class: now, and only now, resume is offered.
		await first.close();
		await expect(second.getByTestId('resume-prompt')).toBeVisible({ timeout: 10_000 });
		await expect(second.getByTestId('session-elsewhere')).toHaveCount(0);
		await second.getByTestId('resume-session').click();
		await expect(second).toHaveURL(/\/class\/live$/);
		await expect(second.getByTestId('watch-view')).toHaveCount(0);
		await expect(tiles(second)).toHaveCount(8);
		await expect(tiles(second).first()).toHaveAttribute('data-bpm', digits, { timeout: 10_000 });
		// Recording goes on in this tab: wait (on the real clock) until everyone has a few seconds more.
		await expect
			.poll(
				async () => Math.min(...Object.values((await stored(second)).times).map((l) => l.length)),
				{
					timeout: 30_000
				}
			)
			.toBeGreaterThan(5);

		// One writer at a time: a simulated strap sends one packet a second, so two readings of one
		// person less than half a second apart would mean the class was recorded twice.
		const { sessions, times } = await stored(second);
		expect(sessions).toHaveLength(1);
		expect(sessions[0]!.status).toBe('running');
		for (const [participant, list] of Object.entries(times)) {
			expect(list.length, participant).toBeGreaterThan(5);
			for (let i = 1; i < list.length; i++) {
				expect(list[i]! - list[i - 1]!, `${participant} reading ${i}`).toBeGreaterThanOrEqual(500);
			}
		}
		// A third tab now sees the second as the recorder.
		const third = await context.newPage();
		await third.goto('/');
		await expect(third.getByTestId('session-elsewhere')).toBeVisible();
		await expect(third.getByTestId('resume-prompt')).toHaveCount(0);
	});
});

/** The demo class from the home screen, with Playwright's clock driving time. */
async function startDemoOnClock(page: Page) {
	await page.clock.install();
	await page.goto('/');
	await page.getByTestId('demo-class').click();
	await expect(tiles(page)).toHaveCount(8);
}

test.describe('after a reload', () => {
	test.setTimeout(120_000);

	test('"End it there" closes the interrupted session for good, with no error', async ({
		page
	}) => {
		await startDemoOnClock(page);
		await page.clock.runFor(2 * 60_000);
		await page.reload();
		await expect(page.getByTestId('resume-prompt')).toBeVisible();
		await page.getByTestId('end-interrupted').click();
		await expect(page.getByTestId('resume-prompt')).toHaveCount(0);
		await page.clock.runFor(2000);
		await expect(page.getByTestId('storage-problem')).toHaveCount(0);
		const { sessions, times } = await stored(page);
		expect(sessions).toHaveLength(1);
		const [session] = sessions;
		expect(session!.status).toBe('finished');
		const end = session!.timeline.at(-1)!;
		expect(end.type).toBe('end');
		// Ended at its last stored reading, not at the moment the button was pressed.
		const last = Math.max(...Object.values(times).map((list) => list.at(-1)!));
		expect(end.at).toBeGreaterThanOrEqual(last);
		await page.reload();
		await page.clock.runFor(2000);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByTestId('resume-prompt')).toHaveCount(0);
	});

	test('a demo resumes in a browser without Web Bluetooth', async ({ page }) => {
		await page.addInitScript(() => {
			delete (Navigator.prototype as { bluetooth?: unknown }).bluetooth;
		});
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		await startDemoOnClock(page);
		await page.clock.runFor(60_000);
		// A reload onto the home screen, which says this browser has no Web Bluetooth.
		await page.goto('/');
		await expect(page.getByTestId('no-bluetooth')).toBeVisible();
		await expect(page.getByTestId('resume-prompt')).toBeVisible();
		await page.getByTestId('resume-session').click();
		await expect(page).toHaveURL(/\/class\/live$/);
		await expect(tiles(page)).toHaveCount(8);
		// The simulated straps start once the resumed session records again (its code loads
		// first): the fake clock moves a second per look, so a late start is not a missed one.
		await expect
			.poll(async () => {
				await page.clock.runFor(1000);
				return tiles(page).evaluateAll(
					(t) => t.filter((e) => /^\d+$/.test(e.dataset.bpm ?? '')).length
				);
			})
			.toBe(8);
		await expect(page.getByTestId('storage-problem')).toHaveCount(0);
		await expect(page.getByTestId('phase')).toHaveAttribute('data-phase-kind', 'warmup');
		expect(errors).toEqual([]);
	});

	test('two resumes in a row, then the end: the report opens and every person can be chosen', async ({
		page
	}) => {
		await startDemoOnClock(page);
		await page.clock.runFor(60_000);
		// Two reloads with no reading in between: both gaps would start at the same instant.
		for (let i = 0; i < 2; i++) {
			await page.reload();
			await expect(page.getByTestId('resume-prompt')).toBeVisible();
			await page.getByTestId('resume-session').click();
			await expect(tiles(page)).toHaveCount(8);
		}
		await page.clock.runFor(30_000);
		page.once('dialog', (dialog) => void dialog.accept());
		await page.getByTestId('end').click();
		await page.clock.runFor(5000);
		await expect(page.getByTestId('session-finished').getByRole('link')).toBeVisible();
		await page.getByTestId('session-finished').getByRole('link').click();
		await expect(page).toHaveURL(/\/history\/[\w-]+$/);
		const report = page.getByTestId('participant-report');
		await expect(report).toBeVisible();
		const choose = page.getByTestId('choose-participant');
		for (const value of await choose
			.locator('option')
			.evaluateAll((o) => o.map((e) => (e as HTMLOptionElement).value))) {
			await choose.selectOption(value);
			await expect(report).toBeVisible();
		}
		await expect(page.getByTestId('delete-session')).toBeVisible();
	});
});
