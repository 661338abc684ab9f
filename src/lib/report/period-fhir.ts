/**
 * The FHIR export of a plan period, from storage: every session of the period loaded through the
 * same report pipeline (and snapshot) the period view and the per-session export use.
 */
import { readReadings } from '$lib/db/samples';
import { periodFhirBundle, type PeriodFhirSession } from './fhir';
import type { JudgeSettings } from './judged-with';
import { loadSessionReport } from './load';
import type { Period } from './period';

/** The period's FHIR Bundle for one participant; sessions gone from storage are left out. */
export async function loadPeriodFhir(
	participantId: string,
	alias: string,
	period: Pick<Period, 'sessions'>,
	today: JudgeSettings,
	now = Date.now()
): Promise<Record<string, unknown>> {
	const sessions: PeriodFhirSession[] = [];
	for (const { sessionId } of period.sessions) {
		const report = await loadSessionReport(sessionId, today);
		const participant = report?.participants.find((p) => p.info.participantId === participantId);
		if (!report || !participant) continue;
		const readings = await readReadings(sessionId, participantId);
		sessions.push({ report, participant, readings });
	}
	return periodFhirBundle(participantId, alias, sessions, now);
}
