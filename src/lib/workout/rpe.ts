import type { ParticipantTracker } from './participant-tracker';
import { workPhaseIndex, type Protocol } from './protocol';
import type { SessionState } from './timeline';

/** A work interval: its phase and its number among the work intervals (1-based). */
export interface WorkInterval {
	phaseIndex: number;
	kindIndex: number;
}

/**
 * The work interval an RPE logged now refers to: the one under way, else the last one finished
 * (RPE is asked for in the recovery after an interval). Null before the first work interval.
 */
export function rpeInterval(
	protocol: Pick<Protocol, 'phases'>,
	state: Pick<SessionState, 'status' | 'phaseIndex'>
): WorkInterval | null {
	if (state.status === 'not-started') return null;
	const phases = protocol.phases;
	const current = state.phaseIndex ?? phases.length;
	let kindIndex = 0;
	let found: WorkInterval | null = null;
	for (let i = 0; i < phases.length && i <= current; i++) {
		if (phases[i]?.kind !== 'work') continue;
		kindIndex++;
		found = { phaseIndex: i, kindIndex };
	}
	return found;
}

/** The part of a stored event RPE is read from. */
export interface RpeEvent {
	kind: string;
	interval?: number;
	value?: unknown;
}

/**
 * RPE per work interval (1-based) from one participant's events: the last value logged for an
 * interval wins (a corrected tap), and values that are not Borg numbers (6–20) are left out.
 */
export function rpeByInterval(events: readonly RpeEvent[]): Record<number, number> {
	const rpe: Record<number, number> = {};
	for (const e of events) {
		if (e.kind !== 'rpe' || e.interval === undefined) continue;
		const value = Number(e.value);
		if (Number.isInteger(value) && value >= 6 && value <= 20) rpe[e.interval] = value;
	}
	return rpe;
}

/** Gives a tracker the RPE per work interval, so its summary carries them. */
export function recordRpeByInterval(
	tracker: ParticipantTracker,
	protocol: Pick<Protocol, 'phases'>,
	rpe: Readonly<Record<number, number>>
): void {
	for (const [interval, value] of Object.entries(rpe)) {
		const phaseIndex = workPhaseIndex(protocol, Number(interval));
		if (phaseIndex >= 0) tracker.recordRpe(phaseIndex, value);
	}
}
