import { describe, expect, it } from 'vitest';
import { participantFromForm, type ParticipantFormValues } from './form';

const blank: ParticipantFormValues = {
	alias: '',
	age: '',
	measuredHrMax: '',
	hrRest: '',
	ceiling: '',
	notes: ''
};

describe('participantFromForm', () => {
	it('estimates HRmax from age with the chosen formula (Nes by default)', () => {
		const sut = participantFromForm({ ...blank, alias: ' Blue ', age: '40' }, 'nes');
		expect(sut).toEqual({
			ok: true,
			input: expect.objectContaining({ alias: 'Blue', age: 40, hrMax: 185, hrMaxSource: 'nes' })
		});
	});

	it('prefers a measured HRmax over the estimate', () => {
		const sut = participantFromForm(
			{ ...blank, alias: 'A', age: '40', measuredHrMax: '192' },
			'fox'
		);
		expect(sut.ok && sut.input.hrMax).toBe(192);
		expect(sut.ok && sut.input.hrMaxSource).toBe('measured');
	});

	it('accepts a decimal comma and optional resting HR and ceiling', () => {
		const sut = participantFromForm(
			{ ...blank, alias: 'A', age: '35,0', hrRest: '58', ceiling: '175' },
			'tanaka'
		);
		expect(sut.ok && sut.input).toMatchObject({ age: 35, hrRest: 58, ceiling: 175, hrMax: 184 });
	});

	it('needs an alias and either an age or a measured HRmax', () => {
		const sut = participantFromForm(blank, 'nes');
		expect(sut).toEqual({ ok: false, errors: ['alias-required', 'age-or-hrmax'] });
	});

	it('rejects numbers out of range and junk', () => {
		const sut = participantFromForm(
			{ ...blank, alias: 'A', age: 'abc', measuredHrMax: '300', hrRest: '10', ceiling: '20' },
			'nes'
		);
		expect(sut).toEqual({
			ok: false,
			errors: ['age-range', 'hrmax-range', 'hrrest-range', 'ceiling-range']
		});
	});
});
