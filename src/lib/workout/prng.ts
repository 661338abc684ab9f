/** A seeded random source returning numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: a tiny, fast seeded PRNG, so simulations and tests are reproducible. */
export function mulberry32(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A uniform number in [low, high). */
export function uniform(random: Random, low: number, high: number): number {
	return low + (high - low) * random();
}
