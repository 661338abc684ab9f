import { describe, expect, it } from 'vitest';
import { FlagTracker, flagSpans, type FlagEvent } from './flags';
import type { ParticipantLimits } from './participant';
import type { Protocol } from './protocol';
import type { Contact } from './types';
import { sessionStateAt, type TimelineEvent } from './timeline';

// Warm-up 0–60 s, interval 1 60–300 s, recovery 300–480 s, interval 2 480–720 s, cool-down 720–780 s.
const work = { low: 85, high: 95 };
const easy = { low: 60, high: 70 };
const protocol: Protocol = {
	id: 'test',
	name: 'test',
	builtIn: false,
	phases: [
		{ kind: 'warmup', durationMs: 60_000, band: easy },
		{ kind: 'work', durationMs: 240_000, band: work },
		{ kind: 'recovery', durationMs: 180_000, band: easy },
		{ kind: 'work', durationMs: 240_000, band: work },
		{ kind: 'cooldown', durationMs: 60_000, band: easy }
	]
};
// HRmax 180: the work band is 153–171 bpm.
const limits: ParticipantLimits = { hrMax: 180 };
const s = (n: number) => n * 1000;
const started: TimelineEvent[] = [{ type: 'start', at: 0 }];

function setup(events: TimelineEvent[] = started, participant: ParticipantLimits = limits) {
	const sut = new FlagTracker(participant);
	const emitted: FlagEvent[] = [];
	const state = (t: number) => sessionStateAt(protocol, events, t);
	/** One reading a second at `bpm` (smoothed = raw here) for seconds [from, to). */
	const feed = (from: number, to: number, bpm: number, contact: Contact = 'detected') => {
		for (let t = from; t < to; t++) {
			const at = s(t);
			emitted.push(...sut.reading({ at, cleanBpm: bpm, smoothedBpm: bpm, contact }, state(at)));
		}
	};
	const tick = (t: number) => emitted.push(...sut.tick(s(t), state(s(t))));
	const battery = (t: number, level: number) =>
		emitted.push(...sut.battery(s(t), level, state(s(t))));
	const log = () => emitted.map((e) => `${e.at / 1000}s ${e.flag} ${e.kind}`);
	return { sut, feed, tick, battery, log };
}

describe('under and over the target band', () => {
	it('under is raised 15 s after the 120 s grace of interval 1', () => {
		const { feed, log } = setup();
		feed(0, 60, 110);
		feed(60, 196, 140);
		expect(log()).toEqual(['195s under raised']);
	});

	it('is not raised for a dip shorter than 15 s', () => {
		const { feed, log } = setup();
		feed(0, 200, 160);
		feed(200, 214, 140);
		feed(214, 300, 160);
		expect(log()).toEqual([]);
	});

	it('clears only 2 bpm inside the band (hysteresis)', () => {
		const { feed, log } = setup();
		feed(0, 200, 140);
		feed(200, 201, 154); // in the band, but within 2 bpm of its edge
		feed(201, 202, 152); // below again: the flag stays up, no new event
		feed(202, 203, 155);
		expect(log()).toEqual(['195s under raised', '202s under cleared']);
	});

	it('uses a 60 s grace in later intervals', () => {
		const { feed, log } = setup();
		feed(0, 60, 110);
		feed(60, 300, 160);
		feed(300, 600, 140);
		expect(log()).toEqual(['555s under raised']);
	});

	it('over is raised after 15 s above the band and cleared 2 bpm inside it', () => {
		const { feed, log } = setup();
		feed(60, 200, 175);
		feed(200, 201, 170);
		feed(201, 202, 169);
		expect(log()).toEqual(['195s over raised', '201s over cleared']);
	});

	it('clears when the work phase ends, and recovery is not judged', () => {
		const { feed, log } = setup();
		feed(60, 480, 140);
		expect(log()).toEqual(['195s under raised', '300s under cleared']);
	});

	it('is raised at the exact second its hold ends, even between readings', () => {
		const { feed, tick, log } = setup();
		for (const t of [180, 184, 188, 192]) feed(t, t + 1, 140); // a strap sending every 4 s
		tick(194.9);
		expect(log()).toEqual([]);
		tick(195.5);
		expect(log()).toEqual(['195s under raised']);
	});

	it('is not judged while paused: a pause clears it and the hold starts again on resume', () => {
		const events: TimelineEvent[] = [
			...started,
			{ type: 'pause', at: s(200) },
			{ type: 'resume', at: s(260) }
		];
		const { feed, log } = setup(events);
		feed(60, 300, 140);
		expect(log()).toEqual(['195s under raised', '200s under cleared', '275s under raised']);
	});
});

describe('above-max (safety)', () => {
	it('is raised immediately above HRmax in any phase and cleared 2 bpm below it', () => {
		const { feed, log } = setup();
		feed(10, 11, 180);
		feed(11, 12, 181);
		feed(12, 13, 179);
		feed(13, 14, 178);
		expect(log()).toEqual(['11s above-max raised', '13s above-max cleared']);
	});

	it('uses a lower clinician-set ceiling', () => {
		const { feed, log } = setup(started, { hrMax: 180, ceiling: 165 });
		feed(350, 351, 166);
		expect(log()).toEqual(['350s above-max raised']);
	});

	it('ignores artefacts (readings without a clean bpm)', () => {
		const { sut, log } = setup();
		sut.reading(
			{ at: s(5), cleanBpm: null, smoothedBpm: null, contact: 'detected' },
			sessionStateAt(protocol, started, s(5))
		);
		expect(log()).toEqual([]);
	});
});

describe('signal, contact and battery', () => {
	it('no-signal is raised 5 s after the last packet and cleared by the next one', () => {
		const { feed, tick, log } = setup();
		feed(0, 11, 100);
		tick(14.9);
		expect(log()).toEqual([]);
		tick(16);
		feed(20, 21, 100);
		expect(log()).toEqual(['15s no-signal raised', '20s no-signal cleared']);
	});

	it('stops the band clock: no under is raised on stale data during a drop-out', () => {
		const { feed, tick, log } = setup();
		feed(170, 185, 140); // below from 170; the hold would end at 195
		tick(230);
		expect(log()).toEqual(['189s no-signal raised']);
	});

	it('no-contact follows the strap’s contact bit', () => {
		const { feed, log } = setup();
		feed(0, 1, 100, 'not-detected');
		feed(1, 2, 100, 'not-detected');
		feed(2, 3, 100, 'detected');
		expect(log()).toEqual(['0s no-contact raised', '2s no-contact cleared']);
	});

	it('low-battery at 15 % or below', () => {
		const { battery, log } = setup();
		battery(1, 16);
		battery(2, 15);
		battery(3, 40);
		expect(log()).toEqual(['2s low-battery raised', '3s low-battery cleared']);
	});
});

describe('flag history', () => {
	it('replaying readings without ticks gives the same events as a live run with ticks', () => {
		const live = setup();
		const replay = setup();
		for (const run of [live, replay]) {
			run.feed(0, 150, 120);
			if (run === live) for (let t = 150; t < 180; t += 0.25) run.tick(t);
			run.feed(180, 260, 140);
			run.feed(260, 320, 185);
		}
		expect(replay.log()).toEqual(live.log());
		expect(live.log()).toContain('154s no-signal raised');
	});

	it('pairs into spans with start and end for the report', () => {
		const { sut, feed } = setup();
		feed(0, 200, 140);
		feed(200, 201, 160);
		sut.close(s(250));
		expect(flagSpans(sut.events)).toEqual([{ flag: 'under', from: s(195), to: s(200) }]);
	});
});
