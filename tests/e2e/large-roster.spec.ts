import type { Page } from '@playwright/test';
import { MAX_PARTICIPANTS, MAX_SESSIONS } from '../../src/lib/db/backup-schema';
import { LIST_PAGE } from '../../src/lib/participants/paging';
import { expect, test } from './fixtures';

test.use({ locale: 'en-GB' });

/** The largest participant list a restore accepts, as a backup file. */
function largestBackup(count: number) {
	const participants = Array.from({ length: count }, (_, i) => ({
		id: `p-${String(i).padStart(6, '0')}`,
		alias: `Person ${String(i).padStart(6, '0')}`,
		hrMax: 180 + (i % 20),
		hrMaxSource: 'nes',
		age: 30 + (i % 40),
		archived: 0,
		createdAt: 1,
		updatedAt: 1
	}));
	return {
		format: 'pulsklar-backup',
		version: 1,
		exportedAt: 1,
		stores: { participants, straps: [], protocols: [], sessions: [], samples: [], events: [] }
	};
}

/** Milliseconds from navigation until `ready` holds (logged for the notes, never asserted). */
async function timeTo(page: Page, path: string, ready: () => Promise<void>) {
	const start = Date.now();
	await page.goto(path);
	await ready();
	const ms = Date.now() - start;
	console.log(`${path}: ${ms} ms with ${MAX_PARTICIPANTS} participants`);
	return ms;
}

test('the largest participant list a restore accepts restores, and every page lists it promptly', async ({
	page
}) => {
	test.setTimeout(120_000);
	await page.goto('/backup');
	const file = Buffer.from(JSON.stringify(largestBackup(MAX_PARTICIPANTS)));
	await page.getByTestId('backup-file').setInputFiles({
		name: 'largest.json',
		mimeType: 'application/json',
		buffer: file
	});
	const start = Date.now();
	await page.getByTestId('backup-restore').click();
	await expect(page.getByTestId('backup-outcome')).toContainText(
		`Restored ${MAX_PARTICIPANTS} records`,
		{ timeout: 30_000 }
	);
	console.log(`restore: ${Date.now() - start} ms for ${MAX_PARTICIPANTS} participants`);

	// One more than the limit is refused as a value out of range, before anything is written.
	await page.getByTestId('backup-file').setInputFiles({
		name: 'too-many.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(largestBackup(MAX_PARTICIPANTS + 1)))
	});
	await page.getByTestId('backup-restore').click();
	await expect(page.getByTestId('backup-outcome')).toContainText('stores.participants');

	const first = 'Person 000000';
	const last = `Person ${String(MAX_PARTICIPANTS - 1).padStart(6, '0')}`;
	// Generous functional conditions (the default 5 s expect timeout), not a timing budget: each
	// list renders one page of people at once, and "Show more" reaches the rest.
	await timeTo(page, '/participants', async () => {
		await expect(page.locator('tbody tr').first()).toContainText(first);
		await expect(page.locator('tbody tr')).toHaveCount(LIST_PAGE);
	});
	const more = page.getByTestId('show-more-people');
	for (let shown = LIST_PAGE; shown < MAX_PARTICIPANTS; shown += LIST_PAGE) {
		await more.click();
		await expect(page.locator('tbody tr')).toHaveCount(
			Math.min(shown + LIST_PAGE, MAX_PARTICIPANTS)
		);
	}
	await expect(more).toHaveCount(0);
	await expect(page.locator('tbody tr').last()).toContainText(last);

	await timeTo(page, '/class', async () => {
		await expect(page.locator('ul.people li').first()).toContainText(first);
		await expect(page.locator('ul.people li')).toHaveCount(LIST_PAGE);
		await expect(more).toBeVisible();
	});
	await timeTo(page, '/solo', async () => {
		await expect(page.locator('.people button').first()).toHaveText(first);
		await expect(page.locator('.people button')).toHaveCount(LIST_PAGE);
		await expect(more).toBeVisible();
	});
	await timeTo(page, '/history', async () => {
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	});
});

/** The largest session history a restore accepts: classes of eight on the 4x4, one a day. */
function largestHistory(count: number) {
	const people = Array.from({ length: 8 }, (_, i) => ({
		participantId: `p-${i}`,
		alias: `Person ${i}`,
		hrMax: 185,
		hrRest: 60
	}));
	const phases = [
		{ kind: 'warmup', durationMs: 600_000, band: { low: 60, high: 70 } },
		...[1, 2, 3, 4].flatMap(() => [
			{ kind: 'work', durationMs: 240_000, band: { low: 85, high: 95 } },
			{ kind: 'recovery', durationMs: 180_000, band: { low: 60, high: 70 } }
		]),
		{ kind: 'cooldown', durationMs: 300_000, band: { low: 50, high: 70 } }
	];
	const day = 86_400_000;
	const sessions = Array.from({ length: count }, (_, i) => {
		const startedAt = 1_600_000_000_000 + i * day;
		return {
			id: `s-${String(i).padStart(6, '0')}`,
			mode: 'class',
			demo: 0,
			status: 'finished',
			protocol: { id: '4x4', name: '4x4', builtIn: true, phases },
			timeline: [{ type: 'start', at: startedAt }],
			participants: people,
			participantIds: people.map((p) => p.participantId),
			startedAt,
			endedAt: startedAt + 2_400_000,
			createdAt: startedAt,
			updatedAt: startedAt + 2_400_000
		};
	});
	return {
		format: 'pulsklar-backup',
		version: 1,
		exportedAt: 1,
		stores: { participants: [], straps: [], protocols: [], sessions, samples: [], events: [] }
	};
}

test('the largest session history a restore accepts lists one page at once', async ({ page }) => {
	test.setTimeout(180_000);
	await page.goto('/backup');
	await page.getByTestId('backup-file').setInputFiles({
		name: 'history.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(largestHistory(MAX_SESSIONS)))
	});
	const start = Date.now();
	await page.getByTestId('backup-restore').click();
	await expect(page.getByTestId('backup-outcome')).toContainText(
		`Restored ${MAX_SESSIONS} records`,
		{
			timeout: 60_000
		}
	);
	console.log(`restore: ${Date.now() - start} ms for ${MAX_SESSIONS} sessions`);
	const started = Date.now();
	await page.goto('/history');
	await expect(page.getByTestId('history-session')).toHaveCount(LIST_PAGE);
	console.log(`/history: ${Date.now() - started} ms with ${MAX_SESSIONS} sessions`);
	// The rest of the history (filters, "show more") loads after the first page.
	await expect(page.getByTestId('show-more-sessions')).toBeVisible({ timeout: 30_000 });
	// Newest first.
	await expect(page.getByTestId('history-session').first()).toHaveAttribute(
		'href',
		`/history/s-${String(MAX_SESSIONS - 1).padStart(6, '0')}`
	);
});
