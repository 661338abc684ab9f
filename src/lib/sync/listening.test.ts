import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PulsklarDB } from '$lib/db/db';
import { setOutboxEnabled } from '$lib/db/outbox';
import type { Fetch } from './http';
import { ClinicSync } from './sync.svelte';
import {
	CLINIC,
	cookieFetch,
	startCouchServer,
	unitCouchPort,
	type CouchServer
} from '../../../scripts/couch-server.js';

// A class on this device (a display, a hub) hears the server's views: its rounds wait on the
// server for changes, and something stored here to send cuts the wait short. A real
// pouchdb-server process on a port of its own (unitCouchPort lists who has which).
const PORT = unitCouchPort(9);
let server: CouchServer;

beforeAll(async () => {
	server = await startCouchServer(PORT);
}, 60_000);
afterAll(async () => {
	setOutboxEnabled(false);
	await server?.stop();
});

describe('a device in a class', () => {
	it('waits on the server for changes, and a nudge cuts the wait short and sends at once', async () => {
		await server.admin('/listening', { method: 'PUT' });
		const requests: { url: string; method: string; signal?: AbortSignal | null }[] = [];
		const base = cookieFetch();
		const watching: Fetch = (input, init) => {
			requests.push({ url: String(input), method: init?.method ?? 'GET', signal: init?.signal });
			return base(input, init);
		};
		const database = new PulsklarDB('listening-hub');
		const sync = new ClinicSync(database, () => server.url, watching);
		expect(await sync.connect('/listening', CLINIC.user, CLINIC.password, 'Hub')).toBe(true);
		const stop = sync.classLink()!.listen(() => undefined);
		const waits = () => requests.filter((r) => r.url.includes('feed=longpoll'));
		await vi.waitFor(() => expect(waits().length).toBeGreaterThan(0), { timeout: 10_000 });
		const waiting = waits().at(-1)!;
		const sentBefore = requests.filter((r) => r.method === 'POST').length;

		// Readings stored here (a hub's recorder), as a record stands in for them: sent now.
		await database.participants.put({
			id: 'p1',
			alias: 'Kari',
			hrMax: 180,
			hrMaxSource: 'nes',
			archived: 0,
			createdAt: 1,
			updatedAt: 1
		});
		sync.nudge();
		await vi.waitFor(
			async () => {
				const doc = await server.admin('/listening/participant:p1');
				expect(doc.status).toBe(200);
			},
			{ timeout: 10_000 }
		);
		// The wait did not run out (it lasts seconds): it was cut short, then the send went.
		expect(waiting.signal?.aborted).toBe(true);
		expect(requests.filter((r) => r.method === 'POST').length).toBeGreaterThan(sentBefore);
		stop();
		await sync.disconnect();
	});
});
