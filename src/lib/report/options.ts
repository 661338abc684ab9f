import { settings } from '$lib/settings/settings.svelte';
import type { JudgeSettings } from './judged-with';

/**
 * Today's settings for reports: they judge only sessions that have no snapshot yet (older ones,
 * on first open) and re-judging on request; a session's own snapshot judges it otherwise.
 */
export function reportOptions(): JudgeSettings {
	const { intensityModel, hrMaxFormula, zoneBounds, flags } = settings.value;
	return { intensityModel, hrMaxFormula, zoneBounds, flags };
}
