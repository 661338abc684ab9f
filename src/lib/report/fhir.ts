/**
 * FHIR R4 export of one participant's session: a `collection` Bundle with a Patient holding only
 * the pseudonym, an exercise Observation (LOINC 73985-4) with the report's numbers as components,
 * and the heart-rate series (LOINC 8867-4) as SampledData. HL7 Norway has no exercise profile yet
 * (no-basis covers Patient, Practitioner, Organization…), so this follows base R4 only.
 */
import type { HeartRateReading } from '$lib/workout';
import { newId } from '$lib/db/ids';
import { cleanReadings } from './chart-data';
import type { ParticipantReport, SessionReport } from './session-report';

/** The app's own code system, for what LOINC has no code for (Borg RPE, time in target). */
export const PULSKLAR_CODES = 'urn:pulsklar:fhir:codes';
/** Identifier system of the pseudonym (the app knows no name, birth date or national id). */
export const PSEUDONYM_SYSTEM = 'urn:pulsklar:pseudonym';
const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

type Json = Record<string, unknown>;

const iso = (at: number) => new Date(at).toISOString();
const loinc = (code: string, display: string) => ({ coding: [{ system: LOINC, code, display }] });
const own = (code: string, display: string) => ({
	coding: [{ system: PULSKLAR_CODES, code, display }],
	text: display
});
const perMin = (value: number) => ({ value, unit: '/min', system: UCUM, code: '/min' });
const minutes = (ms: number) => ({
	value: Math.round((ms / 60_000) * 100) / 100,
	unit: 'min',
	system: UCUM,
	code: 'min'
});
const share = (fraction: number) => ({
	value: Math.round(fraction * 1000) / 10,
	unit: '%',
	system: UCUM,
	code: '%'
});
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Heart rate once a second from the session's start to its end, as SampledData text: the last
 * clean reading of each second, `E` where there is none (a gap, or an artefact).
 */
export function sampledHeartRate(
	readings: readonly HeartRateReading[],
	startAt: number,
	endAt: number
): string {
	const seconds = Math.max(1, Math.ceil((endAt - startAt) / 1000));
	const values: string[] = Array.from({ length: seconds }, () => 'E');
	for (const r of cleanReadings(readings)) {
		const i = Math.floor((r.at - startAt) / 1000);
		if (i >= 0 && i < seconds) values[i] = String(Math.round(r.bpm));
	}
	return values.join(' ');
}

/** Mean heart rate of the work intervals, weighted by their measured time; null without data. */
export function workMeanBpm(participant: ParticipantReport): number | null {
	let weight = 0;
	let sum = 0;
	for (const i of participant.summary.intervals) {
		if (i.meanBpm === null || i.measuredMs <= 0) continue;
		weight += i.measuredMs;
		sum += i.meanBpm * i.measuredMs;
	}
	return weight > 0 ? Math.round((sum / weight) * 10) / 10 : null;
}

function components(participant: ParticipantReport, durationMs: number): Json[] {
	const s = participant.summary;
	const out: Json[] = [
		{ code: loinc('55411-3', 'Exercise duration'), valueQuantity: minutes(durationMs) }
	];
	if (s.workInBandFraction !== null) {
		out.push(
			{
				code: own('work-time-in-target', 'Time in target band, work intervals'),
				valueQuantity: minutes(s.workInBandMs)
			},
			{
				code: own('work-share-in-target', 'Share of work time in target band'),
				valueQuantity: share(s.workInBandFraction)
			}
		);
	}
	s.intervals.forEach((interval, i) => {
		const n = i + 1;
		if (interval.inBandFraction !== null) {
			out.push(
				{
					code: own(`interval-${n}-time-in-target`, `Time in target band, interval ${n}`),
					valueQuantity: minutes(interval.inBandMs)
				},
				{
					code: own(
						`interval-${n}-judged-time-in-target`,
						`Time in target band, last 2 min of interval ${n}`
					),
					valueQuantity: minutes(interval.judgedInBandMs)
				}
			);
		}
		if (interval.rpe !== null) {
			out.push({
				code: own(`interval-${n}-rpe`, `Perceived exertion (Borg 6–20), interval ${n}`),
				valueInteger: interval.rpe
			});
		}
	});
	if (s.peakBpm !== null) {
		out.push({ code: loinc('55426-1', 'Heart rate max'), valueQuantity: perMin(s.peakBpm) });
	}
	if (s.peakPercentHrMax !== null) {
		out.push({
			code: own('peak-percent-hrmax', 'Peak heart rate, % of HRmax'),
			valueQuantity: {
				value: Math.round(s.peakPercentHrMax * 10) / 10,
				unit: '%',
				system: UCUM,
				code: '%'
			}
		});
	}
	const mean = workMeanBpm(participant);
	if (mean !== null) {
		out.push({ code: loinc('55425-3', 'Heart rate mean'), valueQuantity: perMin(mean) });
	}
	if (s.recovery) {
		out.push({
			code: own('hrr-1min', 'Heart-rate recovery 1 min after the last work interval'),
			valueQuantity: perMin(s.recovery.dropBpm)
		});
	}
	out.push({
		code: own('hrmax-used', 'HRmax the session was judged with'),
		valueQuantity: perMin(participant.info.hrMax)
	});
	return out;
}

/** The pseudonymous Patient entry (the app holds no name, birth date or national id). */
function patientEntry(participantId: string, alias: string): { fullUrl: string; resource: Json } {
	const id = UUID.test(participantId) ? participantId : newId();
	return {
		fullUrl: `urn:uuid:${id}`,
		resource: {
			resourceType: 'Patient',
			id,
			identifier: [{ system: PSEUDONYM_SYSTEM, value: alias }]
		}
	};
}

/** One session's entries: the exercise Observation and the heart-rate series it links to. */
function sessionEntries(
	report: SessionReport,
	participant: ParticipantReport,
	readings: readonly HeartRateReading[],
	patientUrl: string
): { fullUrl: string; resource: Json }[] {
	const { session, endAt } = report;
	const exerciseId = newId();
	const seriesId = newId();
	const effectivePeriod = { start: iso(session.startedAt), end: iso(endAt) };
	const notes = participant.notes.map((n) => ({ time: iso(n.at), text: n.text }));
	const series = {
		resourceType: 'Observation',
		id: seriesId,
		status: 'final',
		category: [
			{
				coding: [
					{
						system: 'http://terminology.hl7.org/CodeSystem/observation-category',
						code: 'vital-signs'
					}
				]
			}
		],
		code: loinc('8867-4', 'Heart rate'),
		subject: { reference: patientUrl },
		effectivePeriod,
		valueSampledData: {
			origin: perMin(0),
			period: 1000,
			dimensions: 1,
			data: sampledHeartRate(readings, session.startedAt, endAt)
		}
	};
	const exercise = {
		resourceType: 'Observation',
		id: exerciseId,
		status: 'final',
		category: [
			{
				coding: [
					{
						system: 'http://terminology.hl7.org/CodeSystem/observation-category',
						code: 'activity'
					}
				]
			}
		],
		code: { ...loinc('73985-4', 'Exercise activity'), text: session.protocol.name },
		subject: { reference: patientUrl },
		effectivePeriod,
		...(notes.length > 0 ? { note: notes } : {}),
		hasMember: [{ reference: `urn:uuid:${seriesId}` }],
		component: components(participant, endAt - session.startedAt)
	};
	return [
		{ fullUrl: `urn:uuid:${exerciseId}`, resource: exercise },
		{ fullUrl: `urn:uuid:${seriesId}`, resource: series }
	];
}

/** The FHIR R4 Bundle (type collection) of one participant's session. */
export function participantFhirBundle(
	report: SessionReport,
	participant: ParticipantReport,
	readings: readonly HeartRateReading[],
	now = Date.now()
): Json {
	const patient = patientEntry(participant.info.participantId, participant.info.alias);
	return {
		resourceType: 'Bundle',
		type: 'collection',
		timestamp: iso(now),
		entry: [patient, ...sessionEntries(report, participant, readings, patient.fullUrl)]
	};
}

/** One session of a plan period, as the period export needs it. */
export interface PeriodFhirSession {
	report: SessionReport;
	participant: ParticipantReport;
	readings: readonly HeartRateReading[];
}

/**
 * The FHIR R4 Bundle (type collection) of a plan period: one Patient, then per session (oldest
 * first) the same exercise Observation and heart-rate series the per-session export makes.
 */
export function periodFhirBundle(
	participantId: string,
	alias: string,
	sessions: readonly PeriodFhirSession[],
	now = Date.now()
): Json {
	const patient = patientEntry(participantId, alias);
	const ordered = [...sessions].sort(
		(a, b) => a.report.session.startedAt - b.report.session.startedAt
	);
	return {
		resourceType: 'Bundle',
		type: 'collection',
		timestamp: iso(now),
		entry: [
			patient,
			...ordered.flatMap((s) =>
				sessionEntries(s.report, s.participant, s.readings, patient.fullUrl)
			)
		]
	};
}
