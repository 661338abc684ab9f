/**
 * Simulated straps and people: the demo class, a solo "try it out", and a demo resumed after a
 * reload. Loaded by those only, not on the live screen's first load (issue 18).
 */
import { SimulatedStrap } from '$lib/ble/simulated-strap';
import type { SessionParticipant } from '$lib/db/types';
import { demoClass, SimulatedParticipant, type SimProfile } from '$lib/workout';
import type { LiveSession } from './live-session.svelte';

export { SimulatedStrap };

/** `size` demo participants: the demo class repeated with new seeds and numbered aliases. */
export function demoParticipants(seed: number, size: number) {
	const rounds = Math.ceil(size / 8);
	return Array.from({ length: rounds }, (_, round) =>
		demoClass(seed + round).map((d) =>
			round === 0 ? d : { ...d, id: `${d.id}-${round + 1}`, alias: `${d.alias} ${round + 1}` }
		)
	)
		.flat()
		.slice(0, size);
}

/**
 * A simulated strap for a participant, driven by the session's own timeline. The caller starts it
 * once it is attached and its tile shows (a class: once the session has started): its first
 * packet goes out at once, and a strap started before anyone listened lost it, so a tile's first
 * reading waited a second for the next one (issue 18).
 */
export function simulatedSourceFor(
	session: LiveSession,
	info: SessionParticipant,
	seed: number,
	sim: SimulatedParticipant = simulatedPerson(info, seed)
): SimulatedStrap {
	const strap = new SimulatedStrap(
		info.participantId,
		`Demo ${info.alias}`,
		sim,
		(at) => session.stateAt(at),
		session.clock
	);
	return strap;
}

/** The simulated physiology of a participant (their demo profile, or on-target). */
function simulatedPerson(info: SessionParticipant, seed: number): SimulatedParticipant {
	return new SimulatedParticipant({
		seed,
		profile: (info.simProfile as SimProfile | undefined) ?? 'on-target',
		hrMax: info.hrMax,
		hrRest: info.hrRest ?? 60,
		fitness: 0.6
	});
}
