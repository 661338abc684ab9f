import { trackerOptionsFromSettings } from '$lib/settings/tracker-options';
import type { TrackerOptions } from '$lib/workout';

/** Tracker options for reports: the same zone edges and flag thresholds as the live screen. */
export function reportOptions(): Partial<TrackerOptions> {
	return trackerOptionsFromSettings();
}
