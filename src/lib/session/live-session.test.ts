import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SourceEvents } from '$lib/ble/listeners';
import type { HeartRateSource, SourceState } from '$lib/ble/source';
import { db } from '$lib/db/db';
import { listEvents } from '$lib/db/events';
import { readReadings } from '$lib/db/samples';
import { getSession } from '$lib/db/sessions';
import { builtInProtocol, type TimelineEvent, type TimelineEventType } from '$lib/workout';
import type { TileView } from './live-participant.svelte';
import { settings } from '$lib/settings/settings.svelte';
import { ALARM_REPEAT_MS, LiveSession } from './live-session.svelte';

/**
 * A heart-rate source the test drives by hand, packet by packet: what a strap, a simulated strap
 * or (later) a hub hands the session, and nothing else. (The real ones are tested on their own:
 * ble/strap.test.ts against a fake GATT device, ble/simulated-strap.test.ts, and e2e.)
 */
class HandSource extends SourceEvents implements HeartRateSource {
	readonly id = 'strap-1';
	readonly name = 'Polar H10 1A2B';
	state: SourceState = 'connected';
	battery: number | null = 80;
	closed = false;
	close = () => void (this.closed = true);
	send(at: number, bpm: number) {
		this.emitReading({ at, bpm, contact: 'detected', rrMs: [] });
	}
	drop(at: number) {
		this.state = 'reconnecting';
		this.emitStatus();
		this.emitConnection({ type: 'dropped', at });
	}
	restore(at: number, gapStart: number) {
		this.state = 'connected';
		this.emitStatus();
		this.emitConnection({ type: 'restored', at, gapStart });
	}
}

const T0 = 1_800_000_000_000;
const s = (n: number) => T0 + n * 1000;

/** A 2x4 class on a hand clock with Kari (HRmax 180: work band 153–171) on a strap. */
async function classWithKari() {
	const clock = { now: T0 };
	const session = new LiveSession('class', false, () => clock.now);
	session.protocol = builtInProtocol('2x4')!;
	const source = new HandSource();
	const kari = session.add({ participantId: 'kari', alias: 'Kari', hrMax: 180 }, source);
	expect(await session.start()).toBe(true);
	return { clock, session, source, kari };
}

let open: LiveSession | null = null;
afterEach(async () => {
	await open?.finish();
	open = null;
	await Promise.all(db.tables.map((t) => t.clear()));
});

describe('a reading, from source to tile to store', () => {
	it('given 160 bpm in work 1, the tile says 160, 89 %, zone 4, in target — and the reading is stored', async () => {
		const { clock, session, source, kari } = await classWithKari();
		open = session;
		clock.now = s(1);
		session.control('skip'); // warm-up skipped: work 1 from 1 s
		for (let t = 2; t <= 10; t++) source.send((clock.now = s(t)), 160);
		expect(kari.snapshot()).toMatchObject({
			bpm: 160,
			percent: 89,
			zone: 4,
			target: 'in',
			flags: [],
			strap: 'connected',
			battery: 80,
			readings: 9
		});
		await session.recorder?.flush();
		const stored = await readReadings(session.record!.id, 'kari');
		expect(stored.map((r) => [r.at, r.bpm])).toEqual(
			Array.from({ length: 9 }, (_, i) => [s(i + 2), 160])
		);
		expect(session.record?.participants[0]?.strapId).toBe('strap-1');
	});

	it('given a drop-out, the tile shows "—" and reconnecting, and the store gets the drop, the reconnect and the gap once', async () => {
		const { clock, session, source, kari } = await classWithKari();
		open = session;
		source.send((clock.now = s(1)), 120);
		source.drop((clock.now = s(4)));
		expect(kari.snapshot()).toMatchObject({ bpm: null, strap: 'reconnecting' });
		expect(kari.flags).toContain('reconnecting');
		source.restore((clock.now = s(20)), s(4));
		source.send(s(20), 122);
		expect(kari.snapshot()).toMatchObject({ bpm: 122, strap: 'connected' });
		expect(kari.flags).not.toContain('reconnecting');
		await session.recorder?.flush();
		const events = (await listEvents(session.record!.id)).filter((e) =>
			['strap-dropped', 'strap-connected', 'gap'].includes(e.kind)
		);
		// Stored in time order; two events at one instant come in no particular order.
		const rows = events.map((e) => [e.kind, e.at, e.until] as const);
		expect(rows.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))).toEqual([
			['gap', s(4), s(20)],
			['strap-dropped', s(4), undefined],
			['strap-connected', s(20), undefined]
		]);
	});

	it('RPE goes to the interval under way, else the last one finished; none before the first', async () => {
		const { clock, session, kari } = await classWithKari();
		open = session;
		clock.now = s(1);
		session.tick();
		session.logRpe(kari, 13); // warm-up: nothing to refer to
		expect(kari.rpe).toEqual({});
		session.control('skip'); // work 1
		session.control('skip'); // recovery 1
		session.logRpe(kari, 15);
		session.logRpe(kari, 21); // not a Borg number: ignored
		expect(kari.rpe).toEqual({ 1: 15 });
		await session.recorder?.flush();
		const rpe = (await listEvents(session.record!.id)).filter((e) => e.kind === 'rpe');
		expect(rpe.map((e) => [e.interval, e.value])).toEqual([[1, 15]]);
	});

	it('controls follow the engine: no resume while running, no pause when paused', async () => {
		const { clock, session } = await classWithKari();
		open = session;
		expect([session.allows('pause'), session.allows('resume')]).toEqual([true, false]);
		clock.now = s(2);
		session.control('resume'); // not paused: ignored
		expect(session.timeline.map((e) => e.type)).toEqual(['start']);
		session.control('pause');
		session.control('pause'); // already paused: ignored
		expect(session.timeline.map((e) => e.type)).toEqual(['start', 'pause']);
		expect([session.allows('pause'), session.allows('resume')]).toEqual([false, true]);
	});

	it('replaying a participant after a reload gives the tile and RPE the live run had', async () => {
		const { clock, session, source, kari } = await classWithKari();
		open = session;
		clock.now = s(1);
		session.control('skip');
		for (let t = 2; t <= 30; t++) source.send((clock.now = s(t)), 140 + (t % 5));
		session.control('skip');
		session.logRpe(kari, 14);
		await session.recorder?.flush();
		const record = (await getSession(session.record!.id))!;
		const again = new LiveSession('class', false, () => clock.now);
		again.protocol = record.protocol;
		again.timeline = record.timeline;
		const twin = again.add(record.participants[0]!);
		again.replay(twin, await readReadings(record.id, 'kari'), await listEvents(record.id));
		// Everything the engine decides is the same; the strap is not back yet (no source given).
		const decided = (tile: TileView) => {
			const { readings, strap, battery, ...rest } = tile;
			void [readings, strap, battery];
			return rest;
		};
		const live = decided(kari.snapshot());
		const replayed = decided(twin.snapshot());
		expect(replayed).toEqual(live);
		expect(live.bpm).not.toBeNull();
		expect(twin.strap).toBe('none');
		expect(twin.rpe).toEqual({ 1: 14 });
		again.dispose();
	});

	it('above max sounds its own alarm, muted or not, repeated until acknowledged; it stops when the reading falls back', async () => {
		const { clock, session, source, kari } = await classWithKari();
		open = session;
		session.muted = true; // phase cues off: the alarm still sounds
		const alarms = () => session.alarmsPlayed;
		for (let t = 1; t <= 5; t++) source.send((clock.now = s(t)), 175);
		source.send((clock.now = s(6)), 182); // HRmax 180
		expect(kari.flags).toContain('above-max');
		expect(kari.alarmSounding).toBe(true);
		expect(alarms()).toBe(1);
		// Repeats while it sounds (ticks every second)…
		for (let t = 7; t <= 6 + ALARM_REPEAT_MS / 1000; t++) {
			source.send((clock.now = s(t)), 183);
			session.tick();
		}
		expect(alarms()).toBe(2);
		// …until the instructor acknowledges it on the tile.
		session.acknowledgeAlarm(kari);
		expect(kari.alarmSounding).toBe(false);
		for (let t = 10; t <= 20; t++) {
			source.send((clock.now = s(t)), 183);
			session.tick();
		}
		expect(alarms()).toBe(2);
		// Back under (with the 2 bpm margin) and above again: a new alarm.
		source.send((clock.now = s(21)), 170);
		session.tick();
		expect(kari.flags).not.toContain('above-max');
		source.send((clock.now = s(22)), 182);
		expect(kari.alarmSounding).toBe(true);
		expect(alarms()).toBe(3);
		// The log notes each start and the acknowledgement, not the repeats.
		expect(session.cueLog.filter((k) => k.startsWith('alarm'))).toEqual([
			'alarm',
			'alarm-ack',
			'alarm'
		]);
	});

	it('with the alarm turned off in settings, above max is shown but not sounded', async () => {
		settings.update({ alarm: false });
		try {
			const { clock, session, source, kari } = await classWithKari();
			open = session;
			for (let t = 1; t <= 5; t++) source.send((clock.now = s(t)), 175);
			source.send((clock.now = s(6)), 185);
			session.tick();
			expect(kari.flags).toContain('above-max');
			expect(kari.alarmSounding).toBe(false);
			expect(session.cueLog).not.toContain('alarm');
		} finally {
			settings.update({ alarm: true });
		}
	});
});

/** A timeline event that counts how often its instant is read: the work a replay does. */
class CountedEvent implements TimelineEvent {
	static reads = 0;
	constructor(
		readonly type: TimelineEventType,
		readonly when: number
	) {}
	get at(): number {
		CountedEvent.reads++;
		return this.when;
	}
}

describe('the cost of a reading', () => {
	it('replays the timeline once per change of its events, not once per reading', async () => {
		const { clock, session, source, kari } = await classWithKari();
		open = session;
		// A class with five pauses: 11 events.
		session.timeline = [
			new CountedEvent('start', T0),
			...[1, 2, 3, 4, 5].flatMap((n) => [
				new CountedEvent('pause', s(10 * n)),
				new CountedEvent('resume', s(10 * n + 5))
			])
		];
		CountedEvent.reads = 0;
		for (let t = 100; t < 1100; t++) source.send((clock.now = s(t)), 160);
		expect(kari.readings).toBe(1000);
		// Once: sorting and replaying 11 events. Replaying them for each of the 1000 readings
		// (as before) read every event's instant at least 11 000 times.
		expect(CountedEvent.reads).toBeGreaterThan(0);
		expect(CountedEvent.reads).toBeLessThan(100);
	});
});
