import Validator from '@asymmetrik/fhir-json-schema-validator';
import { describe, expect, it } from 'vitest';
import { participantFhirBundle, PULSKLAR_CODES, sampledHeartRate } from './fhir';
import { buildSessionReport } from './session-report';
import { handSession, T0 } from './test-session';

// The official FHIR R4 JSON schema (fhir.schema.json), shipped by the validator package.
const validator = new Validator();

type Component = {
	code: { coding: { system: string; code: string }[] };
	valueQuantity?: { value: number; code: string };
	valueInteger?: number;
};
type Resource = Record<string, unknown> & { resourceType: string };
type Bundle = { entry: { fullUrl: string; resource: Resource }[] };

const { session, readings, events } = handSession();
const report = buildSessionReport(session, readings, events);

function bundleFor(index: number) {
	const participant = report.participants[index]!;
	const bundle = participantFhirBundle(
		report,
		participant,
		readings.get(participant.info.participantId)!,
		T0 + 3_600_000
	);
	return JSON.parse(JSON.stringify(bundle)) as Bundle & Resource;
}

function component(bundle: Bundle, system: string, code: string): Component | undefined {
	const exercise = bundle.entry[1]!.resource as unknown as { component: Component[] };
	return exercise.component.find((c) =>
		c.code.coding.some((k) => k.system === system && k.code === code)
	);
}

describe('the FHIR R4 export', () => {
	it('validates against the official R4 JSON schema, bundle and every resource', () => {
		for (const index of [0, 1]) {
			const bundle = bundleFor(index);
			expect(validator.validate(bundle)).toEqual([]);
			for (const entry of bundle.entry) expect(validator.validate(entry.resource)).toEqual([]);
		}
	});

	it('the schema check is real: a wrong bundle is refused', () => {
		const bundle = bundleFor(0);
		expect(validator.validate({ ...bundle, type: 'pile' }).length).toBeGreaterThan(0);
	});

	it('holds a Patient with the pseudonym only, and links the series from the exercise', () => {
		const bundle = bundleFor(0);
		expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
		const [patient, exercise, series] = bundle.entry.map((e) => e.resource);
		expect(Object.keys(patient!).sort()).toEqual(['id', 'identifier', 'resourceType']);
		expect(patient!.identifier).toEqual([{ system: 'urn:pulsklar:pseudonym', value: 'Ask' }]);
		expect(exercise).toMatchObject({
			code: { coding: [{ system: 'http://loinc.org', code: '73985-4' }] },
			effectivePeriod: {
				start: new Date(T0).toISOString(),
				end: new Date(T0 + 300_000).toISOString()
			},
			hasMember: [{ reference: bundle.entry[2]!.fullUrl }],
			subject: { reference: bundle.entry[0]!.fullUrl }
		});
		expect(series).toMatchObject({
			code: { coding: [{ code: '8867-4' }] },
			valueSampledData: { period: 1000, dimensions: 1, origin: { value: 0, code: '/min' } }
		});
	});

	it('carries the same numbers as the report', () => {
		const ask = bundleFor(0);
		const s = report.participants[0]!.summary;
		expect(component(ask, 'http://loinc.org', '55411-3')?.valueQuantity?.value).toBe(5);
		expect(component(ask, 'http://loinc.org', '55426-1')?.valueQuantity?.value).toBe(s.peakBpm);
		expect(component(ask, 'http://loinc.org', '55425-3')?.valueQuantity?.value).toBe(170);
		expect(component(ask, PULSKLAR_CODES, 'work-time-in-target')?.valueQuantity?.value).toBe(1);
		expect(component(ask, PULSKLAR_CODES, 'work-share-in-target')?.valueQuantity?.value).toBe(50);
		expect(
			component(ask, PULSKLAR_CODES, 'interval-1-judged-time-in-target')?.valueQuantity?.value
		).toBe(1);
		expect(component(ask, PULSKLAR_CODES, 'hrr-1min')?.valueQuantity?.value).toBe(30);
		expect(component(ask, PULSKLAR_CODES, 'interval-1-rpe')?.valueInteger).toBe(16);
		expect(component(ask, PULSKLAR_CODES, 'peak-percent-hrmax')?.valueQuantity?.value).toBe(90);
		// Bjørk gave no RPE: no RPE component rather than a made-up one.
		const bjork = bundleFor(1);
		expect(component(bjork, PULSKLAR_CODES, 'interval-1-rpe')).toBeUndefined();
		expect(component(bjork, PULSKLAR_CODES, 'hrr-1min')?.valueQuantity?.value).toBe(10);
	});

	it('writes the series once a second with E for the gaps', () => {
		const data = sampledHeartRate(readings.get('p2')!, T0, T0 + 300_000).split(' ');
		expect(data).toHaveLength(300);
		expect(data.slice(0, 2)).toEqual(['130', '130']);
		expect(data.slice(249, 271)).toEqual(['170', ...Array<string>(20).fill('E'), '170']);
	});
});
