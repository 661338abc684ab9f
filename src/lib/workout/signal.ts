import type { At, Bpm, Contact, Fraction, Ms } from './types';

/** Why a reading was set aside; null means it is clean. */
export type ArtefactReason = 'out-of-range' | 'jump' | 'no-contact';

/** Signal-quality thresholds [product choice, DOMAIN.md]. */
export interface SignalOptions {
	minBpm: Bpm;
	maxBpm: Bpm;
	/** A change larger than this versus the last accepted reading... */
	maxJumpBpm: Bpm;
	/** ...within this long is an artefact. */
	jumpWindowMs: Ms;
	/** Readings sent while the strap reports lost contact are not trusted. */
	rejectWithoutContact: boolean;
	/** Accept an RR interval within this share of the previous accepted one (Machado 2000). */
	rrTolerance: Fraction;
	/** Length of the moving average behind the smoothed heart rate. */
	smoothingWindowMs: Ms;
}

/** Default signal-quality thresholds. */
export const SIGNAL_DEFAULTS: SignalOptions = {
	minBpm: 30,
	maxBpm: 240,
	maxJumpBpm: 40,
	jumpWindowMs: 2000,
	rejectWithoutContact: true,
	rrTolerance: 0.2,
	smoothingWindowMs: 5000
};

/** A reading that passed the artefact rule. */
export interface AcceptedReading {
	at: At;
	bpm: Bpm;
}

/** The artefact rule for one reading, given the last accepted one (pure). */
export function artefactReason(
	reading: { at: At; bpm: Bpm; contact?: Contact },
	lastAccepted: AcceptedReading | null,
	options: SignalOptions = SIGNAL_DEFAULTS
): ArtefactReason | null {
	if (options.rejectWithoutContact && reading.contact === 'not-detected') return 'no-contact';
	if (reading.bpm < options.minBpm || reading.bpm > options.maxBpm) return 'out-of-range';
	// Compared with the last *accepted* reading, so a real change of level is accepted once the
	// window has passed instead of being rejected forever.
	if (
		lastAccepted &&
		reading.at - lastAccepted.at <= options.jumpWindowMs &&
		Math.abs(reading.bpm - lastAccepted.bpm) > options.maxJumpBpm
	) {
		return 'jump';
	}
	return null;
}

/** Marks artefacts in a stream of readings, remembering the last accepted one. */
export class ArtefactFilter {
	#last: AcceptedReading | null = null;

	constructor(private readonly options: SignalOptions = SIGNAL_DEFAULTS) {}

	/** Classifies a reading and, when clean, makes it the new reference. */
	check(reading: { at: At; bpm: Bpm; contact?: Contact }): ArtefactReason | null {
		const reason = artefactReason(reading, this.#last, this.options);
		if (reason === null) this.#last = { at: reading.at, bpm: reading.bpm };
		return reason;
	}
}

/** Filters RR intervals: each must be within ±tolerance of the previous accepted one. */
export class RrFilter {
	#last: Ms | null = null;
	#rejectedInARow = 0;
	accepted = 0;
	rejected = 0;

	constructor(private readonly tolerance: Fraction = SIGNAL_DEFAULTS.rrTolerance) {}

	/** Returns the RR intervals of one packet that pass the ±tolerance rule. */
	filter(rrMs: readonly Ms[]): Ms[] {
		const clean: Ms[] = [];
		for (const rr of rrMs) {
			// The first interval has nothing to compare with; it is taken if physiologically possible.
			const plausible = rr >= 250 && rr <= 2000;
			const ok =
				plausible &&
				(this.#last === null || Math.abs(rr - this.#last) <= this.tolerance * this.#last);
			if (ok) {
				clean.push(rr);
				this.#last = rr;
				this.#rejectedInARow = 0;
				this.accepted++;
			} else {
				this.rejected++;
				this.#rejectedInARow++;
				// After a run of rejections the reference itself may be the outlier: re-anchor.
				if (plausible && this.#rejectedInARow >= 3) {
					this.#last = rr;
					this.#rejectedInARow = 0;
				}
			}
		}
		return clean;
	}
}

/** Time-based moving average over clean readings; O(1) amortised per reading. */
export class MovingAverage {
	#times: At[] = [];
	#values: number[] = [];
	#head = 0;
	#sum = 0;

	constructor(private readonly windowMs: Ms = SIGNAL_DEFAULTS.smoothingWindowMs) {}

	/** Adds a value observed at `at` (times must not decrease). */
	push(at: At, value: number): void {
		this.#times.push(at);
		this.#values.push(value);
		this.#sum += value;
	}

	/** Mean of the values seen in (now − window, now]; null when there are none. */
	valueAt(now: At): number | null {
		while (
			this.#head < this.#times.length &&
			(this.#times[this.#head] ?? 0) <= now - this.windowMs
		) {
			this.#sum -= this.#values[this.#head] ?? 0;
			this.#head++;
		}
		// Compact now and then so memory stays bounded over a long session.
		if (this.#head > 256) {
			this.#times = this.#times.slice(this.#head);
			this.#values = this.#values.slice(this.#head);
			this.#head = 0;
		}
		const n = this.#times.length - this.#head;
		return n > 0 ? this.#sum / n : null;
	}
}
