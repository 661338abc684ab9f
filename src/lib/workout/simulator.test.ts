import { describe, expect, it } from 'vitest';
import { demoClass } from './demo-class';
import { flagSpans } from './flags';
import { ParticipantTracker } from './participant-tracker';
import { builtInProtocol, type Protocol } from './protocol';
import { SimulatedParticipant, type SimParticipantOptions, type SimProfile } from './simulator';
import { replayTimeline, sessionStateAt, type TimelineEvent } from './timeline';

const fourByFour = builtInProtocol('4x4') as Protocol;
const events: TimelineEvent[] = [{ type: 'start', at: 0 }];
const END = 41 * 60_000;
const person = (profile: SimProfile, over: Partial<SimParticipantOptions> = {}) =>
	new SimulatedParticipant({ seed: 7, profile, hrMax: 185, hrRest: 60, fitness: 0.5, ...over });

/** Runs a whole 4x4 at one packet a second through a tracker (bytes: ble/simulated-strap.test). */
function runClass(sim: SimulatedParticipant) {
	const hrMax = sim.options.hrMax;
	const tracker = new ParticipantTracker({ hrMax });
	const trueBpm: number[] = [];
	for (let t = 0; t <= END; t += 1000) {
		const state = sessionStateAt(fourByFour, events, t);
		const packet = sim.next(t, state);
		trueBpm.push(sim.trueBpm);
		if (!packet) {
			tracker.tick(t, state);
			continue;
		}
		tracker.reading({ at: t, bpm: packet.bpm, contact: packet.contact, rrMs: packet.rrMs }, state);
		if (t % 10_000 === 0) tracker.batteryLevel(t, packet.battery, state);
	}
	const summary = tracker.summary(replayTimeline(fourByFour, events, END), END);
	return { summary, trueBpm, flags: new Set(summary.flags.map((f) => f.flag)) };
}

describe('simulated straps', () => {
	it('send skin contact and RR intervals matching the HR', () => {
		const sim = person('on-target');
		const state = sessionStateAt(fourByFour, events, 0);
		const packets = Array.from({ length: 30 }, (_, i) => sim.next(i * 1000, state));
		for (const m of packets.slice(1)) {
			expect(m?.contact).toBe('detected');
			const rr = m?.rrMs ?? [];
			expect(rr.length).toBeGreaterThan(0);
			const bpmFromRr = 60_000 / (rr.reduce((a, b) => a + b, 0) / rr.length);
			expect(Math.abs(bpmFromRr - (m?.bpm ?? 0))).toBeLessThan(8);
		}
	});

	it('are reproducible from a seed', () => {
		const packets = (seed: number) => {
			const sim = person('loose-strap', { seed });
			return Array.from({ length: 200 }, (_, i) =>
				sim.next(i * 1000, sessionStateAt(fourByFour, events, i * 1000))
			);
		};
		expect(packets(3)).toEqual(packets(3));
		expect(packets(3)).not.toEqual(packets(4));
	});

	it('heart rate lags the workload: interval 1 reaches the band after about a minute', () => {
		const { trueBpm } = runClass(person('on-target'));
		const workStart = 600; // seconds
		const entered = trueBpm.slice(workStart).findIndex((bpm) => bpm >= 0.85 * 185);
		expect(entered).toBeGreaterThanOrEqual(45);
		expect(entered).toBeLessThanOrEqual(100);
	});

	it('on target: at least 70 % of every judged window in band, no intensity flags, HRR 20–40 bpm', () => {
		const { summary, flags } = runClass(person('on-target'));
		for (const interval of summary.intervals) {
			expect(interval.judgedInBandFraction).toBeGreaterThanOrEqual(0.7);
		}
		expect(flags).toEqual(new Set());
		expect(summary.recovery?.dropBpm).toBeGreaterThanOrEqual(20);
		expect(summary.recovery?.dropBpm).toBeLessThanOrEqual(40);
	});

	it('the under-achiever is flagged under', () => {
		const { flags, summary } = runClass(person('under'));
		expect(flags).toContain('under');
		expect(summary.workInBandFraction).toBeLessThan(0.2);
	});

	it('the over-achiever goes above HRmax and is told to raise it', () => {
		const { flags, summary } = runClass(person('over'));
		expect(flags).toContain('above-max');
		expect(summary.suggestedHrMax).toBeGreaterThan(185);
	});

	it('the late starter is flagged under despite the grace period', () => {
		expect(runClass(person('late-starter')).flags).toContain('under');
	});

	it('the drop-out loses the signal for 40 s in interval 2', () => {
		const { summary } = runClass(person('drop-out'));
		// Interval 2 starts at 17 min; the strap is silent from 60 s to 100 s into it.
		const lastPacket = 17 * 60_000 + 59_000;
		expect(summary.flags).toEqual([
			{ flag: 'no-signal', from: lastPacket + 5000, to: 17 * 60_000 + 100_000 }
		]);
	});

	it('the loose strap loses contact, sends artefacts and mis-timed beats', () => {
		const { flags, summary } = runClass(person('loose-strap'));
		expect(flags).toContain('no-contact');
		expect(flags).not.toContain('above-max');
		expect(summary.artefacts).toBeGreaterThan(50);
		expect(summary.rr.rejected).toBeGreaterThan(0);
		expect(summary.coverage).toBeLessThan(0.95);
	});
});

describe('the demo class', () => {
	it('has 8 participants with unique ids and aliases and every profile', () => {
		const sut = demoClass();
		expect(sut).toHaveLength(8);
		expect(new Set(sut.map((p) => p.id)).size).toBe(8);
		expect(new Set(sut.map((p) => p.alias)).size).toBe(8);
		expect(new Set(sut.map((p) => p.profile))).toEqual(
			new Set(['on-target', 'under', 'over', 'late-starter', 'drop-out', 'loose-strap'])
		);
	});

	it('includes a strap with a low battery', () => {
		const { flags } = runClass(
			demoClass().find((p) => p.alias === 'Rogn')?.sim as SimulatedParticipant
		);
		expect(flags).toContain('low-battery');
	});

	it('each flag in the class comes as a closed span for the report', () => {
		const { summary } = runClass(demoClass()[2]?.sim as SimulatedParticipant);
		expect(summary.flags.every((f) => f.to !== null)).toBe(true);
		expect(flagSpans(summary.flagEvents)).toEqual(summary.flags);
	});
});
