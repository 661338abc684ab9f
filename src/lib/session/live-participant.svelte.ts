import type { HeartRateReading, HeartRateSource } from '$lib/ble/source';
import type { SessionParticipant } from '$lib/db/types';
import {
	ArtefactFilter,
	ParticipantTracker,
	SIGNAL_DEFAULTS,
	TrustedValue,
	tileState,
	type FlagEvent,
	type SessionState,
	type SourceLink,
	type TargetState,
	type TileFlag,
	type TileState,
	type TrackerOptions,
	type Zone
} from '$lib/workout';

export type { TileFlag } from '$lib/workout';

/** The strap attribute of a tile (DESIGN.md test hooks). */
export type StrapStatus = 'connected' | 'reconnecting' | 'disconnected' | 'hub-offline' | 'none';

/** Sparkline geometry: the last 2 minutes drawn into a 120 × 40 box, 60–200 bpm. */
export const SPARK = { width: 120, height: 40, windowMs: 120_000, low: 60, high: 200 };

/** Where a bpm value sits in the sparkline's box (0 at the top). */
export function sparkY(bpm: number): number {
	const { height, low, high } = SPARK;
	return height - ((Math.min(high, Math.max(low, bpm)) - low) / (high - low)) * height;
}

/**
 * Everything a tile renders: the engine's `TileState` plus who it is and their strap. A live
 * participant, or a plain copy of one sent by the tab recording it.
 */
export interface TileView extends TileState {
	readonly id: string;
	readonly alias: string;
	readonly strap: StrapStatus;
	/** The hub forwarding their strap (its device name), or '' for a strap on the recording device. */
	readonly hub: string;
	/** On a hub: the other hub their strap has moved to (the display said so), else ''. */
	readonly movedTo?: string;
	readonly battery: number | null;
	/** The sparkline as SVG polyline points (a copy sent to a watching tab). */
	readonly sparkline: string;
	/**
	 * A live tile's sparkline instead: the instant it is drawn at (null: nothing yet), and its
	 * points after an instant, so the tile adds only the new ones to what it has drawn.
	 */
	readonly trendAt?: number | null;
	trendSince?(after: number, fn: (at: number, bpm: number) => void): void;
	readonly rpe: Readonly<Record<number, number>>;
	readonly stoppedEarly: boolean;
	readonly readings: number;
	/** Their above-max alarm sounds (not yet acknowledged). */
	readonly alarmSounding: boolean;
}

/**
 * One participant on the live screen: the engine's tracker, and reactive copies of the engine's
 * tile state. It holds no subscriptions and makes no decisions: `LiveSession.attach` feeds it, and
 * `tileState` (the engine) decides what it says. Fields change only when their value changes, so
 * one reading re-renders only what changed on one tile.
 */
export class LiveParticipant implements TileView {
	readonly tracker: ParticipantTracker | null;
	/** The source feeding this tile, for its name and state (LiveSession owns the subscription). */
	source = $state.raw<HeartRateSource | null>(null);
	bpm = $state<number | null>(null);
	percent = $state<number | null>(null);
	zone = $state<Zone | null>(null);
	target = $state<TargetState | null>(null);
	flags = $state<readonly TileFlag[]>([]);
	checkStrap = $state(false);
	strap = $state<StrapStatus>('none');
	/** The hub forwarding this person's strap (its device name), or '' for a strap on this device. */
	hub = $state('');
	/** On a hub: the other hub this person's strap has moved to, else ''. */
	movedTo = $state('');
	battery = $state<number | null>(null);
	timeInBandMs = $state(0);
	trendAt = $state<number | null>(null);
	/** RPE by work-interval number (1-based). */
	rpe = $state<Record<number, number>>({});
	stoppedEarly = $state(false);
	alarmSounding = $state(false);
	/** Readings received (shown as a data attribute so tests can compare with what was stored). */
	readings = $state(0);
	/** Without a tracker (a strap not yet given a person) the artefact rule still applies. */
	readonly #filter: ArtefactFilter | null;
	readonly #trusted: TrustedValue;

	constructor(
		readonly info: SessionParticipant,
		options: Partial<TrackerOptions>,
		readonly freshMs: number
	) {
		this.tracker =
			info.hrMax > 0
				? new ParticipantTracker(
						{
							hrMax: info.hrMax,
							hrRest: info.hrRest,
							ceiling: info.ceiling,
							targetBasis: info.targetBasis
						},
						options
					)
				: null;
		this.#filter = this.tracker ? null : new ArtefactFilter(options.signal ?? SIGNAL_DEFAULTS);
		this.#trusted = this.tracker?.trusted ?? new TrustedValue();
	}

	get id(): string {
		return this.info.participantId;
	}

	get alias(): string {
		return this.info.alias;
	}

	/** The sparkline as points (built only for a copy: the live tile draws from `trendSince`). */
	get sparkline(): string {
		const at = this.trendAt;
		return this.tracker && at !== null ? sparklinePoints(this.tracker.sparkline(at), at) : '';
	}

	trendSince(after: number, fn: (at: number, bpm: number) => void): void {
		this.tracker?.sparklineSince(after, fn);
	}

	/** A plain copy of what the tile shows now (for a tab that watches read-only). */
	snapshot(): TileView {
		return {
			id: this.id,
			alias: this.alias,
			bpm: this.bpm,
			percent: this.percent,
			zone: this.zone,
			target: this.target,
			flags: [...this.flags],
			checkStrap: this.checkStrap,
			strap: this.strap,
			hub: this.hub,
			movedTo: this.movedTo,
			battery: this.battery,
			timeInBandMs: this.timeInBandMs,
			sparkline: this.sparkline,
			rpe: { ...this.rpe },
			stoppedEarly: this.stoppedEarly,
			readings: this.readings,
			alarmSounding: this.alarmSounding
		};
	}

	/** Feeds one reading through the engine; returns the flag events it caused. */
	reading(reading: HeartRateReading, state: SessionState): FlagEvent[] {
		this.readings++;
		let events: FlagEvent[] = [];
		if (this.tracker) {
			events = this.tracker.reading(reading, state).flagEvents;
			this.trendAt = reading.at;
		} else if (this.#filter) {
			this.#trusted.note(reading.at, reading.bpm, this.#filter.check(reading));
		}
		this.show(reading.at, state);
		return events;
	}

	/** Lets time pass: flags such as no-signal, and the staleness of the number shown. */
	tick(now: number, state: SessionState): FlagEvent[] {
		const events = this.tracker?.tick(now, state) ?? [];
		this.show(now, state);
		return events;
	}

	/** Feeds a battery level change. */
	batteryLevel(at: number, level: number, state: SessionState): FlagEvent[] {
		this.battery = level;
		return this.tracker?.batteryLevel(at, level, state) ?? [];
	}

	/** Takes the source's current state and battery (after a status change). */
	sourceChanged(source: HeartRateSource | null): void {
		this.source = source;
		const state = source?.state;
		this.hub = source?.hub ?? '';
		this.strap =
			state === undefined
				? 'none'
				: state === 'connected'
					? 'connected'
					: source?.hubOnline === false
						? 'hub-offline'
						: state === 'disconnected'
							? 'disconnected'
							: 'reconnecting';
		if (source?.battery != null) this.battery = source.battery;
	}

	/** Shows what the engine says the tile is at `now`. */
	show(now: number, state: SessionState): void {
		// Moved to another hub: "—" here at once, as for a link that is down (without its flag).
		const link: SourceLink = this.movedTo
			? 'down'
			: this.strap === 'none'
				? 'none'
				: this.strap === 'reconnecting'
					? 'down'
					: this.strap === 'hub-offline'
						? 'hub-offline'
						: 'up';
		const view = tileState({
			now,
			state,
			trusted: this.#trusted,
			tracker: this.tracker,
			freshMs: this.freshMs,
			link
		});
		if (this.bpm !== view.bpm) this.bpm = view.bpm;
		if (this.percent !== view.percent) this.percent = view.percent;
		if (this.zone !== view.zone) this.zone = view.zone;
		if (this.target !== view.target) this.target = view.target;
		if (this.timeInBandMs !== view.timeInBandMs) this.timeInBandMs = view.timeInBandMs;
		if (this.checkStrap !== view.checkStrap) this.checkStrap = view.checkStrap;
		// Their strap is on another hub now: this device's silence says nothing about them.
		const flags = this.movedTo ? [] : view.flags;
		if (flags.join(' ') !== this.flags.join(' ')) this.flags = flags;
	}
}

/** SVG polyline points for the last two minutes of clean heart rate. */
export function sparklinePoints(
	values: readonly { at: number; value: number }[],
	now: number
): string {
	const { width, windowMs } = SPARK;
	return values
		.map(({ at, value }) => {
			const x = width - ((now - at) / windowMs) * width;
			return `${x.toFixed(1)},${sparkY(value).toFixed(1)}`;
		})
		.join(' ');
}
