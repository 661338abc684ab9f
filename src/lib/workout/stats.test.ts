import { describe, expect, it } from 'vitest';
import type { Protocol } from './protocol';
import { SessionStats } from './stats';
import { edwardsTrimp, heartRateRecovery } from './summary';
import { replayTimeline, sessionStateAt, type TimelineEvent } from './timeline';

// Warm-up 0–60 s, one interval 60–300 s (band 85–95 % of 200 = 170–190 bpm), cool-down 300–420 s.
const protocol: Protocol = {
	id: 'test',
	name: 'test',
	builtIn: false,
	phases: [
		{ kind: 'warmup', durationMs: 60_000, band: { low: 60, high: 70 } },
		{ kind: 'work', durationMs: 240_000, band: { low: 85, high: 95 } },
		{ kind: 'cooldown', durationMs: 120_000, band: { low: 50, high: 70 } }
	]
};
const events: TimelineEvent[] = [{ type: 'start', at: 0 }];
const s = (n: number) => n * 1000;

function setup() {
	const sut = new SessionStats({ hrMax: 200 });
	/** One clean reading a second at `bpm` for seconds [from, to). */
	const feed = (from: number, to: number, bpm: number, step = 1) => {
		for (let t = from; t < to; t += step)
			sut.add({ at: s(t), bpm }, sessionStateAt(protocol, events, s(t)));
	};
	const summary = (end = 420) => {
		sut.finish(s(end));
		const r = replayTimeline(protocol, events, s(end));
		return sut.summary(r.spans, r.activeElapsedMs);
	};
	return { sut, feed, summary };
}

describe('per interval', () => {
	it('time in band over the whole interval and over the judged last 2 minutes', () => {
		const { feed, summary } = setup();
		feed(60, 180, 160); // first two minutes below the band
		feed(180, 300, 180); // last two minutes in it
		const interval = summary().intervals[0];
		expect(interval).toMatchObject({
			durationMs: s(240),
			inBandMs: s(120),
			inBandFraction: 0.5,
			judgedMs: s(120),
			judgedInBandMs: s(120),
			judgedInBandFraction: 1,
			meanBpm: 170,
			peakBpm: 180,
			peakPercentHrMax: 90
		});
	});

	it('a gap is not time in band: a reading counts for at most 2 s', () => {
		const { feed, summary } = setup();
		feed(60, 300, 180, 10); // one reading every 10 s
		const interval = summary().intervals[0];
		expect(interval?.inBandMs).toBe(24 * s(2));
		expect(interval?.inBandFraction).toBeCloseTo(0.2);
	});

	it('carries the RPE logged for the interval, refusing numbers outside Borg 6–20', () => {
		const { sut, summary } = setup();
		expect(sut.recordRpe(1, 16)).toBe(true);
		expect(sut.recordRpe(1, 21)).toBe(false);
		expect(summary().intervals[0]?.rpe).toBe(16);
	});
});

describe('per session', () => {
	it('time in each zone and Edwards TRIMP (minutes × zone number)', () => {
		const { feed, summary } = setup();
		feed(0, 120, 150); // 75 %: zone 3 for 2 min
		feed(120, 180, 185); // 92.5 %: zone 5 for 1 min
		const result = summary(180);
		expect(result.zoneMs).toEqual([0, 0, 0, s(120), 0, s(60)]);
		expect(result.trimp).toBe(2 * 3 + 1 * 5);
		expect(edwardsTrimp([s(600), s(60), 0, 0, 0, 0])).toBe(1); // below zone 1 counts nothing
	});

	it('data coverage is the share of running time with a clean signal', () => {
		const { feed, summary } = setup();
		feed(0, 210, 150);
		expect(summary().coverage).toBeCloseTo(0.5);
	});

	it('total time in target over all work phases', () => {
		const { feed, summary } = setup();
		feed(60, 120, 160);
		feed(120, 300, 175);
		expect(summary()).toMatchObject({
			workInBandMs: s(180),
			workDurationMs: s(240),
			workInBandFraction: 0.75
		});
	});

	it('heart-rate recovery: interval peak minus HR 60 s after it ends (interpolated)', () => {
		const { feed, summary } = setup();
		feed(60, 300, 180);
		feed(299, 300, 186); // the peak, right at the end
		feed(300, 359, 170, 59); // readings at 300 and 359 s ...
		feed(359, 360, 160);
		feed(361, 362, 150); // ... then 361 s: HR at 360 s is 155
		expect(summary().recovery).toEqual({
			peakBpm: 186,
			bpmAfter: 155,
			dropBpm: 31,
			abnormal: false
		});
	});

	it('a recovery of 12 bpm or less is abnormal (Cole 1999)', () => {
		expect(heartRateRecovery(170, 158).abnormal).toBe(true);
		expect(heartRateRecovery(170, 157).abnormal).toBe(false);
	});

	it('suggests raising HRmax when the clean peak exceeds it', () => {
		const { feed, summary } = setup();
		feed(60, 70, 204);
		expect(summary()).toMatchObject({ peakBpm: 204, suggestedHrMax: 204 });
	});

	it('takes a 30-person, 60-minute class worth of readings (its speed: npm run bench)', () => {
		const sut = new SessionStats({ hrMax: 200 });
		const state = sessionStateAt(protocol, events, s(100));
		for (let i = 0; i < 30 * 3600; i++) sut.add({ at: i * 33, bpm: 150 + (i % 40) }, state);
		expect(sut.measuredMs).toBeCloseTo(30 * 3600 * 33 - 33, -3);
	});
});
