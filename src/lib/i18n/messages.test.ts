import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages';

/** A message is a plain pattern, or (for plurals) a list of variant blocks with a `match` table. */
type Message = string | { declarations?: string[]; match: Record<string, string> }[];

const load = (locale: string) =>
	JSON.parse(
		readFileSync(new URL(`../../../messages/${locale}.json`, import.meta.url), 'utf8')
	) as Record<string, Message>;

/** Every pattern a message can print: the text itself, or each of its plural variants. */
const patterns = (message: Message | undefined): string[] =>
	message === undefined
		? []
		: typeof message === 'string'
			? [message]
			: message.flatMap((block) => Object.values(block.match));

const placeholders = (message: Message | undefined) =>
	[
		...new Set(
			patterns(message).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))
		)
	].sort();

/** A whole word or phrase, case-insensitive; `\b` would not see the edge of "ø" or "å". */
const word = (phrase: string) => new RegExp(`(?<!\\p{L})${phrase}(?!\\p{L})`, 'iu');

const BANNED_NB = [
	word('i mål'),
	word('alene'),
	word('demoklassen?'),
	word('økta'),
	word('(1|én|ett) (deltakere|økter|pulsbelter|målinger|poster)')
];

describe('message catalogues', () => {
	const en = load('en');
	const nb = load('nb');
	delete en.$schema;
	delete nb.$schema;

	it('have the same keys in bokmål and English', () => {
		expect(Object.keys(nb).sort()).toEqual(Object.keys(en).sort());
	});

	it('use the same placeholders in both languages', () => {
		for (const key of Object.keys(en)) {
			expect(placeholders(nb[key]), key).toEqual(placeholders(en[key]));
		}
	});

	it('have no empty messages', () => {
		for (const [key, message] of [...Object.entries(en), ...Object.entries(nb)]) {
			expect(patterns(message).length, key).toBeGreaterThan(0);
			for (const text of patterns(message)) expect(text.trim(), key).not.toBe('');
		}
	});

	it('give every plural a "one" and an "other" form', () => {
		for (const [key, message] of [...Object.entries(en), ...Object.entries(nb)]) {
			if (typeof message === 'string') continue;
			const forms = message.flatMap((block) =>
				Object.keys(block.match).map((k) => k.split('=')[1])
			);
			expect(forms, key).toEqual(expect.arrayContaining(['one', 'other']));
		}
	});

	// Words a patient or instructor misreads (issue 13): "I mål" reads as "finished", "alene" as
	// lonely, "Demoklasse" is not the app's group wording, and the app says "økten", never "økta".
	it('keep out the words that read wrong in bokmål', () => {
		for (const [key, message] of Object.entries(nb)) {
			for (const text of patterns(message)) {
				for (const banned of BANNED_NB) expect(text, key).not.toMatch(banned);
			}
		}
	});

	it('keep "Hysterese" out of labels (plain words first; the term only in its hint)', () => {
		for (const [key, message] of Object.entries(nb)) {
			if (key.endsWith('_help')) continue;
			for (const text of patterns(message)) expect(text, key).not.toMatch(/hysterese/i);
		}
	});
});

describe('plurals', () => {
	it('say "1 participant" and "2 participants" in English', () => {
		expect(m.history_participants({ count: 1 }, { locale: 'en' })).toBe('1 participant');
		expect(m.history_participants({ count: 2 }, { locale: 'en' })).toBe('2 participants');
		expect(m.history_participants({ count: 0 }, { locale: 'en' })).toBe('0 participants');
	});

	it('say "1 deltaker" and "8 deltakere" in bokmål', () => {
		expect(m.history_participants({ count: 1 }, { locale: 'nb' })).toBe('1 deltaker');
		expect(m.history_participants({ count: 8 }, { locale: 'nb' })).toBe('8 deltakere');
		expect(m.straps_connected({ count: 1 }, { locale: 'nb' })).toBe('1 pulsbelte tilkoblet');
		expect(m.straps_connected({ count: 3 }, { locale: 'en' })).toBe('3 straps connected');
		expect(m.goal_target_sessions({ value: 1 }, { locale: 'nb' })).toBe('1 økt i uka');
		expect(m.period_note_rpe({ first: 12, latest: 14, count: 1 }, { locale: 'en' })).toBe(
			'- RPE, mean (Borg 6–20): 12 → 14 (1 session).'
		);
	});

	it('never print a message key instead of text', () => {
		for (const count of [0, 1, 2, 5, 21, 100]) {
			for (const locale of ['en', 'nb'] as const) {
				expect(m.unsaved_readings({ count }, { locale })).toContain(String(count));
				expect(m.backup_restored({ count }, { locale })).toContain(String(count));
			}
		}
	});
});
