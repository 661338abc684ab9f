import type { HeartRateReading } from '$lib/workout';
import { kindPosition, type PhaseSpan, type Protocol } from '$lib/workout';
import type { SessionReport } from './session-report';

/**
 * The two CSV conventions a spreadsheet opens without an import dialog. `intl`: comma between
 * cells, decimal point, no BOM (RFC 4180; English Excel, LibreOffice, R, pandas). `nb`: what Excel
 * with a Norwegian locale expects on a double-click: semicolon between cells (its list separator),
 * decimal comma, and a UTF-8 byte-order mark, without which Excel reads the file as Windows-1252
 * and "Bjørk" becomes "BjÃ¸rk".
 */
export type CsvFormat = 'intl' | 'nb';
const FORMATS: Record<CsvFormat, { separator: string; decimal: string; bom: string }> = {
	intl: { separator: ',', decimal: '.', bom: '' },
	nb: { separator: ';', decimal: ',', bom: '\uFEFF' }
};

/** The format that fits the app's language: Norwegian Excel for bokmål, RFC 4180 otherwise. */
export function csvFormatFor(language: string): CsvFormat {
	return language === 'nb' ? 'nb' : 'intl';
}

/**
 * One CSV cell. Every cell that holds `,` `;` `"` or a line break is quoted, in both formats, so a
 * file read with either separator keeps its cells. Text that a spreadsheet would run as a formula
 * (`=` `+` `-` `@` tab or CR first) gets a leading apostrophe (OWASP), and so does each such
 * character right after a `,` or `;` inside the text: a file opened with the other separator
 * splits a cell there, and no piece may then start a formula. User text (an alias) must never
 * execute on the therapist's machine. Numbers are data and keep their sign.
 */
export function csvCell(
	value: string | number | null | undefined,
	format: CsvFormat = 'intl'
): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number')
		return Number.isFinite(value) ? String(value).replace('.', FORMATS[format].decimal) : '';
	const text = value.replace(/(^|[,;])(?=[=+\-@\t\r])/g, "$1'");
	return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows to CSV text with CRLF line ends, in the given convention (with its BOM, if any). */
export function toCsv(
	rows: readonly (readonly (string | number | null | undefined)[])[],
	format: CsvFormat = 'intl'
): string {
	const { separator, bom } = FORMATS[format];
	return (
		bom +
		rows.map((row) => row.map((c) => csvCell(c, format)).join(separator)).join('\r\n') +
		'\r\n'
	);
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
	readings: ReadonlyMap<string, readonly HeartRateReading[]>,
	format: CsvFormat = 'intl'
): string {
	const rows: (string | number)[][] = [['time', 'participant', 'bpm', 'rr_ms', 'contact', 'phase']];
	for (const p of report.participants) {
		const phaseOf = phaseLookup(report.session.protocol, report.replay.spans, report.endAt);
		for (const r of readings.get(p.info.participantId) ?? []) {
			rows.push([
				new Date(r.at).toISOString(),
				p.info.alias,
				r.bpm,
				(r.rrMs ?? []).join(';'),
				r.contact,
				phaseOf(r.at)
			]);
		}
	}
	return toCsv(rows, format);
}

/** The summary table: a row per participant and work interval, then one session total row. */
export function summaryCsv(report: SessionReport, format: CsvFormat = 'intl'): string {
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
	return toCsv(rows, format);
}
