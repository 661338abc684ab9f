import { settings } from '$lib/settings/settings.svelte';
import { STATS_DEFAULTS, type TrackerOptions } from '$lib/workout';

/** Tracker options for reports: the zone edges the user chose in settings. */
export function reportOptions(): Partial<TrackerOptions> {
	return { stats: { ...STATS_DEFAULTS, zoneBounds: [...settings.value.zoneBounds, 100] } };
}
