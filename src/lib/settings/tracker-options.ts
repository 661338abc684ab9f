import { FLAG_DEFAULTS, STATS_DEFAULTS, type TrackerOptions } from '$lib/workout';
import { settings, type Settings } from './settings.svelte';

/** Engine options from zone edges and flag thresholds (today's settings or a session's snapshot). */
export function trackerOptionsFrom(
	source:
		Pick<Settings, 'zoneBounds' | 'flags'> | { zoneBounds: number[]; flags: Settings['flags'] }
): Partial<TrackerOptions> {
	const f = source.flags;
	return {
		stats: { ...STATS_DEFAULTS, zoneBounds: [...source.zoneBounds, 100] },
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

/**
 * Engine options from the user's settings (zone edges, flag thresholds). The live screen uses it;
 * reports use the snapshot a session keeps of them (see report/judged-with.ts).
 */
export function trackerOptionsFromSettings(): Partial<TrackerOptions> {
	return trackerOptionsFrom(settings.value);
}
