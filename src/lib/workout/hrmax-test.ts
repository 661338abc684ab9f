import { DEFAULT_BANDS, type Protocol } from './protocol';
import { ArtefactFilter, SIGNAL_DEFAULTS, type SignalOptions } from './signal';
import type { Contact } from './types';
import { MINUTE, type At, type Bpm } from './types';

/** Id of the built-in guided HRmax field test. */
export const HRMAX_TEST_ID = 'hrmax-test';

/**
 * NTNU CERG's HRmax field test (DOMAIN.md): a thorough warm-up, two 4-minute intervals hard
 * enough that talking is difficult, then a third whose last 2 minutes are all-out. Split into
 * 2 + 2 minutes so the all-out part is its own phase with its own cue; the highest HR is HRmax.
 */
export const HRMAX_TEST_PROTOCOL: Protocol = {
	id: HRMAX_TEST_ID,
	name: 'HRmax test',
	builtIn: true,
	phases: [
		{ kind: 'warmup', durationMs: 10 * MINUTE, band: DEFAULT_BANDS.warmup },
		{ kind: 'work', durationMs: 4 * MINUTE, band: DEFAULT_BANDS.work },
		{ kind: 'recovery', durationMs: 3 * MINUTE, band: DEFAULT_BANDS.recovery },
		{ kind: 'work', durationMs: 4 * MINUTE, band: DEFAULT_BANDS.work },
		{ kind: 'recovery', durationMs: 3 * MINUTE, band: DEFAULT_BANDS.recovery },
		{ kind: 'work', durationMs: 2 * MINUTE, band: DEFAULT_BANDS.work },
		{ kind: 'work', durationMs: 2 * MINUTE, band: { low: 95, high: 105 }, effort: 'all-out' },
		{ kind: 'cooldown', durationMs: 5 * MINUTE, band: DEFAULT_BANDS.cooldown }
	]
};

/** The highest trusted heart rate of a test: readings the artefact rule rejects never count. */
export function fieldTestPeak(
	readings: readonly { at: At; bpm: Bpm; contact?: Contact }[],
	options: SignalOptions = SIGNAL_DEFAULTS
): Bpm | null {
	const filter = new ArtefactFilter(options);
	let peak: Bpm | null = null;
	for (const r of readings) {
		if (filter.check(r) !== null) continue;
		if (peak === null || r.bpm > peak) peak = r.bpm;
	}
	return peak;
}
