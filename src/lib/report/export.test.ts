import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { csvCell, csvFormatFor, readingsCsv, summaryCsv, toCsv } from './csv';
import { buildSessionReport, type ParticipantReport } from './session-report';
import { participantTcx, xmlEscape } from './tcx';
import { handSession, T0 } from './test-session';

const XSD = readFileSync(
	new URL('../../../tests/fixtures/TrainingCenterDatabasev2.xsd', import.meta.url),
	'utf8'
);

/**
 * Validates TCX text against Garmin's schema with libxml2 compiled to WebAssembly (xmllint-wasm),
 * so the unit tests need no system `xmllint`; returns libxml2's complaint, if any.
 */
async function validateTcx(xml: string): Promise<string | null> {
	const result = await validateXML({
		xml: [{ fileName: 'session.tcx', contents: xml }],
		schema: [{ fileName: 'TrainingCenterDatabasev2.xsd', contents: XSD }]
	});
	return result.valid ? null : result.rawOutput || 'invalid';
}

describe('CSV export', () => {
	const { session, readings, events } = handSession();
	const report = buildSessionReport(session, readings, events);

	it('writes one row per reading with ISO time, alias, bpm, RR in one cell, contact and phase', () => {
		const lines = readingsCsv(report, readings).trimEnd().split('\r\n');
		expect(lines[0]).toBe('time,participant,bpm,rr_ms,contact,phase');
		expect(lines).toHaveLength(1 + 300 + 280);
		expect(lines[1]).toBe(`${new Date(T0).toISOString()},Ask,130,462,detected,warmup`);
		expect(lines[61]).toBe(`${new Date(T0 + 60_000).toISOString()},Ask,160,375,detected,work`);
		expect(lines[300]).toContain(',Ask,150,400,detected,cooldown');
	});

	it('quotes separators and defuses spreadsheet formulas in user text', () => {
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
		expect(csvCell('375;380')).toBe('"375;380"');
		expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvCell(-3)).toBe('-3');
		expect(csvCell(null)).toBe('');
	});

	it('quotes every cell that holds , ; " or a line break, in either format', () => {
		for (const format of ['intl', 'nb'] as const) {
			expect(csvCell('a,b', format)).toBe('"a,b"');
			expect(csvCell('a;b', format)).toBe('"a;b"');
			expect(csvCell('two\nlines', format)).toBe('"two\nlines"');
			expect(csvCell('cr\rhere', format)).toBe('"cr\rhere"');
			expect(csvCell('plain', format)).toBe('plain');
		}
	});

	it('defuses a formula in every cell, not only the first of a line', () => {
		const text = toCsv([['Ola', '=1+1', '+A1', '-2+3', '@SUM(A1)', '\tx', 'ok']], 'nb');
		expect(text).toBe("\uFEFFOla;'=1+1;'+A1;'-2+3;'@SUM(A1);'\tx;ok\r\n");
		// An alias that holds the separator stays one quoted cell, still defused inside.
		expect(toCsv([['Ola;=1+1;x', '=2']], 'nb')).toBe(`\uFEFF"Ola;'=1+1;x";'=2\r\n`);
		expect(toCsv([['=1;2', 'y']])).toBe(`"'=1;2",y\r\n`);
		expect(csvCell('a,@b;-c')).toBe(`"a,'@b;'-c"`);
		// Numbers are data, not formulas: a negative number keeps its sign.
		expect(toCsv([[-3, -2.5]], 'nb')).toBe('\uFEFF-3;-2,5\r\n');
	});

	it('writes the Norwegian convention as bytes: BOM, ";" between cells, decimal comma', () => {
		const bytes = new TextEncoder().encode(summaryCsv(report, 'nb'));
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = new TextDecoder('utf-8', { ignoreBOM: true })
			.decode(bytes)
			.slice(1)
			.trimEnd()
			.split('\r\n');
		expect(lines[0]).toMatch(/^participant;interval;mean_bpm;/);
		expect(lines[4]).toBe('Bjørk;total;;180;90;60;50;;;;10;17,7;94;yes');
		// "ø" is two UTF-8 bytes, not a Latin-1 byte.
		expect(bytes.includes(0xf8)).toBe(false);
		// The international file: no BOM, commas, decimal point.
		const intl = new TextEncoder().encode(summaryCsv(report, 'intl'));
		expect(intl[0]).toBe('p'.charCodeAt(0));
	});

	it('keeps RR lists as one quoted cell in the Norwegian readings file', () => {
		const ask = report.participants[0]!.info.participantId;
		const two = new Map(readings);
		two.set(ask, [{ ...readings.get(ask)![0]!, rrMs: [375, 380] }]);
		const lines = readingsCsv(report, two, 'nb').slice(1).trimEnd().split('\r\n');
		expect(lines[0]).toBe('time;participant;bpm;rr_ms;contact;phase');
		expect(lines[1]).toBe(`${new Date(T0).toISOString()};Ask;130;"375;380";detected;warmup`);
	});

	it('picks the Norwegian format for bokmål and the international one for English', () => {
		expect(csvFormatFor('nb')).toBe('nb');
		expect(csvFormatFor('en')).toBe('intl');
	});

	it('writes the summary table: a row per interval and a session total', () => {
		const lines = summaryCsv(report).trimEnd().split('\r\n');
		expect(lines).toHaveLength(1 + 2 * 2);
		expect(lines[1]).toBe('Ask,1,170,180,90,60,50,60,50,16,,,,');
		expect(lines[2]).toBe('Ask,total,,180,90,60,50,,,,30,17,100,no');
		expect(lines[4]).toBe('Bjørk,total,,180,90,60,50,,,,10,17.7,94,yes');
	});
});

describe('TCX export', () => {
	const { session, readings, events } = handSession();
	const report = buildSessionReport(session, readings, events);
	const own = (p: ParticipantReport) => readings.get(p.info.participantId) ?? [];

	it('is valid against the Garmin TCX v2 schema, with a lap per phase', async () => {
		const [ask] = report.participants;
		const xml = participantTcx(session, report.replay, report.endAt, ask!, own(ask!));
		expect(await validateTcx(xml)).toBeNull();
		expect(xml).toContain('<Activity Sport="Other">');
		expect(xml.match(/<Lap /g)).toHaveLength(3);
		expect(xml.match(/<Trackpoint>/g)).toHaveLength(300);
		expect(xml).toContain('<HeartRateBpm><Value>180</Value></HeartRateBpm>');
	});

	it('breaks the track at a gap and stays valid with hostile text and artefacts', async () => {
		const bjork = report.participants[1]!;
		const hostile = { info: { ...bjork.info, alias: '<script>&"\u0001' } };
		const withArtefact = [
			...own(bjork),
			{ at: T0 + 299_500, bpm: 0, contact: 'detected' as const, rrMs: [] }
		];
		const xml = participantTcx(session, report.replay, report.endAt, hostile, withArtefact);
		expect(await validateTcx(xml)).toBeNull();
		expect(xml).toContain('&lt;script&gt;&amp;&quot;');
		// Cool-down holds the gap: two tracks there, one in each other lap.
		expect(xml.match(/<Track>/g)).toHaveLength(4);
		expect(xml).not.toContain('<Value>0</Value>');
	});

	it('stays valid for a session without any reading', async () => {
		const ask = report.participants[0]!;
		expect(
			await validateTcx(participantTcx(session, report.replay, report.endAt, ask, []))
		).toBeNull();
		const unstarted = { ...report.replay, spans: [] };
		expect(await validateTcx(participantTcx(session, unstarted, report.endAt, ask, []))).toBeNull();
	});

	it('has a validator that rejects what the schema forbids (so a pass means something)', async () => {
		const [ask] = report.participants;
		const xml = participantTcx(session, report.replay, report.endAt, ask!, own(ask!));
		expect(await validateTcx(xml.replace('Sport="Other"', 'Sport="Curling"'))).toMatch(/Sport/);
		expect(await validateTcx(xml.replace('<Value>180</Value>', '<Value>0</Value>'))).toMatch(
			/Value/
		);
	});

	it('escapes XML', () => {
		expect(xmlEscape(`a<b>&'"`)).toBe('a&lt;b&gt;&amp;&apos;&quot;');
	});
});
