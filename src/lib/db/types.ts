import type { Protocol } from '$lib/workout/protocol';
import type { ParticipantSummary } from '$lib/workout/participant-tracker';
import type { TimelineEvent } from '$lib/workout/timeline';

/** Fields every stored record has, so copies from several devices can be merged later. */
export interface Versioned {
	/** UUID. */
	id: string;
	createdAt: number;
	updatedAt: number;
}

/** How a participant's HRmax was obtained. */
export type HrMaxSource = 'measured' | 'nes' | 'tanaka' | 'fox';

/** A person who trains; identified by a pseudonym by default. */
export interface Participant extends Versioned {
	alias: string;
	birthYear?: number;
	age?: number;
	hrMax: number;
	hrMaxSource: HrMaxSource;
	hrRest?: number;
	/** Clinician-set safety ceiling (bpm); above-max fires above it even below HRmax. */
	ceiling?: number;
	notes?: string;
	/** Assigned 12-week plan, if any. */
	plan?: { templateId: string; startDate: string };
	archived: 0 | 1;
	/**
	 * A demo patient, seeded with simulated history so the therapist pages can be tried without
	 * real data (all their sessions are demo sessions; they count for them, never for anyone else).
	 */
	demo?: 1;
}

/** A remembered Bluetooth strap. */
export interface StrapRecord extends Versioned {
	/** BluetoothDevice.id. */
	deviceId: string;
	name: string;
	participantId?: string;
	lastBattery?: number;
	lastSeen?: number;
}

/** A user-defined protocol (built-ins live in code and are never stored). */
export type ProtocolRecord = Protocol & Versioned;

/** One participant as they took part in a session, with the HRmax used for it. */
export interface SessionParticipant {
	participantId: string;
	alias: string;
	hrMax: number;
	hrRest?: number;
	ceiling?: number;
	/** Whether target bands were read as % HRmax or % heart-rate reserve. */
	targetBasis?: 'hrmax' | 'reserve';
	/** Bluetooth device id of the strap worn. */
	strapId?: string;
	/** Simulator profile for demo sessions. */
	simProfile?: string;
	/**
	 * The hub (its device name) whose strap this person wore, in a class spread over devices: the
	 * hub records and sends their readings, so this device never sends them.
	 */
	hub?: string;
	/** Where the HRmax used came from (absent in sessions recorded before it was kept). */
	hrMaxSource?: HrMaxSource;
}

/**
 * What a session is judged with: the settings in force when it started, kept in the session so
 * changing a setting later never rewrites a documented session. An older session without one gets
 * one on first open, from the settings in force then (`origin: 'first-open'`).
 */
export interface JudgedWith {
	origin: 'start' | 'first-open';
	/** When the snapshot was taken. */
	at: number;
	/** Targets as % HRmax or % heart-rate reserve. */
	intensityModel: 'hrmax' | 'hrr';
	/** HRmax formula for participants without a measured value. */
	hrMaxFormula: 'nes' | 'tanaka' | 'fox';
	/** Lower edges of zones 1–5 in % HRmax. */
	zoneBounds: number[];
	/** Flag thresholds, in the units the settings screen shows. */
	flags: {
		graceFirstS: number;
		graceLaterS: number;
		holdS: number;
		hysteresisBpm: number;
		noSignalS: number;
		lowBatteryPercent: number;
	};
}

/** A recorded class or solo session. */
export interface SessionRecord extends Versioned {
	mode: 'class' | 'solo';
	demo: 0 | 1;
	status: 'running' | 'finished' | 'abandoned';
	protocol: Protocol;
	timeline: TimelineEvent[];
	participants: SessionParticipant[];
	participantIds: string[];
	startedAt: number;
	endedAt?: number;
	notes?: string;
	/** The settings the session is judged with (absent until first opened for older sessions). */
	judgedWith?: JudgedWith;
	/**
	 * Set on a hub's copy of a class run by a display (the display's device name): the hub sends
	 * only its own people's readings; the session and its events are the display's.
	 */
	hubOf?: string;
	/**
	 * The clinic-server device name of the device that recorded it ("Tablet, sal 2"), as it was
	 * when the session started; absent when the device was not connected to a clinic server.
	 */
	device?: string;
}

/**
 * Heart-rate readings of one participant in one session, one row per flush.
 * Typed arrays keep a 60-minute class of 30 people near 100 000 readings in a few hundred rows.
 */
export interface SampleChunk {
	id: string;
	sessionId: string;
	participantId: string;
	/** Order of chunks for one participant. */
	seq: number;
	/** Session-clock time of the chunk's first reading (ms since epoch). */
	t0: number;
	/** Offsets from t0 in ms. */
	offsets: Uint32Array;
	bpm: Uint16Array;
	/** 0 unsupported, 1 not detected, 2 detected. */
	contact: Uint8Array;
	/** Flattened RR intervals (ms) and, per reading, how many belong to it. */
	rr: Uint16Array;
	rrCount: Uint8Array;
}

/** Kinds of timestamped session events. */
export type SessionEventKind =
	| 'flag-raised'
	| 'flag-cleared'
	| 'rpe'
	| 'note'
	| 'stopped-early'
	| 'strap-connected'
	| 'strap-dropped'
	| 'gap'
	| 'mood-before'
	| 'mood-after';

/** Something that happened to a participant (or the whole class) during a session. */
export interface SessionEvent {
	id: string;
	sessionId: string;
	participantId?: string;
	at: number;
	kind: SessionEventKind;
	/** Flag name, RPE value, mood (1–10), note text, or gap end, depending on kind. */
	value?: string | number;
	/** For gaps: when data resumed. */
	until?: number;
	/** Which work interval an RPE belongs to (1-based). */
	interval?: number;
}

/**
 * Each participant's summary of an ended session, derived from its samples and events by the
 * engine, so the review and the trend need no readings. A cache, never the source of truth: not
 * in backups, recomputed whenever `key` no longer matches (other report options, a changed
 * session record, more events), deleted with the session.
 */
export interface SessionSummaries {
	sessionId: string;
	/** Report options, session `updatedAt` and event count the summaries were computed from. */
	key: string;
	/** Instant the report closes the session at. */
	endAt: number;
	/** By participant id. */
	participants: Record<string, ParticipantSummary>;
	createdAt: number;
}

/** A measurable target a goal may have [product choice: the two a 4x4 plan is followed by]. */
export interface GoalTarget {
	kind: 'sessions-per-week' | 'intervals-in-target';
	value: number;
}

/** How a goal stands. */
export type GoalStatus = 'active' | 'met' | 'partly-met' | 'not-met' | 'dropped';

/** One version of a goal: its text, target and status as they were until revised. */
export interface GoalVersion {
	at: number;
	text: string;
	target?: GoalTarget;
	status: GoalStatus;
}

/** A participant's goal for their plan period, revised along the way with its history kept. */
export interface Goal extends Versioned {
	participantId: string;
	text: string;
	target?: GoalTarget;
	status: GoalStatus;
	/** Earlier versions, oldest first. */
	history: GoalVersion[];
}

/** Position during a resting HRV check. */
export type HrvPosition = 'seated' | 'lying';

/** One resting heart-rate variability check (2 minutes of RR intervals, artefacts removed). */
export interface HrvCheckRecord extends Versioned {
	participantId: string;
	/** When the recording started. */
	at: number;
	durationMs: number;
	position: HrvPosition;
	/** RR intervals received. */
	beats: number;
	/** RR intervals removed as artefacts. */
	artefacts: number;
	/** Absent when the check was refused (too many artefacts). */
	rmssdMs?: number;
	restingHr?: number;
}

/** Kinds of activity in the diary; `other` carries free text in `kindLabel`. */
export type DiaryKind =
	'walk' | 'bike' | 'swim' | 'strength' | 'yoga' | 'ball-game' | 'other' | 'interval-4x4';

/** Intensity of a diary activity. */
export type DiaryIntensity = 'light' | 'moderate' | 'vigorous';

/** One activity logged between sessions (Helsedirektoratet's aktivitetsdagbok). */
export interface DiaryEntry extends Versioned {
	participantId: string;
	/** Local date, YYYY-MM-DD. */
	date: string;
	kind: DiaryKind;
	kindLabel?: string;
	minutes: number;
	intensity: DiaryIntensity;
	/** Borg 6–20, when given instead of or beside the intensity. */
	rpe?: number;
	/** 1–10, the app's own "how do you feel" scale. */
	mood?: number;
	note?: string;
}

/** One HRmax value a participant had, with where it came from. */
export interface HrMaxHistoryEntry extends Versioned {
	participantId: string;
	/** When it was set. */
	at: number;
	hrMax: number;
	source: HrMaxSource;
	/** How it was measured when measured ('field-test' for the guided test). */
	method?: 'field-test' | 'manual';
	/** The session of the field test, if any. */
	sessionId?: string;
}
