import type { HeartRateReading, HeartRateSource } from '$lib/ble/source';
import type { SessionParticipant } from '$lib/db/types';
import {
	ArtefactFilter,
	ParticipantTracker,
	SIGNAL_DEFAULTS,
	type ArtefactReason,
	percentOfHrMax,
	zoneOf,
	type BandPosition,
	type FlagEvent,
	type SessionState,
	type TrackerOptions,
	type Zone
} from '$lib/workout';

/** The strap attribute of a tile (DESIGN.md test hooks). */
export type StrapStatus = 'connected' | 'reconnecting' | 'disconnected' | 'none';

/** Flags as tiles show them: the engine's flags plus the strap's reconnecting state. */
export type TileFlag =
	'under' | 'over' | 'above-max' | 'no-signal' | 'no-contact' | 'low-battery' | 'reconnecting';

const FLAG_ORDER: TileFlag[] = [
	'above-max',
	'under',
	'over',
	'no-signal',
	'no-contact',
	'reconnecting',
	'low-battery'
];

/** Sparkline geometry: the last 2 minutes drawn into a 120 × 40 box, 60–200 bpm. */
const SPARK = { width: 120, height: 40, windowMs: 120_000, low: 60, high: 200 };

/** Everything a tile renders: a live participant, or a copy of one sent by the tab recording it. */
export interface TileView {
	readonly id: string;
	readonly alias: string;
	readonly bpm: number | null;
	readonly percent: number | null;
	readonly zone: Zone | null;
	readonly position: BandPosition | null;
	readonly flags: readonly TileFlag[];
	readonly strap: StrapStatus;
	readonly battery: number | null;
	readonly timeInBandMs: number;
	readonly sparkline: string;
	readonly rpe: Readonly<Record<number, number>>;
	readonly stoppedEarly: boolean;
	readonly readings: number;
}

/**
 * One participant on the live screen: the engine's tracker plus the reactive fields a tile shows.
 * Fields change only when a reading or a tick changes them, so one reading re-renders one tile.
 */
export class LiveParticipant implements TileView {
	readonly tracker: ParticipantTracker | null;
	source: HeartRateSource | null = null;
	bpm = $state<number | null>(null);
	percent = $state<number | null>(null);
	zone = $state<Zone | null>(null);
	position = $state<BandPosition | null>(null);
	flags = $state<TileFlag[]>([]);
	strap = $state<StrapStatus>('none');
	battery = $state<number | null>(null);
	timeInBandMs = $state(0);
	sparkline = $state('');
	/** RPE by work-interval number (1-based). */
	rpe = $state<Record<number, number>>({});
	stoppedEarly = $state(false);
	/** Readings received (shown as a data attribute so tests can compare with what was stored). */
	readings = $state(0);
	/** The last packet and what the engine made of it (null: clean). */
	#lastPacket: { at: number; artefact: ArtefactReason | null } | null = null;
	/** The last packet the engine trusted: the only kind of value a tile ever shows. */
	#lastTrusted: HeartRateReading | null = null;
	/** Without a tracker (a strap not yet given a person) the artefact rule still applies. */
	readonly #filter: ArtefactFilter | null;
	#unsubscribe: (() => void)[] = [];

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
	}

	get id(): string {
		return this.info.participantId;
	}

	get alias(): string {
		return this.info.alias;
	}

	/** A plain copy of what the tile shows now (for a tab that watches read-only). */
	snapshot(): TileView {
		return {
			id: this.id,
			alias: this.alias,
			bpm: this.bpm,
			percent: this.percent,
			zone: this.zone,
			position: this.position,
			flags: [...this.flags],
			strap: this.strap,
			battery: this.battery,
			timeInBandMs: this.timeInBandMs,
			sparkline: this.sparkline,
			rpe: { ...this.rpe },
			stoppedEarly: this.stoppedEarly,
			readings: this.readings
		};
	}

	/** Listens to a heart-rate source; readings go to `onReading`. */
	attach(
		source: HeartRateSource,
		onReading: (reading: HeartRateReading) => void,
		onStatus: () => void
	) {
		this.detach();
		this.source = source;
		this.#unsubscribe = [
			source.onReading(onReading),
			source.onStatus(() => {
				this.#syncStrap();
				onStatus();
			})
		];
		this.#syncStrap();
	}

	/** Stops listening and closes the source. */
	detach(): void {
		this.source?.close();
		this.release();
	}

	/** Stops listening but leaves the source running (it moves to another participant). */
	release(): void {
		for (const unsubscribe of this.#unsubscribe) unsubscribe();
		this.#unsubscribe = [];
		this.source = null;
		this.#syncStrap();
	}

	/** Feeds a reading through the engine; returns the flag events it caused. */
	reading(reading: HeartRateReading, state: SessionState): FlagEvent[] {
		this.readings++;
		const verdict = this.tracker?.reading(reading, state);
		const artefact = verdict ? verdict.artefact : (this.#filter?.check(reading) ?? null);
		this.#lastPacket = { at: reading.at, artefact };
		if (artefact === null) this.#lastTrusted = reading;
		this.refresh(reading.at, state);
		if (this.tracker)
			this.sparkline = sparklinePoints(this.tracker.sparkline(reading.at), reading.at);
		return verdict?.flagEvents ?? [];
	}

	/** Lets time pass: flags such as no-signal, and the staleness of the number shown. */
	tick(now: number, state: SessionState): FlagEvent[] {
		const events = this.tracker?.tick(now, state) ?? [];
		this.refresh(now, state);
		return events;
	}

	/** Feeds a battery level change. */
	batteryLevel(at: number, level: number, state: SessionState): FlagEvent[] {
		this.battery = level;
		return this.tracker?.batteryLevel(at, level, state) ?? [];
	}

	/**
	 * Recomputes what the tile shows at `now`. Only a value the engine trusted is shown, while it
	 * is fresh; an impossible value (0, 255, 65 535 bpm…) or lost skin contact shows "—" at once.
	 */
	refresh(now: number, state: SessionState): void {
		const trusted = this.#lastTrusted;
		const reason = this.#lastPacket?.artefact;
		const fresh =
			trusted !== null &&
			now - trusted.at < this.freshMs &&
			reason !== 'no-contact' &&
			reason !== 'out-of-range' &&
			this.strap !== 'reconnecting';
		const bpm = fresh ? trusted.bpm : null;
		set(this, 'bpm', bpm);
		const hrMax = this.info.hrMax;
		set(this, 'percent', bpm !== null && hrMax > 0 ? Math.round(percentOfHrMax(bpm, hrMax)) : null);
		set(
			this,
			'zone',
			bpm !== null && hrMax > 0 ? zoneOf(bpm, hrMax, this.tracker?.options.stats.zoneBounds) : null
		);
		set(this, 'position', bpm !== null ? (this.tracker?.bandPosition(now, state) ?? null) : null);
		set(this, 'timeInBandMs', this.tracker?.currentPhaseStats?.inBandMs ?? 0);
		const flags: TileFlag[] = [...(this.tracker?.activeFlags ?? [])];
		if (this.strap === 'reconnecting') flags.push('reconnecting');
		if (!this.tracker && this.strap !== 'none' && !fresh) flags.push('no-signal');
		const ordered = FLAG_ORDER.filter((f) => flags.includes(f));
		if (ordered.join(' ') !== this.flags.join(' ')) this.flags = ordered;
	}

	#syncStrap(): void {
		const state = this.source?.state;
		this.strap =
			state === undefined
				? 'none'
				: state === 'connected'
					? 'connected'
					: state === 'disconnected'
						? 'disconnected'
						: 'reconnecting';
		if (this.source?.battery != null) this.battery = this.source.battery;
	}
}

// Assigning an equal value to $state still notifies in some cases; skip it on the hot path.
function set<K extends 'bpm' | 'percent' | 'zone' | 'position' | 'timeInBandMs'>(
	target: LiveParticipant,
	key: K,
	value: LiveParticipant[K]
): void {
	if (target[key] !== value) target[key] = value;
}

/** SVG polyline points for the last two minutes of clean heart rate. */
export function sparklinePoints(
	values: readonly { at: number; value: number }[],
	now: number
): string {
	const { width, height, windowMs, low, high } = SPARK;
	return values
		.map(({ at, value }) => {
			const x = width - ((now - at) / windowMs) * width;
			const y = height - ((Math.min(high, Math.max(low, value)) - low) / (high - low)) * height;
			return `${x.toFixed(1)},${y.toFixed(1)}`;
		})
		.join(' ');
}
