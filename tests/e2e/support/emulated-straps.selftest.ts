/**
 * Proves EmulatedStraps against the real Chromium, and the app's Strap against the emulated
 * adapter: chooser, subscription, notifications, drop-out, reconnect with backoff, reload.
 * Run: npx playwright test --project=ble-selftest (part of `npm test`), or on its own with
 * npx playwright test --project=ble-selftest
 */
import { expect, test, type Page } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { EmulatedStraps } from './emulated-straps';
import type { Harness, StrapSnapshot } from './selftest-page';

const A = '0a:00:00:00:00:01';
const B = '0a:00:00:00:00:02';

let server: Server;
let origin: string;
let attached: EmulatedStraps | null = null;

/** Attaches the helper and remembers it, so afterEach can leave the browser clean. */
async function attach(page: Page): Promise<EmulatedStraps> {
	attached = await EmulatedStraps.attach(page);
	return attached;
}

test.afterEach(async () => {
	await attached?.detach();
	attached = null;
});

/** Bundles the app's real src/lib/ble modules (TypeScript) for the page. */
async function bundleHarness(): Promise<string> {
	const entry = fileURLToPath(new URL('./selftest-page.ts', import.meta.url));
	const result = await build({
		configFile: false,
		logLevel: 'silent',
		build: {
			write: false,
			minify: false,
			outDir: join(tmpdir(), 'pulsklar-ble-selftest'),
			lib: { entry, formats: ['es'], fileName: 'harness' }
		}
	});
	const outputs = Array.isArray(result) ? result : [result];
	for (const output of outputs) {
		if (!('output' in output)) continue;
		const chunk = output.output.find((file) => file.type === 'chunk');
		if (chunk && chunk.type === 'chunk') return chunk.code;
	}
	throw new Error('vite produced no bundle');
}

test.beforeAll(async () => {
	const harness = await bundleHarness();
	const page =
		'<!doctype html><title>ble self-test</title><script type="module" src="/h.js"></script>';
	server = createServer((request, response) => {
		const script = request.url === '/h.js';
		response.writeHead(200, { 'content-type': script ? 'text/javascript' : 'text/html' });
		response.end(script ? harness : page);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	// Web Bluetooth needs a secure context: http://localhost is one, about:blank is not.
	origin = `http://localhost:${(server.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

async function openHarness(page: Page): Promise<void> {
	await page.goto(origin);
	await page.waitForFunction(() => 'harness' in globalThis);
}

const harness = (page: Page) => ({
	support: () =>
		page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.support()),
	pair: () => page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.pair()),
	resumeRemembered: () =>
		page.evaluate(() => (globalThis as unknown as { harness: Harness }).harness.resumeRemembered()),
	snapshot: (name: string): Promise<StrapSnapshot> =>
		page.evaluate((n) => (globalThis as unknown as { harness: Harness }).harness.snapshot(n), name)
});

test('plain Web Bluetooth: chooser, subscribe, push, drop, restore', async ({ page }) => {
	await openHarness(page);
	const straps = await attach(page);
	await straps.addStrap(A, 'Strap A');
	straps.queueChooser(A);

	const paired = await page.evaluate(async () => {
		const log: string[] = [];
		(globalThis as unknown as { rawLog: string[] }).rawLog = log;
		const device = await navigator.bluetooth.requestDevice({
			filters: [{ services: ['heart_rate'] }],
			optionalServices: ['battery_service']
		});
		device.addEventListener('gattserverdisconnected', () => log.push('disconnected'));
		const subscribe = async () => {
			const server = await device.gatt!.connect();
			const service = await server.getPrimaryService('heart_rate');
			const characteristic = await service.getCharacteristic('heart_rate_measurement');
			characteristic.addEventListener('characteristicvaluechanged', () => {
				const bytes = new Uint8Array(characteristic.value!.buffer);
				log.push([...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' '));
			});
			await characteristic.startNotifications();
		};
		(globalThis as unknown as { subscribe: () => Promise<void> }).subscribe = subscribe;
		await subscribe();
		return { id: device.id, name: device.name };
	});
	const rawLog = () => page.evaluate(() => (globalThis as unknown as { rawLog: string[] }).rawLog);
	const resubscribe = () =>
		page.evaluate(() =>
			(globalThis as unknown as { subscribe: () => Promise<void> }).subscribe().then(
				() => 'ok',
				(error: Error) => `${error.name}: ${error.message}`
			)
		);

	expect(paired.name).toBe('Strap A');
	// The page never sees the emulated address: ids are opaque per-origin tokens.
	expect(paired.id).not.toBe(A);
	expect(await straps.deviceId(A)).toBe(paired.id);
	expect(straps.subscribed(A)).toBe(true);

	await straps.push(A, [0x16, 0x48, 0x00, 0x04]);
	await straps.push(A, [0x00, 0x50]);
	expect(await rawLog()).toEqual(['16 48 00 04', '00 50']);

	await straps.drop(A);
	await expect.poll(rawLog).toContain('disconnected');
	expect(straps.subscribed(A)).toBe(false);
	// The drop wiped the services: the link comes back, discovery finds nothing.
	expect(await resubscribe()).toMatch(/^NotFoundError/);
	await straps.restore(A);
	expect(await resubscribe()).toBe('ok');
	expect(straps.subscribed(A)).toBe(true);
	await straps.push(A, [0x00, 0x5a]);
	expect((await rawLog()).at(-1)).toBe('00 5a');
	straps.assertHealthy();
});

test('Strap: readings, battery, drop-out and reconnect with backoff', async ({ page }) => {
	await openHarness(page);
	const straps = await attach(page);
	const ui = harness(page);
	await straps.addStrap(A, 'Strap A', { battery: 77, bodyLocation: 1 });
	await straps.addStrap(B, 'Strap B', { battery: null, bodyLocation: null });
	expect(await ui.support()).toBe('available');

	straps.queueChooser(A);
	expect(await ui.pair()).toEqual({ name: 'Strap A' });
	straps.queueChooser(B);
	expect(await ui.pair()).toEqual({ name: 'Strap B' });
	expect(straps.subscribed(A) && straps.subscribed(B)).toBe(true);

	let a = await ui.snapshot('Strap A');
	expect(a).toMatchObject({ state: 'connected', battery: 77, bodyLocation: 'chest' });
	expect(a.id).toBe(await straps.deviceId(A));
	expect(await ui.snapshot('Strap B')).toMatchObject({ battery: null, bodyLocation: null });

	await straps.push(A, [0x16, 0x8c, 0x00, 0x04]);
	await straps.push(A, [0x01, 0x48]); // announces uint16 but carries one byte
	await straps.push(B, [0x06, 0x78]);
	await straps.setBattery(A, 12);
	a = await ui.snapshot('Strap A');
	expect(a.readings.map((r) => [r.bpm, r.contact, r.rrMs])).toEqual([[140, 'detected', [1000]]]);
	expect(a.counters).toEqual({ packets: 2, malformed: 1, reconnects: 0 });
	expect(a.battery).toBe(12);

	await straps.drop(A);
	await expect.poll(async () => (await ui.snapshot('Strap A')).state).toBe('reconnecting');
	// The other strap keeps streaming meanwhile.
	await straps.push(B, [0x06, 0x79]);
	expect((await ui.snapshot('Strap B')).readings.map((r) => r.bpm)).toEqual([120, 121]);
	// First retry (after 1 s) finds no services; the next comes 2 s later.
	await expect
		.poll(async () => (await ui.snapshot('Strap A')).events, { timeout: 5000 })
		.toContain('retry-failed');
	expect((await ui.snapshot('Strap A')).lastError).toBe('unknown');
	await straps.restore(A);
	await expect
		.poll(async () => (await ui.snapshot('Strap A')).state, { timeout: 5000 })
		.toBe('connected');
	a = await ui.snapshot('Strap A');
	expect(a.events).toEqual(['connected', 'dropped', 'retry-failed', 'restored']);
	expect(a.counters.reconnects).toBe(1);
	expect(straps.subscribed(A)).toBe(true);

	await straps.push(A, [0x00, 0x96]);
	expect((await ui.snapshot('Strap A')).readings.map((r) => r.bpm)).toEqual([140, 150]);
	straps.assertHealthy();
});

test('errors come back as codes: cancelled, busy, no adapter', async ({ page }) => {
	await openHarness(page);
	const straps = await attach(page);
	const ui = harness(page);
	await straps.addStrap(A, 'Strap A');

	straps.queueChooser(null);
	expect(await ui.pair()).toEqual({ error: 'cancelled' });

	straps.failConnections(A);
	straps.queueChooser(A);
	expect(await ui.pair()).toEqual({ error: 'busy' });
	expect(await ui.snapshot('Strap A')).toMatchObject({ state: 'disconnected', lastError: 'busy' });
	expect(straps.connections(A)).toBe(1);

	await straps.setAbsent();
	expect(await ui.support()).toBe('no-adapter');
	expect(await ui.pair()).toEqual({ error: 'no-adapter' });
	straps.assertHealthy();
});

test('after a reload, a remembered strap reconnects without the chooser', async ({ page }) => {
	await openHarness(page);
	const straps = await attach(page);
	const ui = harness(page);
	await straps.addStrap(A, 'Strap A');
	straps.queueChooser(A);
	await ui.pair();
	const id = (await ui.snapshot('Strap A')).id;

	await page.reload();
	await page.waitForFunction(() => 'harness' in globalThis);
	await straps.reattachAfterReload();
	expect(await ui.resumeRemembered()).toEqual(['Strap A']);
	await expect.poll(async () => (await ui.snapshot('Strap A')).state).toBe('connected');
	expect((await ui.snapshot('Strap A')).id).toBe(id);
	expect(straps.subscribed(A)).toBe(true);
	await straps.push(A, [0x00, 0x41]);
	expect((await ui.snapshot('Strap A')).readings.map((r) => r.bpm)).toEqual([65]);
	straps.assertHealthy();
});
