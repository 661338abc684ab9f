/**
 * Units used across the engine. Plain number aliases rather than brands: they document intent in
 * every signature without forcing casts on callers that read numbers from storage.
 */

/** A duration in milliseconds. */
export type Ms = number;

/** An instant on the app clock in milliseconds (whatever `Date.now()` or a test clock says). */
export type At = number;

/** Heart rate in beats per minute. */
export type Bpm = number;

/** A share of the participant's maximal heart rate, 0–100 (may exceed 100 above HRmax). */
export type PercentHrMax = number;

/** A share 0..1. */
export type Fraction = number;

/** One second in milliseconds. */
export const SECOND: Ms = 1000;

/** One minute in milliseconds. */
export const MINUTE: Ms = 60 * SECOND;
