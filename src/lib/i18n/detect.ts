/** Languages the app speaks. */
export type AppLocale = 'en' | 'nb';

/** Where the chosen language is remembered on this device. */
export const LOCALE_STORAGE_KEY = 'pulsklar.locale';

/**
 * Picks the app language from the browser's preferred languages: any Norwegian
 * (nb, nn, no, with or without region) means bokmål, anything else English.
 */
export function localeFromLanguages(languages: readonly string[]): AppLocale {
	for (const tag of languages) {
		const primary = tag.toLowerCase().split(/[-_]/)[0];
		if (primary === 'nb' || primary === 'nn' || primary === 'no') return 'nb';
		if (primary === 'en') return 'en';
	}
	return 'en';
}

/** A remembered choice wins over the browser's languages; junk in storage is ignored. */
export function initialLocale(stored: string | null, languages: readonly string[]): AppLocale {
	if (stored === 'en' || stored === 'nb') return stored;
	return localeFromLanguages(languages);
}
