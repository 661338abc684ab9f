import { db } from '$lib/db/db';
import { listEvents } from '$lib/db/events';
import { readReadings, readSessionReadings } from '$lib/db/samples';
import { getSession } from '$lib/db/sessions';
import type { SessionRecord } from '$lib/db/types';
import { replayTimeline, type TrackerOptions } from '$lib/workout';
import {
	buildSessionReport,
	participantReport,
	reportEndAt,
	type SessionReport
} from './session-report';
import { trendRow, type TrendRow } from './trend';

/** Loads a session and builds its report; undefined when the session does not exist. */
export async function loadSessionReport(
	id: string,
	options: Partial<TrackerOptions> = {}
): Promise<SessionReport | undefined> {
	const session = await getSession(id);
	if (!session) return undefined;
	const [readings, events] = await Promise.all([readSessionReadings(id), listEvents(id)]);
	return buildSessionReport(session, readings, events, options);
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
		const [readings, events] = await Promise.all([
			readReadings(session.id, participantId),
			listEvents(session.id)
		]);
		const endAt = reportEndAt(session, new Map([[participantId, readings]]));
		const replay = replayTimeline(session.protocol, session.timeline, endAt);
		const report = participantReport(session, info, readings, events, replay, endAt, options);
		rows.push(trendRow(session, report));
	}
	return rows;
}
