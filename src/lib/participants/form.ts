import type { ParticipantInput } from '$lib/db/participants';
import { resolveHrMax, type HrMaxFormula } from '$lib/workout/hr-max';

/** The raw text of the participant form. */
export interface ParticipantFormValues {
	alias: string;
	age: string;
	measuredHrMax: string;
	hrRest: string;
	ceiling: string;
	notes: string;
}

/** Field-level problems, as codes the form translates. */
export type ParticipantFormError =
	| 'alias-required'
	| 'age-or-hrmax'
	| 'age-range'
	| 'hrmax-range'
	| 'hrrest-range'
	| 'ceiling-range';

const RANGES = {
	age: [5, 110],
	measuredHrMax: [100, 240],
	hrRest: [25, 130],
	ceiling: [80, 240]
} as const;

function parseNumber(text: string): number | null {
	const trimmed = text.trim().replace(',', '.');
	if (trimmed === '') return null;
	const value = Number(trimmed);
	return Number.isFinite(value) ? value : NaN;
}

function outside(value: number | null, [low, high]: readonly [number, number]): boolean {
	return value !== null && (Number.isNaN(value) || value < low || value > high);
}

/** Validates the form and builds the record to save; HRmax is measured or estimated from age. */
export function participantFromForm(
	values: ParticipantFormValues,
	formula: HrMaxFormula
): { ok: true; input: ParticipantInput } | { ok: false; errors: ParticipantFormError[] } {
	const errors: ParticipantFormError[] = [];
	const age = parseNumber(values.age);
	const measured = parseNumber(values.measuredHrMax);
	const hrRest = parseNumber(values.hrRest);
	const ceiling = parseNumber(values.ceiling);
	if (values.alias.trim() === '') errors.push('alias-required');
	if (age === null && measured === null) errors.push('age-or-hrmax');
	if (outside(age, RANGES.age)) errors.push('age-range');
	if (outside(measured, RANGES.measuredHrMax)) errors.push('hrmax-range');
	if (outside(hrRest, RANGES.hrRest)) errors.push('hrrest-range');
	if (outside(ceiling, RANGES.ceiling)) errors.push('ceiling-range');
	const hrMax = errors.length === 0 ? resolveHrMax({ measured, age, formula }) : null;
	if (errors.length > 0 || !hrMax) return { ok: false, errors };
	return {
		ok: true,
		input: {
			alias: values.alias.trim(),
			age: age ?? undefined,
			hrMax: hrMax.bpm,
			hrMaxSource: hrMax.source,
			hrRest: hrRest ?? undefined,
			ceiling: ceiling ?? undefined,
			notes: values.notes.trim() || undefined
		}
	};
}
