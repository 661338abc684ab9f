import { describe, expect, it } from 'vitest';
import { builtInProtocol, type Protocol } from './protocol';
import {
	allowedEvents,
	phaseSpans,
	sessionStateAt,
	SessionTimeline,
	type TimelineEvent,
	type TimelineEventType
} from './timeline';

const fourByFour = builtInProtocol('4x4') as Protocol;
const T = 1_000_000;
const min = (m: number) => m * 60_000;
const s = (n: number) => n * 1000;
const start: TimelineEvent = { type: 'start', at: T };

describe('the 4x4 session timeline', () => {
	it('before start shows the warm-up with the whole session ahead', () => {
		const sut = sessionStateAt(fourByFour, [], T);
		expect(sut).toMatchObject({
			status: 'not-started',
			phaseIndex: 0,
			phaseRemainingMs: min(10),
			totalRemainingMs: min(40),
			progress: 0
		});
	});

	it('lasts 40 minutes: 10 warm-up, 4 × 4 work, 3 × 3 recovery, 5 cool-down', () => {
		expect(sessionStateAt(fourByFour, [start], T + min(40) - 1).status).toBe('running');
		expect(sessionStateAt(fourByFour, [start], T + min(40))).toMatchObject({
			status: 'done',
			endedAt: T + min(40),
			phase: null,
			progress: 1
		});
	});

	it('one minute into the first interval: interval 1 of 4, 3 min left, recovery next', () => {
		const sut = sessionStateAt(fourByFour, [start], T + min(11));
		expect(sut.phase?.kind).toBe('work');
		expect(sut).toMatchObject({
			kindIndex: 1,
			kindCount: 4,
			phaseElapsedMs: min(1),
			phaseRemainingMs: min(3),
			phaseStartedAt: T + min(10),
			totalRemainingMs: min(29),
			activeElapsedMs: min(11)
		});
		expect(sut.nextPhase?.kind).toBe('recovery');
	});

	it('the second interval starts 17 minutes in', () => {
		const sut = sessionStateAt(fourByFour, [start], T + min(17));
		expect(sut.phase?.kind).toBe('work');
		expect(sut.kindIndex).toBe(2);
		expect(sut.phaseElapsedMs).toBe(0);
	});

	describe('pausing', () => {
		const events: TimelineEvent[] = [
			start,
			{ type: 'pause', at: T + min(5) },
			{ type: 'resume', at: T + min(7) }
		];

		it('stops time: nothing moves while paused', () => {
			const atPause = sessionStateAt(fourByFour, events, T + min(5));
			const later = sessionStateAt(fourByFour, events, T + min(6));
			expect(later.status).toBe('paused');
			expect(later.pausedAt).toBe(T + min(5));
			expect(later.phaseElapsedMs).toBe(atPause.phaseElapsedMs);
			expect(later.totalRemainingMs).toBe(atPause.totalRemainingMs);
		});

		it('shifts everything after it by the pause length', () => {
			const sut = sessionStateAt(fourByFour, events, T + min(13));
			expect(sut.status).toBe('running');
			expect(sut.kindIndex).toBe(1);
			expect(sut.phaseElapsedMs).toBe(min(1));
			expect(sessionStateAt(fourByFour, events, T + min(42)).status).toBe('done');
		});

		it('keeps the pause inside the phase span, which ends 2 minutes late', () => {
			const spans = phaseSpans(fourByFour, events, T + min(13));
			expect(spans[0]).toMatchObject({ startAt: T, endAt: T + min(12), activeMs: min(10) });
		});
	});

	describe('skipping', () => {
		const events: TimelineEvent[] = [start, { type: 'skip', at: T + min(12) }];

		it('ends the current phase at once and starts the next in full', () => {
			const sut = sessionStateAt(fourByFour, events, T + min(12));
			expect(sut.phase?.kind).toBe('recovery');
			expect(sut.phaseRemainingMs).toBe(min(3));
			expect(phaseSpans(fourByFour, events, T + min(12))[1]).toMatchObject({
				endAt: T + min(12),
				endedBy: 'skip',
				activeMs: min(2)
			});
		});

		it('brings the end of the session forward by the time skipped', () => {
			expect(sessionStateAt(fourByFour, events, T + min(38)).status).toBe('done');
		});

		it('while paused moves to the next phase but stays paused', () => {
			const sut = sessionStateAt(
				fourByFour,
				[start, { type: 'pause', at: T + min(1) }, { type: 'skip', at: T + min(2) }],
				T + min(3)
			);
			expect(sut).toMatchObject({ status: 'paused', phaseIndex: 1, phaseElapsedMs: 0 });
		});

		it('past the last phase ends the session', () => {
			const skips = fourByFour.phases.map((_, i) => ({ type: 'skip' as const, at: T + s(i + 1) }));
			const sut = sessionStateAt(fourByFour, [start, ...skips], T + s(60));
			expect(sut).toMatchObject({ status: 'done', endedAt: T + s(fourByFour.phases.length) });
		});
	});

	it('extending adds time to the current phase only', () => {
		const events: TimelineEvent[] = [start, { type: 'extend', at: T + min(12), ms: s(30) }];
		const sut = sessionStateAt(fourByFour, events, T + min(12));
		expect(sut.phaseRemainingMs).toBe(min(2) + s(30));
		expect(sut.totalRemainingMs).toBe(min(28) + s(30));
		expect(sessionStateAt(fourByFour, events, T + min(14) + s(30)).phase?.kind).toBe('recovery');
	});

	it('a negative extension can end the phase now but not in the past', () => {
		const events: TimelineEvent[] = [start, { type: 'extend', at: T + min(2), ms: -min(30) }];
		const spans = phaseSpans(fourByFour, events, T + min(3));
		expect(spans[0]?.endAt).toBe(T + min(2));
	});

	it('end stops the session at that instant', () => {
		const events: TimelineEvent[] = [start, { type: 'end', at: T + min(20) }];
		const sut = sessionStateAt(fourByFour, events, T + min(25));
		expect(sut).toMatchObject({ status: 'done', endedAt: T + min(20), activeElapsedMs: min(20) });
	});

	it('ignores events that make no sense in the current status', () => {
		const events: TimelineEvent[] = [
			{ type: 'pause', at: T - 10 },
			start,
			{ type: 'start', at: T + min(1) },
			{ type: 'resume', at: T + min(2) }
		];
		const sut = sessionStateAt(fourByFour, events, T + min(3));
		expect(sut).toMatchObject({ status: 'running', startedAt: T, activeElapsedMs: min(3) });
	});

	it('is rebuilt identically from stored events (a page reload)', () => {
		const events: TimelineEvent[] = [start, { type: 'pause', at: T + min(3) }];
		const stored = JSON.parse(JSON.stringify(events)) as TimelineEvent[];
		expect(sessionStateAt(fourByFour, stored, T + min(9))).toEqual(
			sessionStateAt(fourByFour, events, T + min(9))
		);
	});

	it('offers only the events that apply', () => {
		expect(allowedEvents('not-started')).toEqual(['start']);
		expect(allowedEvents('paused')).toContain('resume');
		expect(allowedEvents('running')).not.toContain('resume');
		expect(allowedEvents('done')).toEqual([]);
	});
});

/** An event that counts how often its instant is read: the work a replay does. */
class Counted implements TimelineEvent {
	static reads = 0;
	constructor(
		readonly type: TimelineEventType,
		readonly when: number,
		readonly ms?: number
	) {}
	get at(): number {
		Counted.reads++;
		return this.when;
	}
}

describe('SessionTimeline', () => {
	// A class with pauses, a skip and extensions: 12 events.
	const events = [
		new Counted('start', T),
		...[1, 2, 3, 4, 5].flatMap((n) => [
			new Counted('pause', T + min(2 * n)),
			new Counted('resume', T + min(2 * n) + s(20))
		]),
		new Counted('extend', T + min(12), 30_000)
	];

	it('replays the events once for 1000 questions, however many readings ask', () => {
		Counted.reads = 0;
		const sut = new SessionTimeline(fourByFour, events);
		const made = Counted.reads;
		for (let i = 0; i < 1000; i++) sut.stateAt(T + min(12) + s(i));
		expect(sut.replayed).toBe(events.length);
		// Nothing is read again after the one replay (a full replay per question read every
		// event's instant at least once each time: 12 000 reads and more).
		expect(Counted.reads).toBe(made);
		expect(made).toBeLessThan(10 * events.length);
	});

	it('answers as a full replay does, before the start, in a pause, across phases and at the end', () => {
		const sut = new SessionTimeline(fourByFour, events);
		for (const now of [T - 1, T, T + min(4) + s(10), T + min(11), T + min(30), T + min(50)]) {
			expect(sut.stateAt(now)).toEqual(sessionStateAt(fourByFour, events, now));
		}
		expect(new SessionTimeline(fourByFour, []).stateAt(T)).toEqual(
			sessionStateAt(fourByFour, [], T)
		);
	});
});
