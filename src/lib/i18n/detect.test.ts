import { describe, expect, it } from 'vitest';
import { initialLocale, localeFromLanguages } from './detect';

describe('localeFromLanguages', () => {
	it.each([
		[['nb-NO'], 'nb'],
		[['nn'], 'nb'],
		[['no'], 'nb'],
		[['NB_no', 'en'], 'nb'],
		[['en-GB'], 'en'],
		[['sv-SE', 'nb'], 'nb'],
		[['de-DE', 'fr'], 'en'],
		[[], 'en']
	] as const)('%j → %s', (languages, expected) => {
		expect(localeFromLanguages(languages)).toBe(expected);
	});

	it('takes the first language the app speaks, in the browser order', () => {
		expect(localeFromLanguages(['en-US', 'nb-NO'])).toBe('en');
	});
});

describe('initialLocale', () => {
	it('prefers the remembered choice', () => {
		expect(initialLocale('en', ['nb-NO'])).toBe('en');
		expect(initialLocale('nb', ['en-US'])).toBe('nb');
	});

	it('ignores an unknown stored value', () => {
		expect(initialLocale('de', ['nb-NO'])).toBe('nb');
		expect(initialLocale(null, ['en'])).toBe('en');
	});
});
