import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, sanitizeSettings } from './settings.svelte';

describe('sanitizeSettings', () => {
	it('gives the defaults for nothing stored', () => {
		expect(sanitizeSettings(null)).toEqual(DEFAULT_SETTINGS);
	});

	it('keeps valid values', () => {
		const stored = {
			...DEFAULT_SETTINGS,
			hrMaxFormula: 'fox',
			sound: false,
			zoneBounds: [55, 65, 75, 84, 92]
		};
		expect(sanitizeSettings(stored)).toEqual(stored);
	});

	it('keeps flag thresholds within their ranges and defaults the rest', () => {
		const result = sanitizeSettings({
			flags: { graceFirstS: 90, holdS: 0, noSignalS: 'x', lowBatteryPercent: 20 }
		});
		expect(result.flags).toEqual({
			...DEFAULT_SETTINGS.flags,
			graceFirstS: 90,
			lowBatteryPercent: 20
		});
	});

	it('drops values of the wrong shape', () => {
		const result = sanitizeSettings({
			hrMaxFormula: 'magic',
			zoneBounds: [90, 80, 70, 60, 50],
			sound: 'yes'
		});
		expect(result.hrMaxFormula).toBe('nes');
		expect(result.zoneBounds).toEqual([50, 60, 70, 80, 90]);
		expect(result.sound).toBe(true);
	});

	it('keeps needs-attention-first off unless turned on', () => {
		expect(DEFAULT_SETTINGS.attentionFirst).toBe(false);
		expect(sanitizeSettings({ attentionFirst: true }).attentionFirst).toBe(true);
		expect(sanitizeSettings({ attentionFirst: 'yes' }).attentionFirst).toBe(false);
	});
});
