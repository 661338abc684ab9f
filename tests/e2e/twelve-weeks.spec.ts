import Validator from '@asymmetrik/fhir-json-schema-validator';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { paintedPixels } from './helpers';

/** Several weeks of sessions for one participant with a 12-week plan (3 a week from 5 Jan 2026). */
const FIXTURE = new URL('../fixtures/participant-backup.json', import.meta.url).pathname;
const FIXTURE_PARTICIPANT = 'a5b1c7d0-0000-4000-8000-000000000001';

test.use({ locale: 'en-GB' });

async function restore(page: Page) {
	await page.goto('/backup');
	await page.getByTestId('backup-file').setInputFiles(FIXTURE);
	await page.getByTestId('backup-restore').click();
	await expect(page.getByTestId('backup-outcome')).toContainText('Restored');
}

test('the 12-week view: planned vs done, a drawn chart, goals revised with history, the period note', async ({
	page
}) => {
	test.setTimeout(60_000);
	await restore(page);
	await page.goto(`/participants/${FIXTURE_PARTICIPANT}`);
	const view = page.getByTestId('twelve-week-view');

	// Planned vs done: one row per plan week.
	await expect(view.getByTestId('period-week')).toHaveCount(12);
	await expect(view.getByTestId('period-week').first()).toContainText('3 × 1x4');

	// The chart draws the period's sessions, not a blank canvas.
	const chart = view.getByTestId('period-chart');
	await expect(chart).toHaveAttribute('data-sessions', /^[1-9]\d*$/);
	await expect.poll(() => paintedPixels(page, 'period-chart')).toBeGreaterThan(3000);

	// Add a goal with a measurable target, then revise its status and text.
	await view.getByTestId('goal-text').fill('Come to training');
	await view.getByTestId('goal-target-kind').selectOption('sessions-per-week');
	await view.getByTestId('goal-target-value').fill('2');
	await view.getByTestId('goal-add').click();
	const goal = view.getByTestId('goal');
	await expect(goal).toHaveCount(1);
	await expect(goal).toContainText('Come to training (2 sessions a week)');
	await expect(goal).toContainText('Status: active');
	await expect(goal.getByTestId('goal-history')).toHaveCount(0);

	await goal.getByTestId('goal-revise').click();
	await goal.getByTestId('goal-edit-text').fill('Come to training twice a week');
	await goal.getByTestId('goal-edit-status').selectOption('partly-met');
	await goal.getByTestId('goal-save').click();
	await expect(goal).toContainText('Come to training twice a week (2 sessions a week)');
	await expect(goal).toContainText('Status: partly met');
	await expect(goal.getByTestId('goal-history')).toContainText('History (1)');
	await expect(goal.getByTestId('goal-history')).toContainText(
		'Come to training (2 sessions a week) — active'
	);

	// The period note holds the attendance and the goal with its status.
	const note = view.getByTestId('period-note');
	await expect(note).toContainText(
		'Plan period: 4x4 progression, 3 sessions a week, 12 weeks from 5 January 2026, Furu'
	);
	await expect(note).toContainText(/Attendance: \d+ of 36 planned sessions/);
	await expect(note).toContainText(
		'- Come to training twice a week (target: 2 sessions a week). Status: partly met. Revised once'
	);

	// Goals survive a reload (stored), and the view never runs past a 390 px screen (the trend
	// table above it scrolls inside its own box).
	await page.setViewportSize({ width: 390, height: 844 });
	await page.reload();
	await expect(view.getByTestId('goal')).toHaveCount(1);
	await expect(view.getByTestId('period-chart')).toBeVisible();
	const widest = await view.evaluate((el) =>
		Math.max(...[el, ...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right))
	);
	expect(widest).toBeLessThanOrEqual(390);

	// Printed (review.spec.ts counts the PDF's pages): the view prints its week table, the chart
	// as a fixed-size image instead of the phone-sized canvas, and its goals, within the page width.
	await page.emulateMedia({ media: 'print' });
	await page.setViewportSize({ width: 718, height: 1000 });
	await expect(view.getByTestId('goal')).toBeVisible();
	await expect(view.getByTestId('period-weeks')).toBeVisible();
	await expect(view.getByTestId('period-chart-print')).toBeVisible();
	await expect(view.getByTestId('period-chart')).toBeHidden();
	const printed = await view.evaluate((el) => ({ width: el.scrollWidth, page: 718 }));
	expect(printed.width).toBeLessThanOrEqual(printed.page);
});

test('the period exports as one FHIR R4 Bundle that validates: one Patient, each session of the period', async ({
	page
}) => {
	await restore(page);
	await page.goto(`/participants/${FIXTURE_PARTICIPANT}`);
	const view = page.getByTestId('twelve-week-view');
	const chart = view.getByTestId('period-chart');
	await expect(chart).toHaveAttribute('data-sessions', /^[1-9]\d*$/);
	const sessions = Number(await chart.getAttribute('data-sessions'));

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		view.getByTestId('export-period-fhir').click()
	]);
	expect(download.suggestedFilename()).toMatch(/^pulsklar-Furu-period-2026-01-05-.*\.fhir\.json$/);
	const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
		type: string;
		entry: { resource: { resourceType: string; code?: { coding: { code: string }[] } } }[];
	};
	const validator = new Validator();
	expect(validator.validate(bundle)).toEqual([]);
	for (const entry of bundle.entry) expect(validator.validate(entry.resource)).toEqual([]);
	expect(bundle.type).toBe('collection');
	const codes = bundle.entry.map(
		(e) => e.resource.code?.coding[0]?.code ?? e.resource.resourceType
	);
	expect(codes.filter((c) => c === 'Patient')).toHaveLength(1);
	expect(codes.filter((c) => c === '73985-4')).toHaveLength(sessions);
	expect(codes.filter((c) => c === '8867-4')).toHaveLength(sessions);
});
