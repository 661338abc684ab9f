/** The clinic server in end-to-end tests: its admin, databases of a test's own, a device connecting. */
import type { Page } from '@playwright/test';
import { CLINIC } from '../../../scripts/couch-server.js';
import { expect, test } from '../fixtures';

// The real pouchdb-server that playwright.config.ts starts; the app reaches it through the
// preview's same-origin /couchdb/ proxy.
const couchPort = Number(
	process.env.PULSKLAR_COUCH_PORT ?? Number(process.env.PULSKLAR_PORT ?? 4173) + 1800
);
export const couch = `http://127.0.0.1:${couchPort}`;
const adminAuth =
	'Basic ' + Buffer.from(`${CLINIC.admin}:${CLINIC.adminPassword}`).toString('base64');

/** A request to the clinic server as its admin (what the clinic's IT would do). */
export function admin(path: string, init: RequestInit = {}) {
	return fetch(`${couch}${path}`, {
		...init,
		headers: { Authorization: adminAuth, 'Content-Type': 'application/json' }
	});
}

/** Creates a clinic database on the server, members limited to the clinic role. */
export async function createDatabase(name: string) {
	expect((await admin(`/${name}`, { method: 'PUT' })).status).toBe(201);
	await admin(`/${name}/_security`, {
		method: 'PUT',
		body: JSON.stringify({ members: { names: [], roles: [CLINIC.role] } })
	});
}

/** A clinic database of its own for a test. */
export async function clinicDatabase(base: string) {
	// Its own database on every try (a retry must not meet the first try's documents).
	const name = `${base}-${test.info().retry}`;
	await createDatabase(name);
	return `/couchdb/${name}`;
}

export async function connect(
	page: Page,
	url: string | null,
	password: string = CLINIC.password,
	device = 'Tablet, sal 2'
) {
	await page.goto('/settings');
	if (url) await page.getByTestId('sync-url').fill(url);
	await page.getByTestId('sync-user').fill(CLINIC.user);
	await page.getByTestId('sync-password').fill(password);
	await page.getByTestId('sync-device').fill(device);
	await page.getByTestId('sync-connect').click();
}

/** Waits until the device has nothing left to send and its last round went through. */
export async function settled(page: Page) {
	const status = page.getByTestId('sync-status');
	await expect(status).toHaveAttribute('data-pending', '0', { timeout: 30_000 });
	await expect(status).toHaveAttribute('data-state', 'synced', { timeout: 30_000 });
}
