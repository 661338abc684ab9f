import { bandInBpm, effectiveCeiling } from './hr-max';
import type { TargetBand } from './protocol';
import type { Bpm } from './types';

/** Whether target bands are read as % HRmax (default) or % heart-rate reserve (Karvonen). */
export type TargetBasis = 'hrmax' | 'reserve';

/** The heart-rate facts about one participant that the engine needs. */
export interface ParticipantLimits {
	hrMax: Bpm;
	hrRest?: Bpm | null;
	/** Clinician-set safety ceiling; the above-max alert uses the lower of this and HRmax. */
	ceiling?: Bpm | null;
	targetBasis?: TargetBasis;
}

/** A phase's target band in bpm for this participant. */
export function targetBandBpm(
	limits: ParticipantLimits,
	band: TargetBand
): { low: Bpm; high: Bpm } {
	const useReserve = limits.targetBasis === 'reserve' && limits.hrRest != null;
	return bandInBpm(band, limits.hrMax, useReserve ? limits.hrRest : null);
}

/** The heart rate above which this participant's safety alert fires. */
export function alertCeiling(limits: ParticipantLimits): Bpm {
	return effectiveCeiling(limits.hrMax, limits.ceiling);
}
