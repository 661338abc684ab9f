import { overwriteGetLocale, overwriteSetLocale } from '$lib/paraglide/runtime';
import { initialLocale, LOCALE_STORAGE_KEY, type AppLocale } from './detect';

/** The app language as reactive state; Paraglide's messages read it, so a switch needs no reload. */
class LocaleState {
	#current = $state<AppLocale>('en');

	constructor() {
		if (typeof window !== 'undefined') {
			this.#current = initialLocale(readStored(), navigator.languages ?? [navigator.language]);
			document.documentElement.lang = this.#current;
		}
		overwriteGetLocale(() => this.#current);
		overwriteSetLocale((next) => this.set(next));
	}

	/** The language in use. */
	get current(): AppLocale {
		return this.#current;
	}

	/** Switches the language and remembers the choice on this device. */
	set(next: AppLocale): void {
		this.#current = next;
		document.documentElement.lang = next;
		try {
			localStorage.setItem(LOCALE_STORAGE_KEY, next);
		} catch {
			// Storage can be disabled (private mode); the switch still applies to this visit.
		}
	}
}

function readStored(): string | null {
	try {
		return localStorage.getItem(LOCALE_STORAGE_KEY);
	} catch {
		return null;
	}
}

/** The single locale state of the app. */
export const locale = new LocaleState();
