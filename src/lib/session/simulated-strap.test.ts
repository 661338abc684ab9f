import { describe, expect, it } from 'vitest';
import type { HeartRateReading } from '$lib/ble/source';
import {
	builtInProtocol,
	sessionStateAt,
	SimulatedParticipant,
	type TimelineEvent
} from '$lib/workout';
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
		expect(readings.filter((r) => r.rrMs.length > 0).length).toBeGreaterThanOrEqual(8);
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
});
