/** User preferences kept on this device (not health data, so localStorage is enough). */
export interface Settings {
	/** HRmax estimate for participants without a measured value. */
	hrMaxFormula: 'nes' | 'tanaka' | 'fox';
	/** Targets as % of HRmax (default) or % of heart-rate reserve (Karvonen). */
	intensityModel: 'hrmax' | 'hrr';
	/** Lower edges of zones 1–5 in % HRmax; zone 5 ends at 100. */
	zoneBounds: [number, number, number, number, number];
	sound: boolean;
	speech: boolean;
	vibration: boolean;
}

/** Defaults from DOMAIN.md: Nes formula, % HRmax, Polar/Garmin five zones, cues on. */
export const DEFAULT_SETTINGS: Settings = {
	hrMaxFormula: 'nes',
	intensityModel: 'hrmax',
	zoneBounds: [50, 60, 70, 80, 90],
	sound: true,
	speech: true,
	vibration: true
};

const KEY = 'pulsklar.settings';

/** Accepts a stored value only where it has the right shape; anything else keeps the default. */
export function sanitizeSettings(raw: unknown): Settings {
	const value = (raw && typeof raw === 'object' ? raw : {}) as Partial<
		Record<keyof Settings, unknown>
	>;
	const bounds = value.zoneBounds;
	const validBounds =
		Array.isArray(bounds) &&
		bounds.length === 5 &&
		bounds.every(
			(b, i) => typeof b === 'number' && b >= 30 && b < 100 && (i === 0 || b > bounds[i - 1])
		);
	return {
		hrMaxFormula: ['nes', 'tanaka', 'fox'].includes(value.hrMaxFormula as string)
			? (value.hrMaxFormula as Settings['hrMaxFormula'])
			: DEFAULT_SETTINGS.hrMaxFormula,
		intensityModel: value.intensityModel === 'hrr' ? 'hrr' : 'hrmax',
		zoneBounds: validBounds ? (bounds as Settings['zoneBounds']) : [...DEFAULT_SETTINGS.zoneBounds],
		sound: typeof value.sound === 'boolean' ? value.sound : DEFAULT_SETTINGS.sound,
		speech: typeof value.speech === 'boolean' ? value.speech : DEFAULT_SETTINGS.speech,
		vibration: typeof value.vibration === 'boolean' ? value.vibration : DEFAULT_SETTINGS.vibration
	};
}

/** Reactive settings, saved on every change. */
class SettingsState {
	value = $state<Settings>({ ...DEFAULT_SETTINGS });

	constructor() {
		if (typeof localStorage === 'undefined') return;
		try {
			this.value = sanitizeSettings(JSON.parse(localStorage.getItem(KEY) ?? 'null'));
		} catch {
			// A corrupt entry falls back to defaults rather than breaking the app.
		}
	}

	/** Changes some settings and remembers them. */
	update(changes: Partial<Settings>): void {
		this.value = sanitizeSettings({ ...this.value, ...changes });
		try {
			localStorage.setItem(KEY, JSON.stringify(this.value));
		} catch {
			// Storage disabled: the change still applies to this visit.
		}
	}
}

/** The app's settings. */
export const settings = new SettingsState();
