/**
 * Issue 15: one class across devices. A display with no Web Bluetooth (standing in for an iPad)
 * runs the class; a hub (a phone or tablet with Chromium's emulated adapter and the app's real
 * `navigator.bluetooth` code) pairs two straps for two people of the shared roster. Both sync
 * through the real pouchdb-server behind the preview's /couchdb/ proxy. Nothing runs on a fake
 * clock: the readings, the hub's heartbeats and the sync rounds are real time.
 */
import type { Page } from '@playwright/test';
import { readingsByParticipant, storedChunks } from '../support/idb.js';
import { clinicDatabase, connect, settled } from './support/clinic';
import { expect, hr, test, tile } from './support/strap-test';

const KARI = { alias: 'Kari', age: 40, address: '0A:00:00:00:15:01', name: 'Polar H10 0A001501' };
const ODD = { alias: 'Odd', age: 60, address: '0A:00:00:00:15:02', name: 'Garmin HRM 0A001502' };
const WEARERS = [KARI, ODD];

test.use({ locale: 'en-US', serviceWorkers: 'block' });

async function addPerson(page: Page, alias: string, age: number) {
	await page.goto('/participants');
	await page.getByTestId('add-participant').click();
	await page.getByTestId('participant-alias').fill(alias);
	await page.getByTestId('participant-age').fill(String(age));
	await page.getByTestId('save-participant').click();
	await expect(page.getByRole('link', { name: alias, exact: true })).toBeVisible();
}

test('a display without Bluetooth shows a hub’s two straps live, marks the hub offline, and ends up with every reading', async ({
	page: hub,
	straps,
	browser,
	baseURL
}) => {
	test.setTimeout(240_000);
	const url = await clinicDatabase('hubs');
	for (const w of WEARERS) await straps.addStrap(w.address, w.name);

	// The hub: connected as "Hub A", the two people on the shared roster.
	await connect(hub, url, undefined, 'Hub A');
	await settled(hub);
	for (const w of WEARERS) await addPerson(hub, w.alias, w.age);
	await settled(hub);

	// The display: no Web Bluetooth at all, connected as "Skjerm, sal 2"; a class of nobody yet
	// opens to hubs as it starts.
	const displayContext = await browser.newContext({
		baseURL,
		locale: 'en-US',
		serviceWorkers: 'block'
	});
	await displayContext.addInitScript(() => {
		delete (Navigator.prototype as { bluetooth?: unknown }).bluetooth;
	});
	const display = await displayContext.newPage();
	display.on('console', (msg) => {
		if (msg.type() === 'error') console.log('display:', msg.text());
	});
	display.on('dialog', (dialog) => void dialog.accept());
	await connect(display, url, undefined, 'Skjerm, sal 2');
	await settled(display);
	expect(await display.evaluate(() => 'bluetooth' in navigator)).toBe(false);
	await display.goto('/class');
	await display.getByTestId('start-session').click();
	await expect(display).toHaveURL(/\/class\/live$/);
	const codeHook = display.getByTestId('join-code');
	await expect(codeHook).toBeVisible();
	const code = (await codeHook.getAttribute('data-code'))!;
	expect(code).toMatch(/^\d{6}$/);
	await expect(display.getByTestId('open-to-hubs')).toHaveCount(0);

	// The hub joins by the code and pairs one strap for each person, one tap each.
	await hub.goto('/');
	await hub.getByTestId('join-class').click();
	await hub.getByTestId('join-code-input').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
	await hub.getByTestId('join').click();
	await expect(hub).toHaveURL(/\/class\/live$/);
	await expect(hub.getByTestId('hub-bar')).toContainText('Skjerm, sal 2');
	await expect(hub.getByTestId('pause')).toHaveCount(0);
	for (const w of WEARERS) {
		await hub.getByTestId('hub-participant').selectOption({ label: w.alias });
		straps.queueChooser(w.address);
		await hub.getByTestId('hub-pair').click();
		await expect(tile(hub, w.alias)).toHaveAttribute('data-strap', 'connected');
	}

	// Each strap sends a packet a second from here on, a bpm of its own that changes every packet.
	let n = 0;
	const pushing = setInterval(() => {
		n++;
		for (const [i, w] of WEARERS.entries())
			void straps.push(w.address, hr(120 + i * 20 + (n % 5))).catch(() => undefined);
	}, 1000);
	try {
		// Both tiles stream on the display, each on Hub A.
		for (const w of WEARERS) {
			await expect(tile(display, w.alias)).toHaveAttribute('data-hub', 'Hub A', {
				timeout: 15_000
			});
			await expect(tile(display, w.alias)).toHaveAttribute('data-strap', 'connected');
		}
		await expect(display.getByTestId('hub-row')).toHaveAttribute('data-online', 'true');
		const readingsOnDisplay = () =>
			tile(display, KARI.alias).evaluate((el) => Number((el as HTMLElement).dataset.readings));
		const before = await readingsOnDisplay();
		await expect.poll(readingsOnDisplay, { timeout: 10_000 }).toBeGreaterThan(before + 3);
		// How long a reading takes from the hub's tile to the display's (same page clock: Date.now).
		const lags: number[] = [];
		for (let probe = 0; probe < 5; probe++) {
			const bpm = await tile(hub, KARI.alias).getAttribute('data-bpm');
			const at = Date.now();
			await expect
				.poll(() => tile(display, KARI.alias).getAttribute('data-bpm'), {
					timeout: 10_000,
					intervals: [50]
				})
				.toBe(bpm);
			lags.push(Date.now() - at);
			await hub.waitForTimeout(800);
		}
		console.log(`hub → display: ${lags.join(', ')} ms (rough: a bpm that repeats passes at once)`);

		// Pause on the display stops the hub's timer; resume starts it again.
		await display.getByTestId('pause').click();
		await expect(hub.getByTestId('phase')).toHaveAttribute('data-status', 'paused', {
			timeout: 5_000
		});
		await display.getByTestId('resume').click();
		await expect(hub.getByTestId('phase')).toHaveAttribute('data-status', 'running', {
			timeout: 5_000
		});

		// The hub loses its network: within 5 s its people show hub-offline and no number.
		const offAt = Date.now();
		await hub.context().setOffline(true);
		for (const w of WEARERS) {
			await expect(tile(display, w.alias)).toHaveAttribute('data-strap', 'hub-offline', {
				timeout: 8_000
			});
			await expect(tile(display, w.alias)).toHaveAttribute('data-bpm', '');
		}
		console.log(`hub offline shown after ${Date.now() - offAt} ms`);
		await expect(display.getByTestId('hub-row')).toHaveAttribute('data-online', 'false');
		// It keeps recording meanwhile.
		await hub.waitForTimeout(12_000);
		const onAt = Date.now();
		await hub.context().setOffline(false);
		for (const w of WEARERS)
			await expect(tile(display, w.alias)).toHaveAttribute('data-strap', 'connected', {
				timeout: 15_000
			});
		const offline = { from: offAt + 2_000, until: onAt - 2_000 };

		// The display ends the class; the hub's copy ends with it.
		await display.getByTestId('end').click();
		await expect(display.getByTestId('session-finished')).toBeVisible();
		await expect(hub.getByTestId('session-finished')).toBeVisible({ timeout: 10_000 });
		const sessionId = new URL(
			(await display.getByTestId('session-finished').getByRole('link').getAttribute('href'))!,
			baseURL
		).pathname
			.split('/')
			.at(-1)!;

		// The hub's merged readings reach the display: the stretch it was offline is there, a
		// reading a second for each person (a second or two of slack at either end of the window).
		const seconds = Math.floor((offline.until - offline.from) / 1000);
		await expect
			.poll(
				async () => {
					const byPerson = readingsByParticipant(await storedChunks(display, sessionId));
					const inGap = [...byPerson.values()].map(
						(r) => r.at.filter((at) => at >= offline.from && at <= offline.until).length
					);
					return inGap.length === 2 ? Math.min(...inGap) : 0;
				},
				{ timeout: 150_000, intervals: [2_000] }
			)
			.toBeGreaterThanOrEqual(seconds - 2);
	} finally {
		clearInterval(pushing);
		await displayContext.close();
	}
});
