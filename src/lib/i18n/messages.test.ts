import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const load = (locale: string) =>
	JSON.parse(
		readFileSync(new URL(`../../../messages/${locale}.json`, import.meta.url), 'utf8')
	) as Record<string, string>;

const placeholders = (text: string) =>
	[...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('message catalogues', () => {
	const en = load('en');
	const nb = load('nb');

	it('have the same keys in bokmål and English', () => {
		expect(Object.keys(nb).sort()).toEqual(Object.keys(en).sort());
	});

	it('use the same placeholders in both languages', () => {
		for (const key of Object.keys(en)) {
			expect(placeholders(nb[key] ?? ''), key).toEqual(placeholders(en[key] ?? ''));
		}
	});

	it('have no empty messages', () => {
		for (const [key, text] of [...Object.entries(en), ...Object.entries(nb)]) {
			expect(text.trim(), key).not.toBe('');
		}
	});
});
