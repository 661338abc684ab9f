import { describe, expect, it, vi } from 'vitest';
import { GattQueue } from './gatt-queue';
import type { HeartRateReading } from './source';
import { Strap, type ConnectionEvent } from './strap';
import { FakeDevice, GattTracker, type FakeDeviceOptions } from './testing/fake-device';
import { hexBytes } from './testing/hex';
import { ManualTimers } from './testing/manual-timers';

/** A strap around a fake device, with a manual clock and manual timers. */
function setup(options: FakeDeviceOptions = {}, queue = new GattQueue()) {
	const device = new FakeDevice(options);
	const timers = new ManualTimers();
	const clock = { now: 10_000 };
	const sut = new Strap(device.asBluetoothDevice(), { queue, timers, now: () => clock.now });
	const readings: HeartRateReading[] = [];
	const events: ConnectionEvent[] = [];
	const states: string[] = [];
	sut.onReading((reading) => readings.push(reading));
	sut.onConnection((event) => events.push(event));
	sut.onStatus(() => {
		if (states.at(-1) !== sut.state) states.push(sut.state);
	});
	return { sut, device, timers, clock, readings, events, states };
}

const busy = () => new DOMException('Connection failed for unknown reason.', 'NetworkError');

describe('Strap', () => {
	it('connects, reads body location and battery, and subscribes to heart rate', async () => {
		const { sut, device, states, events } = setup({ bodyLocation: 1, battery: 76 });
		expect(sut.state).toBe('disconnected');
		await sut.connect();
		expect(states).toEqual(['connecting', 'connected']);
		expect(sut.bodyLocation).toBe('chest');
		expect(sut.battery).toBe(76);
		expect(device.measurement?.subscribed).toBe(true);
		expect(device.batteryLevel?.subscribed).toBe(true);
		expect(events).toEqual([{ type: 'connected', at: 10_000 }]);
		expect(sut.id).toBe('fake-1');
		expect(sut.name).toBe('Fake Strap');
	});

	it('parses each notification with the real parser and stamps it with the app clock', async () => {
		const { sut, device, clock, readings } = setup();
		await sut.connect();
		clock.now = 12_345;
		device.measurement?.notify(hexBytes('16 48 00 04'));
		expect(readings).toEqual([{ bpm: 72, contact: 'detected', rrMs: [1000], at: 12_345 }]);
		expect(sut.latest).toEqual(readings[0]);
		expect(sut.counters).toEqual({ packets: 1, malformed: 0, reconnects: 0 });
	});

	it('counts malformed packets instead of throwing, and keeps the last good reading', async () => {
		const { sut, device, readings } = setup();
		await sut.connect();
		device.measurement?.notify(hexBytes('00 50'));
		device.measurement?.notify(hexBytes('01 48'));
		device.measurement?.notify([]);
		expect(readings.map((r) => r.bpm)).toEqual([80]);
		expect(sut.latest?.bpm).toBe(80);
		expect(sut.counters).toEqual({ packets: 3, malformed: 2, reconnects: 0 });
	});

	it('follows battery notifications and ignores out-of-range levels', async () => {
		const { sut, device } = setup({ battery: 50 });
		const onStatus = vi.fn();
		await sut.connect();
		sut.onStatus(onStatus);
		device.batteryLevel?.notify([14]);
		expect(sut.battery).toBe(14);
		expect(onStatus).toHaveBeenCalledTimes(1);
		device.batteryLevel?.notify([0xc8]);
		expect(sut.battery).toBe(14);
	});

	it('only reads the battery when the strap cannot notify it', async () => {
		const { sut, device } = setup({ battery: 90, batteryNotifies: false });
		await sut.connect();
		expect(sut.battery).toBe(90);
		expect(device.batteryLevel?.subscribed).toBe(false);
	});

	it('works with straps that have neither battery service nor body location', async () => {
		const { sut } = setup({ battery: null, bodyLocation: null });
		await sut.connect();
		expect(sut.state).toBe('connected');
		expect(sut.battery).toBeNull();
		expect(sut.bodyLocation).toBeNull();
	});

	it('never runs two GATT operations at once, even when a class connects together', async () => {
		const tracker = new GattTracker();
		const queue = new GattQueue();
		const straps = ['a', 'b', 'c'].map((id) => setup({ id, tracker }, queue).sut);
		await Promise.all(straps.map((strap) => strap.connect()));
		expect(straps.map((s) => s.state)).toEqual(['connected', 'connected', 'connected']);
		expect(tracker.maxInFlight).toBe(1);
		// Interleaved: b's connect does not wait for all of a's discovery.
		expect(tracker.log.slice(0, 3)).toEqual(['a connect', 'b connect', 'c connect']);
	});

	it('rejects a failed first connection with the browser error and stays disconnected', async () => {
		const { sut, device } = setup();
		device.connectFailures.push(busy());
		await expect(sut.connect()).rejects.toThrow('Connection failed');
		expect(sut.state).toBe('disconnected');
		expect(sut.lastError).toBe('busy');
	});

	it('switches to reconnecting at once on a drop and marks the start of the gap', async () => {
		const { sut, device, clock, events, timers } = setup();
		await sut.connect();
		clock.now = 20_000;
		device.drop();
		expect(sut.state).toBe('reconnecting');
		expect(events.at(-1)).toEqual({ type: 'dropped', at: 20_000 });
		expect(timers.pending).toEqual([1000]);
	});

	it('reconnects after the first backoff delay, closes the gap and resumes readings', async () => {
		const { sut, device, clock, events, timers, readings } = setup();
		await sut.connect();
		const before = device.measurement;
		clock.now = 20_000;
		device.drop();
		clock.now = 21_000;
		timers.fire();
		await vi.waitFor(() => expect(sut.state).toBe('connected'));
		expect(events.at(-1)).toEqual({ type: 'restored', at: 21_000, gapStart: 20_000 });
		expect(sut.counters.reconnects).toBe(1);
		// The old characteristic object is dead; only the new one feeds readings.
		before?.notify(hexBytes('00 63'));
		device.measurement?.notify(hexBytes('00 64'));
		expect(readings.map((r) => r.bpm)).toEqual([100]);
	});

	it('retries with 1, 2, 4, 8, 16, 30, 30 s delays until the strap is back', async () => {
		const { sut, device, timers, events } = setup();
		await sut.connect();
		device.connectFailures.push(...Array.from({ length: 6 }, busy));
		device.drop();
		const delays: number[] = [];
		for (let attempt = 1; attempt <= 7; attempt++) {
			delays.push(timers.fire());
			await vi.waitFor(() =>
				expect(timers.pending.length + (sut.state === 'connected' ? 1 : 0)).toBe(1)
			);
		}
		expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
		expect(sut.state).toBe('connected');
		const failures = events.filter((e) => e.type === 'retry-failed');
		expect(failures).toHaveLength(6);
		expect(failures[0]).toMatchObject({ attempt: 2, code: 'busy', retryInMs: 2000 });
		// After a success the schedule starts over.
		device.drop();
		expect(timers.pending).toEqual([1000]);
	});

	it('stops retrying when closed', async () => {
		const { sut, device, timers, events } = setup();
		await sut.connect();
		device.drop();
		sut.close();
		expect(sut.state).toBe('disconnected');
		expect(timers.pending).toEqual([]);
		expect(events.at(-1)?.type).toBe('closed');
		const calls = device.connectCalls;
		sut.reconnect();
		expect(device.connectCalls).toBe(calls);
	});

	it('disconnects and goes quiet on close', async () => {
		const { sut, device, readings } = setup();
		await sut.connect();
		const measurement = device.measurement;
		sut.close();
		expect(device.connected).toBe(false);
		expect(device.disconnectCalls).toBe(1);
		measurement?.notify(hexBytes('00 48'));
		expect(readings).toEqual([]);
	});

	it('keeps trying a remembered strap in the background after reconnect()', async () => {
		const { sut, device, timers } = setup();
		device.connectFailures.push(busy());
		sut.reconnect();
		expect(sut.state).toBe('reconnecting');
		await vi.waitFor(() => expect(timers.pending).toEqual([1000]));
		timers.fire();
		await vi.waitFor(() => expect(sut.state).toBe('connected'));
	});

	it('gives the GATT queue back when connect() hangs', async () => {
		const queue = new GattQueue();
		const { sut, device, timers } = setup({}, queue);
		device.hangConnect = true;
		const attempt = sut.connect();
		await vi.waitFor(() => expect(timers.pending).toEqual([20_000]));
		timers.fire();
		await expect(attempt).rejects.toThrow('timed out');
		expect(sut.lastError).toBe('busy');
		await expect(queue.run(async () => 'free')).resolves.toBe('free');
	});

	it('stops delivering to a listener after it unsubscribes', async () => {
		const { sut, device } = setup();
		const listener = vi.fn();
		const unsubscribe = sut.onReading(listener);
		await sut.connect();
		device.measurement?.notify(hexBytes('00 48'));
		unsubscribe();
		device.measurement?.notify(hexBytes('00 49'));
		expect(listener).toHaveBeenCalledTimes(1);
	});
});
