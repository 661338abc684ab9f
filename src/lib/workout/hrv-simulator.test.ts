import { describe, expect, it } from 'vitest';
import { hrvCheck, HRV_CHECK_MS } from './hrv';
import { AT_REST, SimulatedParticipant } from './simulator';

/** Two minutes of packets at rest through the real parser, RR intervals collected. */
function restingRr(options: { sendsRr?: boolean; ectopicRate?: number }): number[] {
	const sut = new SimulatedParticipant({
		seed: 11,
		profile: 'on-target',
		hrMax: 185,
		hrRest: 58,
		fitness: 0.6,
		...options
	});
	const rr: number[] = [];
	for (let t = 0; t <= HRV_CHECK_MS; t += 1000) {
		const packet = sut.next(t, AT_REST);
		rr.push(...(packet?.rrMs ?? []));
	}
	return rr;
}

describe('simulated strap at rest', () => {
	it('sends a plausible RR series with a few ectopic beats that the HRV check removes', () => {
		const rr = restingRr({ ectopicRate: 0.02 });
		const result = hrvCheck(rr);
		expect(rr.length).toBeGreaterThan(120);
		expect(result.ok).toBe(true);
		expect(result.artefacts).toBeGreaterThan(0);
		expect(result.artefacts / result.beats).toBeLessThan(0.1);
		if (result.ok) {
			expect(result.rmssdMs).toBeGreaterThan(10);
			expect(result.rmssdMs).toBeLessThan(60);
			expect(result.restingHr).toBeGreaterThan(55);
			expect(result.restingHr).toBeLessThan(85);
		}
	});

	it('sends no RR when configured as a strap without RR', () => {
		expect(restingRr({ sendsRr: false })).toEqual([]);
		expect(hrvCheck([])).toMatchObject({ ok: false, reason: 'no-rr' });
	});
});
