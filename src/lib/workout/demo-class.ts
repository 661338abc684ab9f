import { estimateHrMax } from './hr-max';
import { SimulatedParticipant, type SimProfile } from './simulator';
import type { Bpm } from './types';

/** One simulated member of the demo class. */
export interface DemoParticipant {
	/** Source id, in the `sim:<n>` form HeartRateSource uses for simulated straps. */
	id: string;
	alias: string;
	age: number;
	hrMax: Bpm;
	hrRest: Bpm;
	profile: SimProfile;
	sim: SimulatedParticipant;
}

const ROSTER: {
	alias: string;
	age: number;
	profile: SimProfile;
	fitness: number;
	battery?: number;
}[] = [
	{ alias: 'Ask', age: 34, profile: 'on-target', fitness: 0.7 },
	{ alias: 'Bjørk', age: 52, profile: 'on-target', fitness: 0.4 },
	{ alias: 'Eik', age: 45, profile: 'under', fitness: 0.3 },
	{ alias: 'Gran', age: 28, profile: 'over', fitness: 0.8 },
	{ alias: 'Hassel', age: 61, profile: 'late-starter', fitness: 0.4 },
	{ alias: 'Lind', age: 39, profile: 'drop-out', fitness: 0.6 },
	{ alias: 'Osp', age: 47, profile: 'loose-strap', fitness: 0.5 },
	{ alias: 'Rogn', age: 24, profile: 'on-target', fitness: 0.9, battery: 14 }
];

/** Eight simulated participants with mixed profiles and tree-name aliases, reproducible by seed. */
export function demoClass(seed = 1): DemoParticipant[] {
	return ROSTER.map((p, i) => {
		const hrMax = estimateHrMax(p.age);
		const hrRest = Math.round(75 - 25 * p.fitness);
		const sim = new SimulatedParticipant({
			seed: seed * 1000 + i,
			profile: p.profile,
			hrMax,
			hrRest,
			fitness: p.fitness,
			battery: p.battery ?? 100 - i * 7
		});
		return {
			id: `sim:${i + 1}`,
			alias: p.alias,
			age: p.age,
			hrMax,
			hrRest,
			profile: p.profile,
			sim
		};
	});
}
