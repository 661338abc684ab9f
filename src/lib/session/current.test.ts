import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '$lib/db/db';
import { listEvents } from '$lib/db/events';
import { readSessionReadings } from '$lib/db/samples';
import { getSession } from '$lib/db/sessions';
import { CurrentSession } from './current.svelte';

const T0 = 1_800_000_000_000;

beforeEach(() => {
	// The app clock and its timers on a fake clock; IndexedDB (fake-indexeddb) keeps real ones.
	vi.useFakeTimers({
		now: T0,
		toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval']
	});
});
afterEach(async () => {
	vi.useRealTimers();
	await Promise.all(db.tables.map((t) => t.clear()));
});

describe('the current session, through a reload', () => {
	it('a demo class interrupted after 90 s resumes from storage: readings replayed, RPE back, one gap per person', async () => {
		const tab = new CurrentSession();
		const session = (await tab.startDemo(42, 3))!;
		expect(session.participants.map((p) => p.alias)).toHaveLength(3);
		session.control('skip'); // into work 1
		await vi.advanceTimersByTimeAsync(90_000);
		const [first] = session.participants;
		session.logRpe(first!, 14);
		await session.recorder?.flush();
		const id = session.record!.id;
		const before = session.participants.map((p) => ({ id: p.id, readings: p.readings }));
		expect(before.every((p) => p.readings >= 85)).toBe(true);
		// The tab dies: timers stop, nothing is closed in storage.
		session.dispose();
		await vi.advanceTimersByTimeAsync(30_000);

		const reloaded = new CurrentSession();
		await reloaded.checkInterrupted();
		expect(reloaded.interrupted?.id).toBe(id);
		const resumed = (await reloaded.resumeInterrupted())!;
		expect(resumed.record?.id).toBe(id);
		const stored = await readSessionReadings(id);
		for (const p of resumed.participants) {
			// Every stored reading went through the engine again, and the strap is back: its first
			// packet is on the tile at once (a strap started before it was attached lost it).
			expect(p.readings, p.alias).toBe(stored.get(p.id)!.length + 1);
			expect(p.source?.id).toBe(p.id);
		}
		expect(resumed.participants[0]?.rpe).toEqual({ 1: 14 });
		const gaps = (await listEvents(id)).filter((e) => e.kind === 'gap');
		expect(gaps).toHaveLength(3);
		for (const gap of gaps) expect(gap.until! - gap.at).toBeGreaterThanOrEqual(30_000);
		// It records on: the next minute arrives after the gap.
		await vi.advanceTimersByTimeAsync(10_000);
		await resumed.recorder?.flush();
		const after = await readSessionReadings(id);
		for (const p of resumed.participants)
			expect(after.get(p.id)!.length).toBeGreaterThan(stored.get(p.id)!.length);
		resumed.dispose();
		expect((await getSession(id))?.status).toBe('running');
	});

	it('"End it there" closes the interrupted session at its last stored moment', async () => {
		const tab = new CurrentSession();
		const session = (await tab.startDemo(7, 2))!;
		await vi.advanceTimersByTimeAsync(20_000);
		await session.recorder?.flush();
		const id = session.record!.id;
		session.dispose();
		await vi.advanceTimersByTimeAsync(60_000);
		const reloaded = new CurrentSession();
		await reloaded.checkInterrupted();
		await reloaded.endInterrupted();
		const record = (await getSession(id))!;
		expect(record.status).toBe('finished');
		expect(record.timeline.at(-1)?.type).toBe('end');
		expect(record.endedAt! - T0).toBeLessThan(25_000);
		await reloaded.checkInterrupted();
		expect(reloaded.interrupted).toBeNull();
	});
});
