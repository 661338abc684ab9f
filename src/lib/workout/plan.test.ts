import { describe, expect, it } from 'vitest';
import {
	attendanceByWeek,
	overallAttendance,
	planFromTemplate,
	planWeekOf,
	validatePlan
} from './plan';
import { builtInProtocol } from './protocol';

const DAY = 24 * 60 * 60 * 1000;
const start = Date.UTC(2025, 0, 6);
const plan = planFromTemplate('p', '12 weeks');

describe('the 12-week plan template', () => {
	it('kick-starts with 1x4, steps up through 2x4 and 3x4, then 4x4 three times a week', () => {
		expect(plan.weeks).toHaveLength(12);
		expect(plan.weeks.map((w) => w.protocolId)).toEqual([
			'1x4',
			'2x4',
			'3x4',
			...Array<string>(9).fill('4x4')
		]);
		expect(plan.weeks.every((w) => w.sessionsPerWeek === 3)).toBe(true);
		expect(validatePlan(plan, (id) => builtInProtocol(id) !== undefined)).toEqual([]);
	});

	it('can be shaped: 8 weeks, twice a week, straight to 4x4', () => {
		const short = planFromTemplate('s', 'short', { weeks: 8, sessionsPerWeek: 2, progression: [] });
		expect(short.weeks.map((w) => `${w.sessionsPerWeek}×${w.protocolId}`)).toEqual(
			Array(8).fill('2×4x4')
		);
	});

	it('flags weeks without sessions or with unknown protocols', () => {
		const broken = { ...plan, weeks: [{ week: 1, sessionsPerWeek: 0, protocolId: 'nope' }] };
		expect(validatePlan(broken, () => false)).toEqual([
			{ code: 'sessions-not-positive', week: 1 },
			{ code: 'protocol-missing', week: 1 }
		]);
		expect(validatePlan({ ...plan, weeks: [] })).toEqual([{ code: 'no-weeks' }]);
	});
});

describe('attendance against the plan', () => {
	it('counts sessions in 7-day weeks from the plan start', () => {
		expect(planWeekOf(plan, start, start)).toBe(1);
		expect(planWeekOf(plan, start, start + 7 * DAY - 1)).toBe(1);
		expect(planWeekOf(plan, start, start + 7 * DAY)).toBe(2);
		expect(planWeekOf(plan, start, start - 1)).toBeNull();
		expect(planWeekOf(plan, start, start + 84 * DAY)).toBeNull();
	});

	it('reports done vs planned per week, and how many used the planned protocol', () => {
		const sessions = [
			{ at: start + 0 * DAY, protocolId: '1x4' },
			{ at: start + 2 * DAY, protocolId: '1x4' },
			{ at: start + 4 * DAY, protocolId: '4x4' },
			{ at: start + 5 * DAY, protocolId: '1x4' },
			{ at: start + 8 * DAY, protocolId: '2x4' }
		];
		const [week1, week2, week3] = attendanceByWeek(plan, start, sessions);
		expect(week1).toMatchObject({ planned: 3, done: 4, doneAsPlanned: 3, attendance: 1 });
		expect(week2).toMatchObject({ planned: 3, done: 1, doneAsPlanned: 1 });
		expect(week2?.attendance).toBeCloseTo(1 / 3);
		expect(week3).toMatchObject({ done: 0, attendance: 0 });
		// Weeks 1–2 have begun: 4 of 6 planned (the extra session in week 1 does not make up for week 2).
		expect(overallAttendance(plan, start, sessions, start + 10 * DAY)).toBeCloseTo(4 / 6);
	});
});
