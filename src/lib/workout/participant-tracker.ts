import {
	FLAG_DEFAULTS,
	FlagTracker,
	flagSpans,
	type Flag,
	type FlagEvent,
	type FlagOptions,
	type FlagSpan
} from './flags';
import { targetBandBpm, type ParticipantLimits } from './participant';
import type { TargetBand } from './protocol';
import type { Protocol } from './protocol';
import { RecentWindow, type TimedValue } from './recent-window';
import { TrustedValue } from './tile-view';
import {
	ArtefactFilter,
	MovingAverage,
	RrFilter,
	SIGNAL_DEFAULTS,
	type ArtefactReason,
	type SignalOptions
} from './signal';
import { STATS_DEFAULTS, SessionStats, type PhaseStats, type StatsOptions } from './stats';
import type { SessionSummary } from './summary';
import {
	SessionTimeline,
	type SessionState,
	type TimelineEvent,
	type TimelineReplay
} from './timeline';
import type { At, Bpm, HeartRateReading, Ms } from './types';

/** All of a tracker's thresholds in one place. */
export interface TrackerOptions {
	signal: SignalOptions;
	flags: FlagOptions;
	stats: StatsOptions;
	/** How much clean history the sparkline shows. */
	sparklineWindowMs: Ms;
	/** Ring-buffer size; enough for 4 readings a second over the window. */
	sparklineCapacity: number;
}

/** Default tracker options (each part has its own documented defaults). */
export const TRACKER_DEFAULTS: TrackerOptions = {
	signal: SIGNAL_DEFAULTS,
	flags: FLAG_DEFAULTS,
	stats: STATS_DEFAULTS,
	sparklineWindowMs: 120_000,
	sparklineCapacity: 480
};

/** What became of one reading. */
export interface ReadingVerdict {
	artefact: ArtefactReason | null;
	smoothedBpm: Bpm | null;
	/** RR intervals that passed the ±20 % rule. */
	rrMs: Ms[];
	flagEvents: FlagEvent[];
}

/** The report for one participant. */
export interface ParticipantSummary extends SessionSummary {
	flags: FlagSpan[];
	flagEvents: FlagEvent[];
	readings: number;
	artefacts: number;
	rr: { accepted: number; rejected: number };
}

/**
 * One participant's live picture: artefact filter, smoothing, flags and statistics, fed with
 * readings and ticks. O(1) per reading; replaying stored readings reproduces the live result.
 */
export class ParticipantTracker {
	readonly options: TrackerOptions;
	readonly limits: ParticipantLimits;
	/** The last value the artefact rule let through: the only kind a tile shows. */
	readonly trusted = new TrustedValue();
	readonly #artefacts: ArtefactFilter;
	readonly #rr: RrFilter;
	readonly #smoother: MovingAverage;
	readonly #flags: FlagTracker;
	readonly #stats: SessionStats;
	readonly #sparkline: RecentWindow;
	#smoothed: { at: At; bpm: Bpm } | null = null;
	#currentPhase: number | null = null;
	readings = 0;
	artefactCount = 0;
	battery: number | null = null;

	constructor(limits: ParticipantLimits, options: Partial<TrackerOptions> = {}) {
		this.options = { ...TRACKER_DEFAULTS, ...options };
		this.limits = limits;
		this.#artefacts = new ArtefactFilter(this.options.signal);
		this.#rr = new RrFilter(this.options.signal.rrTolerance);
		this.#smoother = new MovingAverage(this.options.signal.smoothingWindowMs);
		this.#flags = new FlagTracker(limits, this.options.flags);
		this.#stats = new SessionStats(limits, this.options.stats);
		this.#sparkline = new RecentWindow(
			this.options.sparklineWindowMs,
			this.options.sparklineCapacity
		);
	}

	/** Feeds one packet, with the session state at the packet's instant. */
	reading(reading: HeartRateReading, state: SessionState): ReadingVerdict {
		const { at, bpm } = reading;
		this.readings++;
		this.#currentPhase = state.phaseIndex;
		const artefact = this.#artefacts.check(reading);
		const rrMs = this.#rr.filter(reading.rrMs ?? []);
		if (artefact === null) {
			this.#smoother.push(at, bpm);
			this.#sparkline.push(at, bpm);
			this.#stats.add({ at, bpm }, state);
		} else this.artefactCount++;
		this.trusted.note(at, bpm, artefact);
		// Smoothing is sampled only at readings so the result never depends on the display loop.
		const smoothedBpm = this.#smoother.valueAt(at);
		if (artefact === null && smoothedBpm !== null) this.#smoothed = { at, bpm: smoothedBpm };
		const flagEvents = this.#flags.reading(
			{
				at,
				cleanBpm: artefact === null ? bpm : null,
				smoothedBpm,
				contact: reading.contact,
				implausible: artefact === 'out-of-range'
			},
			state
		);
		return { artefact, smoothedBpm, rrMs, flagEvents };
	}

	/** Feeds a battery level (0–100). */
	batteryLevel(at: At, level: number, state: SessionState): FlagEvent[] {
		this.battery = level;
		return this.#flags.battery(at, level, state);
	}

	/** Lets time pass without a packet; returns flags raised meanwhile. */
	tick(now: At, state: SessionState): FlagEvent[] {
		this.#currentPhase = state.phaseIndex;
		return this.#flags.tick(now, state);
	}

	/** Records RPE (6–20) for a phase; false when the value is not a Borg number. */
	recordRpe(phaseIndex: number, rpe: number): boolean {
		return this.#stats.recordRpe(phaseIndex, rpe);
	}

	/** Smoothed HR to show at `now`, or null when there is no fresh clean signal (show "—"). */
	smoothedBpm(now: At): Bpm | null {
		const s = this.#smoothed;
		if (
			!s ||
			this.#flags.active.has('no-signal') ||
			now - s.at >= this.options.signal.smoothingWindowMs
		) {
			return null;
		}
		return s.bpm;
	}

	/** A phase's target band in this participant's bpm. */
	bandBpm(band: TargetBand): { low: Bpm; high: Bpm } {
		return targetBandBpm(this.limits, band);
	}

	/** Flags up right now. */
	get activeFlags(): ReadonlySet<Flag> {
		return this.#flags.active;
	}

	/** All flag events so far. */
	get flagEvents(): readonly FlagEvent[] {
		return this.#flags.events;
	}

	/** Running totals of the phase under way (time in band this interval, mean, peak). */
	get currentPhaseStats(): PhaseStats | undefined {
		return this.#currentPhase === null ? undefined : this.#stats.phase(this.#currentPhase);
	}

	/** Running totals of any phase. */
	phaseStats(phaseIndex: number): PhaseStats | undefined {
		return this.#stats.phase(phaseIndex);
	}

	/** Clean bpm of the last couple of minutes, oldest first. */
	sparkline(now: At): TimedValue[] {
		return this.#sparkline.valuesAt(now);
	}

	/** The sparkline's points after `after`, oldest first (a live tile draws only what is new). */
	sparklineSince(after: At, fn: (at: At, bpm: Bpm) => void): void {
		this.#sparkline.forEachSince(after, fn);
	}

	/** Closes the session for this participant and builds the report. */
	summary(replay: TimelineReplay, endAt: At): ParticipantSummary {
		this.#stats.finish(endAt);
		this.#flags.close(endAt);
		return {
			...this.#stats.summary(replay.spans, replay.activeElapsedMs),
			flags: flagSpans(this.#flags.events),
			flagEvents: [...this.#flags.events],
			readings: this.readings,
			artefacts: this.artefactCount,
			rr: { accepted: this.#rr.accepted, rejected: this.#rr.rejected }
		};
	}
}

/** A stored battery level report. */
export interface BatteryReading {
	at: At;
	level: number;
}

/** Rebuilds a tracker from stored readings (after a reload, or for a report). */
export function replayParticipant(
	protocol: Pick<Protocol, 'phases'>,
	events: readonly TimelineEvent[],
	limits: ParticipantLimits,
	readings: readonly HeartRateReading[],
	batteries: readonly BatteryReading[] = [],
	options: Partial<TrackerOptions> = {}
): ParticipantTracker {
	const tracker = new ParticipantTracker(limits, options);
	// One replay of the timeline for all the readings (an hour is 3 600 questions).
	const timeline = new SessionTimeline(protocol, events);
	let b = 0;
	for (const reading of readings) {
		for (; b < batteries.length && (batteries[b]?.at ?? Infinity) <= reading.at; b++) {
			const battery = batteries[b];
			if (battery) tracker.batteryLevel(battery.at, battery.level, timeline.stateAt(battery.at));
		}
		tracker.reading(reading, timeline.stateAt(reading.at));
	}
	return tracker;
}
