import { bandInBpm } from './hr-max';
import type { TargetBand } from './protocol';
import type { Bpm, PercentHrMax } from './types';

/** One of the five display zones. */
export type Zone = 1 | 2 | 3 | 4 | 5;

/** Where a heart rate sits relative to the phase's target band. */
export type BandPosition = 'below' | 'in' | 'above';

/** Lower edges of zones 1–5 and the top of zone 5, in % HRmax (Polar/Garmin default). */
export const DEFAULT_ZONE_BOUNDS: readonly PercentHrMax[] = [50, 60, 70, 80, 90, 100];

/** Heart rate as a percentage of HRmax. */
export function percentOfHrMax(bpm: Bpm, hrMax: Bpm): PercentHrMax {
	return (bpm / hrMax) * 100;
}

/** True when bounds are six strictly increasing percentages. */
export function validZoneBounds(bounds: readonly PercentHrMax[]): boolean {
	return (
		bounds.length === 6 &&
		bounds.every((b, i) => Number.isFinite(b) && b > 0 && (i === 0 || b > (bounds[i - 1] ?? 0)))
	);
}

/**
 * The display zone of a heart rate: zone k covers [bounds[k-1], bounds[k]); anything at or above
 * the lower edge of zone 5 is zone 5 (above HRmax is a flag, not a sixth zone). Null below zone 1.
 */
export function zoneOf(
	bpm: Bpm,
	hrMax: Bpm,
	bounds: readonly PercentHrMax[] = DEFAULT_ZONE_BOUNDS
): Zone | null {
	const percent = percentOfHrMax(bpm, hrMax);
	for (let zone = 5; zone >= 1; zone--) {
		if (percent >= (bounds[zone - 1] ?? Infinity)) return zone as Zone;
	}
	return null;
}

/** Position of a heart rate against a target band; both edges count as in the band. */
export function bandPosition(
	bpm: Bpm,
	band: TargetBand,
	hrMax: Bpm,
	hrRest?: Bpm | null
): BandPosition {
	const { low, high } = bandInBpm(band, hrMax, hrRest);
	if (bpm < low) return 'below';
	if (bpm > high) return 'above';
	return 'in';
}
