import { SECOND, type Bpm, type Fraction, type Ms } from './types';

/** Options of the resting heart-rate variability check [product choices, DOMAIN.md]. */
export interface HrvOptions {
	/** An RR differing from its local median by more than this is an artefact (common HRV software). */
	thresholdMs: Ms;
	/** Beats on each side of an RR that make up its local median. */
	halfWindow: number;
	/** A result is refused when more than this share of the RR intervals was removed. */
	maxArtefactShare: Fraction;
	/** Fewest clean successive differences a result needs. */
	minPairs: number;
}

/** Default HRV check options. */
export const HRV_DEFAULTS: HrvOptions = {
	thresholdMs: 250,
	halfWindow: 5,
	maxArtefactShare: 0.2,
	minPairs: 30
};

/** Length of the check: 120 s agrees with 5-minute recordings at r ≈ 0.99 (Munoz 2015). */
export const HRV_CHECK_MS: Ms = 120 * SECOND;

/** Median of a non-empty list. */
function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Per RR interval, whether it is kept: within the threshold of the median of its neighbourhood. */
export function cleanRr(rr: readonly Ms[], options: HrvOptions = HRV_DEFAULTS): boolean[] {
	return rr.map((value, i) => {
		const from = Math.max(0, i - options.halfWindow);
		const local = median(rr.slice(from, i + options.halfWindow + 1));
		return Math.abs(value - local) <= options.thresholdMs;
	});
}

/**
 * RMSSD (Task Force 1996): root mean square of successive differences, taken only between two
 * kept intervals that were neighbours in the recording, so a removed beat adds no false jump.
 */
export function rmssd(rr: readonly Ms[], kept: readonly boolean[] = rr.map(() => true)): Ms | null {
	let sum = 0;
	let pairs = 0;
	for (let i = 1; i < rr.length; i++) {
		if (!kept[i] || !kept[i - 1]) continue;
		const d = (rr[i] ?? 0) - (rr[i - 1] ?? 0);
		sum += d * d;
		pairs++;
	}
	return pairs > 0 ? Math.sqrt(sum / pairs) : null;
}

/** What one check gives: a result, or why it was refused, with the artefact count either way. */
export type HrvResult =
	| {
			ok: true;
			rmssdMs: Ms;
			restingHr: Bpm;
			beats: number;
			artefacts: number;
	  }
	| {
			ok: false;
			reason: 'no-rr' | 'too-few' | 'too-many-artefacts';
			beats: number;
			artefacts: number;
	  };

/** Computes a resting HRV check from the RR intervals (ms) recorded during it. */
export function hrvCheck(rr: readonly Ms[], options: HrvOptions = HRV_DEFAULTS): HrvResult {
	const beats = rr.length;
	if (beats === 0) return { ok: false, reason: 'no-rr', beats, artefacts: 0 };
	const kept = cleanRr(rr, options);
	const artefacts = kept.filter((k) => !k).length;
	if (artefacts / beats > options.maxArtefactShare)
		return { ok: false, reason: 'too-many-artefacts', beats, artefacts };
	const pairs = kept.filter((k, i) => k && kept[i - 1]).length;
	const value = rmssd(rr, kept);
	if (value === null || pairs < options.minPairs)
		return { ok: false, reason: 'too-few', beats, artefacts };
	const clean = rr.filter((_, i) => kept[i]);
	const meanRr = clean.reduce((s, x) => s + x, 0) / clean.length;
	return { ok: true, rmssdMs: value, restingHr: 60000 / meanRr, beats, artefacts };
}

/** A person's own HRV baseline: the rolling mean and usual range of their last checks. */
export interface HrvBaseline {
	meanMs: Ms;
	lowMs: Ms;
	highMs: Ms;
	count: number;
}

/** Checks a baseline is built from, and the fewest that make one [product choice]. */
export const BASELINE_CHECKS = 7;
export const BASELINE_MIN_CHECKS = 3;

/**
 * Baseline from earlier RMSSD values (oldest first): mean ± one standard deviation of the last
 * `BASELINE_CHECKS`; null until there are `BASELINE_MIN_CHECKS`.
 */
export function hrvBaseline(previous: readonly Ms[]): HrvBaseline | null {
	const last = previous.slice(-BASELINE_CHECKS);
	if (last.length < BASELINE_MIN_CHECKS) return null;
	const mean = last.reduce((s, x) => s + x, 0) / last.length;
	const sd = Math.sqrt(last.reduce((s, x) => s + (x - mean) ** 2, 0) / (last.length - 1));
	return { meanMs: mean, lowMs: mean - sd, highMs: mean + sd, count: last.length };
}

/** How a value compares with the person's own usual range, in plain words (never a diagnosis). */
export type HrvComparison = 'higher' | 'lower' | 'usual' | 'no-baseline';

/** Compares a new RMSSD with the person's baseline. */
export function compareHrv(value: Ms, baseline: HrvBaseline | null): HrvComparison {
	if (!baseline) return 'no-baseline';
	if (value > baseline.highMs) return 'higher';
	if (value < baseline.lowMs) return 'lower';
	return 'usual';
}

/** One earlier check as the participant page lists it. */
export interface HrvHistoryRow {
	at: number;
	rmssdMs: Ms | null;
	restingHr: number | null;
	artefacts: number;
	beats: number;
	/** Compared with the baseline of the checks before it; null for a refused check. */
	comparison: HrvComparison | null;
}

/**
 * A person's checks (any order) as history rows, newest first, at most `limit`: each compared
 * with the baseline of the checks that came before it, as it was told at the time.
 */
export function hrvHistory(
	checks: readonly {
		at: number;
		rmssdMs?: Ms;
		restingHr?: number;
		artefacts: number;
		beats: number;
	}[],
	limit = BASELINE_CHECKS
): HrvHistoryRow[] {
	const sorted = [...checks].sort((a, b) => a.at - b.at);
	const earlier: Ms[] = [];
	const rows: HrvHistoryRow[] = [];
	for (const c of sorted) {
		const value = c.rmssdMs ?? null;
		rows.push({
			at: c.at,
			rmssdMs: value,
			restingHr: c.restingHr ?? null,
			artefacts: c.artefacts,
			beats: c.beats,
			comparison: value === null ? null : compareHrv(value, hrvBaseline(earlier))
		});
		if (value !== null) earlier.push(value);
	}
	return rows.slice(-limit).reverse();
}
