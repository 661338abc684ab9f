/**
 * Issue 15: one class across devices. A display with no Web Bluetooth (standing in for an iPad)
 * runs the class; two hubs (phones or tablets with Chromium's emulated adapter and the app's real
 * `navigator.bluetooth` code) each pair two straps for people of the shared roster. Hub B runs in
 * a second browser: the emulated adapter is browser-wide. All sync through the real
 * pouchdb-server behind the preview's /couchdb/ proxy. Nothing runs on a fake clock: the
 * readings, the hubs' heartbeats and the sync rounds are real time.
 */
import type { Browser, Page } from '@playwright/test';
import { readingsByParticipant, storeCounts, storedChunks } from '../support/idb.js';
import { EmulatedStraps } from './support/emulated-straps';
import { clinicDatabase, connect, settled } from './support/clinic';
import { expectNoSeriousViolations } from './helpers';
import { expect, hr, test, tile } from './support/strap-test';

interface Wearer {
	alias: string;
	age: number;
	address: string;
	name: string;
}
const HUB_A: Wearer[] = [
	{ alias: 'Kari', age: 40, address: '0A:00:00:00:15:01', name: 'Polar H10 0A001501' },
	{ alias: 'Odd', age: 60, address: '0A:00:00:00:15:02', name: 'Garmin HRM 0A001502' }
];
const HUB_B: Wearer[] = [
	{ alias: 'Liv', age: 35, address: '0A:00:00:00:16:01', name: 'Polar H10 0A001601' },
	{ alias: 'Per', age: 55, address: '0A:00:00:00:16:02', name: 'Wahoo TICKR 0A001602' }
];
const EVERYONE = [...HUB_A, ...HUB_B];
const OPTIONS = { locale: 'en-US', serviceWorkers: 'block' } as const;

test.use(OPTIONS);

async function addPerson(page: Page, { alias, age }: Wearer) {
	await page.goto('/participants');
	await page.getByTestId('add-participant').click();
	await page.getByTestId('participant-alias').fill(alias);
	await page.getByTestId('participant-age').fill(String(age));
	await page.getByTestId('save-participant').click();
	await expect(page.getByRole('link', { name: alias, exact: true })).toBeVisible();
}

/** A hub: connected under its name, its people on the roster, straps in range. */
async function setUpHub(
	page: Page,
	straps: EmulatedStraps,
	url: string,
	name: string,
	people: Wearer[]
) {
	for (const w of people) await straps.addStrap(w.address, w.name);
	await connect(page, url, undefined, name);
	await settled(page);
	for (const w of people) await addPerson(page, w);
	await settled(page);
}

/** Pairs one strap for each person on the hub, one tap each. */
async function pairAll(page: Page, straps: EmulatedStraps, display: string, people: Wearer[]) {
	await expect(page).toHaveURL(/\/class\/live$/);
	await expect(page.getByTestId('hub-bar')).toContainText(display);
	await expect(page.getByTestId('pause')).toHaveCount(0);
	for (const w of people) {
		await page.getByTestId('hub-participant').selectOption({ label: w.alias });
		straps.queueChooser(w.address);
		await page.getByTestId('hub-pair').click();
		await expect(tile(page, w.alias)).toHaveAttribute('data-strap', 'connected');
	}
}

const readings = (page: Page, alias: string) =>
	tile(page, alias).evaluate((el) => Number((el as HTMLElement).dataset.readings));

async function streaming(page: Page, people: Wearer[]) {
	for (const w of people) {
		const before = await readings(page, w.alias);
		await expect
			.poll(() => readings(page, w.alias), { timeout: 15_000 })
			.toBeGreaterThan(before + 2);
	}
}

test('a display without Bluetooth runs a class on two hubs: live tiles, a hub offline and back, a reload, and every reading in the end', async ({
	page: hubA,
	straps: strapsA,
	browser,
	playwright,
	launchOptions,
	baseURL
}) => {
	test.setTimeout(300_000);
	const url = await clinicDatabase('hubs');
	let browserB: Browser | null = null;
	let strapsB: EmulatedStraps | null = null;
	const displayContext = await browser.newContext({ baseURL, ...OPTIONS });
	const pushing: ReturnType<typeof setInterval>[] = [];
	try {
		// The hubs: A in this browser, B in a browser of its own (its own Bluetooth adapter).
		browserB = await playwright.chromium.launch(launchOptions);
		const hubB = await (await browserB.newContext({ baseURL, ...OPTIONS })).newPage();
		strapsB = await EmulatedStraps.attach(hubB);
		await setUpHub(hubA, strapsA, url, 'Hub A', HUB_A);
		await setUpHub(hubB, strapsB, url, 'Hub B', HUB_B);

		// The display: no Web Bluetooth at all; a class of nobody yet opens to hubs as it starts.
		await displayContext.addInitScript(() => {
			delete (Navigator.prototype as { bluetooth?: unknown }).bluetooth;
		});
		const display = await displayContext.newPage();
		display.on('dialog', (dialog) => void dialog.accept());
		display.on('console', (msg) => {
			if (msg.type() === 'error' && !msg.text().includes('service worker'))
				console.log('display:', msg.text());
		});
		await connect(display, url, undefined, 'Skjerm, sal 2');
		await settled(display);
		expect(await display.evaluate(() => 'bluetooth' in navigator)).toBe(false);
		await display.goto('/class');
		await display.getByTestId('start-session').click();
		await expect(display).toHaveURL(/\/class\/live$/);
		const code = (await display.getByTestId('join-code').getAttribute('data-code'))!;
		expect(code).toMatch(/^\d{6}$/);
		await expect(display.getByTestId('open-to-hubs')).toHaveCount(0);

		// Hub A types the code (as the display shows it, in two groups of three); hub B taps the
		// class in the list of classes open now.
		await hubA.goto('/');
		await hubA.getByTestId('join-class').click();
		await hubA.getByTestId('join-code-input').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
		await hubA.getByTestId('join').click();
		await pairAll(hubA, strapsA, 'Skjerm, sal 2', HUB_A);
		await hubB.goto('/class/join');
		await hubB.getByTestId('join-listed').click();
		await pairAll(hubB, strapsB, 'Skjerm, sal 2', HUB_B);

		// Every strap sends a packet a second from here on, a bpm that changes every packet.
		for (const [straps, people] of [
			[strapsA, HUB_A],
			[strapsB, HUB_B]
		] as const) {
			let n = 0;
			pushing.push(
				setInterval(() => {
					n++;
					for (const [i, w] of people.entries())
						void straps.push(w.address, hr(120 + i * 20 + (n % 5))).catch(() => undefined);
				}, 1000)
			);
		}

		// All four tiles stream on the display, each on its hub.
		for (const [hub, people] of [
			['Hub A', HUB_A],
			['Hub B', HUB_B]
		] as const)
			for (const w of people)
				await expect(tile(display, w.alias)).toHaveAttribute('data-hub', hub, { timeout: 15_000 });
		await expect(display.getByTestId('hub-row')).toHaveCount(2);
		await streaming(display, EVERYONE);
		// How long a bpm takes from the hub's tile to the display's (both read in real time).
		const lags: number[] = [];
		for (let probe = 0; probe < 5; probe++) {
			const bpm = await tile(hubA, 'Kari').getAttribute('data-bpm');
			const at = Date.now();
			await expect
				.poll(() => tile(display, 'Kari').getAttribute('data-bpm'), {
					timeout: 10_000,
					intervals: [50]
				})
				.toBe(bpm);
			lags.push(Date.now() - at);
			await hubA.waitForTimeout(800);
		}
		console.log(`hub → display: ${lags.join(', ')} ms (rough: a bpm that repeats passes at once)`);

		// Pause on the display stops both hubs' timers; resume starts them again.
		await display.getByTestId('pause').click();
		for (const hub of [hubA, hubB])
			await expect(hub.getByTestId('phase')).toHaveAttribute('data-status', 'paused', {
				timeout: 5_000
			});
		await display.getByTestId('resume').click();
		for (const hub of [hubA, hubB])
			await expect(hub.getByTestId('phase')).toHaveAttribute('data-status', 'running', {
				timeout: 5_000
			});

		// Hub B loses its network for a minute (the 60 s): within 5 s its people show
		// hub-offline and no number; A's keep streaming, and B keeps recording.
		const offAt = Date.now();
		await hubB.context().setOffline(true);
		for (const w of HUB_B) {
			await expect(tile(display, w.alias)).toHaveAttribute('data-strap', 'hub-offline', {
				timeout: 8_000
			});
			await expect(tile(display, w.alias)).toHaveAttribute('data-bpm', '');
		}
		console.log(`hub offline shown after ${Date.now() - offAt} ms`);
		await streaming(display, HUB_A);
		await hubB.waitForTimeout(Math.max(0, offAt + 60_000 - Date.now()));
		const onAt = Date.now();
		await hubB.context().setOffline(false);
		for (const w of HUB_B)
			await expect(tile(display, w.alias)).toHaveAttribute('data-strap', 'connected', {
				timeout: 15_000
			});
		const offline = { from: offAt + 2_000, until: onAt - 2_000 };

		// The display reloads mid-class: resumed, it opens to hubs again under the same code,
		// and the hubs' people stream again without the hubs doing anything.
		await display.reload();
		await display.getByTestId('resume-session').click();
		await expect(display.getByTestId('join-code')).toHaveAttribute('data-code', code, {
			timeout: 10_000
		});
		await streaming(display, EVERYONE);

		// A hub on a phone: its tiles and the pairing bar fit, nothing scrolls sideways.
		await hubA.setViewportSize({ width: 390, height: 844 });
		await expect(hubA.getByTestId('hub-bar')).toBeVisible();
		expect(
			await hubA.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
		).toBe(true);
		await hubA.screenshot({ path: test.info().outputPath('hub-phone.png'), fullPage: true });
		await display.screenshot({ path: test.info().outputPath('display-live.png') });

		// The display ends the class; both hubs' copies end with it.
		await display.getByTestId('end').click();
		await expect(display.getByTestId('session-finished')).toBeVisible();
		for (const hub of [hubA, hubB])
			await expect(hub.getByTestId('session-finished')).toBeVisible({ timeout: 10_000 });
		const report = (await display
			.getByTestId('session-finished')
			.getByRole('link')
			.getAttribute('href'))!;
		const sessionId = report.split('/').at(-1)!;

		// The hubs' merged readings reach the display: the stretch B was offline is there, a
		// reading a second for each of its people (a second or two of slack at either end).
		const seconds = Math.floor((offline.until - offline.from) / 1000);
		// The fewest readings anyone has in that stretch (-1 until all four people are stored).
		const fewestInGap = async () => {
			const byPerson = readingsByParticipant(await storedChunks(display, sessionId));
			if (byPerson.size < EVERYONE.length) return -1;
			return Math.min(
				...[...byPerson.values()].map(
					(r) => r.at.filter((at) => at >= offline.from && at <= offline.until).length
				)
			);
		};
		await expect
			.poll(fewestInGap, { timeout: 150_000, intervals: [2_000] })
			.toBeGreaterThanOrEqual(seconds - 2);
		const people = readingsByParticipant(await storedChunks(display, sessionId));
		expect(people.size).toBe(4);

		// The report on the display and on hub A: the same figures for A's people.
		await display.goto(report);
		await hubA.goto(report);
		for (const w of HUB_A) {
			const row = (page: Page) =>
				page.getByTestId('overview-row').filter({ hasText: w.alias }).innerText();
			expect(await row(display)).toBe(await row(hubA));
		}
		await display.screenshot({ path: test.info().outputPath('display-report.png') });
	} finally {
		pushing.forEach(clearInterval);
		await strapsB?.detach().catch(() => undefined);
		await browserB?.close();
		await displayContext.close();
	}
});

test('a second screen without Bluetooth is told it can only watch, and watches: every tile, the timer, the end, then the report', async ({
	page: display,
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const url = await clinicDatabase('watch');
	display.on('dialog', (dialog) => void dialog.accept());
	// The display runs a demo class of three (simulated straps) and opens it to hubs.
	await connect(display, url, undefined, 'Skjerm, sal 2');
	await settled(display);
	await display.goto('/class/live?demo=1&size=3');
	await expect(display.getByTestId('participant-tile')).toHaveCount(3);
	await display.getByTestId('open-to-hubs').click();
	const code = (await display.getByTestId('join-code').getAttribute('data-code'))!;
	const aliases = await display
		.getByTestId('participant-tile')
		.evaluateAll((tiles) => tiles.map((t) => (t as HTMLElement).dataset.participant!));

	// A second screen (an iPad: no Web Bluetooth) asks to join: it is told plainly that it can
	// only watch, and its Join watches.
	const watcherContext = await browser.newContext({ baseURL, ...OPTIONS });
	try {
		await watcherContext.addInitScript(() => {
			delete (Navigator.prototype as { bluetooth?: unknown }).bluetooth;
		});
		const watcher = await watcherContext.newPage();
		await connect(watcher, url, undefined, 'iPad, sal 2');
		await settled(watcher);
		await watcher.goto('/class/join');
		await expect(watcher.getByRole('heading', { level: 1 })).toHaveText('Watch a class');
		await expect(watcher.getByTestId('watch-only')).toContainText('cannot be a hub');
		await expect(watcher.getByTestId('join-listed')).toHaveCount(0);
		await expectNoSeriousViolations(watcher);
		await watcher.getByTestId('join-code-input').fill(code);
		await watcher.getByTestId('join').click();
		await expect(watcher).toHaveURL(/\/class\/live$/);
		await expect(watcher.getByTestId('watch-bar')).toContainText('Skjerm, sal 2');

		// Everyone's tile streams here, on the display's straps; no control runs anything.
		for (const alias of aliases) {
			const t = tile(watcher, alias);
			await expect(t).toHaveAttribute('data-hub', 'Skjerm, sal 2', { timeout: 15_000 });
			const count = () => t.evaluate((el) => Number((el as HTMLElement).dataset.readings));
			const before = await count();
			await expect.poll(count, { timeout: 15_000 }).toBeGreaterThan(before + 2);
		}
		for (const control of ['pause', 'end', 'skip', 'open-to-hubs'])
			await expect(watcher.getByTestId(control)).toHaveCount(0);
		await expect(watcher.getByTestId('join-code')).toHaveAttribute('data-code', code);
		expect(
			await watcher.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)
		).toBe(true);
		await expectNoSeriousViolations(watcher);
		await watcher.screenshot({ path: test.info().outputPath('watcher-live.png') });

		// The display pauses: the watcher's timer stops too.
		await display.getByTestId('pause').click();
		await expect(watcher.getByTestId('phase')).toHaveAttribute('data-status', 'paused', {
			timeout: 5_000
		});
		await display.getByTestId('resume').click();
		await expect(watcher.getByTestId('phase')).toHaveAttribute('data-status', 'running', {
			timeout: 5_000
		});
		// Watching stores nothing of the class on this device.
		expect(await storeCounts(watcher, ['sessions', 'samples', 'events', 'outbox'])).toEqual({
			sessions: 0,
			samples: 0,
			events: 0,
			outbox: 0
		});

		// The watching screen reloads (a wall screen's browser does): it watches again by itself.
		await watcher.reload();
		await expect(watcher.getByTestId('watch-bar')).toContainText('Skjerm, sal 2', {
			timeout: 15_000
		});
		await expect(tile(watcher, aliases[0]!)).toHaveAttribute('data-bpm', /^\d+$/, {
			timeout: 15_000
		});

		// The display ends the class: the watcher says so, and once the display has sent the
		// session its report opens here with the display's figures.
		await display.getByTestId('end').click();
		await expect(display.getByTestId('session-finished')).toBeVisible();
		const bar = watcher.getByTestId('watch-bar');
		await expect(bar).toHaveAttribute('data-ended', 'true', { timeout: 10_000 });
		await expect(bar).toContainText('has ended the class');
		await watcher.getByTestId('watch-report').click({ timeout: 30_000 });
		const report = await display
			.getByTestId('session-finished')
			.getByRole('link')
			.getAttribute('href');
		await expect(watcher).toHaveURL(new RegExp(`${report}$`));
		await display.goto(report!);
		for (const alias of aliases) {
			const row = (page: Page) =>
				page.getByTestId('overview-row').filter({ hasText: alias }).innerText();
			await expect.poll(() => row(watcher)).toBe(await row(display));
		}
	} finally {
		await watcherContext.close();
	}
});
