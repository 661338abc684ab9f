import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handSession } from '$lib/report/test-session';
import {
	decodeTyped,
	encodeTyped,
	exportBackup,
	MAX_BACKUP_BYTES,
	MAX_PARTICIPANTS,
	parseBackup,
	readBackupFile,
	restoreBackup,
	type BackupFile
} from './backup';
import { PulsklarDB } from './db';
import { toChunk } from './samples';
import type { Participant } from './types';

let database: PulsklarDB;
let n = 0;

const participant = (id: string, alias: string): Participant => ({
	id,
	alias,
	hrMax: 200,
	hrMaxSource: 'measured',
	hrRest: 55,
	plan: { templateId: 'cerg-12', startDate: '2026-01-05' },
	archived: 0,
	createdAt: 1,
	updatedAt: 2
});

async function seed(db: PulsklarDB) {
	const { session, readings, events } = handSession();
	await db.participants.bulkAdd([participant('p1', 'Ask'), participant('p2', 'Bjørk')]);
	await db.straps.add({
		id: 'st1',
		deviceId: 'dev-1',
		name: 'H10',
		participantId: 'p1',
		createdAt: 1,
		updatedAt: 1
	});
	await db.protocols.add({ ...session.protocol, createdAt: 1, updatedAt: 1 });
	await db.sessions.add(session);
	await db.samples.bulkAdd([
		toChunk('s1', 'p1', 0, readings.get('p1')!.slice(0, 150)),
		toChunk('s1', 'p1', 1, readings.get('p1')!.slice(150)),
		toChunk('s1', 'p2', 2, readings.get('p2')!)
	]);
	await db.events.bulkAdd(events);
}

async function snapshot(db: PulsklarDB) {
	return {
		participants: await db.participants.orderBy('id').toArray(),
		straps: await db.straps.orderBy('id').toArray(),
		protocols: await db.protocols.orderBy('id').toArray(),
		sessions: await db.sessions.orderBy('id').toArray(),
		samples: await db.samples.orderBy('id').toArray(),
		events: await db.events.orderBy('id').toArray()
	};
}

async function goodFile(): Promise<BackupFile> {
	return JSON.parse(JSON.stringify(await exportBackup(database, 1000))) as BackupFile;
}

/** Parses and, when valid, restores; the database must be untouched on any failure. */
async function restoreText(text: string) {
	const parsed = parseBackup(text);
	if (!parsed.ok) return parsed;
	return restoreBackup(parsed.value, database);
}

beforeEach(async () => {
	database = new PulsklarDB(`backup-test-${n++}`);
	await seed(database);
});
afterEach(async () => {
	await database.delete();
});

describe('backup and restore', () => {
	it('round-trips typed arrays through base64, little-endian', () => {
		const values = Uint32Array.from([0, 1, 65_536, 4_294_967_295]);
		expect(decodeTyped(encodeTyped(values), Uint32Array)).toEqual(values);
		expect(encodeTyped(Uint16Array.from([1]))).toBe('AQA=');
		expect(decodeTyped('AQA=', Uint32Array)).toBeNull();
	});

	it('encodes a view of part of a buffer, and one longer than a slice of the encoder, byte for byte', () => {
		/** The little-endian bytes written one by one: what the encoding must hold. */
		const reference = (array: Uint8Array | Uint16Array | Uint32Array) => {
			const view = new DataView(new ArrayBuffer(array.byteLength));
			array.forEach((value, i) => {
				if (array.BYTES_PER_ELEMENT === 1) view.setUint8(i, value);
				else if (array.BYTES_PER_ELEMENT === 2) view.setUint16(i * 2, value, true);
				else view.setUint32(i * 4, value, true);
			});
			return Buffer.from(view.buffer).toString('base64');
		};
		const long = Uint32Array.from({ length: 20_000 }, (_, i) => i * 214_013 + 2_531_011);
		const part = Uint16Array.from({ length: 100 }, (_, i) => i * 601).subarray(7, 50);
		for (const array of [long, part, long.subarray(3), new Uint8Array(long.buffer, 5, 9)])
			expect(encodeTyped(array)).toBe(reference(array));
	});

	it('backup → wipe → restore gives identical data', async () => {
		const before = await snapshot(database);
		const text = JSON.stringify(await exportBackup(database));
		await Promise.all(database.tables.map((t) => t.clear()));
		expect(await database.samples.count()).toBe(0);
		const result = await restoreText(text);
		expect(result.ok).toBe(true);
		expect(await snapshot(database)).toEqual(before);
		const chunk = (await database.samples.get(before.samples[0]!.id))!;
		expect(chunk.bpm).toBeInstanceOf(Uint16Array);
		expect(chunk.offsets).toBeInstanceOf(Uint32Array);
	});

	it('restoring the same backup twice duplicates nothing', async () => {
		const text = JSON.stringify(await exportBackup(database));
		const before = await snapshot(database);
		expect((await restoreText(text)).ok).toBe(true);
		expect((await restoreText(text)).ok).toBe(true);
		expect(await snapshot(database)).toEqual(before);
	});

	it('replaces a local record of the same strap under another id instead of failing', async () => {
		const file = await goodFile();
		await database.straps.clear();
		await database.straps.add({
			id: 'other',
			deviceId: 'dev-1',
			name: 'x',
			createdAt: 1,
			updatedAt: 1
		});
		expect((await restoreText(JSON.stringify(file))).ok).toBe(true);
		expect((await database.straps.toArray()).map((s) => s.id)).toEqual(['st1']);
	});

	describe('rejects bad files with nothing changed', () => {
		const cases: [string, (f: BackupFile) => unknown, string][] = [
			['wrong version', (f) => ({ ...f, version: 2 }), 'wrong-version'],
			['another format', (f) => ({ ...f, format: 'other-app' }), 'wrong-format'],
			['a huge number', (f) => ((f.stores.participants[0]!.hrMax = 1e308), f), 'invalid'],
			['a timestamp far away', (f) => ((f.stores.events[0]!.at = 9e15), f), 'invalid'],
			[
				'a string for a number',
				(f) => (((f.stores.sessions[0] as { startedAt: unknown }).startedAt = '1'), f),
				'invalid'
			],
			['an unknown store', (f) => ({ ...f, stores: { ...f.stores, secrets: [] } }), 'invalid'],
			[
				'an unknown field',
				(f) => (Object.assign(f.stores.participants[0]!, { evil: 1 }), f),
				'invalid'
			],
			['a missing store', (f) => ({ ...f, stores: { ...f.stores, events: undefined } }), 'invalid'],
			[
				'a 100 000-character alias',
				(f) => ((f.stores.participants[0]!.alias = 'x'.repeat(100_000)), f),
				'invalid'
			],
			[
				'readings that do not add up',
				(f) => ((f.stores.samples[0]!.bpm = 'AQA='), f),
				'readings-mismatch'
			],
			['bytes that are not base64', (f) => ((f.stores.samples[0]!.rr = '<>'), f), 'invalid']
		];
		for (const [name, mutate, code] of cases) {
			it(name, async () => {
				const before = await snapshot(database);
				const file = await goodFile();
				await database.participants.clear();
				const expected = await snapshot(database);
				const result = await restoreText(JSON.stringify(mutate(file)));
				expect(result).toMatchObject({ ok: false, problem: { code } });
				expect(await snapshot(database)).toEqual(expected);
				expect(expected).not.toEqual(before);
			});
		}

		it('a truncated file', async () => {
			const text = JSON.stringify(await goodFile());
			await database.participants.clear();
			const expected = await snapshot(database);
			const result = await restoreText(text.slice(0, text.length / 2));
			expect(result).toMatchObject({ ok: false, problem: { code: 'not-json' } });
			expect(await snapshot(database)).toEqual(expected);
		});

		it('50 MB of junk', async () => {
			const junk = new Blob([
				'{"format":"pulsklar-backup","version":1,"x":"',
				'A'.repeat(50 * 1024 * 1024)
			]);
			const result = await readBackupFile(junk);
			expect(result).toMatchObject({ ok: false, problem: { code: 'not-json' } });
		});

		it('a file over the size limit, without reading it', async () => {
			const huge = { size: MAX_BACKUP_BYTES + 1, text: () => Promise.reject(new Error('read')) };
			const result = await readBackupFile(huge as unknown as Blob);
			expect(result).toMatchObject({ ok: false, problem: { code: 'too-large' } });
		});
	});

	describe('says exactly what is wrong with a file, before writing anything', () => {
		/** Mutates a good file, restores it, and checks the problem and that nothing changed. */
		async function rejects(mutate: (f: BackupFile) => unknown) {
			const file = await goodFile();
			await database.participants.clear();
			const expected = await snapshot(database);
			const result = await restoreText(JSON.stringify(mutate(file)));
			expect(await snapshot(database)).toEqual(expected);
			return result.ok ? null : result.problem;
		}

		it('two participants with one id: names the id and both places', async () => {
			const problem = await rejects((f) => {
				f.stores.participants.push({ ...f.stores.participants[0]!, alias: 'Twin' });
				return f;
			});
			expect(problem).toEqual({
				code: 'duplicate-id',
				store: 'participants',
				id: 'p1',
				first: 0,
				second: 2
			});
		});

		it('a duplicate id in any store (sessions, samples, events)', async () => {
			for (const store of ['sessions', 'samples', 'events'] as const) {
				const problem = await rejects((f) => {
					const rows = f.stores[store] as unknown[];
					rows.push(rows[0]);
					return f;
				});
				expect(problem).toMatchObject({ code: 'duplicate-id', store, first: 0 });
			}
		});

		it('two straps for one Bluetooth device: a file problem, not a storage failure', async () => {
			const problem = await rejects((f) => {
				f.stores.straps.push({ ...f.stores.straps[0]!, id: 'st2', name: 'Copy' });
				return f;
			});
			expect(problem).toEqual({ code: 'duplicate-strap', deviceId: 'dev-1', first: 0, second: 1 });
		});

		it('a format version written as text "1"', async () => {
			expect(await rejects((f) => ({ ...f, version: '1' }))).toEqual({
				code: 'version-not-number',
				version: '"1"'
			});
		});

		it('no format version at all', async () => {
			expect(await rejects((f) => ({ ...f, version: undefined }))).toEqual({
				code: 'version-missing'
			});
		});

		it('a later format version is still "cannot read"', async () => {
			expect(await rejects((f) => ({ ...f, version: 2 }))).toEqual({
				code: 'wrong-version',
				version: '2'
			});
		});

		it('heart-rate bytes that are not valid base64, with where', async () => {
			// Passes the character check, but 5 characters cannot be base64: atob throws.
			expect(await rejects((f) => ((f.stores.samples[1]!.rr = 'AAAAA'), f))).toEqual({
				code: 'not-base64',
				path: 'stores.samples.1.rr'
			});
		});

		it('readings whose lists do not add up, with where', async () => {
			expect(await rejects((f) => ((f.stores.samples[0]!.bpm = 'AQA='), f))).toEqual({
				code: 'readings-mismatch',
				path: 'stores.samples.0'
			});
		});
	});

	it('accepts as many participants as the limit and refuses one more', async () => {
		const file = await goodFile();
		const many = (n: number) =>
			Array.from({ length: n }, (_, i) => ({ ...file.stores.participants[0]!, id: `x${i}` }));
		file.stores.participants = many(MAX_PARTICIPANTS);
		expect(parseBackup(JSON.stringify(file)).ok).toBe(true);
		file.stores.participants = many(MAX_PARTICIPANTS + 1);
		expect(parseBackup(JSON.stringify(file))).toMatchObject({
			ok: false,
			problem: { code: 'invalid', path: 'stores.participants' }
		});
		expect(MAX_PARTICIPANTS).toBeLessThanOrEqual(5_000);
	});

	it('reports a full disk as a quota problem, all or nothing', async () => {
		const parsed = parseBackup(JSON.stringify(await exportBackup(database)));
		if (!parsed.ok) throw new Error('fixture');
		const full = Object.assign(Object.create(database) as PulsklarDB, {
			transaction: () =>
				Promise.reject(
					Object.assign(new Error('aborted'), {
						name: 'AbortError',
						inner: { name: 'QuotaExceededError' }
					})
				)
		});
		const result = await restoreBackup(parsed.value, full);
		expect(result).toEqual({ ok: false, problem: { code: 'storage', problem: 'quota' } });
	});

	it('accepts the end-to-end fixture file', () => {
		const text = readFileSync(
			new URL('../../../tests/fixtures/participant-backup.json', import.meta.url),
			'utf8'
		);
		const parsed = parseBackup(text);
		expect(parsed.ok && parsed.value.sessions.length).toBe(4);
	});

	it('keeps a script in a name as plain text', async () => {
		const file = await goodFile();
		file.stores.participants[0]!.alias = '<img src=x onerror=alert(1)>';
		expect((await restoreText(JSON.stringify(file))).ok).toBe(true);
		expect((await database.participants.get('p1'))!.alias).toBe('<img src=x onerror=alert(1)>');
	});
});
