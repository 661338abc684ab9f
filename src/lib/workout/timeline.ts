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
	const phases = protocol.phases;
	// A stable sort keeps same-instant events in the order they were recorded.
	const due = events.filter((e) => e.at <= now).sort((a, b) => a.at - b.at);
	const r: TimelineReplay = {
		status: 'not-started',
		startedAt: null,
		endedAt: null,
		spans: [],
		segments: [],
		pauses: [],
		current: null,
		activeElapsedMs: 0
	};
	let cursor: At = 0;

	const span = () => r.spans[r.spans.length - 1];
	const open = (index: number, at: At) => {
		const phase = phases[index];
		if (!phase) return;
		const durationMs = phase.durationMs;
		r.spans.push({
			index,
			phase,
			startAt: at,
			endAt: null,
			durationMs,
			activeMs: 0,
			endedBy: null
		});
		r.current = { index, offsetMs: 0, durationMs };
	};
	const finish = (at: At) => {
		const pause = r.pauses[r.pauses.length - 1];
		if (r.status === 'paused' && pause) pause.to = at;
		r.status = 'done';
		r.endedAt = at;
		r.current = null;
	};
	const close = (at: At, by: PhaseEnd) => {
		const last = span();
		if (last) Object.assign(last, { endAt: at, endedBy: by });
	};
	const nextPhase = (at: At, by: PhaseEnd) => {
		const index = r.current?.index ?? -1;
		close(at, by);
		if (index + 1 < phases.length) open(index + 1, at);
		else finish(at);
	};
	const run = (to: At) => {
		while (r.status === 'running' && r.current) {
			const c = r.current;
			const reach = Math.max(0, Math.min(to - cursor, c.durationMs - c.offsetMs));
			// Zero-length stretches are kept: a phase starting exactly at `to` must be visible to cues.
			r.segments.push({
				phaseIndex: c.index,
				fromAt: cursor,
				toAt: cursor + reach,
				fromOffset: c.offsetMs,
				toOffset: c.offsetMs + reach,
				durationMs: c.durationMs
			});
			cursor += reach;
			c.offsetMs += reach;
			r.activeElapsedMs += reach;
			const last = span();
			if (last) last.activeMs += reach;
			if (c.offsetMs >= c.durationMs) nextPhase(cursor, 'elapsed');
			else break;
		}
	};
	const underway = () => r.status === 'running' || r.status === 'paused';

	for (const event of due) {
		if (r.status === 'running') run(event.at);
		switch (event.type) {
			case 'start':
				if (r.status !== 'not-started' || phases.length === 0) break;
				r.status = 'running';
				r.startedAt = event.at;
				cursor = event.at;
				open(0, event.at);
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
				cursor = event.at;
				break;
			}
			case 'skip':
				if (underway()) nextPhase(event.at, 'skip');
				break;
			case 'extend': {
				const last = span();
				if (!underway() || !r.current || !last) break;
				// Shortening can end a phase now but never move its end into the past.
				r.current.durationMs = Math.max(r.current.offsetMs, r.current.durationMs + (event.ms ?? 0));
				last.durationMs = r.current.durationMs;
				break;
			}
			case 'end':
				if (!underway()) break;
				close(event.at, 'end');
				finish(event.at);
				break;
		}
	}
	run(now);
	return r;
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
	const phases = protocol.phases;
	const base = {
		status: r.status,
		activeElapsedMs: r.activeElapsedMs,
		startedAt: r.startedAt,
		endedAt: r.endedAt,
		pausedAt: r.status === 'paused' ? (r.pauses[r.pauses.length - 1]?.from ?? null) : null
	};
	const current =
		r.current ??
		(r.status === 'not-started' && phases[0]
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
			progress: r.status === 'done' ? 1 : 0
		};
	}
	const phaseRemainingMs = Math.max(0, current.durationMs - current.offsetMs);
	const later = phases.slice(current.index + 1).reduce((sum, p) => sum + p.durationMs, 0);
	const totalRemainingMs = phaseRemainingMs + later;
	const whole = r.activeElapsedMs + totalRemainingMs;
	const { index: kindIndex, count: kindCount } = kindPosition(protocol, current.index);
	return {
		...base,
		phaseIndex: current.index,
		phase: phases[current.index] ?? null,
		kindIndex,
		kindCount,
		phaseElapsedMs: current.offsetMs,
		phaseRemainingMs,
		phaseDurationMs: current.durationMs,
		phaseStartedAt: r.current ? (r.spans[r.spans.length - 1]?.startAt ?? null) : null,
		nextPhase: phases[current.index + 1] ?? null,
		totalRemainingMs,
		progress: whole > 0 ? r.activeElapsedMs / whole : 0
	};
}

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
