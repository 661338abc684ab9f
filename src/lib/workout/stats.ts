import { suggestedHrMax } from './hr-max';
import { targetBandBpm, type ParticipantLimits } from './participant';
import type { PhaseKind } from './protocol';
import type { PhaseSpan, SessionState } from './timeline';
import { MINUTE, type At, type Bpm, type Ms, type PercentHrMax } from './types';
import {
	edwardsTrimp,
	heartRateRecovery,
	HRR_ABNORMAL_BPM,
	type HeartRateRecovery,
	type PhaseSummary,
	type SessionSummary
} from './summary';
import { DEFAULT_ZONE_BOUNDS, percentOfHrMax, zoneOf } from './zones';

/** Statistics settings [product choice unless noted]. */
export interface StatsOptions {
	/** A reading stands for the time until the next one, but never longer than this (gaps are not data). */
	maxReadingWeightMs: Ms;
	/** The judged part of a work interval: its last 2 minutes (CERG, myworkout). */
	judgedWindowMs: Ms;
	zoneBounds: readonly PercentHrMax[];
	/** HR recovery is measured this long after the last interval (Cole 1999: 1 min). */
	hrrDelayMs: Ms;
	/** A reading counts for HRR when it is this close to the +60 s instant. */
	hrrToleranceMs: Ms;
	/** HR recovery at or below this is abnormal (Cole 1999). */
	hrrAbnormalBpm: Bpm;
}

/** Default statistics settings. */
export const STATS_DEFAULTS: StatsOptions = {
	maxReadingWeightMs: 2000,
	judgedWindowMs: 2 * MINUTE,
	zoneBounds: DEFAULT_ZONE_BOUNDS,
	hrrDelayMs: MINUTE,
	hrrToleranceMs: 5000,
	hrrAbnormalBpm: HRR_ABNORMAL_BPM
};

/** Running totals for one phase. */
export interface PhaseStats {
	phaseIndex: number;
	kind: PhaseKind;
	kindIndex: number;
	/** Time covered by clean readings. */
	measuredMs: Ms;
	inBandMs: Ms;
	judgedMeasuredMs: Ms;
	judgedInBandMs: Ms;
	readings: number;
	sumBpm: number;
	peakBpm: Bpm | null;
}

interface Pending {
	at: At;
	bpm: Bpm;
	phase: PhaseStats | null;
	inBand: boolean;
	judged: boolean;
	zone: number;
	/** Time left in the phase at the reading: its weight never spills into the next phase. */
	phaseLeftMs: Ms;
}

/** Mean of a phase's clean readings, or null without any. */
export function meanBpm(stats: Pick<PhaseStats, 'readings' | 'sumBpm'>): Bpm | null {
	return stats.readings > 0 ? stats.sumBpm / stats.readings : null;
}

/**
 * Incremental per-participant statistics over clean readings: O(1) per reading. Each reading is
 * credited with the time to the next one (capped), to the phase, band and zone it was taken in.
 */
export class SessionStats {
	readonly options: StatsOptions;
	readonly #limits: ParticipantLimits;
	readonly #phases = new Map<number, PhaseStats>();
	/** Index 0 is below zone 1; 1..5 are the zones. */
	readonly zoneMs: Ms[] = [0, 0, 0, 0, 0, 0];
	measuredMs: Ms = 0;
	peakBpm: Bpm | null = null;
	readonly rpe = new Map<number, number>();
	#pending: Pending | null = null;
	#lastWorkIndex: number | null = null;
	#lastWorkEndAt: At | null = null;
	#previous: { at: At; bpm: Bpm } | null = null;
	#hrrBpm: Bpm | null | undefined = undefined;

	constructor(limits: ParticipantLimits, options: Partial<StatsOptions> = {}) {
		this.#limits = limits;
		this.options = { ...STATS_DEFAULTS, ...options };
	}

	/** Adds one clean reading taken while the session was in `state`. */
	add(reading: { at: At; bpm: Bpm }, state: SessionState): void {
		const { at, bpm } = reading;
		this.#credit(at);
		this.#watchRecovery(at, bpm, state);
		if (state.status !== 'running' || state.phaseIndex === null || !state.phase) {
			this.#pending = null;
			return;
		}
		const phase = this.#phaseStats(state.phaseIndex, state.phase.kind, state.kindIndex);
		phase.readings++;
		phase.sumBpm += bpm;
		phase.peakBpm = Math.max(phase.peakBpm ?? bpm, bpm);
		this.peakBpm = Math.max(this.peakBpm ?? bpm, bpm);
		const band = targetBandBpm(this.#limits, state.phase.band);
		this.#pending = {
			at,
			bpm,
			phase,
			inBand: bpm >= band.low && bpm <= band.high,
			judged: state.phase.kind === 'work' && state.phaseRemainingMs <= this.options.judgedWindowMs,
			zone: zoneOf(bpm, this.#limits.hrMax, this.options.zoneBounds) ?? 0,
			phaseLeftMs: state.phaseRemainingMs
		};
	}

	/** Credits the last reading up to `at` (call at the end of a session). */
	finish(at: At): void {
		this.#credit(at);
		this.#pending = null;
	}

	/** Records a rating of perceived exertion (Borg 6–20) for a phase; other values are refused. */
	recordRpe(phaseIndex: number, rpe: number): boolean {
		if (!Number.isInteger(rpe) || rpe < 6 || rpe > 20) return false;
		this.rpe.set(phaseIndex, rpe);
		return true;
	}

	/** Running totals of one phase, if any reading fell in it. */
	phase(index: number): PhaseStats | undefined {
		return this.#phases.get(index);
	}

	/** Heart-rate recovery after the last work interval, once the +60 s reading has arrived. */
	get recovery(): HeartRateRecovery | null {
		const peak =
			this.#lastWorkIndex === null ? null : this.#phases.get(this.#lastWorkIndex)?.peakBpm;
		if (peak == null || this.#hrrBpm == null) return null;
		return heartRateRecovery(peak, this.#hrrBpm, this.options.hrrAbnormalBpm);
	}

	/** A higher HRmax to offer when the clean peak exceeded the current one. */
	get suggestedHrMax(): Bpm | null {
		return suggestedHrMax(this.peakBpm, this.#limits.hrMax);
	}

	/** The report: per phase and per session, using the phases as they actually ran. */
	summary(spans: readonly PhaseSpan[], activeMs: Ms): SessionSummary {
		const phases = spans.map((span) => this.#phaseSummary(span));
		const work = phases.filter((p) => p.kind === 'work');
		const workDurationMs = work.reduce((s, p) => s + p.durationMs, 0);
		const workInBandMs = work.reduce((s, p) => s + p.inBandMs, 0);
		return {
			phases,
			intervals: work,
			zoneMs: [...this.zoneMs],
			workInBandMs,
			workDurationMs,
			workInBandFraction: workDurationMs > 0 ? workInBandMs / workDurationMs : null,
			recovery: this.recovery,
			trimp: edwardsTrimp(this.zoneMs),
			measuredMs: this.measuredMs,
			activeMs,
			coverage: activeMs > 0 ? Math.min(1, this.measuredMs / activeMs) : null,
			peakBpm: this.peakBpm,
			peakPercentHrMax:
				this.peakBpm === null ? null : percentOfHrMax(this.peakBpm, this.#limits.hrMax),
			suggestedHrMax: this.suggestedHrMax
		};
	}

	#phaseSummary(span: PhaseSpan): PhaseSummary {
		const s = this.#phases.get(span.index);
		const judgedMs = Math.min(this.options.judgedWindowMs, span.activeMs);
		const inBandMs = s?.inBandMs ?? 0;
		const judgedInBandMs = s?.judgedInBandMs ?? 0;
		const peak = s?.peakBpm ?? null;
		return {
			phaseIndex: span.index,
			kind: span.phase.kind,
			kindIndex: s?.kindIndex ?? 0,
			durationMs: span.activeMs,
			measuredMs: s?.measuredMs ?? 0,
			inBandMs,
			inBandFraction: span.activeMs > 0 ? inBandMs / span.activeMs : null,
			judgedMs,
			judgedInBandMs,
			judgedInBandFraction: judgedMs > 0 ? judgedInBandMs / judgedMs : null,
			meanBpm: s ? meanBpm(s) : null,
			peakBpm: peak,
			peakPercentHrMax: peak === null ? null : percentOfHrMax(peak, this.#limits.hrMax),
			rpe: this.rpe.get(span.index) ?? null
		};
	}

	#phaseStats(phaseIndex: number, kind: PhaseKind, kindIndex: number): PhaseStats {
		let stats = this.#phases.get(phaseIndex);
		if (!stats) {
			stats = {
				phaseIndex,
				kind,
				kindIndex,
				measuredMs: 0,
				inBandMs: 0,
				judgedMeasuredMs: 0,
				judgedInBandMs: 0,
				readings: 0,
				sumBpm: 0,
				peakBpm: null
			};
			this.#phases.set(phaseIndex, stats);
		}
		return stats;
	}

	#credit(until: At): void {
		const p = this.#pending;
		if (!p || !p.phase) return;
		const ms = Math.max(0, Math.min(until - p.at, this.options.maxReadingWeightMs, p.phaseLeftMs));
		this.measuredMs += ms;
		this.zoneMs[p.zone] = (this.zoneMs[p.zone] ?? 0) + ms;
		p.phase.measuredMs += ms;
		if (p.inBand) p.phase.inBandMs += ms;
		if (p.judged) {
			p.phase.judgedMeasuredMs += ms;
			if (p.inBand) p.phase.judgedInBandMs += ms;
		}
		this.#pending = null;
	}

	// HRR needs the instant the last work interval ended and the HR a minute later; both are caught
	// on the fly so no history has to be kept.
	#watchRecovery(at: At, bpm: Bpm, state: SessionState): void {
		const previous = this.#previous;
		this.#previous = { at, bpm };
		if (
			state.phase?.kind === 'work' &&
			state.kindIndex === state.kindCount &&
			state.status !== 'done'
		) {
			this.#lastWorkIndex = state.phaseIndex;
			return;
		}
		const last = this.#lastWorkIndex;
		if (last === null || state.status === 'not-started') return;
		if (this.#lastWorkEndAt === null) {
			const followsLast = state.phaseIndex === last + 1 && state.phaseStartedAt !== null;
			this.#lastWorkEndAt = followsLast ? (state.phaseStartedAt ?? at) : (state.endedAt ?? at);
		}
		if (this.#hrrBpm !== undefined) return;
		const target = this.#lastWorkEndAt + this.options.hrrDelayMs;
		if (at < target) return;
		const tol = this.options.hrrToleranceMs;
		const prevNear = previous !== null && target - previous.at <= tol;
		if (at - target <= tol && prevNear && previous.at < target) {
			// Linear interpolation between the readings either side of +60 s.
			this.#hrrBpm =
				previous.bpm + ((bpm - previous.bpm) * (target - previous.at)) / (at - previous.at);
		} else if (at - target <= tol) this.#hrrBpm = bpm;
		else this.#hrrBpm = prevNear && previous ? previous.bpm : null;
	}
}
