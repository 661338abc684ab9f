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
	/**
	 * The above-max alarm: its own sound, repeated until acknowledged, heard even with the phase
	 * cues muted. On by default; off only by a deliberate choice (the settings page confirms it).
	 */
	alarm: boolean;
	/** Ask "how do you feel right now?" before and after a session (a clinic may turn it off). */
	moodCheck: boolean;
	/** Live screen: tiles needing attention first (off: roster order, so nobody moves). */
	attentionFirst: boolean;
	/** Intensity flag thresholds [product choices in DOMAIN.md], in seconds, bpm and %. */
	flags: FlagSettings;
}

/** Flag thresholds a clinician may tune. */
export interface FlagSettings {
	graceFirstS: number;
	graceLaterS: number;
	holdS: number;
	hysteresisBpm: number;
	noSignalS: number;
	lowBatteryPercent: number;
}

/** Allowed range of each flag threshold. */
export const FLAG_LIMITS: Record<keyof FlagSettings, [number, number]> = {
	graceFirstS: [0, 600],
	graceLaterS: [0, 600],
	holdS: [1, 120],
	hysteresisBpm: [0, 10],
	noSignalS: [2, 60],
	lowBatteryPercent: [0, 50]
};

/** Defaults from DOMAIN.md: Nes formula, % HRmax, Polar/Garmin five zones, cues on. */
export const DEFAULT_SETTINGS: Settings = {
	hrMaxFormula: 'nes',
	intensityModel: 'hrmax',
	zoneBounds: [50, 60, 70, 80, 90],
	sound: true,
	speech: true,
	vibration: true,
	alarm: true,
	moodCheck: true,
	attentionFirst: false,
	flags: {
		graceFirstS: 120,
		graceLaterS: 60,
		holdS: 15,
		hysteresisBpm: 2,
		noSignalS: 5,
		lowBatteryPercent: 15
	}
};

function sanitizeFlags(raw: unknown): FlagSettings {
	const value = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const out = { ...DEFAULT_SETTINGS.flags };
	for (const key of Object.keys(FLAG_LIMITS) as (keyof FlagSettings)[]) {
		const v = value[key];
		const [low, high] = FLAG_LIMITS[key];
		if (typeof v === 'number' && Number.isFinite(v) && v >= low && v <= high) out[key] = v;
	}
	return out;
}

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
		vibration: typeof value.vibration === 'boolean' ? value.vibration : DEFAULT_SETTINGS.vibration,
		alarm: typeof value.alarm === 'boolean' ? value.alarm : DEFAULT_SETTINGS.alarm,
		moodCheck: typeof value.moodCheck === 'boolean' ? value.moodCheck : DEFAULT_SETTINGS.moodCheck,
		attentionFirst:
			typeof value.attentionFirst === 'boolean'
				? value.attentionFirst
				: DEFAULT_SETTINGS.attentionFirst,
		flags: sanitizeFlags(value.flags)
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
