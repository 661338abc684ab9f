import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { exportBackup, parseBackup, restoreBackup } from '$lib/db/backup';
import { db, PulsklarDB } from '$lib/db/db';
import { MAX_DEVICE_NAME, setOutboxEnabled, setSyncDevice, syncDevice } from '$lib/db/outbox';
import { toChunk } from '$lib/db/samples';
import { getSession } from '$lib/db/sessions';
import type { SessionRecord } from '$lib/db/types';
import { handSession } from '$lib/report/test-session';
import { LiveSession } from '$lib/session/live-session.svelte';
import { builtInProtocol } from '$lib/workout';
import { decodeDoc } from './documents';
import { SyncEngine } from './engine';
import { databaseUrl } from './http';
import { ClinicSync } from './sync.svelte';
import {
	CLINIC,
	cookieFetch,
	startCouchServer,
	unitCouchPort,
	type CouchServer
} from '../../../scripts/couch-server.js';

// "The session report says on which device it was recorded": the recording device stamps its
// clinic-server name on the session when it starts; the session document carries the record, so
// a device that pulls it has the name too, and a backup keeps it. A real pouchdb-server process;
// its own port (unitCouchPort lists who has which).
const PORT = unitCouchPort(7);
const TABLET = 'Tablet, sal 2';
let server: CouchServer;
let n = 0;

beforeAll(async () => {
	server = await startCouchServer(PORT);
}, 60_000);
afterAll(async () => {
	await server?.stop();
});

let open: LiveSession | null = null;
afterEach(async () => {
	await open?.finish();
	open = null;
	setSyncDevice(null);
	setOutboxEnabled(false);
	await Promise.all(db.tables.map((t) => t.clear()));
});

/** Starts a one-person class the way the class screen does, and returns its stored record. */
async function startClass(): Promise<SessionRecord> {
	const clock = { now: 1_800_000_000_000 };
	open = new LiveSession('class', false, () => clock.now);
	open.protocol = builtInProtocol('2x4')!;
	open.add({ participantId: 'kari', alias: 'Kari', hrMax: 180 });
	expect(await open.start()).toBe(true);
	return (await getSession(open.record!.id))!;
}

describe('the device a session was recorded on', () => {
	it('is the sync name while syncing is on, trimmed and bounded; none without a server or a name', () => {
		setSyncDevice(`  ${TABLET}  `);
		expect(syncDevice()).toBeNull(); // a name remembered, but sync is off
		setOutboxEnabled(true);
		expect(syncDevice()).toBe(TABLET);
		setSyncDevice('x'.repeat(500));
		expect(syncDevice()).toHaveLength(MAX_DEVICE_NAME);
		setSyncDevice('   ');
		expect(syncDevice()).toBeNull();
		setSyncDevice(null);
		expect(syncDevice()).toBeNull();
	});

	it('is stored with a session started on a syncing device, and absent otherwise', async () => {
		expect((await startClass()).device).toBeUndefined();
		expect('device' in (await startClass())).toBe(false);
		await open?.finish();
		setOutboxEnabled(true);
		setSyncDevice(TABLET);
		expect((await startClass()).device).toBe(TABLET);
	});

	it('is set by connecting to the clinic server and cleared by disconnecting', async () => {
		const sync = new ClinicSync(new PulsklarDB(`dev-${n++}`), () => server.url, cookieFetch());
		expect(await sync.connect(`/${CLINIC.db}`, CLINIC.user, CLINIC.password, TABLET)).toBe(true);
		expect(syncDevice()).toBe(TABLET);
		expect((await startClass()).device).toBe(TABLET);
		await sync.disconnect();
		expect(syncDevice()).toBeNull();
	});

	it('reaches another device with the session, and a backup restores it', async () => {
		const clinic = `clinic-${n++}`;
		await server.admin(`/${clinic}`, { method: 'PUT' });
		setOutboxEnabled(true);
		const a = new PulsklarDB(`a-${n++}`);
		const { session, readings } = handSession();
		await a.sessions.put({ ...session, device: TABLET });
		await a.samples.bulkAdd([...readings].map(([pid, list], i) => toChunk('s1', pid, i, list)));
		const engine = async (database: PulsklarDB, device: string) => {
			const sut = new SyncEngine(
				database,
				databaseUrl(`/${clinic}`, server.url),
				device,
				cookieFetch()
			);
			await sut.signIn(CLINIC.user, CLINIC.password);
			return sut;
		};
		await (await engine(a, TABLET)).round();
		const b = new PulsklarDB(`b-${n++}`);
		// B has another name: the report says where the session was recorded, not who pulled it.
		expect((await (await engine(b, 'Kontor-PC')).round()).invalid).toBe(0);
		expect((await b.sessions.get('s1'))?.device).toBe(TABLET);

		const file = parseBackup(JSON.stringify(await exportBackup(b)));
		expect(file.ok).toBe(true);
		const restored = new PulsklarDB(`restored-${n++}`);
		expect((await restoreBackup(file.ok ? file.value : never(), restored)).ok).toBe(true);
		expect((await restored.sessions.get('s1'))?.device).toBe(TABLET);
	});

	it('a name longer than a device name makes a backup or a pulled session unreadable', async () => {
		const { session } = handSession();
		const long = { ...session, device: 'x'.repeat(MAX_DEVICE_NAME + 1) };
		expect(decodeDoc({ _id: 'session:s1', type: 'sessions', record: long })).toBeNull();
		expect(
			decodeDoc({ _id: 'session:s1', type: 'sessions', record: { ...long, device: TABLET } })
		).not.toBeNull();
		const text = JSON.stringify({
			...(await exportBackup(new PulsklarDB(`empty-${n++}`))),
			stores: {
				...(await exportBackup(new PulsklarDB(`empty-${n++}`))).stores,
				sessions: [long]
			}
		});
		expect(parseBackup(text).ok).toBe(false);
	});
});

function never(): never {
	throw new Error('unreachable');
}
