import { describe, expect, it } from 'vitest';
import { sessionActivities, weekOf, weeklyTotals } from './diary';
import { builtInProtocol } from './protocol';
import { MINUTE } from './types';

describe('weekOf', () => {
	it('is the Monday of the ISO week, across a month and a year', () => {
		expect(weekOf('2026-03-04')).toBe('2026-03-02'); // Wednesday
		expect(weekOf('2026-03-02')).toBe('2026-03-02'); // Monday
		expect(weekOf('2026-03-08')).toBe('2026-03-02'); // Sunday
		expect(weekOf('2026-01-01')).toBe('2025-12-29');
	});
});

describe('weekly totals against the national advice', () => {
	it('counts moderate minutes: 5 × 30 min meets the 150-minute advice', () => {
		const days = ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'];
		const [sut] = weeklyTotals(days.map((date) => ({ date, minutes: 30, intensity: 'moderate' })));
		expect(sut).toMatchObject({ moderateMin: 150, vigorousMin: 0, equivalentMin: 150 });
		expect(sut?.meetsAerobic).toBe(true);
	});

	it('counts vigorous minutes double: 75 vigorous minutes meet the advice, 70 do not', () => {
		const [sut] = weeklyTotals([
			{ date: '2026-03-02', minutes: 40, intensity: 'vigorous' },
			{ date: '2026-03-04', minutes: 35, intensity: 'vigorous' }
		]);
		expect(sut).toMatchObject({ vigorousMin: 75, equivalentMin: 150, meetsAerobic: true });
		const [short] = weeklyTotals([{ date: '2026-03-02', minutes: 70, intensity: 'vigorous' }]);
		expect(short).toMatchObject({ equivalentMin: 140, meetsAerobic: false });
	});

	it('adds a mix, ignores light activity, counts strength days, and keeps weeks apart', () => {
		const sut = weeklyTotals([
			{ date: '2026-03-03', minutes: 60, intensity: 'moderate' },
			{ date: '2026-03-05', minutes: 45, intensity: 'vigorous' },
			{ date: '2026-03-06', minutes: 90, intensity: 'light' },
			{ date: '2026-03-06', minutes: 30, intensity: 'moderate', strength: true },
			{ date: '2026-03-06', minutes: 10, intensity: 'moderate', strength: true },
			{ date: '2026-03-10', minutes: 20, intensity: 'moderate', strength: true }
		]);
		expect(sut).toHaveLength(2);
		expect(sut[0]).toEqual({
			week: '2026-03-02',
			moderateMin: 100,
			vigorousMin: 45,
			equivalentMin: 190,
			strengthDays: 1,
			meetsAerobic: true,
			meetsStrength: false
		});
		expect(sut[1]).toMatchObject({ week: '2026-03-09', equivalentMin: 20, meetsAerobic: false });
	});

	it('turns a full 4x4 into 16 vigorous and 24 moderate minutes', () => {
		const phases = builtInProtocol('4x4')!.phases;
		const total = phases.reduce((s, p) => s + p.durationMs, 0);
		expect(sessionActivities(phases, '2026-03-02', total)).toEqual([
			{ date: '2026-03-02', minutes: 16, intensity: 'vigorous' },
			{ date: '2026-03-02', minutes: 24, intensity: 'moderate' }
		]);
		// Stopped after the warm-up and one interval.
		expect(sessionActivities(phases, '2026-03-02', 14 * MINUTE)).toEqual([
			{ date: '2026-03-02', minutes: 4, intensity: 'vigorous' },
			{ date: '2026-03-02', minutes: 10, intensity: 'moderate' }
		]);
	});
});
