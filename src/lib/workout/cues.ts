import type { Phase, PhaseKind, Protocol } from './protocol';
import { replayTimeline, type RunSegment, type TimelineEvent } from './timeline';
import { SECOND, type At } from './types';

/** What the coach announces. */
export type CueType = 'countdown' | 'phase-start' | 'halfway' | 'session-done';

/** One announcement; `key` is stable and unique within a session so callers can dedupe. */
export interface Cue {
	type: CueType;
	at: At;
	key: string;
	/** The phase the cue belongs to (for countdowns: the phase that is ending); null for session-done. */
	phaseIndex: number | null;
	phase: Phase | null;
	/** Seconds left, for countdown cues (3, 2, 1). */
	count?: number;
}

/** Which cues to produce [product choice]. */
export interface CueOptions {
	/** Countdown seconds before each phase change; 0 disables the countdown. */
	countdownSeconds: number;
	/** Kinds of phase that get a halfway cue. */
	halfwayKinds: readonly PhaseKind[];
}

/** Default cues: 3-2-1 before every phase change and halfway through work intervals. */
export const CUE_DEFAULTS: CueOptions = { countdownSeconds: 3, halfwayKinds: ['work'] };

// A point `offset` ms into a phase is reached inside a stretch when fromOffset < offset ≤ toOffset;
// the half-open rule is what makes a cue fire exactly once however time is split.
function reachedAt(segment: RunSegment, offset: number): At | null {
	if (offset <= 0 || offset <= segment.fromOffset || offset > segment.toOffset) return null;
	return segment.fromAt + (offset - segment.fromOffset);
}

function segmentCues(
	segment: RunSegment,
	phase: Phase,
	first: boolean,
	options: CueOptions
): Cue[] {
	const i = segment.phaseIndex;
	const cues: Cue[] = [];
	// A phase is announced when it starts running, so a phase skipped to during a pause is
	// announced on resume rather than into a silent room.
	if (first)
		cues.push({
			type: 'phase-start',
			at: segment.fromAt,
			key: `phase-start:${i}`,
			phaseIndex: i,
			phase
		});
	if (options.halfwayKinds.includes(phase.kind)) {
		const at = reachedAt(segment, phase.durationMs / 2);
		if (at !== null) cues.push({ type: 'halfway', at, key: `halfway:${i}`, phaseIndex: i, phase });
	}
	for (let count = options.countdownSeconds; count >= 1; count--) {
		// The offset is part of the key: after an extension the countdown is a new one.
		const offset = segment.durationMs - count * SECOND;
		const at = reachedAt(segment, offset);
		if (at !== null) {
			cues.push({
				type: 'countdown',
				at,
				key: `countdown:${i}:${offset}`,
				phaseIndex: i,
				phase,
				count
			});
		}
	}
	return cues;
}

/** Every cue of a session up to `until`, in time order. */
export function allCues(
	protocol: Pick<Protocol, 'phases'>,
	events: readonly TimelineEvent[],
	until: At,
	options: CueOptions = CUE_DEFAULTS
): Cue[] {
	const replay = replayTimeline(protocol, events, until);
	const cues: Cue[] = [];
	const started = new Set<number>();
	for (const segment of replay.segments) {
		const phase = protocol.phases[segment.phaseIndex];
		if (!phase) continue;
		const first = !started.has(segment.phaseIndex);
		started.add(segment.phaseIndex);
		cues.push(...segmentCues(segment, phase, first, options));
	}
	if (replay.endedAt !== null) {
		cues.push({
			type: 'session-done',
			at: replay.endedAt,
			key: 'session-done',
			phaseIndex: null,
			phase: null
		});
	}
	return cues.sort((a, b) => a.at - b.at);
}

/**
 * Cues due in (fromExclusive, toInclusive]. Cues are facts of the past derived from the events,
 * so consecutive windows never repeat or miss one, however long the caller's loop stalled.
 */
export function cuesBetween(
	protocol: Pick<Protocol, 'phases'>,
	events: readonly TimelineEvent[],
	fromExclusive: At,
	toInclusive: At,
	options: CueOptions = CUE_DEFAULTS
): Cue[] {
	return allCues(protocol, events, toInclusive, options).filter(
		(cue) => cue.at > fromExclusive && cue.at <= toInclusive
	);
}
