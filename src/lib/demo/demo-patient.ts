/**
 * The demo patient: one roster entry with several weeks of simulated history on a 12-week plan,
 * so the therapist pages (participant page, 12-week view, report, journal note, FHIR) can be tried
 * without real data. The history comes from the demo class's simulator and is written through the
 * real repositories, so every report of it comes out of the real pipeline. Deterministic: the same
 * seed and day give the same readings.
 */
import { overTheAir } from '$lib/ble/simulated-strap';
import { db } from '$lib/db/db';
import { eraseParticipant } from '$lib/db/erase';
import { addGoal, reviseGoal } from '$lib/db/goals';
import { newId } from '$lib/db/ids';
import { saveParticipant } from '$lib/db/participants';
import { appendChunks, toChunk } from '$lib/db/samples';
import { closeSession, storeSession } from '$lib/db/sessions';
import type { GoalTarget, Participant, SessionEvent, SessionRecord } from '$lib/db/types';
import { judgedWithOf, type JudgeSettings } from '$lib/report/judged-with';
import { loadSessionReport } from '$lib/report/load';
import { planTemplate } from '$lib/report/plans';
import {
	builtInProtocol,
	estimateHrMax,
	mulberry32,
	SECOND,
	SessionTimeline,
	SimulatedParticipant,
	totalDurationMs,
	type HeartRateReading,
	type SimProfile
} from '$lib/workout';

/** The demo patient's pseudonym: says "demo" wherever it is shown, printed or exported. */
export const DEMO_ALIAS = 'Selje (demo)';
const DEMO_AGE = 44;
const DEMO_REST = 64;
const PLAN_ID = 'cerg-12x3';
const DAY = 24 * 60 * 60 * 1000;
/** Weeks of history before today: the patient is in week 6 of 12 [product choice]. */
const WEEKS_DONE = 5;

/** One seeded session: what the live screen would have stored. */
export interface DemoSession {
	record: SessionRecord;
	readings: HeartRateReading[];
	events: Omit<SessionEvent, 'id'>[];
}

/** The texts of the demo goals (the caller's language: goals are the therapist's own words). */
export interface DemoGoalTexts {
	attend: string;
	firstIntervals: string;
	allIntervals: string;
}

/**
 * Plan days (0 = the first day) of the seeded sessions, with the protocol done when it differs
 * from the plan's and the simulated profile: one week with a session missed, one session done a
 * step below the plan, a slow start once, so the 12-week view has something to show (Mondays,
 * Wednesdays and Fridays). None in week 6, today's week (days 35–41): the patient looks the same
 * whatever the hour the demo is opened (a class at 17:00 today appeared only after 17:00, and
 * made the printed period a page longer).
 */
const SCHEDULE: { day: number; protocolId?: string; profile?: SimProfile }[] = [
	{ day: 0 },
	{ day: 2 },
	{ day: 4, profile: 'late-starter' },
	{ day: 7 },
	{ day: 9, protocolId: '1x4' },
	{ day: 11 },
	{ day: 14 },
	{ day: 18, profile: 'under' },
	{ day: 21 },
	{ day: 23 },
	{ day: 25 },
	{ day: 28 },
	{ day: 30 },
	{ day: 32 }
];

/** YYYY-MM-DD of a local instant. */
function localDay(at: number): string {
	const d = new Date(at);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * The plan's first day: local midnight of the Monday `weeks` weeks before the week of `now`
 * (calendar days, whatever the DST). A plan that starts on a Monday has its weeks on the calendar's
 * weeks, so the patient looks the same whatever the weekday the demo is opened: started five weeks
 * before `now` to the day, the diary's calendar weeks were five or six (six on a Thursday, and the
 * printed period took a third page).
 */
function planStartBefore(now: number, weeks: number): number {
	const d = new Date(now);
	const sinceMonday = (d.getDay() + 6) % 7;
	return new Date(d.getFullYear(), d.getMonth(), d.getDate() - sinceMonday - weeks * 7).getTime();
}

/** The demo patient's record (not yet stored), its plan in week 6 of 12 at `now`. */
export function demoParticipant(now: number): Participant {
	return {
		id: newId(),
		alias: DEMO_ALIAS,
		age: DEMO_AGE,
		hrMax: estimateHrMax(DEMO_AGE),
		hrMaxSource: 'nes',
		hrRest: DEMO_REST,
		plan: { templateId: PLAN_ID, startDate: localDay(planStartBefore(now, WEEKS_DONE)) },
		archived: 0,
		demo: 1,
		createdAt: now,
		updatedAt: now
	};
}

/**
 * The seeded sessions, oldest first: each simulated second by second on its protocol (one strap
 * packet a second, decoded as the app decodes a strap's), with an RPE per work interval. Only
 * sessions that ended before `now`; fitness grows over the weeks, so recovery and RPE improve.
 */
export function demoHistory(
	participant: Participant,
	judge: JudgeSettings,
	now: number,
	seed = 16
): DemoSession[] {
	return [...demoSessions(participant, judge, now, seed)];
}

/**
 * The seeded sessions one at a time, so the caller can store each before the next is simulated:
 * the main thread is never held longer than one session's simulation.
 */
function* demoSessions(
	participant: Participant,
	judge: JudgeSettings,
	now: number,
	seed: number
): Generator<DemoSession> {
	const template = planTemplate(PLAN_ID)!;
	const planStart = planStartBefore(now, WEEKS_DONE);
	const random = mulberry32(seed);
	for (const [index, slot] of SCHEDULE.entries()) {
		const week = Math.floor(slot.day / 7) + 1;
		const protocol = builtInProtocol(
			slot.protocolId ?? template.weeks[week - 1]?.protocolId ?? '4x4'
		)!;
		const day = new Date(planStart);
		// 17:00 local on the plan day, plus a few minutes so not every class starts on the hour.
		const startedAt =
			new Date(day.getFullYear(), day.getMonth(), day.getDate() + slot.day, 17).getTime() +
			Math.floor(random() * 10) * 60_000;
		const endedAt = startedAt + totalDurationMs(protocol);
		if (endedAt > now) continue;
		const timeline = [{ type: 'start' as const, at: startedAt }];
		const fitness = 0.35 + (0.3 * index) / SCHEDULE.length;
		const sim = new SimulatedParticipant({
			seed: seed * 1000 + index,
			profile: slot.profile ?? 'on-target',
			hrMax: participant.hrMax,
			hrRest: participant.hrRest ?? DEMO_REST,
			fitness,
			battery: 90
		});
		const readings: HeartRateReading[] = [];
		const replayed = new SessionTimeline(protocol, timeline);
		for (let at = startedAt; at < endedAt; at += SECOND) {
			const packet = sim.next(at, replayed.stateAt(at));
			if (!packet) continue;
			const decoded = overTheAir(packet);
			if (decoded)
				readings.push({ at, bpm: decoded.bpm, contact: decoded.contact, rrMs: decoded.rrMs });
		}
		const id = newId();
		const events: Omit<SessionEvent, 'id'>[] = [];
		let workEnd = startedAt;
		let interval = 0;
		for (const phase of protocol.phases) {
			workEnd += phase.durationMs;
			if (phase.kind !== 'work') continue;
			interval++;
			// Borg 6–20: harder early in the plan and late in a session, easier as fitness grows.
			const rpe = Math.round(15 + interval * 0.4 - index * 0.15 + (random() - 0.5) * 2);
			events.push({
				sessionId: id,
				participantId: participant.id,
				at: workEnd + 20 * SECOND,
				kind: 'rpe',
				value: Math.max(9, Math.min(19, rpe)),
				interval
			});
		}
		const record: SessionRecord = {
			id,
			mode: 'class',
			demo: 1,
			status: 'finished',
			protocol,
			timeline,
			participants: [
				{
					participantId: participant.id,
					alias: participant.alias,
					hrMax: participant.hrMax,
					hrMaxSource: participant.hrMaxSource,
					hrRest: participant.hrRest,
					targetBasis: judge.intensityModel === 'hrr' ? 'reserve' : 'hrmax',
					simProfile: slot.profile ?? 'on-target'
				}
			],
			participantIds: [participant.id],
			startedAt,
			endedAt,
			createdAt: startedAt,
			updatedAt: endedAt,
			judgedWith: judgedWithOf(judge, 'start', startedAt)
		};
		yield { record, readings, events };
	}
}

/** The one demo patient on the roster, if any. */
export function findDemoPatient(): Promise<Participant | undefined> {
	return db.participants.filter((p) => p.demo === 1).first();
}

/**
 * Creates the demo patient with its plan, sessions (readings, RPE, stored summaries) and goals,
 * or returns the one that exists. All or nothing: a failure (a full disk) erases what was written.
 */
export async function createDemoPatient(
	judge: JudgeSettings,
	goals: DemoGoalTexts,
	now = Date.now()
): Promise<Participant> {
	const existing = await findDemoPatient();
	if (existing) return existing;
	const participant = demoParticipant(now);
	try {
		await saveParticipant(participant, now);
		let planStart: number | null = null;
		for (const { record, readings, events } of demoSessions(participant, judge, now, 16)) {
			planStart ??= record.startedAt;
			await storeSession({ ...record, status: 'running' });
			await appendChunks([toChunk(record.id, participant.id, 0, readings)]);
			await db.events.bulkAdd(events.map((e) => ({ ...e, id: newId() })));
			await closeSession(record.id, 'finished', record.endedAt!, record.updatedAt);
			// The summaries the live screen's tidy-up stores, so the pages open at once.
			await loadSessionReport(record.id, judge);
		}
		planStart ??= now;
		const target = (kind: GoalTarget['kind'], value: number) => ({ kind, value });
		await addGoal(
			participant.id,
			{ text: goals.attend, target: target('sessions-per-week', 3), status: 'active' },
			db,
			planStart
		);
		const intervals = await addGoal(
			participant.id,
			{ text: goals.firstIntervals, target: target('intervals-in-target', 2), status: 'active' },
			db,
			planStart + 1
		);
		// Revised in week 4, once the first goal was met: the history shows the earlier version.
		await reviseGoal(
			intervals.id,
			{ text: goals.allIntervals, target: target('intervals-in-target', 4), status: 'active' },
			db,
			planStart + 21 * DAY
		);
		return participant;
	} catch (error) {
		await eraseParticipant(participant.id).catch(() => {});
		throw error;
	}
}
