import type { PhaseKind } from './protocol';
import { MINUTE, type Bpm, type Fraction, type Ms, type PercentHrMax } from './types';

/** HR recovery at or below this many bpm one minute after exercise is abnormal (Cole 1999). */
export const HRR_ABNORMAL_BPM: Bpm = 12;

/** Heart-rate recovery one minute after the last work interval. */
export interface HeartRateRecovery {
	peakBpm: Bpm;
	bpmAfter: Bpm;
	dropBpm: Bpm;
	abnormal: boolean;
}

/** Edwards TRIMP: minutes in zones 1..5 weighted 1..5; `zoneMs[0]` (below zone 1) counts nothing. */
export function edwardsTrimp(zoneMs: readonly Ms[]): number {
	return zoneMs.reduce((sum, ms, zone) => sum + (ms / MINUTE) * zone, 0);
}

/** Peak minus the heart rate a minute later, judged against the abnormal threshold. */
export function heartRateRecovery(
	peakBpm: Bpm,
	bpmAfter: Bpm,
	abnormalBpm: Bpm = HRR_ABNORMAL_BPM
): HeartRateRecovery {
	const dropBpm = peakBpm - bpmAfter;
	return { peakBpm, bpmAfter, dropBpm, abnormal: dropBpm <= abnormalBpm };
}

/** Report numbers for one phase as it actually ran. */
export interface PhaseSummary {
	phaseIndex: number;
	kind: PhaseKind;
	kindIndex: number;
	/** Running time of the phase. */
	durationMs: Ms;
	measuredMs: Ms;
	inBandMs: Ms;
	inBandFraction: Fraction | null;
	/** Length of the judged window (last 2 min, or the whole phase if shorter). */
	judgedMs: Ms;
	judgedInBandMs: Ms;
	judgedInBandFraction: Fraction | null;
	meanBpm: Bpm | null;
	peakBpm: Bpm | null;
	peakPercentHrMax: PercentHrMax | null;
	rpe: number | null;
}

/** Report numbers for one participant's session. */
export interface SessionSummary {
	phases: PhaseSummary[];
	/** The work phases only. */
	intervals: PhaseSummary[];
	/** Time below zone 1 (index 0) and in zones 1..5. */
	zoneMs: Ms[];
	workInBandMs: Ms;
	workDurationMs: Ms;
	workInBandFraction: Fraction | null;
	recovery: HeartRateRecovery | null;
	trimp: number;
	measuredMs: Ms;
	activeMs: Ms;
	/** Share of running time with a valid signal. */
	coverage: Fraction | null;
	peakBpm: Bpm | null;
	peakPercentHrMax: PercentHrMax | null;
	suggestedHrMax: Bpm | null;
}
