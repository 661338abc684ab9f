import { describe, expect, it } from 'vitest';
import { ParticipantTracker, replayParticipant, type BatteryReading } from './participant-tracker';
import type { HeartRateReading } from './types';
import { builtInProtocol, type Protocol } from './protocol';
import { SimulatedParticipant } from './simulator';
import { replayTimeline, sessionStateAt, type TimelineEvent } from './timeline';

const protocol = builtInProtocol('2x4') as Protocol; // warm-up 0–600 s, interval 1 600–840 s
const events: TimelineEvent[] = [{ type: 'start', at: 0 }];
const limits = { hrMax: 180 }; // work band 153–171 bpm
const s = (n: number) => n * 1000;
const state = (t: number) => sessionStateAt(protocol, events, t);
const reading = (t: number, bpm: number): HeartRateReading => ({
	at: s(t),
	bpm,
	contact: 'detected'
});

function feed(sut: ParticipantTracker, from: number, to: number, bpm: number) {
	for (let t = from; t < to; t++) sut.reading(reading(t, bpm), state(s(t)));
}

describe('a participant tracker', () => {
	it('takes a strap that sends 0 bpm every second for no signal, once the no-signal time has passed', () => {
		const sut = new ParticipantTracker(limits);
		feed(sut, 700, 705, 160);
		// Many straps send 0 once they lose skin contact; 255 and 65 535 are no heart rate either.
		for (let t = 705; t < 712; t++) {
			const bpm = t === 706 ? 255 : t === 707 ? 65_535 : 0;
			expect(sut.reading(reading(t, bpm), state(s(t))).artefact).toBe('out-of-range');
			sut.tick(s(t) + 500, state(s(t) + 500));
		}
		// Last real reading at 704 s: no-signal from 709 s (5 s), although packets kept coming.
		expect(sut.activeFlags.has('no-signal')).toBe(true);
		expect(sut.flagEvents.find((e) => e.flag === 'no-signal')?.at).toBe(s(709));
		expect(sut.smoothedBpm(s(712))).toBeNull();
		// A real value again ends it.
		sut.reading(reading(712, 158), state(s(712)));
		expect(sut.activeFlags.has('no-signal')).toBe(false);
	});

	it('marks artefacts and keeps them out of smoothing and statistics', () => {
		const sut = new ParticipantTracker(limits);
		feed(sut, 700, 705, 160);
		const verdict = sut.reading(reading(705, 215), state(s(705)));
		expect(verdict.artefact).toBe('jump');
		expect(verdict.smoothedBpm).toBe(160);
		expect(sut.currentPhaseStats?.peakBpm).toBe(160);
		expect(sut.artefactCount).toBe(1);
		expect(sut.activeFlags.has('above-max')).toBe(false);
	});

	it('smooths clean readings over 5 s, and has no smoothed value once they are older', () => {
		const sut = new ParticipantTracker(limits);
		feed(sut, 700, 702, 160);
		sut.reading(reading(702, 166), state(s(702)));
		expect(sut.smoothedBpm(s(702))).toBeCloseTo(162);
		expect(sut.smoothedBpm(s(706.9))).not.toBeNull();
		expect(sut.smoothedBpm(s(707))).toBeNull();
	});

	it('reports time in band for the interval under way', () => {
		const sut = new ParticipantTracker(limits);
		feed(sut, 600, 660, 140);
		feed(sut, 660, 721, 160);
		expect(sut.currentPhaseStats).toMatchObject({
			phaseIndex: 1,
			inBandMs: s(60),
			measuredMs: s(120)
		});
	});

	it('keeps the last 2 minutes of clean bpm for the sparkline', () => {
		const sut = new ParticipantTracker(limits);
		feed(sut, 0, 300, 120);
		const line = sut.sparkline(s(299));
		expect(line).toHaveLength(120);
		expect(line[0]?.at).toBe(s(180));
	});

	it('replaying stored readings gives the same flags and summary as the live run', () => {
		const sim = new SimulatedParticipant({
			seed: 11,
			profile: 'loose-strap',
			hrMax: 180,
			hrRest: 62,
			fitness: 0.5
		});
		const live = new ParticipantTracker(limits);
		const stored: HeartRateReading[] = [];
		const batteries: BatteryReading[] = [];
		const end = s(1260);
		for (let t = 0; t <= end; t += 250) {
			const st = state(t);
			// The display loop ticks four times a second; the strap notifies once a second.
			if (t % 1000 !== 0) {
				live.tick(t, st);
				continue;
			}
			const packet = sim.next(t, st);
			if (!packet) continue;
			const r: HeartRateReading = {
				at: t,
				bpm: packet.bpm,
				contact: packet.contact,
				rrMs: packet.rrMs
			};
			stored.push(r);
			live.reading(r, st);
			if (t % 60_000 === 0) {
				batteries.push({ at: t, level: packet.battery });
				live.batteryLevel(t, packet.battery, st);
			}
		}
		const timeline = replayTimeline(protocol, events, end);
		const liveSummary = live.summary(timeline, end);
		const replayed = replayParticipant(protocol, events, limits, stored, batteries).summary(
			timeline,
			end
		);
		expect(replayed).toEqual(liveSummary);
		expect(liveSummary.flags.length).toBeGreaterThan(0);
	});
});
