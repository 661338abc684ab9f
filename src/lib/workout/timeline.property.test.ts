import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtInProtocol, type Protocol } from './protocol';
import { replayTimeline, sessionStateAt, SessionTimeline, type TimelineEvent } from './timeline';

const protocol = builtInProtocol('2x4') as Protocol;

/** A start at 0 followed by arbitrary instructor actions at arbitrary gaps. */
const sessions = fc
	.array(
		fc.record({
			type: fc.constantFrom('pause', 'resume', 'skip', 'extend', 'end'),
			gap: fc.integer({ min: 0, max: 400_000 }),
			ms: fc.integer({ min: -120_000, max: 120_000 })
		}),
		{ maxLength: 12 }
	)
	.map((actions) => {
		let at = 0;
		const events: TimelineEvent[] = [{ type: 'start', at: 0 }];
		for (const a of actions) {
			at += a.gap;
			events.push(a.type === 'extend' ? { type: a.type, at, ms: a.ms } : { type: a.type, at });
		}
		return events;
	});
const instant = fc.integer({ min: 0, max: 3_600_000 });

describe('timeline invariants', () => {
	it('phases cover the session without gaps or overlaps', () => {
		fc.assert(
			fc.property(sessions, instant, (events, now) => {
				const r = replayTimeline(protocol, events, now);
				r.spans.forEach((span, i) => {
					const next = r.spans[i + 1];
					if (next) expect(span.endAt).toBe(next.startAt);
					if (span.endAt !== null) expect(span.endAt).toBeGreaterThanOrEqual(span.startAt);
				});
				expect(r.spans[0]?.startAt).toBe(r.startedAt);
				if (r.status === 'done') expect(r.spans[r.spans.length - 1]?.endAt).toBe(r.endedAt);
				else expect(r.spans[r.spans.length - 1]?.endAt).toBeNull();
				const active = r.spans.reduce((sum, span) => sum + span.activeMs, 0);
				expect(active).toBe(r.activeElapsedMs);
			})
		);
	});

	it('remaining time is never negative and progress stays within 0..1', () => {
		fc.assert(
			fc.property(sessions, instant, (events, now) => {
				const sut = sessionStateAt(protocol, events, now);
				expect(sut.phaseRemainingMs).toBeGreaterThanOrEqual(0);
				expect(sut.totalRemainingMs).toBeGreaterThanOrEqual(sut.phaseRemainingMs);
				expect(sut.progress).toBeGreaterThanOrEqual(0);
				expect(sut.progress).toBeLessThanOrEqual(1);
			})
		);
	});

	it('active time grows with the clock, never faster than it', () => {
		fc.assert(
			fc.property(sessions, instant, instant, (events, a, b) => {
				const [t1, t2] = a <= b ? [a, b] : [b, a];
				const s1 = sessionStateAt(protocol, events, t1);
				const s2 = sessionStateAt(protocol, events, t2);
				expect(s2.activeElapsedMs).toBeGreaterThanOrEqual(s1.activeElapsedMs);
				expect(s2.activeElapsedMs - s1.activeElapsedMs).toBeLessThanOrEqual(t2 - t1);
			})
		);
	});

	it('pause stops time: two instants inside one pause see the same session', () => {
		fc.assert(
			fc.property(sessions, fc.double({ min: 0, max: 1, noNaN: true }), (events, f) => {
				const end = events[events.length - 1]?.at ?? 0;
				const r = replayTimeline(protocol, events, end + 10_000);
				for (const pause of r.pauses) {
					const to = pause.to ?? end + 10_000;
					const inside = pause.from + Math.floor(f * (to - pause.from));
					const a = sessionStateAt(protocol, events, pause.from);
					const b = sessionStateAt(protocol, events, inside);
					expect(b.activeElapsedMs).toBe(a.activeElapsedMs);
					// Skips and extensions may still change the phase; time alone may not.
					const acted = events.some((e) => e.at > pause.from && e.at <= inside);
					if (!acted) expect(b.phaseRemainingMs).toBe(a.phaseRemainingMs);
				}
			})
		);
	});

	it('a timeline replayed once answers every instant as a full replay does', () => {
		fc.assert(
			fc.property(
				sessions,
				fc.array(instant, { maxLength: 20 }),
				fc.boolean(),
				(events, at, flip) => {
					// Recorded out of order too: both sort them the same way.
					const recorded = flip ? [...events].reverse() : events;
					const sut = new SessionTimeline(protocol, recorded);
					const ends = recorded.map((e) => e.at);
					// Every event's own instant and either side of it, where the answer changes.
					for (const now of [
						...at,
						...ends,
						...ends.map((t) => t - 1),
						...ends.map((t) => t + 1)
					]) {
						expect(sut.stateAt(now)).toEqual(sessionStateAt(protocol, recorded, now));
					}
				}
			)
		);
	});
});
