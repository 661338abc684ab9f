import { describe, expect, it } from 'vitest';
import type { ConnectionEvent, HeartRateReading } from './source';
import {
	builtInProtocol,
	sessionStateAt,
	SimulatedParticipant,
	type TimelineEvent
} from '$lib/workout';
import { encodeHeartRateMeasurement, parseHeartRateMeasurement } from './heart-rate';
import { SimulatedStrap } from './simulated-strap';

const protocol = builtInProtocol('4x4')!;
const timeline: TimelineEvent[] = [{ type: 'start', at: 0 }];

function strapFor(profile: 'on-target' | 'drop-out', clock: { now: number }) {
	const sim = new SimulatedParticipant({ seed: 7, profile, hrMax: 185, hrRest: 60, fitness: 0.6 });
	return new SimulatedStrap(
		'sim:1',
		'Demo',
		sim,
		(at) => sessionStateAt(protocol, timeline, at),
		() => clock.now
	);
}

describe('SimulatedStrap', () => {
	it('delivers one parsed reading per second of the clock, catching up after a stall', () => {
		const clock = { now: 0 };
		const sut = strapFor('on-target', clock);
		const readings: HeartRateReading[] = [];
		sut.onReading((r) => readings.push(r));
		sut.pump();
		clock.now = 9_500; // the page stalled for 9.5 s
		sut.pump();
		expect(readings.map((r) => r.at)).toEqual([
			0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000
		]);
		expect(readings.every((r) => r.contact === 'detected')).toBe(true);
		expect(readings.filter((r) => (r.rrMs?.length ?? 0) > 0).length).toBeGreaterThanOrEqual(8);
		expect(sut.state).toBe('connected');
		expect(sut.battery).toBe(100);
	});

	it('shows a drop-out as reconnecting, then connected again when packets return', () => {
		const clock = { now: 0 };
		const sut = strapFor('drop-out', clock);
		const states: string[] = [];
		sut.onStatus(() => states.at(-1) !== sut.state && states.push(sut.state));
		// Interval 2 starts at 10 + 4 + 3 = 17 min; the drop-out goes silent 60–100 s into it.
		for (clock.now = 0; clock.now <= 17 * 60_000 + 120_000; clock.now += 1000) sut.pump();
		expect(states).toEqual(['connected', 'reconnecting', 'connected']);
	});

	it('tells the recorder where the drop-out began and ended, from its own clock', () => {
		const clock = { now: 0 };
		const sut = strapFor('drop-out', clock);
		const events: ConnectionEvent[] = [];
		const readings: number[] = [];
		sut.onConnection((e) => events.push(e));
		sut.onReading((r) => readings.push(r.at));
		for (clock.now = 0; clock.now <= 17 * 60_000 + 120_000; clock.now += 1000) sut.pump();
		expect(events.map((e) => e.type)).toEqual(['dropped', 'restored']);
		const [dropped, restored] = events;
		if (dropped?.type !== 'dropped' || restored?.type !== 'restored') throw new Error('order');
		expect(restored.gapStart).toBe(dropped.at);
		// The drop is noticed 3 s after the last packet; the gap ends at the first packet after it.
		const lastBefore = Math.max(...readings.filter((at) => at < dropped.at));
		expect(dropped.at - lastBefore).toBe(3000);
		expect(readings).toContain(restored.at);
		expect(readings.filter((at) => at > lastBefore && at < restored.at)).toEqual([]);
	});

	it('sends real GATT bytes: every reading is what the parser makes of the encoded packet', () => {
		const clock = { now: 0 };
		const sim = new SimulatedParticipant({
			seed: 3,
			profile: 'on-target',
			hrMax: 185,
			hrRest: 60,
			fitness: 0.6,
			sendsRr: true
		});
		const twin = new SimulatedParticipant({ ...sim.options });
		const sut = new SimulatedStrap(
			'sim:2',
			'Demo',
			sim,
			(at) => sessionStateAt(protocol, timeline, at),
			() => clock.now
		);
		const readings: HeartRateReading[] = [];
		sut.onReading((r) => readings.push(r));
		clock.now = 29_000;
		sut.pump();
		expect(readings).toHaveLength(30);
		for (const reading of readings) {
			const packet = twin.next(reading.at, sessionStateAt(protocol, timeline, reading.at));
			const bytes = encodeHeartRateMeasurement(packet!);
			expect(reading).toEqual({
				...parseHeartRateMeasurement(new DataView(bytes.buffer)),
				at: reading.at
			});
			// RR intervals go over the air in 1/1024 s: what arrives is rounded, never invented.
			for (const [i, rr] of (reading.rrMs ?? []).entries())
				expect(Math.abs(rr - (packet!.rrMs[i] ?? 0))).toBeLessThanOrEqual(1);
		}
	});

	it('keeps delivering when one listener throws', () => {
		const clock = { now: 0 };
		const sut = strapFor('on-target', clock);
		const seen: number[] = [];
		sut.onReading(() => {
			throw new Error('broken subscriber');
		});
		sut.onReading((r) => seen.push(r.at));
		const thrown: unknown[] = [];
		const original = globalThis.queueMicrotask;
		globalThis.queueMicrotask = (task) => {
			try {
				task();
			} catch (error) {
				thrown.push(error);
			}
		};
		try {
			clock.now = 4000;
			sut.pump();
		} finally {
			globalThis.queueMicrotask = original;
		}
		expect(seen).toEqual([0, 1000, 2000, 3000, 4000]);
		expect(thrown).toHaveLength(5);
	});
});
