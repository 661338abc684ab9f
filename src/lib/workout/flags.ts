import { alertCeiling, targetBandBpm, type ParticipantLimits } from './participant';
import type { Contact } from './types';
import type { SessionState } from './timeline';
import type { At, Bpm, Ms } from './types';

/** Something the instructor should see on a participant's tile. */
export type Flag = 'under' | 'over' | 'above-max' | 'no-signal' | 'no-contact' | 'low-battery';

/** A flag going up or down; reports pair them into spans. */
export interface FlagEvent {
	flag: Flag;
	kind: 'raised' | 'cleared';
	at: At;
}

/** Flag thresholds [product choice, DOMAIN.md]. */
export interface FlagOptions {
	/** No under/over judgement this long into the first work interval (HR lags effort). */
	graceFirstIntervalMs: Ms;
	/** ...and this long into later work intervals. */
	graceLaterIntervalsMs: Ms;
	/** Smoothed HR must stay outside the band this long before under/over is raised. */
	holdMs: Ms;
	/** A flag clears only when HR is this far back on the right side of its edge. */
	hysteresisBpm: Bpm;
	/** No packet for this long raises no-signal. */
	noSignalMs: Ms;
	/** Battery at or below this percentage raises low-battery. */
	lowBatteryPercent: number;
}

/** Default flag thresholds. */
export const FLAG_DEFAULTS: FlagOptions = {
	graceFirstIntervalMs: 120_000,
	graceLaterIntervalsMs: 60_000,
	holdMs: 15_000,
	hysteresisBpm: 2,
	noSignalMs: 5_000,
	lowBatteryPercent: 15
};

/** One packet as the flag logic sees it. */
export interface FlagReading {
	at: At;
	/** The reading's bpm when it passed the artefact rule, else null. */
	cleanBpm: Bpm | null;
	/** Smoothed HR at this reading (clean readings only), null when none is recent. */
	smoothedBpm: Bpm | null;
	contact: Contact;
	/**
	 * The packet's heart rate is outside what a human heart does (0, 255, 65 535…). Many straps
	 * send 0 once they lose skin contact: such a packet is no sign of life, so it does not hold off
	 * no-signal.
	 */
	implausible?: boolean;
}

interface Judging {
	phaseIndex: number;
	graceEndAt: At;
	low: Bpm;
	high: Bpm;
}

/** The state the timeline was in when it moved to `state`: the instant of the change. */
function transitionAt(state: SessionState, now: At): At {
	if (state.status === 'paused') return state.pausedAt ?? now;
	if (state.status === 'done') return state.endedAt ?? now;
	return now - state.phaseElapsedMs;
}

/**
 * Raises and clears one participant's flags as readings and ticks arrive. Time-based flags get the
 * exact instant their threshold was crossed, so replaying stored readings without ticks gives the
 * same events as the live run.
 */
export class FlagTracker {
	readonly #limits: ParticipantLimits;
	readonly #options: FlagOptions;
	readonly #active = new Set<Flag>();
	readonly #events: FlagEvent[] = [];
	#watchingSince: At | null = null;
	#lastUpdate: At | null = null;
	#lastPacketAt: At | null = null;
	#judging: Judging | null = null;
	#belowSince: At | null = null;
	#aboveSince: At | null = null;
	#batch: FlagEvent[] = [];

	constructor(limits: ParticipantLimits, options: Partial<FlagOptions> = {}) {
		this.#limits = limits;
		this.#options = { ...FLAG_DEFAULTS, ...options };
	}

	/** Flags up right now. */
	get active(): ReadonlySet<Flag> {
		return this.#active;
	}

	/** Every flag event so far, in time order. */
	get events(): readonly FlagEvent[] {
		return this.#events;
	}

	/** Lets time pass without a packet (raises no-signal, under/over whose hold has elapsed). */
	tick(now: At, state: SessionState): FlagEvent[] {
		this.#moveTo(now, state);
		return this.#flush();
	}

	/** Feeds one packet (clean or artefact) received at `reading.at`. */
	reading(reading: FlagReading, state: SessionState): FlagEvent[] {
		const { at } = reading;
		this.#moveTo(at, state);
		if (!reading.implausible) {
			this.#lastPacketAt = at;
			this.#clear('no-signal', at);
		}
		if (reading.contact === 'not-detected') this.#raise('no-contact', at);
		else this.#clear('no-contact', at);
		if (reading.cleanBpm !== null) this.#judgeCeiling(reading.cleanBpm, at);
		if (this.#judging) this.#judgeBand(reading.smoothedBpm, at, this.#judging);
		return this.#flush();
	}

	/** Feeds a battery level (0–100) reported at `at`. */
	battery(at: At, level: number, state: SessionState): FlagEvent[] {
		this.#moveTo(at, state);
		if (level <= this.#options.lowBatteryPercent) this.#raise('low-battery', at);
		else this.#clear('low-battery', at);
		return this.#flush();
	}

	/** Clears every active flag at `at` so a report sees each flag as a closed span. */
	close(at: At): FlagEvent[] {
		for (const flag of [...this.#active]) this.#clear(flag, at);
		return this.#flush();
	}

	#judgeCeiling(bpm: Bpm, at: At): void {
		const ceiling = alertCeiling(this.#limits);
		// Safety first: raised on the first clean reading above, cleared only with a margin.
		if (bpm > ceiling) this.#raise('above-max', at);
		else if (bpm <= ceiling - this.#options.hysteresisBpm) this.#clear('above-max', at);
	}

	#judgeBand(smoothed: Bpm | null, at: At, judging: Judging): void {
		if (smoothed === null) {
			// Unknown is not out of band: stop the clocks but leave raised flags for the report.
			this.#belowSince = this.#aboveSince = null;
			return;
		}
		const h = this.#options.hysteresisBpm;
		this.#belowSince = smoothed < judging.low ? (this.#belowSince ?? at) : null;
		this.#aboveSince = smoothed > judging.high ? (this.#aboveSince ?? at) : null;
		if (smoothed >= judging.low + h) this.#clear('under', at);
		if (smoothed <= judging.high - h) this.#clear('over', at);
	}

	#moveTo(now: At, state: SessionState): void {
		this.#watchingSince ??= now;
		const next = this.#judgingFor(state, now);
		if ((next?.phaseIndex ?? null) !== (this.#judging?.phaseIndex ?? null)) {
			// The change happened between the previous update and now; never date it earlier.
			const floor = this.#lastUpdate ?? now;
			const at = Math.min(now, Math.max(transitionAt(state, now), floor));
			this.#advance(at);
			this.#clear('under', at);
			this.#clear('over', at);
			this.#judging = next;
			this.#belowSince = this.#aboveSince = null;
		}
		this.#advance(now);
		this.#lastUpdate = now;
	}

	#judgingFor(state: SessionState, now: At): Judging | null {
		const phase = state.phase;
		if (
			state.status !== 'running' ||
			!phase ||
			phase.kind !== 'work' ||
			state.phaseIndex === null
		) {
			return null;
		}
		if (this.#judging?.phaseIndex === state.phaseIndex) return this.#judging;
		const grace =
			state.kindIndex <= 1
				? this.#options.graceFirstIntervalMs
				: this.#options.graceLaterIntervalsMs;
		const band = targetBandBpm(this.#limits, phase.band);
		// Grace counts running time into the phase, so a pause during it does not eat it up.
		return {
			phaseIndex: state.phaseIndex,
			graceEndAt: now - state.phaseElapsedMs + grace,
			...band
		};
	}

	#advance(t: At): void {
		const signalRef = this.#lastPacketAt ?? this.#watchingSince;
		const lostAt = signalRef === null ? null : signalRef + this.#options.noSignalMs;
		const judging = this.#judging;
		if (judging) {
			const hold = this.#options.holdMs;
			const due = (since: At | null) =>
				since === null ? null : Math.max(since, judging.graceEndAt) + hold;
			// Without a signal nothing is known about the band: only holds completed before it was lost count.
			const raise = (flag: Flag, at: At | null) => {
				if (at !== null && at <= t && (lostAt === null || at < lostAt)) this.#raise(flag, at);
			};
			raise('under', due(this.#belowSince));
			raise('over', due(this.#aboveSince));
		}
		if (lostAt !== null && lostAt <= t) {
			this.#raise('no-signal', lostAt);
			this.#belowSince = this.#aboveSince = null;
		}
	}

	#raise(flag: Flag, at: At): void {
		if (this.#active.has(flag)) return;
		this.#active.add(flag);
		this.#batch.push({ flag, kind: 'raised', at });
	}

	#clear(flag: Flag, at: At): void {
		if (!this.#active.delete(flag)) return;
		this.#batch.push({ flag, kind: 'cleared', at });
	}

	#flush(): FlagEvent[] {
		const batch = this.#batch.sort((a, b) => a.at - b.at);
		this.#batch = [];
		this.#events.push(...batch);
		return batch;
	}
}

/** A flag's span in time, for reports; `to` is null while it is still up. */
export interface FlagSpan {
	flag: Flag;
	from: At;
	to: At | null;
}

/** Pairs raised/cleared events into spans. */
export function flagSpans(events: readonly FlagEvent[]): FlagSpan[] {
	const open = new Map<Flag, FlagSpan>();
	const spans: FlagSpan[] = [];
	for (const event of events) {
		if (event.kind === 'raised' && !open.has(event.flag)) {
			const span: FlagSpan = { flag: event.flag, from: event.at, to: null };
			open.set(event.flag, span);
			spans.push(span);
		} else if (event.kind === 'cleared') {
			const span = open.get(event.flag);
			if (span) span.to = event.at;
			open.delete(event.flag);
		}
	}
	return spans;
}
