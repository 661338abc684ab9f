import type { SessionEvent, SessionParticipant, SessionRecord } from '$lib/db/types';
import {
	flagSpans,
	recordRpeByInterval,
	replayParticipant,
	replayTimeline,
	rpeByInterval,
	type HeartRateReading,
	type Flag,
	type FlagEvent,
	type FlagSpan,
	type ParticipantSummary,
	type TimelineReplay,
	type TrackerOptions
} from '$lib/workout';
import { moodChanges, type MoodChange } from '$lib/workout/mood';

/** A timestamped free-text note. */
export interface ReportNote {
	/** The stored event's id: two notes can share an instant. */
	id: string;
	at: number;
	text: string;
	/** Undefined for notes about the whole class. */
	participantId?: string;
}

/** One participant's part of a session report (their readings are loaded apart, when needed). */
export interface ParticipantReport {
	info: SessionParticipant;
	summary: ParticipantSummary;
	/** Flags as the instructor saw them live (stored events), else as replayed. */
	flags: FlagSpan[];
	/** Stretches without data: stored gap events (strap drops, reloads). */
	gaps: { id: string; at: number; until: number }[];
	notes: ReportNote[];
	stoppedEarlyAt: number | null;
	/** Mood before and after on the app's 1–10 scale; null when neither was recorded. */
	mood: MoodChange | null;
}

/** Everything the review screen and the exports need about one session. */
export interface SessionReport {
	session: SessionRecord;
	replay: TimelineReplay;
	/** Instant the report closes the session at. */
	endAt: number;
	participants: ParticipantReport[];
	/** Notes about the whole class. */
	classNotes: ReportNote[];
}

const FLAGS: readonly Flag[] = [
	'under',
	'over',
	'above-max',
	'no-signal',
	'no-contact',
	'low-battery'
];

/**
 * The instant a session ends for the report: its end, else (interrupted) its last stored reading,
 * never before its start.
 */
export function reportEndAt(
	session: Pick<SessionRecord, 'startedAt' | 'endedAt'>,
	lastReadingAt: number | null
): number {
	return session.endedAt ?? Math.max(session.startedAt, lastReadingAt ?? session.startedAt);
}

function storedFlagSpans(events: readonly SessionEvent[]): FlagSpan[] | null {
	const flagEvents: FlagEvent[] = [];
	for (const e of events) {
		if (e.kind !== 'flag-raised' && e.kind !== 'flag-cleared') continue;
		const flag = FLAGS.find((f) => f === e.value);
		if (flag)
			flagEvents.push({ flag, kind: e.kind === 'flag-raised' ? 'raised' : 'cleared', at: e.at });
	}
	return flagEvents.length > 0 ? flagSpans(flagEvents) : null;
}

/** One participant's summary: their stored readings and RPE replayed through the engine. */
export function summarizeParticipant(
	session: SessionRecord,
	info: SessionParticipant,
	readings: readonly HeartRateReading[],
	events: readonly SessionEvent[],
	replay: TimelineReplay,
	endAt: number,
	options: Partial<TrackerOptions> = {}
): ParticipantSummary {
	const tracker = replayParticipant(
		session.protocol,
		session.timeline,
		info,
		readings,
		[],
		options
	);
	const mine = events.filter((e) => e.participantId === info.participantId);
	recordRpeByInterval(tracker, session.protocol, rpeByInterval(mine));
	return tracker.summary(replay, endAt);
}

/** One participant's report from their summary and the session's stored events. */
export function participantReport(
	info: SessionParticipant,
	summary: ParticipantSummary,
	events: readonly SessionEvent[]
): ParticipantReport {
	const own = events.filter((e) => e.participantId === info.participantId);
	return {
		info,
		summary,
		flags: storedFlagSpans(own) ?? summary.flags,
		gaps: own
			.filter((e) => e.kind === 'gap' && e.until !== undefined)
			.map((e) => ({ id: e.id, at: e.at, until: e.until ?? e.at })),
		notes: own
			.filter((e) => e.kind === 'note')
			.map((e) => ({
				id: e.id,
				at: e.at,
				text: String(e.value ?? ''),
				participantId: e.participantId
			})),
		stoppedEarlyAt: own.find((e) => e.kind === 'stopped-early')?.at ?? null,
		mood: moodChanges(own).get(info.participantId) ?? null
	};
}

/**
 * The session report from each participant's summary (stored, or just computed): no readings
 * needed. A participant without a summary (none stored for them) gets the summary of no readings.
 */
export function reportFromSummaries(
	session: SessionRecord,
	summaries: Readonly<Record<string, ParticipantSummary>>,
	events: readonly SessionEvent[],
	endAt: number,
	options: Partial<TrackerOptions> = {}
): SessionReport {
	const replay = replayTimeline(session.protocol, session.timeline, endAt);
	const participants = session.participants.map((info) =>
		participantReport(
			info,
			summaries[info.participantId] ??
				summarizeParticipant(session, info, [], events, replay, endAt, options),
			events
		)
	);
	const classNotes = events
		.filter((e) => e.kind === 'note' && e.participantId === undefined)
		.map((e) => ({ id: e.id, at: e.at, text: String(e.value ?? '') }));
	return { session, replay, endAt, participants, classNotes };
}

/** Every participant's summary, replaying all stored readings (what reportFromSummaries needs). */
export function summarizeSession(
	session: SessionRecord,
	readings: ReadonlyMap<string, readonly HeartRateReading[]>,
	events: readonly SessionEvent[],
	options: Partial<TrackerOptions> = {}
): { endAt: number; participants: Record<string, ParticipantSummary> } {
	const lasts = [...readings.values()].flatMap((list) => list.at(-1)?.at ?? []);
	const endAt = reportEndAt(session, lasts.length > 0 ? Math.max(...lasts) : null);
	const replay = replayTimeline(session.protocol, session.timeline, endAt);
	const participants: Record<string, ParticipantSummary> = {};
	for (const info of session.participants) {
		const own = readings.get(info.participantId) ?? [];
		participants[info.participantId] = summarizeParticipant(
			session,
			info,
			own,
			events,
			replay,
			endAt,
			options
		);
	}
	return { endAt, participants };
}

/** Builds the whole session report from stored data. */
export function buildSessionReport(
	session: SessionRecord,
	readings: ReadonlyMap<string, readonly HeartRateReading[]>,
	events: readonly SessionEvent[],
	options: Partial<TrackerOptions> = {}
): SessionReport {
	const { endAt, participants } = summarizeSession(session, readings, events, options);
	return reportFromSummaries(session, participants, events, endAt, options);
}

/** How well an interval went by time in band [product choice]: good ≥ 75 %, fair ≥ 50 %. */
export function bandGrade(fraction: number | null): 'good' | 'fair' | 'poor' | 'none' {
	if (fraction === null) return 'none';
	return fraction >= 0.75 ? 'good' : fraction >= 0.5 ? 'fair' : 'poor';
}
