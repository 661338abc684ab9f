import type { Flag } from './flags';
import type { ParticipantTracker } from './participant-tracker';
import type { ArtefactReason } from './signal';
import type { SessionState } from './timeline';
import type { At, Bpm, Ms, PercentHrMax } from './types';
import { percentOfHrMax, zoneOf, type BandPosition, type Zone } from './zones';

/**
 * Where a participant is against the target band of the phase under way: the tile's dominant
 * signal. Null when there is nothing to judge (no trusted value, no band, before or after).
 */
export type TargetState = BandPosition;

/** Flags as a tile shows them: the engine's flags plus the source's link being down. */
export type TileFlag = Flag | 'reconnecting' | 'hub-offline';

/**
 * How the participant's source is doing, as far as the tile is concerned: `down` a strap
 * reconnecting, `hub-offline` the hub forwarding it gone quiet.
 */
export type SourceLink = 'up' | 'down' | 'hub-offline' | 'none';

/** Most urgent first: the order badges appear on a tile. */
export const TILE_FLAG_ORDER: readonly TileFlag[] = [
	'above-max',
	'under',
	'over',
	'no-signal',
	'no-contact',
	'reconnecting',
	'hub-offline',
	'low-battery'
];

/**
 * Artefacts only (no trusted value) for this long: the tile asks to check the strap. Long enough
 * that one bad stretch (a strap shifting during a sprint) does not nag; short enough to be seen
 * before the person has lost a quarter of an interval [product choice].
 */
export const CHECK_STRAP_AFTER_MS: Ms = 10_000;

/**
 * Everything a participant's tile says, worked out in one place from the engine's one judgement of
 * the trusted signal, so no two parts of a tile can disagree: the number shown is the last
 * reading that passed the artefact rule (never an artefact), the % and zone are of that number,
 * and the target state yields to an active under/over/above-max flag (which clear with the
 * engine's hysteresis), so a tile never says "in target" beside an "under" badge.
 */
export interface TileState {
	/** The heart rate shown, or null ("—"). */
	readonly bpm: Bpm | null;
	readonly percent: PercentHrMax | null;
	readonly zone: Zone | null;
	readonly target: TargetState | null;
	/** Badges, most urgent first. */
	readonly flags: readonly TileFlag[];
	/** Time in the target band in the phase under way. */
	readonly timeInBandMs: Ms;
	/** Only artefacts have arrived for a while: the strap likely sits badly. */
	readonly checkStrap: boolean;
}

/**
 * The last value the engine trusted, and what the latest packet was. A tile shows only a trusted
 * value, only while it is fresh; an impossible value (0, 255, 65 535 bpm…) or lost skin contact
 * blanks it at once, since the person's heart rate is then unknown rather than unchanged.
 */
export class TrustedValue {
	#trusted: { at: At; bpm: Bpm } | null = null;
	#latest: ArtefactReason | null = null;
	#artefactsSince: At | null = null;

	/** Notes one packet and the artefact rule's verdict on it (null: clean). */
	note(at: At, bpm: Bpm, artefact: ArtefactReason | null): void {
		this.#latest = artefact;
		if (artefact === null) {
			this.#trusted = { at, bpm };
			this.#artefactsSince = null;
		} else this.#artefactsSince ??= at;
	}

	/** The value to show at `now`, or null. */
	shown(now: At, freshMs: Ms): Bpm | null {
		const trusted = this.#trusted;
		if (!trusted || now - trusted.at >= freshMs) return null;
		if (this.#latest === 'no-contact' || this.#latest === 'out-of-range') return null;
		return trusted.bpm;
	}

	/** Whether only artefacts have come for at least `CHECK_STRAP_AFTER_MS` up to `now`. */
	persistentArtefacts(now: At): boolean {
		const since = this.#artefactsSince;
		return since !== null && now - since >= CHECK_STRAP_AFTER_MS;
	}
}

/** What the tile view is worked out from. */
export interface TileInput {
	readonly now: At;
	readonly state: SessionState;
	readonly trusted: TrustedValue;
	/** The participant's tracker, or null for a strap not yet given to a person. */
	readonly tracker: ParticipantTracker | null;
	/** How long a trusted value stays on screen without a newer one. */
	readonly freshMs: Ms;
	readonly link: SourceLink;
}

/** The one rule for what a tile says (see `TileState`). */
export function tileState({ now, state, trusted, tracker, freshMs, link }: TileInput): TileState {
	// A link that is down shows "—" at once: never a number that may be stale.
	const bpm = link === 'down' || link === 'hub-offline' ? null : trusted.shown(now, freshMs);
	const hrMax = tracker?.limits.hrMax ?? 0;
	const up = new Set<TileFlag>(tracker?.activeFlags);
	if (link === 'down') up.add('reconnecting');
	if (link === 'hub-offline') up.add('hub-offline');
	// A strap without a person has no tracker to raise no-signal: silence is still worth a badge.
	if (!tracker && link !== 'none' && bpm === null) up.add('no-signal');
	const flags = TILE_FLAG_ORDER.filter((flag) => up.has(flag));
	return {
		bpm,
		percent: bpm !== null && hrMax > 0 ? Math.round(percentOfHrMax(bpm, hrMax)) : null,
		zone: bpm !== null && hrMax > 0 ? zoneOf(bpm, hrMax, tracker?.options.stats.zoneBounds) : null,
		target: bpm !== null && tracker ? targetOf(bpm, tracker, state) : null,
		flags,
		timeInBandMs: tracker?.currentPhaseStats?.inBandMs ?? 0,
		checkStrap: bpm === null && trusted.persistentArtefacts(now)
	};
}

function targetOf(bpm: Bpm, tracker: ParticipantTracker, state: SessionState): TargetState | null {
	if (!state.phase || (state.status !== 'running' && state.status !== 'paused')) return null;
	const active = tracker.activeFlags;
	if (active.has('above-max') || active.has('over')) return 'above';
	if (active.has('under')) return 'below';
	const band = tracker.bandBpm(state.phase.band);
	return bpm < band.low ? 'below' : bpm > band.high ? 'above' : 'in';
}
