/**
 * Heart-rate straps end to end: the app's real `navigator.bluetooth` code against Chromium's
 * emulated Bluetooth adapter (tests/e2e/support/emulated-straps.ts), on the built app.
 * Readings are real Heart Rate Measurement (0x2A37) bytes from the app's own encoder.
 */
import type { Page } from '@playwright/test';
import type { EmulatedStraps } from './support/emulated-straps';
import { expect, hr, test, tile } from './support/strap-test';

interface TestStrap {
	address: string;
	name: string;
}

const A: TestStrap = { address: '0A:00:00:00:01:01', name: 'Polar H10 0A000101' };
const B: TestStrap = { address: '0A:00:00:00:01:02', name: 'Polar H10 0A000102' };
const C: TestStrap = { address: '0A:00:00:00:01:03', name: 'Garmin HRM 0A000103' };

// The service worker is not under test here, and requests it serves could not be held (reload
// test). English, because a few assertions read text ("3 straps connected").
test.use({ serviceWorkers: 'block', locale: 'en-US' });

/** Opens class setup the way a user does: home, then "new class". */
async function openClassSetup(page: Page): Promise<void> {
	await page.goto('/');
	await page.getByTestId('new-class').click();
	await expect(page).toHaveURL(/\/class$/);
	await expect(page.getByTestId('add-strap')).toBeEnabled();
}

/** One tap on add-strap, the chooser picks `strap`, and its tile shows it connected. */
async function pair(page: Page, straps: EmulatedStraps, strap: TestStrap): Promise<void> {
	straps.queueChooser(strap.address);
	await page.getByTestId('add-strap').click();
	await expect(tile(page, strap.name)).toHaveAttribute('data-strap', 'connected');
}

/** Pushes one reading and waits until the strap's tile shows it. */
async function stream(
	page: Page,
	straps: EmulatedStraps,
	strap: TestStrap,
	bpm: number,
	name = strap.name
): Promise<void> {
	await straps.push(strap.address, hr(bpm));
	await expect(tile(page, name)).toHaveAttribute('data-bpm', String(bpm));
}

/**
 * Reloads the page. A reload drops the emulated adapter (a real one stays), so the app's code is
 * held back until the emulation is back; then the app restores its straps on its own, as on a
 * tablet. Without the hold, `getDevices()` on page load races the re-created adapter.
 */
async function reloadWithAdapter(page: Page, straps: EmulatedStraps): Promise<void> {
	const entry = '**/_app/immutable/entry/start.*.js';
	let release!: () => void;
	const held = new Promise<void>((resolve) => (release = resolve));
	let requests = 0;
	// Routing also turns the HTTP cache off, so the entry is requested again.
	await page.route(entry, async (route) => {
		requests++;
		await held;
		await route.continue();
	});
	await page.reload({ waitUntil: 'commit' });
	await straps.reattachAfterReload();
	release();
	await page.waitForLoadState();
	expect(requests, `the reload loads the app through ${entry}`).toBeGreaterThan(0);
}

test('three straps pair through the chooser and stream to their own tiles', async ({
	page,
	straps
}) => {
	for (const strap of [A, B, C]) await straps.addStrap(strap.address, strap.name);
	await openClassSetup(page);

	for (const strap of [A, B, C]) await pair(page, straps, strap);
	for (const strap of [A, B, C]) expect(straps.subscribed(strap.address)).toBe(true);
	await expect(page.getByTestId('participant-tile')).toHaveCount(3);
	await expect(page.getByTestId('strap-count')).toHaveText('3 straps connected');

	await stream(page, straps, A, 72);
	await stream(page, straps, B, 95);
	await stream(page, straps, C, 131);
	// Each value went to its own tile only.
	await expect(tile(page, A.name)).toHaveAttribute('data-bpm', '72');
	await expect(tile(page, B.name)).toHaveAttribute('data-bpm', '95');
	await stream(page, straps, A, 74);
	await expect(tile(page, C.name)).toHaveAttribute('data-bpm', '131');
	for (const strap of [A, B, C]) {
		await expect(tile(page, strap.name)).not.toHaveAttribute('data-flags', /no-signal/);
	}
	expect(straps.chooserAnswers).toBe(3);

	// Picking a strap that is already paired changes nothing: no second tile, and no drop-out.
	await page.evaluate((name) => {
		const strapTile = document.querySelector(`[data-participant="${name}"]`) as HTMLElement;
		const seen: string[] = [];
		(globalThis as unknown as { strapStates: string[] }).strapStates = seen;
		new MutationObserver(() => seen.push(strapTile.dataset.strap ?? '')).observe(strapTile, {
			attributeFilter: ['data-strap']
		});
	}, A.name);
	straps.queueChooser(A.address);
	await page.getByTestId('add-strap').click();
	await expect.poll(() => straps.chooserAnswers).toBe(4);
	await expect(page.getByTestId('add-strap')).toBeEnabled();
	await stream(page, straps, A, 76);
	await expect(page.getByTestId('participant-tile')).toHaveCount(3);
	await expect(page.getByTestId('bluetooth-error')).toHaveCount(0);
	expect(
		await page.evaluate(() => (globalThis as unknown as { strapStates: string[] }).strapStates)
	).toEqual([]);
});

test('a dropped strap shows reconnecting, comes back by itself with backoff, and streams again', async ({
	page,
	straps
}) => {
	// Fake timers running at normal speed; fastForward skips the backoff waits.
	await page.clock.install();
	for (const strap of [A, B, C]) await straps.addStrap(strap.address, strap.name);
	await openClassSetup(page);
	for (const strap of [A, B, C]) await pair(page, straps, strap);
	await stream(page, straps, A, 80);
	await stream(page, straps, B, 90);
	await stream(page, straps, C, 100);

	// B walks out of range; and while it is away, connection attempts fail.
	straps.failConnections(B.address);
	const attemptsBefore = straps.connections(B.address);
	await straps.drop(B.address);
	const dropped = tile(page, B.name);
	await expect(dropped).toHaveAttribute('data-strap', 'reconnecting');
	await expect(dropped).toHaveAttribute('data-bpm', '');
	await expect(dropped).toHaveAttribute('data-flags', /(^| )reconnecting( |$)/);
	await expect(page.getByTestId('strap-count')).toHaveText('2 straps connected');

	// The other two keep streaming meanwhile.
	await stream(page, straps, A, 81);
	await stream(page, straps, C, 101);
	await expect(tile(page, A.name)).toHaveAttribute('data-strap', 'connected');
	await expect(tile(page, C.name)).toHaveAttribute('data-strap', 'connected');

	// The first retry is due 1 s after the drop: it fires under the fake clock, and fails.
	await expect
		.poll(
			async () => {
				await page.clock.fastForward(500);
				return straps.connections(B.address);
			},
			{ intervals: [50] }
		)
		.toBeGreaterThan(attemptsBefore);
	await expect(dropped).toHaveAttribute('data-strap', 'reconnecting');

	// Back in range: the next retry (2 s later) reconnects without anyone touching the app.
	straps.failConnections(B.address, 0);
	await straps.restore(B.address);
	await expect
		.poll(
			async () => {
				await page.clock.fastForward(500);
				return dropped.getAttribute('data-strap');
			},
			{ intervals: [50] }
		)
		.toBe('connected');
	expect(straps.connections(B.address)).toBeGreaterThanOrEqual(attemptsBefore + 2);
	expect(straps.subscribed(B.address)).toBe(true);
	await expect(page.getByTestId('strap-count')).toHaveText('3 straps connected');

	await stream(page, straps, B, 97);
	await expect(dropped).not.toHaveAttribute('data-flags', /reconnecting/);
	await stream(page, straps, A, 82);
	// The chooser was never opened again.
	expect(straps.chooserAnswers).toBe(3);
});

test('malformed packets are ignored without errors; the next good packet shows', async ({
	page,
	straps
}) => {
	await straps.addStrap(A.address, A.name);
	await openClassSetup(page);
	await pair(page, straps, A);
	await stream(page, straps, A, 100);

	// Count what reaches the characteristic the app listens on (the browser caches one object).
	await page.evaluate(async (name) => {
		const device = (await navigator.bluetooth.getDevices()).find((d) => d.name === name);
		const service = await device!.gatt!.getPrimaryService('heart_rate');
		const characteristic = await service.getCharacteristic('heart_rate_measurement');
		const sizes: number[] = [];
		(globalThis as unknown as { packetSizes: number[] }).packetSizes = sizes;
		characteristic.addEventListener('characteristicvaluechanged', () =>
			sizes.push(characteristic.value?.byteLength ?? -1)
		);
	}, A.name);
	// Empty; uint16 announced but one byte; energy announced but missing; flags only.
	const malformed = [[], [0x01, 0x48], [0x08, 0x64, 0x01], [0x16]];
	for (const bad of malformed) await straps.push(A.address, bad);
	expect(
		await page.evaluate(() => (globalThis as unknown as { packetSizes: number[] }).packetSizes)
	).toEqual(malformed.map((bad) => bad.length));
	const strapTile = tile(page, A.name);
	await expect(strapTile).toHaveAttribute('data-bpm', '100');
	await expect(strapTile).toHaveAttribute('data-strap', 'connected');
	await expect(strapTile).not.toHaveAttribute('data-flags', /no-signal|reconnecting/);

	await stream(page, straps, A, 110);
	// 16-bit values are fine when complete.
	await straps.push(A.address, [0x01, 0x73, 0x00]);
	await expect(strapTile).toHaveAttribute('data-bpm', '115');
});

test('without an adapter: a plain message, no crash, and the demo class still works', async ({
	page,
	straps
}) => {
	await straps.setAbsent();
	await page.goto('/');
	await expect(page.getByTestId('no-adapter')).toBeVisible();

	await page.getByTestId('new-class').click();
	await expect(page).toHaveURL(/\/class$/);
	await page.getByTestId('add-strap').click();
	const error = page.getByTestId('bluetooth-error');
	await expect(error).toHaveAttribute('data-code', 'no-adapter');
	await expect(error).not.toBeEmpty();
	await expect(page.getByTestId('participant-tile')).toHaveCount(0);

	await page.goto('/');
	await page.getByTestId('demo-class').click();
	await expect(page).toHaveURL(/\/class\/live/);
	await expect(page.getByTestId('phase')).toBeVisible();
	await expect(page.getByTestId('participant-tile').first()).toBeVisible();
	await expect
		.poll(() =>
			page
				.getByTestId('participant-tile')
				.evaluateAll((tiles) => tiles.filter((t) => /^\d+$/.test(t.dataset.bpm ?? '')).length)
		)
		.toBeGreaterThan(0);
});

test('cancelling the chooser shows no error, and pairing works afterwards', async ({
	page,
	straps
}) => {
	await straps.addStrap(A.address, A.name);
	await openClassSetup(page);

	straps.queueChooser(null);
	await page.getByTestId('add-strap').click();
	await expect.poll(() => straps.chooserAnswers).toBe(1);
	await expect(page.getByTestId('add-strap')).toBeEnabled();
	await expect(page.getByTestId('bluetooth-error')).toHaveCount(0);
	await expect(page.getByTestId('participant-tile')).toHaveCount(0);

	await pair(page, straps, A);
	await stream(page, straps, A, 88);
	await expect(page.getByTestId('bluetooth-error')).toHaveCount(0);
});

test('after a reload, remembered straps reconnect without the chooser and stream', async ({
	page,
	straps
}) => {
	for (const strap of [A, B]) await straps.addStrap(strap.address, strap.name);
	await openClassSetup(page);
	for (const strap of [A, B]) await pair(page, straps, strap);
	await stream(page, straps, A, 70);

	await reloadWithAdapter(page, straps);

	for (const strap of [A, B]) {
		await expect(tile(page, strap.name)).toHaveAttribute('data-strap', 'connected');
		expect(straps.subscribed(strap.address)).toBe(true);
	}
	await expect(page.getByTestId('strap-count')).toHaveText('2 straps connected');
	await stream(page, straps, A, 76);
	await stream(page, straps, B, 84);
	// Only the two original pairings used the chooser.
	expect(straps.chooserAnswers).toBe(2);
});

/** Kari (40: HRmax 211 − 0.64 × 40 ≈ 185) on the roster, strap A paired and assigned to her. */
async function kariWearsA(page: Page, straps: EmulatedStraps) {
	await straps.addStrap(A.address, A.name);
	await page.goto('/participants');
	await page.getByTestId('add-participant').click();
	await page.getByTestId('participant-alias').fill('Kari');
	await page.getByTestId('participant-age').fill('40');
	await page.getByTestId('save-participant').click();
	await expect(page.getByRole('link', { name: 'Kari' })).toBeVisible();
	await openClassSetup(page);
	await pair(page, straps, A);
	await page.getByTestId('assign-strap').selectOption({ label: 'Kari' });
	return tile(page, 'Kari');
}

test('a strap assigned to a roster participant shows the alias and a zone', async ({
	page,
	straps
}) => {
	const kari = await kariWearsA(page, straps);
	await expect(kari).toHaveAttribute('data-strap', 'connected');
	await expect(tile(page, A.name)).toHaveCount(0);

	// 150 / 185 ≈ 81 % HRmax: zone 4 with the default zone edges (50/60/70/80/90 %).
	await stream(page, straps, A, 150, 'Kari');
	await expect(kari).toHaveAttribute('data-zone', '4');
	// 100 / 185 ≈ 54 %: zone 1. A 50 bpm fall within 2 s is an artefact the tile never shows, so
	// the new level comes after the jump window.
	await page.waitForTimeout(2100);
	await stream(page, straps, A, 100, 'Kari');
	await expect(kari).toHaveAttribute('data-zone', '1');

	// The strap remembers who wears it: after a reload it comes back on Kari's tile.
	await reloadWithAdapter(page, straps);
	await expect(kari).toHaveAttribute('data-strap', 'connected');
	await expect(tile(page, A.name)).toHaveCount(0);
	await stream(page, straps, A, 160, 'Kari');
	await expect(kari).toHaveAttribute('data-zone', '4');
});

test('impossible heart rates never reach the tile; a strap sending 0 bpm shows no signal', async ({
	page,
	straps
}) => {
	const kari = await kariWearsA(page, straps);
	await stream(page, straps, A, 120, 'Kari');

	// 0 and 255 (8-bit), 300 and 65 535 (16-bit): each arrives, none is ever shown.
	const impossible = [hr(0), hr(255), [0x01, 0x2c, 0x01], [0x01, 0xff, 0xff]];
	for (const packet of impossible) {
		const before = Number(await kari.getAttribute('data-readings'));
		await straps.push(A.address, packet);
		await expect(kari).toHaveAttribute('data-readings', String(before + 1));
		expect(await kari.getAttribute('data-bpm')).toMatch(/^(120)?$/);
		await expect(kari).not.toContainText(/65535|36008|300|255/);
	}
	// Many straps send 0 once skin contact is lost: a second of them each is no sign of life.
	for (let i = 0; i < 7; i++) {
		await straps.push(A.address, hr(0));
		await page.waitForTimeout(1000);
	}
	await expect(kari).toHaveAttribute('data-bpm', '');
	await expect(kari).toHaveAttribute('data-flags', /no-signal/);
	await expect(kari).toHaveAttribute('data-strap', 'connected');
	// A real value again: shown at once, the flag goes.
	await stream(page, straps, A, 118, 'Kari');
	await expect(kari).not.toHaveAttribute('data-flags', /no-signal/);
});
