// eslint-disable-next-line no-restricted-imports -- encoder moves to ble/ (issue 12)
import { encodeHeartRateMeasurement, type SensorContact } from '$lib/ble/heart-rate';
import type { PhaseKind } from './protocol';
import { mulberry32, uniform, type Random } from './prng';
import type { SessionState } from './timeline';
import { MINUTE, SECOND, type At, type Bpm, type Fraction, type Ms } from './types';

/** How a simulated participant behaves. */
export type SimProfile =
	'on-target' | 'under' | 'over' | 'late-starter' | 'drop-out' | 'loose-strap';

/** A simulated participant's physiology and behaviour. */
export interface SimParticipantOptions {
	seed: number;
	profile: SimProfile;
	/** The HRmax the app was told; the 'over' profile goes above it. */
	hrMax: Bpm;
	hrRest: Bpm;
	/** 0 (unfit) .. 1 (fit): fitter people respond and recover faster. */
	fitness: Fraction;
	/** Override the fitness-derived time constants. */
	onTauMs?: Ms;
	offTauMs?: Ms;
	/** Dead time before HR starts to follow a change of workload. */
	delayMs?: Ms;
	/** Measurement noise amplitude (uniform ±). */
	noiseBpm?: Bpm;
	/** Cardiac drift reached after 40 min of running time. */
	driftBpm?: Bpm;
	/** Starting battery level, 0–100. */
	battery?: number;
	/** Whether the strap sends RR intervals (some straps and watches do not). */
	sendsRr?: boolean;
	/** Share of beats that are ectopic (a premature beat and its compensatory pause). */
	ectopicRate?: Fraction;
}

/** One notification from a simulated strap: real GATT bytes plus its battery level. */
export interface SimPacket {
	bytes: Uint8Array;
	battery: number;
}

/** The part of the session state a simulated body responds to. */
export type SimSessionInfo = Pick<
	SessionState,
	'status' | 'phase' | 'kindIndex' | 'phaseElapsedMs' | 'activeElapsedMs'
>;

/** Effort in % HRmax (as a fraction) per phase kind for a profile [product choice, DOMAIN.md]. */
const EFFORT: Record<SimProfile, Record<PhaseKind, Fraction>> = {
	'on-target': { warmup: 0.66, work: 0.895, recovery: 0.66, cooldown: 0.62 },
	under: { warmup: 0.62, work: 0.79, recovery: 0.62, cooldown: 0.6 },
	over: { warmup: 0.7, work: 1.03, recovery: 0.72, cooldown: 0.64 },
	'late-starter': { warmup: 0.64, work: 0.9, recovery: 0.65, cooldown: 0.62 },
	'drop-out': { warmup: 0.66, work: 0.895, recovery: 0.66, cooldown: 0.62 },
	'loose-strap': { warmup: 0.66, work: 0.895, recovery: 0.66, cooldown: 0.62 }
};

/** The late starter dawdles this long into each work interval before pushing. */
const LATE_START_MS: Ms = 80 * SECOND;
/** The drop-out's strap goes silent in interval 2 between these offsets. */
const DROP_OUT: { interval: number; fromMs: Ms; toMs: Ms } = {
	interval: 2,
	fromMs: 60 * SECOND,
	toMs: 100 * SECOND
};
const STEP_MS: Ms = 250;

/**
 * A simulated body and strap. Heart rate follows the workload as a first-order system with a dead
 * time (on-τ 25–45 s, off-τ 40–80 s by fitness), plus drift and noise; RR intervals follow the
 * heart rate, and every packet is encoded exactly as a strap would send it.
 */
export class SimulatedParticipant {
	readonly options: Required<SimParticipantOptions>;
	readonly #random: Random;
	#hr: Bpm;
	#lastAt: At | null = null;
	#targets: { at: At; bpm: Bpm }[] = [];
	#target: Bpm;
	#beatBudget: Ms = 0;
	#nextRr: Ms;
	#contactLostUntil: At = -Infinity;
	#onSkinFor = 0;
	#battery: number;
	#compensatory: Ms | null = null;

	constructor(options: SimParticipantOptions) {
		const fit = Math.min(1, Math.max(0, options.fitness));
		this.options = {
			onTauMs: (45 - 20 * fit) * SECOND,
			offTauMs: (80 - 40 * fit) * SECOND,
			delayMs: 10 * SECOND,
			noiseBpm: options.profile === 'loose-strap' ? 6 : 2,
			driftBpm: 5,
			battery: 100,
			sendsRr: true,
			ectopicRate: 0,
			...options
		};
		this.#random = mulberry32(options.seed);
		this.#hr = options.hrRest + 10;
		this.#target = this.#hr;
		this.#nextRr = this.#drawRr();
		this.#battery = this.options.battery;
	}

	/** The heart rate the body has right now (no noise), for tests and benchmarks. */
	get trueBpm(): Bpm {
		return this.#hr;
	}

	/** Advances the body to `now` and returns the strap's packet, or null when it sends none. */
	next(now: At, session: SimSessionInfo): SimPacket | null {
		this.#advance(now, this.#workload(session));
		if (this.#silent(session)) return null;
		const contact = this.#contact(now);
		const bpm = this.#measured(contact);
		const beats = contact === 'detected' ? this.#beats() : [];
		const rrMs = this.options.sendsRr ? beats : [];
		const bytes = encodeHeartRateMeasurement({ bpm, contact, rrMs });
		return { bytes, battery: Math.round(this.#battery) };
	}

	#workload(session: SimSessionInfo): Bpm {
		const { hrMax, hrRest, profile, driftBpm } = this.options;
		const phase = session.phase;
		if (session.status !== 'running' || !phase) return hrRest + 15;
		let effort = EFFORT[profile][phase.kind];
		if (
			profile === 'late-starter' &&
			phase.kind === 'work' &&
			session.phaseElapsedMs < LATE_START_MS
		) {
			effort = EFFORT[profile].recovery;
		}
		const drift = driftBpm * Math.min(1, session.activeElapsedMs / (40 * MINUTE));
		return Math.max(hrRest, effort * hrMax) + drift;
	}

	#advance(now: At, workload: Bpm): void {
		const { delayMs, onTauMs, offTauMs } = this.options;
		this.#targets.push({ at: now, bpm: workload });
		let t = this.#lastAt ?? now;
		this.#lastAt = now;
		// Integrate in small steps so the dead time and both time constants apply mid-gap too.
		while (t < now) {
			const step = Math.min(STEP_MS, now - t);
			t += step;
			while (this.#targets.length > 0 && (this.#targets[0]?.at ?? Infinity) <= t - delayMs) {
				this.#target = this.#targets.shift()?.bpm ?? this.#target;
			}
			const tau = this.#target > this.#hr ? onTauMs : offTauMs;
			this.#hr += (this.#target - this.#hr) * (1 - Math.exp(-step / tau));
			this.#beatBudget += step;
			this.#battery = Math.max(0, this.#battery - step / (20 * MINUTE));
		}
	}

	#silent(session: SimSessionInfo): boolean {
		if (this.options.profile !== 'drop-out') return false;
		return (
			session.status === 'running' &&
			session.phase?.kind === 'work' &&
			session.kindIndex === DROP_OUT.interval &&
			session.phaseElapsedMs >= DROP_OUT.fromMs &&
			session.phaseElapsedMs < DROP_OUT.toMs
		);
	}

	#contact(now: At): SensorContact {
		if (this.options.profile !== 'loose-strap') return 'detected';
		if (now < this.#contactLostUntil) return 'not-detected';
		// About one spell of 5–20 s a minute.
		if (this.#random() < 1 / 60) {
			this.#contactLostUntil = now + uniform(this.#random, 5, 20) * SECOND;
			return 'not-detected';
		}
		return 'detected';
	}

	#measured(contact: SensorContact): Bpm {
		const noise = this.options.noiseBpm;
		let bpm = this.#hr + uniform(this.#random, -noise, noise);
		if (this.options.profile === 'loose-strap') {
			// A loose strap picks up motion: garbage while off the skin, the odd spike once it has
			// settled back on (a spike right after a spell could not be told from a real change).
			this.#onSkinFor = contact === 'detected' ? this.#onSkinFor + 1 : 0;
			if (contact === 'not-detected') bpm = uniform(this.#random, 0, 220);
			else if (this.#onSkinFor > 3 && this.#random() < 0.05) bpm += uniform(this.#random, 55, 80);
		}
		return Math.max(0, Math.min(255, Math.round(bpm)));
	}

	#drawRr(): Ms {
		if (this.#compensatory !== null) {
			const pause = this.#compensatory;
			this.#compensatory = null;
			return pause;
		}
		const rr = (60000 / this.#hr) * (1 + uniform(this.#random, -0.03, 0.03));
		// Drawn only when asked for, so the other profiles keep their random sequence.
		if (this.options.ectopicRate > 0 && this.#random() < this.options.ectopicRate) {
			// A premature beat, then a pause that makes up for it (the two add up to two beats).
			this.#compensatory = rr * 1.35;
			return rr * 0.65;
		}
		// A loose strap also mis-times the odd beat: the RR filter has something to reject.
		const misTimed = this.options.profile === 'loose-strap' && this.#random() < 0.03;
		return misTimed ? rr * 0.6 : rr;
	}

	#beats(): Ms[] {
		const rr: Ms[] = [];
		while (this.#beatBudget >= this.#nextRr) {
			this.#beatBudget -= this.#nextRr;
			rr.push(this.#nextRr);
			this.#nextRr = this.#drawRr();
		}
		// Straps send a handful at most; older beats are simply not reported.
		return rr.slice(-4);
	}
}

/** A body sitting still before any session: what a resting HRV check simulates. */
export const AT_REST: SimSessionInfo = {
	status: 'not-started',
	phase: null,
	kindIndex: 0,
	phaseElapsedMs: 0,
	activeElapsedMs: 0
};
