import { FLAG_DEFAULTS, STATS_DEFAULTS, type TrackerOptions } from '$lib/workout';
import { settings } from './settings.svelte';

/**
 * Engine options from the user's settings (zone edges, flag thresholds). The live screen and the
 * reports both use it, so a report judges a session the way the screen did.
 */
export function trackerOptionsFromSettings(): Partial<TrackerOptions> {
	const f = settings.value.flags;
	return {
		stats: { ...STATS_DEFAULTS, zoneBounds: [...settings.value.zoneBounds, 100] },
		flags: {
			...FLAG_DEFAULTS,
			graceFirstIntervalMs: f.graceFirstS * 1000,
			graceLaterIntervalsMs: f.graceLaterS * 1000,
			holdMs: f.holdS * 1000,
			hysteresisBpm: f.hysteresisBpm,
			noSignalMs: f.noSignalS * 1000,
			lowBatteryPercent: f.lowBatteryPercent
		}
	};
}
