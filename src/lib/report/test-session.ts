import type { HeartRateReading } from '$lib/workout';
import type { SessionEvent, SessionRecord } from '$lib/db/types';
import { DEFAULT_BANDS, type Protocol } from '$lib/workout';
import { DEFAULT_JUDGE, judgedWithOf } from './judged-with';

/** Test data: a session whose numbers are easy to compute by hand. */
export const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);

/** 1 min warm-up, 2 min work, 2 min cool-down: 5 minutes in all. */
export const SHORT_PROTOCOL: Protocol = {
	id: 'short',
	name: 'Short 1x2',
	builtIn: false,
	phases: [
		{ kind: 'warmup', durationMs: 60_000, band: DEFAULT_BANDS.warmup },
		{ kind: 'work', durationMs: 120_000, band: DEFAULT_BANDS.work },
		{ kind: 'cooldown', durationMs: 120_000, band: DEFAULT_BANDS.cooldown }
	]
};

/**
 * One reading a second for 300 s, HRmax 200: warm-up 130 bpm (65 %, zone 2, in band), work 160
 * (80 %, below band, zone 4) for a minute then 180 (90 %, in band, zone 5), cool-down `coolBpm`.
 * Seconds in `missing` have no reading.
 */
export function handReadings(coolBpm: number, missing: [number, number] | null = null) {
	const readings: HeartRateReading[] = [];
	for (let s = 0; s < 300; s++) {
		if (missing && s >= missing[0] && s < missing[1]) continue;
		const bpm = s < 60 ? 130 : s < 120 ? 160 : s < 180 ? 180 : coolBpm;
		readings.push({ at: T0 + s * 1000, bpm, contact: 'detected', rrMs: [Math.round(60000 / bpm)] });
	}
	return readings;
}

/** The hand-computed session: "Ask" recovers well, "Bjørk" poorly and loses signal for 20 s. */
export function handSession(): {
	session: SessionRecord;
	readings: Map<string, HeartRateReading[]>;
	events: SessionEvent[];
} {
	const session: SessionRecord = {
		id: 's1',
		mode: 'class',
		demo: 0,
		status: 'finished',
		protocol: SHORT_PROTOCOL,
		timeline: [{ type: 'start', at: T0 }],
		participants: [
			{ participantId: 'p1', alias: 'Ask', hrMax: 200, hrMaxSource: 'measured' },
			{ participantId: 'p2', alias: 'Bjørk', hrMax: 200, hrMaxSource: 'nes' }
		],
		participantIds: ['p1', 'p2'],
		startedAt: T0,
		endedAt: T0 + 300_000,
		createdAt: T0,
		updatedAt: T0 + 300_000,
		judgedWith: judgedWithOf(DEFAULT_JUDGE, 'start', T0)
	};
	const readings = new Map([
		['p1', handReadings(150)],
		['p2', handReadings(170, [250, 270])]
	]);
	const events: SessionEvent[] = [
		{
			id: 'e1',
			sessionId: 's1',
			participantId: 'p1',
			at: T0 + 200_000,
			kind: 'rpe',
			value: 16,
			interval: 1
		},
		{
			id: 'e2',
			sessionId: 's1',
			participantId: 'p2',
			at: T0 + 250_000,
			kind: 'gap',
			until: T0 + 270_000
		},
		{
			id: 'e3',
			sessionId: 's1',
			participantId: 'p2',
			at: T0 + 290_000,
			kind: 'note',
			value: 'Knee <b>sore</b>'
		},
		{ id: 'e4', sessionId: 's1', participantId: 'p2', at: T0 + 295_000, kind: 'stopped-early' },
		{
			id: 'e5',
			sessionId: 's1',
			participantId: 'p1',
			at: T0 + 130_000,
			kind: 'flag-raised',
			value: 'under'
		},
		{
			id: 'e6',
			sessionId: 's1',
			participantId: 'p1',
			at: T0 + 150_000,
			kind: 'flag-cleared',
			value: 'under'
		}
	];
	return { session, readings, events };
}
