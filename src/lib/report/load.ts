import { handleError } from '$lib/app/errors';
import { db } from '$lib/db/db';
import { listEvents } from '$lib/db/events';
import { lastReadingAt, readReadings } from '$lib/db/samples';
import { getSession } from '$lib/db/sessions';
import { getSummaries, putSummaries } from '$lib/db/summaries';
import type { JudgedWith, SessionEvent, SessionRecord, SessionSummaries } from '$lib/db/types';
import {
	replayTimeline,
	TRACKER_DEFAULTS,
	type ParticipantSummary,
	type TrackerOptions
} from '$lib/workout';
import {
	participantReport,
	reportEndAt,
	type ParticipantReport,
	reportFromSummaries,
	summarizeParticipant,
	type SessionReport
} from './session-report';
import { trendRow, type TrendRow } from './trend';
import {
	DEFAULT_JUDGE,
	judgedWithOf,
	rejudgedSession,
	trackerOptionsOf,
	type JudgeSettings
} from './judged-with';
import { trackerOptionsFrom } from '$lib/settings/tracker-options';

/** JSON with object keys sorted, so equal values give equal text. */
function stableJson(value: unknown): string {
	return JSON.stringify(value, (_, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
			: v
	);
}

/** What a session's summaries depend on: report options, the session record, its events. */
export function summariesKey(
	session: SessionRecord,
	events: readonly SessionEvent[],
	options: Partial<TrackerOptions>
): string {
	const resolved = { ...TRACKER_DEFAULTS, ...options };
	return stableJson({ options: resolved, updatedAt: session.updatedAt, events: events.length });
}

/**
 * Every participant's summary, one participant's readings at a time (a short task each, and never
 * the whole class's readings in memory at once).
 */
async function computeSummaries(
	session: SessionRecord,
	events: readonly SessionEvent[],
	options: Partial<TrackerOptions>
): Promise<Pick<SessionSummaries, 'endAt' | 'participants'>> {
	const last = session.endedAt === undefined ? await lastReadingAt(session.id) : null;
	const endAt = reportEndAt(session, last);
	const replay = replayTimeline(session.protocol, session.timeline, endAt);
	const participants: Record<string, ParticipantSummary> = {};
	for (const info of session.participants) {
		const readings = await readReadings(session.id, info.participantId);
		participants[info.participantId] = summarizeParticipant(
			session,
			info,
			readings,
			events,
			replay,
			endAt,
			options
		);
	}
	return { endAt, participants };
}

/**
 * Gives a session without a snapshot (recorded before snapshots existed) one from `today`, on
 * first open, marked `first-open`, and keeps it: from then on it is judged the same way.
 */
export async function ensureJudgedWith(
	session: SessionRecord,
	today: JudgeSettings,
	now = Date.now()
): Promise<SessionRecord & { judgedWith: JudgedWith }> {
	if (session.judgedWith) return { ...session, judgedWith: session.judgedWith };
	const judgedWith = judgedWithOf(today, 'first-open', now);
	await db.sessions
		.update(session.id, { judgedWith, updatedAt: now })
		// A full disk costs only the keeping: this open is judged with it all the same.
		.catch((error: unknown) => handleError(error, 'judged-with'));
	return { ...session, judgedWith, updatedAt: now };
}

/** A session's report with given options, from stored summaries when `cache` allows. */
async function reportWith(
	session: SessionRecord,
	options: Partial<TrackerOptions>,
	cache: boolean
): Promise<SessionReport> {
	const id = session.id;
	const [events, stored] = await Promise.all([listEvents(id), getSummaries(id)]);
	const key = summariesKey(session, events, options);
	if (cache && stored?.key === key) {
		return reportFromSummaries(session, stored.participants, events, stored.endAt, options);
	}
	const computed = await computeSummaries(session, events, options);
	// A running (or interrupted) session still changes: nothing to keep yet.
	if (cache && session.status !== 'running') {
		await putSummaries({ sessionId: id, key, ...computed, createdAt: Date.now() })
			// A full disk costs only the speed-up: the report is shown all the same.
			.catch((error: unknown) => handleError(error, 'summaries'));
	}
	return reportFromSummaries(session, computed.participants, events, computed.endAt, options);
}

/**
 * Loads a session's report, judged with the session's own snapshot of the settings (`today` only
 * gives an older session its snapshot on first open); undefined when the session does not exist.
 * Ended sessions keep their summaries in the `summaries` store, so the report opens without
 * reading a single heart beat; when they are missing or stale they are computed and stored again.
 */
export async function loadSessionReport(
	id: string,
	today: JudgeSettings = DEFAULT_JUDGE
): Promise<SessionReport | undefined> {
	const found = await getSession(id);
	if (!found) return undefined;
	const session = await ensureJudgedWith(found, today);
	return reportWith(session, trackerOptionsOf(session.judgedWith), true);
}

/**
 * The same session re-judged with today's settings and today's HRmax of those still on the
 * roster: computed from the readings, never stored (the snapshot stays what the session is).
 */
export async function loadRejudgedReport(
	id: string,
	today: JudgeSettings
): Promise<SessionReport | undefined> {
	const session = await getSession(id);
	if (!session) return undefined;
	const roster = await db.participants.bulkGet(session.participantIds);
	const rejudged = rejudgedSession(session, today, roster);
	return reportWith(rejudged, trackerOptionsFrom(today), false);
}

/** One trend row per session the participant took part in, oldest first. */
export function loadTrend(
	participantId: string,
	today: JudgeSettings = DEFAULT_JUDGE
): Promise<TrendRow[]> {
	return loadParticipantSessions(participantId, today, trendRow);
}

/** One value per session the participant took part in, oldest first, picked from its report. */
export async function loadParticipantSessions<T>(
	participantId: string,
	today: JudgeSettings,
	pick: (session: SessionRecord, report: ParticipantReport) => T
): Promise<T[]> {
	const sessions: SessionRecord[] = await db.sessions
		.where('participantIds')
		.equals(participantId)
		.sortBy('startedAt');
	const rows: T[] = [];
	for (const found of sessions) {
		const info = found.participants.find((p) => p.participantId === participantId);
		if (!info) continue;
		const session = await ensureJudgedWith(found, today);
		const options = trackerOptionsOf(session.judgedWith);
		const [events, stored] = await Promise.all([listEvents(session.id), getSummaries(session.id)]);
		let summary =
			stored?.key === summariesKey(session, events, options)
				? stored.participants[participantId]
				: undefined;
		if (!summary) {
			const readings = await readReadings(session.id, participantId);
			const endAt = reportEndAt(session, readings.at(-1)?.at ?? null);
			const replay = replayTimeline(session.protocol, session.timeline, endAt);
			summary = summarizeParticipant(session, info, readings, events, replay, endAt, options);
		}
		rows.push(pick(session, participantReport(info, summary, events)));
	}
	return rows;
}
