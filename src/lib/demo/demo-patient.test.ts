import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, parseBackup } from '$lib/db/backup';
import { db } from '$lib/db/db';
import { eraseParticipant } from '$lib/db/erase';
import { listGoals } from '$lib/db/goals';
import { DEFAULT_JUDGE } from '$lib/report/judged-with';
import { loadParticipantSessions, loadSessionReport } from '$lib/report/load';
import { buildPeriod, periodSession } from '$lib/report/period';
import { planAttendance, trendRow } from '$lib/report/trend';
import { createDemoPatient, demoHistory, demoParticipant, findDemoPatient } from './demo-patient';

const NOW = new Date(2026, 11, 2, 12, 0).getTime();
const GOALS = { attend: 'Attend', firstIntervals: 'Two in target', allIntervals: 'Four in target' };

beforeEach(async () => {
	await db.open();
});

afterEach(async () => {
	await Promise.all(db.tables.map((table) => table.clear()));
});

// Seeding simulates five weeks of sessions second by second: seconds of CPU on a busy machine.
describe('the demo patient', { timeout: 120_000 }, () => {
	it('has the same simulated history for the same day and seed, and another for another seed', () => {
		const p = { ...demoParticipant(NOW), id: 'demo' };
		const a = demoHistory(p, DEFAULT_JUDGE, NOW);
		const b = demoHistory(p, DEFAULT_JUDGE, NOW);
		const strip = (h: typeof a) =>
			h.map((s) => ({
				...s,
				record: { ...s.record, id: '' },
				events: s.events.map((e) => ({ ...e, sessionId: '' }))
			}));
		expect(strip(a)).toEqual(strip(b));
		expect(strip(demoHistory(p, DEFAULT_JUDGE, NOW, 17))).not.toEqual(strip(a));
		// Five weeks of a 3-a-week plan, some missed, every session over before now.
		expect(a.length).toBeGreaterThanOrEqual(12);
		expect(a.every((s) => s.record.endedAt! <= NOW && s.record.demo === 1)).toBe(true);
		expect(a.every((s) => s.readings.length > 1000)).toBe(true);
	});

	it('starts its plan on the Monday five weeks before this week, whatever the weekday it is opened', () => {
		// 30 Nov 2026 is a Monday: every day of that week gives the same plan, so the same sessions
		// on the same calendar weeks (started five weeks before to the day, a Thursday's diary
		// had six weeks and its printed period a third page).
		for (let day = 0; day < 7; day++) {
			const now = new Date(2026, 10, 30 + day, 8 + day * 2).getTime();
			const start = demoParticipant(now).plan!.startDate;
			expect(start, new Date(now).toDateString()).toBe('2026-10-26');
		}
		expect(new Date(2026, 9, 26).getDay()).toBe(1);
		expect(demoParticipant(new Date(2026, 11, 7, 9).getTime()).plan!.startDate).toBe('2026-11-02');
	});

	it('is stored through the real pipeline: a plan period with numbers, goals, reports', async () => {
		const patient = await createDemoPatient(DEFAULT_JUDGE, GOALS, NOW);
		expect(patient).toMatchObject({
			demo: 1,
			alias: 'Selje (demo)',
			plan: { templateId: 'cerg-12x3' }
		});
		// A second call opens the same patient instead of seeding another.
		expect((await createDemoPatient(DEFAULT_JUDGE, GOALS, NOW)).id).toBe(patient.id);
		expect(await db.participants.count()).toBe(1);

		const rows = await loadParticipantSessions(patient.id, DEFAULT_JUDGE, periodSession);
		const period = buildPeriod(patient.plan, rows, NOW, true)!;
		expect(period.currentWeek).toBe(6);
		expect(period.sessions.length).toBe(rows.length);
		expect(period.sessions.length).toBe(14);
		// Demo sessions never count for anyone else's period.
		expect(buildPeriod(patient.plan, rows, NOW)!.sessions).toHaveLength(0);
		for (const s of period.sessions) {
			expect(s.workInBandFraction).not.toBeNull();
			expect(s.peakPercentHrMax).toBeGreaterThan(80);
			expect(s.meanRpe).not.toBeNull();
		}
		// Week 2 holds the one session done as 1x4 where 2x4 was planned.
		expect(period.weeks[1]).toMatchObject({
			plannedProtocolId: '2x4',
			doneProtocolIds: ['2x4', '1x4', '2x4']
		});
		expect(period.weeks[2]!.done).toBe(2);
		const trend = await loadParticipantSessions(patient.id, DEFAULT_JUDGE, trendRow);
		// 14 of the 18 sessions planned in weeks 1–6 (today, in week 6, the 17:00 class has not begun).
		expect(planAttendance(patient.plan!, trend, NOW, true)!.overall).toBeCloseTo(14 / 18);

		// Every session has its summaries stored and a report from them.
		expect(await db.summaries.count()).toBe(rows.length);
		const report = (await loadSessionReport(period.sessions[0]!.sessionId))!;
		expect(report.participants[0]!.summary.intervals[0]!.rpe).not.toBeNull();

		const goals = await listGoals(patient.id);
		expect(goals.map((g) => g.text)).toEqual(['Attend', 'Four in target']);
		expect(goals[1]!.history.map((v) => v.text)).toEqual(['Two in target']);
		expect(await findDemoPatient()).toMatchObject({ id: patient.id });

		// A backup keeps the demo mark (the backup schema knows the field).
		const parsed = parseBackup(JSON.stringify(await exportBackup()));
		expect(parsed.ok).toBe(true);
		expect(JSON.stringify(await exportBackup())).toContain('"demo":1');
	});

	it('is erased in one step with every record it owns', async () => {
		const patient = await createDemoPatient(DEFAULT_JUDGE, GOALS, NOW);
		expect(await db.samples.count()).toBeGreaterThan(0);
		await eraseParticipant(patient.id);
		for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
		expect(await findDemoPatient()).toBeUndefined();
	});
});
