import type { TargetBand } from './protocol';
import type { Bpm, PercentHrMax } from './types';

/** Population formulas for estimating HRmax from age. */
export type HrMaxFormula = 'nes' | 'tanaka' | 'fox';

/** Where a participant's HRmax came from. */
export type HrMaxSource = HrMaxFormula | 'measured';

/** The default estimate (Nes et al. 2013, recommended by NTNU). */
export const DEFAULT_HR_MAX_FORMULA: HrMaxFormula = 'nes';

/** Estimates HRmax from age in years, rounded to whole bpm. */
export function estimateHrMax(age: number, formula: HrMaxFormula = DEFAULT_HR_MAX_FORMULA): Bpm {
	switch (formula) {
		case 'nes':
			return Math.round(211 - 0.64 * age);
		case 'tanaka':
			return Math.round(208 - 0.7 * age);
		case 'fox':
			return Math.round(220 - age);
	}
}

/** What is known about a participant's HRmax. */
export interface HrMaxInput {
	measured?: Bpm | null;
	age?: number | null;
	formula?: HrMaxFormula;
}

/** Picks the HRmax to use: a measured value always wins over an estimate; null when neither exists. */
export function resolveHrMax(input: HrMaxInput): { bpm: Bpm; source: HrMaxSource } | null {
	if (input.measured != null && input.measured > 0)
		return { bpm: input.measured, source: 'measured' };
	if (input.age == null) return null;
	const formula = input.formula ?? DEFAULT_HR_MAX_FORMULA;
	return { bpm: estimateHrMax(input.age, formula), source: formula };
}

/** Karvonen: the heart rate at a share of the heart-rate reserve above resting. */
export function karvonenTarget(percent: PercentHrMax, hrMax: Bpm, hrRest: Bpm): Bpm {
	return hrRest + (percent / 100) * (hrMax - hrRest);
}

/** Heart rate at a percentage: of HRmax, or of the reserve when a resting HR is given. */
export function bpmAtPercent(percent: PercentHrMax, hrMax: Bpm, hrRest?: Bpm | null): Bpm {
	return hrRest != null ? karvonenTarget(percent, hrMax, hrRest) : (percent / 100) * hrMax;
}

/** A target band converted to bpm (not rounded: the edges are compared exactly). */
export function bandInBpm(
	band: TargetBand,
	hrMax: Bpm,
	hrRest?: Bpm | null
): { low: Bpm; high: Bpm } {
	return {
		low: bpmAtPercent(band.low, hrMax, hrRest),
		high: bpmAtPercent(band.high, hrMax, hrRest)
	};
}

/** The heart rate above which the safety alert fires: HRmax or a lower clinician-set ceiling. */
export function effectiveCeiling(hrMax: Bpm, ceiling?: Bpm | null): Bpm {
	return ceiling != null && ceiling > 0 ? Math.min(hrMax, ceiling) : hrMax;
}

/** Largest step when suggesting a higher HRmax (Myzone raises by ≤ 10 bpm at a time). */
export const HR_MAX_SUGGESTION_STEP: Bpm = 10;

/** A new HRmax to offer when a clean peak exceeded the current one; null when no change is due. */
export function suggestedHrMax(
	cleanPeak: Bpm | null,
	hrMax: Bpm,
	maxStep: Bpm = HR_MAX_SUGGESTION_STEP
): Bpm | null {
	if (cleanPeak == null || cleanPeak <= hrMax) return null;
	return Math.min(Math.round(cleanPeak), hrMax + maxStep);
}
