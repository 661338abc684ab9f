import 'fake-indexeddb/auto';
import Validator from '@asymmetrik/fhir-json-schema-validator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '$lib/db/db';
import { appendChunks, readReadings, toChunk } from '$lib/db/samples';
import { participantFhirBundle, PULSKLAR_CODES } from './fhir';
import { DEFAULT_JUDGE } from './judged-with';
import { loadParticipantSessions, loadSessionReport } from './load';
import { buildPeriod, periodSession } from './period';
import { loadPeriodFhir } from './period-fhir';
import { handSession, T0 } from './test-session';

// The official FHIR R4 JSON schema (fhir.schema.json), shipped by the validator package.
const validator = new Validator();
const DAY = 24 * 60 * 60 * 1000;
const PLAN = { templateId: 'cerg-12x3', startDate: '2026-01-05' };

type Component = {
	code: { coding: { system: string; code: string }[] };
	valueQuantity?: { value: number };
};
type Resource = Record<string, unknown> & {
	resourceType: string;
	code?: { coding: { code: string }[] };
	component?: Component[];
	hasMember?: { reference: string }[];
	subject?: { reference: string };
	effectivePeriod?: { start: string };
};
type Bundle = { type: string; entry: { fullUrl: string; resource: Resource }[] };

/** The hand session moved by `days`, stored under `id` the way the recorder stores it. */
async function storeShifted(id: string, days: number, coolBpm?: number) {
	const { session, readings, events } = handSession();
	const shift = days * DAY;
	await db.sessions.put({
		...session,
		id,
		startedAt: session.startedAt + shift,
		endedAt: session.endedAt! + shift,
		createdAt: session.createdAt + shift,
		updatedAt: session.updatedAt + shift,
		timeline: session.timeline.map((e) => ({ ...e, at: e.at + shift }))
	});
	for (const [participantId, list] of readings) {
		const moved = list.map((r, i) => ({
			...r,
			at: r.at + shift,
			// A slower cool-down in later sessions, so their HRR differs from the first one's.
			bpm: coolBpm !== undefined && i >= 180 ? coolBpm : r.bpm
		}));
		await appendChunks([toChunk(id, participantId, 0, moved)]);
	}
	await db.events.bulkPut(
		events.map((e) => ({ ...e, id: `${id}-${e.id}`, sessionId: id, at: e.at + shift }))
	);
}

const value = (resource: Resource, system: string, code: string) =>
	resource.component?.find((c) => c.code.coding.some((k) => k.system === system && k.code === code))
		?.valueQuantity?.value;

beforeEach(async () => {
	await db.open();
	await storeShifted('s1', 0);
	await storeShifted('s2', 2, 160);
	await storeShifted('s3', 4, 170);
	// Before the plan: never part of the period.
	await storeShifted('s0', -30);
});

afterEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

describe('the FHIR export of a plan period', () => {
	it('is one valid R4 collection: one Patient, then each period session oldest first', async () => {
		const rows = await loadParticipantSessions('p1', DEFAULT_JUDGE, periodSession);
		const period = buildPeriod(PLAN, rows, T0 + 10 * DAY)!;
		expect(period.sessions.map((s) => s.sessionId)).toEqual(['s1', 's2', 's3']);

		const bundle = JSON.parse(
			JSON.stringify(await loadPeriodFhir('p1', 'Ask', period, DEFAULT_JUDGE, T0 + 10 * DAY))
		) as Bundle & Record<string, unknown>;
		expect(validator.validate(bundle)).toEqual([]);
		for (const entry of bundle.entry) expect(validator.validate(entry.resource)).toEqual([]);
		expect(validator.validate({ ...bundle, type: 'pile' }).length).toBeGreaterThan(0);

		const kinds = bundle.entry.map(
			(e) => e.resource.code?.coding[0]?.code ?? e.resource.resourceType
		);
		expect(kinds).toEqual([
			'Patient',
			'73985-4',
			'8867-4',
			'73985-4',
			'8867-4',
			'73985-4',
			'8867-4'
		]);
		const patientUrl = bundle.entry[0]!.fullUrl;
		const exercises = bundle.entry.filter((e) => e.resource.code?.coding[0]?.code === '73985-4');
		exercises.forEach((exercise, i) => {
			expect(exercise.resource.subject?.reference).toBe(patientUrl);
			const series = bundle.entry[bundle.entry.indexOf(exercise) + 1]!;
			expect(exercise.resource.hasMember).toEqual([{ reference: series.fullUrl }]);
			expect(series.resource.subject?.reference).toBe(patientUrl);
			expect(exercise.resource.effectivePeriod?.start).toBe(
				new Date(period.sessions[i]!.at).toISOString()
			);
		});
	});

	it('carries the same numbers as the period view and trend, and as each session export', async () => {
		const rows = await loadParticipantSessions('p1', DEFAULT_JUDGE, periodSession);
		const period = buildPeriod(PLAN, rows, T0 + 10 * DAY)!;
		const bundle = (await loadPeriodFhir('p1', 'Ask', period, DEFAULT_JUDGE)) as unknown as Bundle;
		const exercises = bundle.entry
			.map((e) => e.resource)
			.filter((r) => r.code?.coding[0]?.code === '73985-4');
		expect(exercises).toHaveLength(3);
		const hrr = exercises.map((r) => value(r, PULSKLAR_CODES, 'hrr-1min'));
		// The later sessions recover less: the export follows each session, not the first one.
		expect(new Set(hrr).size).toBe(3);
		period.sessions.forEach((s, i) => {
			const r = exercises[i]!;
			expect(value(r, PULSKLAR_CODES, 'work-share-in-target')).toBe(
				Math.round(s.workInBandFraction! * 1000) / 10
			);
			expect(value(r, PULSKLAR_CODES, 'peak-percent-hrmax')).toBe(
				Math.round(s.peakPercentHrMax! * 10) / 10
			);
			expect(value(r, PULSKLAR_CODES, 'hrr-1min')).toBe(s.hrrDropBpm);
			expect(value(r, PULSKLAR_CODES, 'interval-1-time-in-target')).toBeDefined();
		});

		// Each session's part is what that session's own export holds (ids aside).
		const report = (await loadSessionReport('s2'))!;
		const single = participantFhirBundle(
			report,
			report.participants[0]!,
			await readReadings('s2', 'p1')
		) as unknown as Bundle;
		const strip = (r: Resource) =>
			JSON.parse(
				JSON.stringify(r, (k, v: unknown) => (k === 'id' || k === 'reference' ? undefined : v))
			) as unknown;
		expect(strip(exercises[1]!)).toEqual(strip(single.entry[1]!.resource));
		expect(strip(bundle.entry[4]!.resource)).toEqual(strip(single.entry[2]!.resource));
	});
});
