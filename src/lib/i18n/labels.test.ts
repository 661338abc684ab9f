import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';
import { HRMAX_TEST_PROTOCOL, kindPosition, type Phase } from '$lib/workout';
import { phaseKindName, phaseName } from './labels';

describe('phase names (shown and spoken)', () => {
	it('names the HRmax test’s last 2 minutes "All out now", not an ordinary interval', () => {
		const phases = HRMAX_TEST_PROTOCOL.phases;
		const allOut = phases.findIndex((p) => p.effort === 'all-out');
		expect(phases[allOut]?.durationMs).toBe(2 * 60_000);
		const { index, count } = kindPosition(HRMAX_TEST_PROTOCOL, allOut);
		expect(phaseName(phases[allOut]!, index, count)).toBe('All out now');
		expect(phaseName(phases[allOut]!, index, count)).not.toMatch(/Interval/);
		// The interval before it still reads as one.
		const before = kindPosition(HRMAX_TEST_PROTOCOL, allOut - 1);
		expect(phaseName(phases[allOut - 1]!, before.index, before.count)).toBe('Interval 3 of 4');
	});

	it('has the all-out cue in bokmål too', () => {
		expect(m.phase_all_out({}, { locale: 'nb' })).toBe('Full innsats nå');
		expect(m.phase_all_out({}, { locale: 'en' })).toBe('All out now');
	});

	it('keeps a phase’s own label first', () => {
		const phase: Phase = {
			kind: 'work',
			durationMs: 60_000,
			band: { low: 95, high: 105 },
			effort: 'all-out',
			label: 'Sprint'
		};
		expect(phaseName(phase, 1, 1)).toBe('Sprint');
		expect(phaseName({ ...phase, label: undefined, effort: undefined }, 2, 4)).toBe(
			'Interval 2 of 4'
		);
	});
});

describe('phase kinds in the protocol editor', () => {
	it('names each kind without a place in the session ("Interval", never "Interval 0 of 0")', () => {
		const names = (['warmup', 'work', 'recovery', 'cooldown'] as const).map(phaseKindName);
		expect(names).toEqual(['Warm-up', 'Interval', 'Active recovery', 'Cool-down']);
		for (const name of names) expect(name).not.toMatch(/\d/);
	});
});
