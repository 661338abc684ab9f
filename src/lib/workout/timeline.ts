import { kindPosition, type Phase, type Protocol } from './protocol';
import type { At, Fraction, Ms } from './types';

/** Something the instructor did to a session; the session's state is a pure function of these. */
export type TimelineEventType = 'start' | 'pause' | 'resume' | 'skip' | 'extend' | 'end';

/** One timeline event; `ms` is the extension for `extend` (may be negative to shorten). */
export interface TimelineEvent {
	type: TimelineEventType;
	at: At;
	ms?: Ms;
}

/** Where a session stands. */
export type SessionStatus = 'not-started' | 'running' | 'paused' | 'done';

/** How a phase came to an end. */
export type PhaseEnd = 'elapsed' | 'skip' | 'end';

/** A phase as it actually happened, in wall-clock time (pauses inside it included). */
export interface PhaseSpan {
	index: number;
	phase: Phase;
	startAt: At;
	/** null while the phase is still going on. */
	endAt: At | null;
	/** Planned length including extensions. */
	durationMs: Ms;
	/** Running (unpaused) time spent in the phase. */
	activeMs: Ms;
	endedBy: PhaseEnd | null;
}

/** A stretch of running time inside one phase; `fromOffset`/`toOffset` are active ms into the phase. */
export interface RunSegment {
	phaseIndex: number;
	fromAt: At;
	toAt: At;
	fromOffset: Ms;
	toOffset: Ms;
	/** The phase's length in effect during this stretch (extensions change it). */
	durationMs: Ms;
}

/** A pause in wall-clock time; `to` is null while it lasts. */
export interface Pause {
	from: At;
	to: At | null;
}

/** Everything that happened in a session up to an instant. */
export interface TimelineReplay {
	status: SessionStatus;
	startedAt: At | null;
	endedAt: At | null;
	spans: PhaseSpan[];
	segments: RunSegment[];
	pauses: Pause[];
	/** The phase under way (running or paused), with active ms into it and its current length. */
	current: { index: number; offsetMs: Ms; durationMs: Ms } | null;
	activeElapsedMs: Ms;
}

/** Replays timeline events up to `now`; time only advances while running, so nothing can drift. */
export function replayTimeline(
	protocol: Pick<Protocol, 'phases'>,
	events: readonly TimelineEvent[],
	now: At
): TimelineReplay {
	const replay = new Replay(protocol.phases);
	for (const event of inOrder(events)) {
		if (event.at > now) break;
		replay.apply(event);
	}
	replay.run(now);
	return replay.r;
}

// A stable sort keeps same-instant events in the order they were recorded.
const inOrder = (events: readonly TimelineEvent[]) => [...events].sort((a, b) => a.at - b.at);

/** One replay in progress: events applied in time order, running time advanced between them. */
class Replay {
	readonly r: TimelineReplay = {
		status: 'not-started',
		startedAt: null,
		endedAt: null,
		spans: [],
		segments: [],
		pauses: [],
		current: null,
		activeElapsedMs: 0
	};
	/** Where running time has been advanced to. */
	cursor: At = 0;

	constructor(readonly phases: readonly Phase[]) {}

	#span(): PhaseSpan | undefined {
		return this.r.spans[this.r.spans.length - 1];
	}

	#open(index: number, at: At): void {
		const phase = this.phases[index];
		if (!phase) return;
		const durationMs = phase.durationMs;
		this.r.spans.push({
			index,
			phase,
			startAt: at,
			endAt: null,
			durationMs,
			activeMs: 0,
			endedBy: null
		});
		this.r.current = { index, offsetMs: 0, durationMs };
	}

	#finish(at: At): void {
		const r = this.r;
		const pause = r.pauses[r.pauses.length - 1];
		if (r.status === 'paused' && pause) pause.to = at;
		r.status = 'done';
		r.endedAt = at;
		r.current = null;
	}

	#close(at: At, by: PhaseEnd): void {
		const last = this.#span();
		if (last) Object.assign(last, { endAt: at, endedBy: by });
	}

	#nextPhase(at: At, by: PhaseEnd): void {
		const index = this.r.current?.index ?? -1;
		this.#close(at, by);
		if (index + 1 < this.phases.length) this.#open(index + 1, at);
		else this.#finish(at);
	}

	/** Advances running time to `to`, through as many phases as it covers. */
	run(to: At): void {
		const r = this.r;
		while (r.status === 'running' && r.current) {
			const c = r.current;
			const reach = Math.max(0, Math.min(to - this.cursor, c.durationMs - c.offsetMs));
			// Zero-length stretches are kept: a phase starting exactly at `to` must be visible to cues.
			r.segments.push({
				phaseIndex: c.index,
				fromAt: this.cursor,
				toAt: this.cursor + reach,
				fromOffset: c.offsetMs,
				toOffset: c.offsetMs + reach,
				durationMs: c.durationMs
			});
			this.cursor += reach;
			c.offsetMs += reach;
			r.activeElapsedMs += reach;
			const last = this.#span();
			if (last) last.activeMs += reach;
			if (c.offsetMs >= c.durationMs) this.#nextPhase(this.cursor, 'elapsed');
			else break;
		}
	}

	/** Applies one event (in time order); running time is advanced to it first. */
	apply(event: TimelineEvent): void {
		const r = this.r;
		if (r.status === 'running') this.run(event.at);
		switch (event.type) {
			case 'start':
				if (r.status !== 'not-started' || this.phases.length === 0) break;
				r.status = 'running';
				r.startedAt = event.at;
				this.cursor = event.at;
				this.#open(0, event.at);
				break;
			case 'pause':
				if (r.status !== 'running') break;
				r.status = 'paused';
				r.pauses.push({ from: event.at, to: null });
				break;
			case 'resume': {
				const pause = r.pauses[r.pauses.length - 1];
				if (r.status !== 'paused' || !pause) break;
				r.status = 'running';
				pause.to = event.at;
				this.cursor = event.at;
				break;
			}
			case 'skip':
				if (this.#underway()) this.#nextPhase(event.at, 'skip');
				break;
			case 'extend': {
				const last = this.#span();
				if (!this.#underway() || !r.current || !last) break;
				// Shortening can end a phase now but never move its end into the past.
				r.current.durationMs = Math.max(r.current.offsetMs, r.current.durationMs + (event.ms ?? 0));
				last.durationMs = r.current.durationMs;
				break;
			}
			case 'end':
				if (!this.#underway()) break;
				this.#close(event.at, 'end');
				this.#finish(event.at);
				break;
		}
	}

	#underway(): boolean {
		return this.r.status === 'running' || this.r.status === 'paused';
	}
}

/** Everything a timer display needs at one instant. */
export interface SessionState {
	status: SessionStatus;
	/** The phase under way; the first phase before start; null when done. */
	phaseIndex: number | null;
	phase: Phase | null;
	/** 1-based position among phases of the same kind ("interval 2 of 4"); 0 when done. */
	kindIndex: number;
	kindCount: number;
	phaseElapsedMs: Ms;
	phaseRemainingMs: Ms;
	phaseDurationMs: Ms;
	/** Wall-clock start of the phase under way; null before start and when done. */
	phaseStartedAt: At | null;
	nextPhase: Phase | null;
	totalRemainingMs: Ms;
	activeElapsedMs: Ms;
	progress: Fraction;
	startedAt: At | null;
	endedAt: At | null;
	/** Start of the pause under way, if any. */
	pausedAt: At | null;
}

/** The state of a session at `now` (a pure function of protocol, events and now). */
export function sessionStateAt(
	protocol: Pick<Protocol, 'phases'>,
	events: readonly TimelineEvent[],
	now: At
): SessionState {
	return stateOfReplay(protocol, replayTimeline(protocol, events, now));
}

/** The name for the same question: which phase is it at `now`, and how far along. */
export const phaseAt = sessionStateAt;

/** Derives the display state from a replay (lets callers reuse one replay for spans and state). */
export function stateOfReplay(protocol: Pick<Protocol, 'phases'>, r: TimelineReplay): SessionState {
	return stateOfPoint(shapeOf(protocol), pointOfReplay(r));
}

/** What a session's state at an instant follows from: a replay reduced to its last facts. */
interface Point {
	status: SessionStatus;
	startedAt: At | null;
	endedAt: At | null;
	pausedAt: At | null;
	/** Start of the phase under way (null when none is). */
	phaseStartedAt: At | null;
	current: { index: number; offsetMs: Ms; durationMs: Ms } | null;
	activeElapsedMs: Ms;
}

function pointOfReplay(r: TimelineReplay): Point {
	return {
		status: r.status,
		startedAt: r.startedAt,
		endedAt: r.endedAt,
		pausedAt: r.status === 'paused' ? (r.pauses[r.pauses.length - 1]?.from ?? null) : null,
		phaseStartedAt: r.current ? (r.spans[r.spans.length - 1]?.startAt ?? null) : null,
		current: r.current ? { ...r.current } : null,
		activeElapsedMs: r.activeElapsedMs
	};
}

/** A protocol's sums and positions that every state needs, worked out once per protocol. */
interface Shape {
	phases: readonly Phase[];
	/** Planned length of the phases after each index. */
	later: Ms[];
	kinds: { index: number; count: number }[];
}

function shapeOf(protocol: Pick<Protocol, 'phases'>): Shape {
	const phases = protocol.phases;
	const later = phases.map(() => 0);
	for (let i = phases.length - 2; i >= 0; i--) {
		later[i] = (later[i + 1] ?? 0) + (phases[i + 1]?.durationMs ?? 0);
	}
	return { phases, later, kinds: phases.map((_, i) => kindPosition(protocol, i)) };
}

function stateOfPoint(shape: Shape, p: Point): SessionState {
	const phases = shape.phases;
	const base = {
		status: p.status,
		activeElapsedMs: p.activeElapsedMs,
		startedAt: p.startedAt,
		endedAt: p.endedAt,
		pausedAt: p.pausedAt
	};
	const current =
		p.current ??
		(p.status === 'not-started' && phases[0]
			? { index: 0, offsetMs: 0, durationMs: phases[0].durationMs }
			: null);
	if (!current) {
		return {
			...base,
			phaseIndex: null,
			phase: null,
			kindIndex: 0,
			kindCount: 0,
			phaseElapsedMs: 0,
			phaseRemainingMs: 0,
			phaseDurationMs: 0,
			phaseStartedAt: null,
			nextPhase: null,
			totalRemainingMs: 0,
			progress: p.status === 'done' ? 1 : 0
		};
	}
	const phaseRemainingMs = Math.max(0, current.durationMs - current.offsetMs);
	const totalRemainingMs = phaseRemainingMs + (shape.later[current.index] ?? 0);
	const whole = p.activeElapsedMs + totalRemainingMs;
	const kind = shape.kinds[current.index] ?? { index: 0, count: 0 };
	return {
		...base,
		phaseIndex: current.index,
		phase: phases[current.index] ?? null,
		kindIndex: kind.index,
		kindCount: kind.count,
		phaseElapsedMs: current.offsetMs,
		phaseRemainingMs,
		phaseDurationMs: current.durationMs,
		phaseStartedAt: p.phaseStartedAt,
		nextPhase: phases[current.index + 1] ?? null,
		totalRemainingMs,
		progress: whole > 0 ? p.activeElapsedMs / whole : 0
	};
}

/**
 * A session's timeline replayed once, for the many questions asked of it: the live screen asks
 * for the state at every reading and every simulated packet, and replaying every event each
 * time (filtered, sorted) was a measured share of each reading's cost (issue 18). The events are
 * replayed when this is made; `stateAt` then continues from the last event at or before its
 * instant, so a question costs O(log events + phases passed), not a replay. Make a new one when
 * the events or the protocol change; the answers are `sessionStateAt`'s (property-tested).
 */
export class SessionTimeline {
	readonly #shape: Shape;
	/** Instants of the distinct event times, ascending, and the replay's facts right after each. */
	readonly #times: At[] = [];
	readonly #points: Point[] = [];
	/** Events replayed so far (one pass when made): what the tests count. */
	readonly replayed: number;

	constructor(
		readonly protocol: Pick<Protocol, 'phases'>,
		readonly events: readonly TimelineEvent[]
	) {
		this.#shape = shapeOf(protocol);
		const replay = new Replay(protocol.phases);
		const sorted = inOrder(events);
		sorted.forEach((event, i) => {
			replay.apply(event);
			if (sorted[i + 1]?.at === event.at) return;
			replay.run(event.at);
			this.#times.push(event.at);
			this.#points.push(pointOfReplay(replay.r));
		});
		this.replayed = sorted.length;
	}

	/** The state at `now`: `sessionStateAt(protocol, events, now)`. */
	stateAt(now: At): SessionState {
		const k = this.#lastAtOrBefore(now);
		const point = this.#points[k];
		if (!point) return stateOfPoint(this.#shape, NOT_STARTED);
		return stateOfPoint(this.#shape, this.#advance(point, this.#times[k] ?? now, now));
	}

	// Index of the last event instant <= now (-1 when none): a binary search.
	#lastAtOrBefore(now: At): number {
		let low = 0;
		let high = this.#times.length;
		while (low < high) {
			const mid = (low + high) >> 1;
			if ((this.#times[mid] ?? Infinity) <= now) low = mid + 1;
			else high = mid;
		}
		return low - 1;
	}

	// Running time from `from` to `now` with no event between: `Replay.run` without its records.
	#advance(point: Point, from: At, now: At): Point {
		if (point.status !== 'running' || !point.current || now <= from) return point;
		const phases = this.#shape.phases;
		let { index, offsetMs, durationMs } = point.current;
		let { activeElapsedMs, phaseStartedAt } = point;
		let cursor = from;
		for (;;) {
			const reach = Math.max(0, Math.min(now - cursor, durationMs - offsetMs));
			cursor += reach;
			offsetMs += reach;
			activeElapsedMs += reach;
			if (offsetMs < durationMs) break;
			const next = phases[index + 1];
			if (!next) {
				return {
					...point,
					status: 'done',
					endedAt: cursor,
					phaseStartedAt: null,
					current: null,
					activeElapsedMs
				};
			}
			index++;
			offsetMs = 0;
			durationMs = next.durationMs;
			phaseStartedAt = cursor;
		}
		return { ...point, phaseStartedAt, current: { index, offsetMs, durationMs }, activeElapsedMs };
	}
}

const NOT_STARTED: Point = {
	status: 'not-started',
	startedAt: null,
	endedAt: null,
	pausedAt: null,
	phaseStartedAt: null,
	current: null,
	activeElapsedMs: 0
};

/** Each phase's actual wall-clock start and end up to `now` (for reports and flags). */
export function phaseSpans(
	protocol: Pick<Protocol, 'phases'>,
	events: readonly TimelineEvent[],
	now: At
): PhaseSpan[] {
	return replayTimeline(protocol, events, now).spans;
}

/** Which events make sense in a status (the rest are ignored by the replay). */
export function allowedEvents(status: SessionStatus): TimelineEventType[] {
	switch (status) {
		case 'not-started':
			return ['start'];
		case 'running':
			return ['pause', 'skip', 'extend', 'end'];
		case 'paused':
			return ['resume', 'skip', 'extend', 'end'];
		case 'done':
			return [];
	}
}
