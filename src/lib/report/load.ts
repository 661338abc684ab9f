import { db } from '$lib/db/db';
import { listEvents } from '$lib/db/events';
import { lastReadingAt, readReadings } from '$lib/db/samples';
import { getSession } from '$lib/db/sessions';
import type { SessionEvent, SessionRecord, SessionSummaries } from '$lib/db/types';
import {
	replayTimeline,
	TRACKER_DEFAULTS,
	type ParticipantSummary,
	type TrackerOptions
} from '$lib/workout';
import {
	participantReport,
	reportEndAt,
	reportFromSummaries,
	summarizeParticipant,
	type SessionReport
} from './session-report';
import { trendRow, type TrendRow } from './trend';

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
 * Loads a session's report; undefined when the session does not exist. Ended sessions keep their
 * summaries in the `summaries` store, so the report opens without reading a single heart beat;
 * when they are missing or stale they are computed from the readings and stored again.
 */
export async function loadSessionReport(
	id: string,
	options: Partial<TrackerOptions> = {}
): Promise<SessionReport | undefined> {
	const session = await getSession(id);
	if (!session) return undefined;
	const [events, stored] = await Promise.all([listEvents(id), db.summaries.get(id)]);
	const key = summariesKey(session, events, options);
	if (stored?.key === key) {
		return reportFromSummaries(session, stored.participants, events, stored.endAt, options);
	}
	const computed = await computeSummaries(session, events, options);
	// A running (or interrupted) session still changes: nothing to keep yet.
	if (session.status !== 'running') {
		await db.summaries
			.put({ sessionId: id, key, ...computed, createdAt: Date.now() })
			// A full disk costs only the speed-up: the report is shown all the same.
			.catch((error: unknown) => console.warn('summaries', error));
	}
	return reportFromSummaries(session, computed.participants, events, computed.endAt, options);
}

/** One trend row per session the participant took part in, oldest first. */
export async function loadTrend(
	participantId: string,
	options: Partial<TrackerOptions> = {}
): Promise<TrendRow[]> {
	const sessions: SessionRecord[] = await db.sessions
		.where('participantIds')
		.equals(participantId)
		.sortBy('startedAt');
	const rows: TrendRow[] = [];
	for (const session of sessions) {
		const info = session.participants.find((p) => p.participantId === participantId);
		if (!info) continue;
		const [events, stored] = await Promise.all([
			listEvents(session.id),
			db.summaries.get(session.id)
		]);
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
		rows.push(trendRow(session, participantReport(info, summary, events)));
	}
	return rows;
}
