import type { HeartRateReading } from '$lib/workout';
import type { SessionRecord } from '$lib/db/types';
import type { PhaseSpan, TimelineReplay } from '$lib/workout';
import { cleanReadings } from './chart-data';
import type { ParticipantReport } from './session-report';

/** Escapes text for XML content and attributes. */
export function xmlEscape(text: string): string {
	return text
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&apos;')
		.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');
}

const iso = (at: number) => new Date(at).toISOString();
// The schema's heart rate is a positive byte: 1–255.
const bpmValue = (bpm: number) => Math.min(255, Math.max(1, Math.round(bpm)));

function trackpoints(readings: readonly HeartRateReading[], gapMs: number): string {
	if (readings.length === 0) return '';
	// A gap starts a new Track, so importers show a break rather than a line across it.
	const tracks: string[][] = [[]];
	let previous: HeartRateReading | null = null;
	for (const r of readings) {
		if (previous && r.at - previous.at > gapMs) tracks.push([]);
		tracks
			.at(-1)!
			.push(
				`<Trackpoint><Time>${iso(r.at)}</Time><HeartRateBpm><Value>${bpmValue(r.bpm)}</Value></HeartRateBpm></Trackpoint>`
			);
		previous = r;
	}
	return tracks.map((points) => `<Track>${points.join('')}</Track>`).join('');
}

function lap(span: PhaseSpan, endAt: number, readings: readonly HeartRateReading[], gapMs: number) {
	const to = span.endAt ?? endAt;
	const own = readings.filter((r) => r.at >= span.startAt && r.at < to);
	const bpm = own.map((r) => r.bpm);
	const heart =
		bpm.length > 0
			? `<AverageHeartRateBpm><Value>${bpmValue(bpm.reduce((a, b) => a + b, 0) / bpm.length)}</Value></AverageHeartRateBpm>` +
				`<MaximumHeartRateBpm><Value>${bpmValue(Math.max(...bpm))}</Value></MaximumHeartRateBpm>`
			: '';
	const intensity = span.phase.kind === 'work' ? 'Active' : 'Resting';
	const trigger = span.endedBy === 'elapsed' ? 'Time' : 'Manual';
	return (
		`<Lap StartTime="${iso(span.startAt)}">` +
		`<TotalTimeSeconds>${(span.activeMs / 1000).toFixed(1)}</TotalTimeSeconds>` +
		`<DistanceMeters>0</DistanceMeters><Calories>0</Calories>${heart}` +
		`<Intensity>${intensity}</Intensity><TriggerMethod>${trigger}</TriggerMethod>` +
		trackpoints(own, gapMs) +
		`<Notes>${xmlEscape(span.phase.label ?? span.phase.kind)}</Notes></Lap>`
	);
}

/**
 * One participant's session as Garmin TCX v2: an Activity (Sport "Other") with a Lap per phase
 * as it ran and a Trackpoint per plausible reading. Artefacts are left out: other tools would
 * otherwise chart a 0 bpm spike.
 */
export function participantTcx(
	session: Pick<SessionRecord, 'startedAt' | 'protocol'>,
	replay: TimelineReplay,
	endAt: number,
	participant: Pick<ParticipantReport, 'info'>,
	stored: readonly HeartRateReading[],
	gapMs = 5000
): string {
	const readings = cleanReadings(stored);
	const laps = replay.spans.map((span) => lap(span, endAt, readings, gapMs));
	// A schema-valid activity needs at least one lap.
	if (laps.length === 0) {
		laps.push(
			`<Lap StartTime="${iso(session.startedAt)}"><TotalTimeSeconds>0</TotalTimeSeconds>` +
				'<DistanceMeters>0</DistanceMeters><Calories>0</Calories>' +
				'<Intensity>Resting</Intensity><TriggerMethod>Manual</TriggerMethod></Lap>'
		);
	}
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		'<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">' +
		`<Activities><Activity Sport="Other"><Id>${iso(session.startedAt)}</Id>${laps.join('')}` +
		`<Notes>${xmlEscape(`${session.protocol.name} · ${participant.info.alias}`)}</Notes>` +
		'</Activity></Activities></TrainingCenterDatabase>\n'
	);
}
