import type { StoredReading } from '$lib/db/samples';
import { kindPosition, type PhaseSpan, type Protocol } from '$lib/workout';
import type { SessionReport } from './session-report';

/**
 * One CSV cell (RFC 4180). Text that a spreadsheet would run as a formula (=, +, -, @ first) gets
 * a leading apostrophe: an alias is user input and must never execute on the therapist's machine.
 */
export function csvCell(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '';
	let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends. */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
	return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A machine-readable phase name: "warmup", "work 2", "recovery 1", "cooldown". */
export function phaseCode(protocol: Pick<Protocol, 'phases'>, span: PhaseSpan): string {
	const { index, count } = kindPosition(protocol, span.index);
	return count > 1 ? `${span.phase.kind} ${index}` : span.phase.kind;
}

/** Finds the phase of each instant, for instants given in time order (one pass). */
export function phaseLookup(
	protocol: Pick<Protocol, 'phases'>,
	spans: readonly PhaseSpan[],
	endAt: number
): (at: number) => string {
	let i = 0;
	return (at) => {
		while (i < spans.length && at >= (spans[i]?.endAt ?? endAt)) i++;
		const span = spans[i];
		if (!span || at < span.startAt) return i >= spans.length ? 'done' : '';
		return phaseCode(protocol, span);
	};
}

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const seconds = (ms: number) => Math.round(ms / 1000);

/** Every stored reading of a session: time, alias, bpm, RR (ms, ";"-separated), contact, phase. */
export function readingsCsv(
	report: SessionReport,
	readings: ReadonlyMap<string, readonly StoredReading[]>
): string {
	const rows: (string | number)[][] = [['time', 'participant', 'bpm', 'rr_ms', 'contact', 'phase']];
	for (const p of report.participants) {
		const phaseOf = phaseLookup(report.session.protocol, report.replay.spans, report.endAt);
		for (const r of readings.get(p.info.participantId) ?? []) {
			rows.push([
				new Date(r.at).toISOString(),
				p.info.alias,
				r.bpm,
				r.rrMs.join(';'),
				r.contact,
				phaseOf(r.at)
			]);
		}
	}
	return toCsv(rows);
}

/** The summary table: a row per participant and work interval, then one session total row. */
export function summaryCsv(report: SessionReport): string {
	const rows: (string | number | null)[][] = [
		[
			'participant',
			'interval',
			'mean_bpm',
			'peak_bpm',
			'peak_pct_hrmax',
			'in_band_s',
			'in_band_pct',
			'judged_in_band_s',
			'judged_in_band_pct',
			'rpe',
			'hrr_1min_bpm',
			'trimp',
			'coverage_pct',
			'stopped_early'
		]
	];
	const pct = (f: number | null) => (f === null ? null : Math.round(f * 100));
	for (const p of report.participants) {
		const s = p.summary;
		for (const [n, i] of s.intervals.entries()) {
			rows.push([
				p.info.alias,
				n + 1,
				round1(i.meanBpm),
				i.peakBpm,
				round1(i.peakPercentHrMax),
				seconds(i.inBandMs),
				pct(i.inBandFraction),
				seconds(i.judgedInBandMs),
				pct(i.judgedInBandFraction),
				i.rpe,
				null,
				null,
				null,
				null
			]);
		}
		rows.push([
			p.info.alias,
			'total',
			null,
			s.peakBpm,
			round1(s.peakPercentHrMax),
			seconds(s.workInBandMs),
			pct(s.workInBandFraction),
			null,
			null,
			null,
			s.recovery ? round1(s.recovery.dropBpm) : null,
			round1(s.trimp),
			pct(s.coverage),
			p.stoppedEarlyAt === null ? 'no' : 'yes'
		]);
	}
	return toCsv(rows);
}
