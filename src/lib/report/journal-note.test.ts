import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '$lib/db/types';
import { journalNote, type NoteLocale } from './journal-note';
import { buildSessionReport } from './session-report';
import { handReadings, handSession, T0 } from './test-session';

/**
 * The hand-computed session (see test-session.ts) with four more people: Eik stays under the band
 * (150 bpm = 75 % in the work interval), Furu goes above HRmax (205 bpm for 20 s), Gran has no
 * readings at all, Hegg loses the signal for 50 s in the work interval.
 */
function classOfSix() {
	const { session, readings, events } = handSession();
	const more = [
		{ participantId: 'p3', alias: 'Eik', hrMax: 200, hrMaxSource: 'tanaka' as const },
		{ participantId: 'p4', alias: 'Furu', hrMax: 200, hrMaxSource: 'measured' as const },
		{ participantId: 'p5', alias: 'Gran', hrMax: 190 },
		{ participantId: 'p6', alias: 'Hegg', hrMax: 200, hrMaxSource: 'fox' as const }
	];
	const record: SessionRecord = {
		...session,
		participants: [...session.participants, ...more],
		participantIds: [...session.participantIds, ...more.map((p) => p.participantId)]
	};
	const at = (list: ReturnType<typeof handReadings>, from: number, to: number, bpm: number) =>
		list.map((r) => (r.at >= T0 + from * 1000 && r.at < T0 + to * 1000 ? { ...r, bpm } : r));
	readings.set('p3', at(handReadings(140), 60, 180, 150));
	readings.set('p4', at(handReadings(150), 150, 170, 205));
	readings.set('p6', handReadings(150, [100, 150]));
	events.push({
		id: 'e7',
		sessionId: 's1',
		participantId: 'p4',
		at: T0 + 200_000,
		kind: 'rpe',
		value: 18,
		interval: 1
	});
	const mood = (
		id: string,
		participantId: string,
		kind: 'mood-before' | 'mood-after',
		value: number,
		s: number
	) => ({
		id,
		sessionId: 's1',
		participantId,
		at: T0 + s * 1000,
		kind,
		value
	});
	events.push(
		mood('e8', 'p1', 'mood-before', 4, -60),
		mood('e9', 'p1', 'mood-after', 7, 310),
		mood('e10', 'p4', 'mood-before', 6, -60)
	);
	return buildSessionReport(record, readings, events);
}

const report = classOfSix();
const note = (alias: string, locale: NoteLocale) =>
	journalNote(
		report,
		report.participants.find((p) => p.info.alias === alias)!,
		{
			locale,
			timeZone: 'Europe/Oslo'
		}
	);

const JUDGED_NB =
	'Vurdert med innstillingene da økten startet (soner fra 50/60/70/80/90 % av makspuls, mål i % av makspuls, flagg etter 15 s utenfor sonen, slingringsmonn 120 s i drag 1 og 60 s senere, ingen signal etter 5 s).';
const JUDGED_EN =
	'Judged with the settings when the session started (zones from 50/60/70/80/90 % of HRmax, targets in % of HRmax, flags after 15 s outside the band, grace 120 s in interval 1 and 60 s later, no signal after 5 s).';

describe('the journal note', () => {
	it('states a completed session in bokmål', () => {
		expect(note('Ask', 'nb')).toBe(
			[
				'Intervalltrening med pulsmåling (Short 1x2), Ask',
				'5. januar 2026, kl. 10:00–10:05 (5:00).',
				'Arbeidsdrag gjennomført: 1 av 1 planlagte.',
				'Makspuls brukt: 200 slag/min (målt).',
				'Målsone i arbeidsdrag: 170–190 slag/min (85–95 % av makspuls).',
				'Tid i målsonen per arbeidsdrag (hele draget; siste 2 min):',
				'- Drag 1: 1:00 av 2:00 (50 %); siste 2 min 1:00 (50 %). Høyeste puls 180 slag/min (90 % av makspuls). Borg 16.',
				'Arbeidsdrag samlet: 1:00 av 2:00 i målsonen (50 %).',
				'Høyeste puls i økten: 180 slag/min (90 % av makspuls).',
				'Pulsfall 1 min etter siste drag: 30 slag/min (fra 180 til 150).',
				'Humør, appens egen skala 1–10 (før → etter): 4 → 7.',
				'Instruktørens notater: ingen.',
				JUDGED_NB
			].join('\n')
		);
	});

	it('states a completed session in English', () => {
		expect(note('Ask', 'en')).toBe(
			[
				'Heart-rate interval training (Short 1x2), Ask',
				'5 January 2026, 10:00–10:05 (5:00).',
				'Work intervals done: 1 of 1 planned.',
				'HRmax used: 200 bpm (measured).',
				'Target band in work intervals: 170–190 bpm (85–95 % of HRmax).',
				'Time in target band per work interval (whole interval; last 2 min):',
				'- Interval 1: 1:00 of 2:00 (50 %); last 2 min 1:00 (50 %). Peak 180 bpm (90 % of HRmax). RPE 16.',
				'Work intervals in all: 1:00 of 2:00 in the target band (50 %).',
				'Session peak: 180 bpm (90 % of HRmax).',
				'Heart-rate recovery 1 min after the last interval: 30 bpm (from 180 to 150).',
				'Mood, own 1–10 scale (before → after): 4 → 7.',
				"Instructor's notes: none.",
				JUDGED_EN
			].join('\n')
		);
	});

	it('states a session stopped early, without RPE, with a low recovery and a note', () => {
		const expected = {
			nb: [
				'Intervalltrening med pulsmåling (Short 1x2), Bjørk',
				'5. januar 2026, kl. 10:00–10:05 (5:00).',
				'Avsluttet før tiden kl. 10:04. Arbeidsdrag gjennomført: 1 av 1 planlagte.',
				'Makspuls brukt: 200 slag/min (anslått, Nes: 211 − 0,64 × alder).',
				'Målsone i arbeidsdrag: 170–190 slag/min (85–95 % av makspuls).',
				'Tid i målsonen per arbeidsdrag (hele draget; siste 2 min):',
				'- Drag 1: 1:00 av 2:00 (50 %); siste 2 min 1:00 (50 %). Høyeste puls 180 slag/min (90 % av makspuls). Borg ikke registrert.',
				'Arbeidsdrag samlet: 1:00 av 2:00 i målsonen (50 %).',
				'Høyeste puls i økten: 180 slag/min (90 % av makspuls).',
				'Pulsfall 1 min etter siste drag: 10 slag/min (fra 180 til 170). Lavere enn forventet (12 slag/min eller mindre).',
				'Instruktørens notater: 10:04 Knee <b>sore</b>',
				JUDGED_NB
			],
			en: [
				'Heart-rate interval training (Short 1x2), Bjørk',
				'5 January 2026, 10:00–10:05 (5:00).',
				'Stopped early at 10:04. Work intervals done: 1 of 1 planned.',
				'HRmax used: 200 bpm (estimated, Nes: 211 − 0.64 × age).',
				'Target band in work intervals: 170–190 bpm (85–95 % of HRmax).',
				'Time in target band per work interval (whole interval; last 2 min):',
				'- Interval 1: 1:00 of 2:00 (50 %); last 2 min 1:00 (50 %). Peak 180 bpm (90 % of HRmax). RPE not recorded.',
				'Work intervals in all: 1:00 of 2:00 in the target band (50 %).',
				'Session peak: 180 bpm (90 % of HRmax).',
				'Heart-rate recovery 1 min after the last interval: 10 bpm (from 180 to 170). Lower than expected (12 bpm or less).',
				"Instructor's notes: 10:04 Knee <b>sore</b>",
				JUDGED_EN
			]
		};
		expect(note('Bjørk', 'nb')).toBe(expected.nb.join('\n'));
		expect(note('Bjørk', 'en')).toBe(expected.en.join('\n'));
	});

	it('states time under the band, above HRmax, no data and a long loss of signal', () => {
		const cases: [string, NoteLocale, string[]][] = [
			[
				'Eik',
				'nb',
				[
					'Makspuls brukt: 200 slag/min (anslått, Tanaka: 208 − 0,7 × alder).',
					'- Drag 1: 0:00 av 2:00 (0 %); siste 2 min 0:00 (0 %). Høyeste puls 150 slag/min (75 % av makspuls). Borg ikke registrert.',
					'Arbeidsdrag samlet: 0:00 av 2:00 i målsonen (0 %).',
					'Pulsfall 1 min etter siste drag: 10 slag/min (fra 150 til 140). Lavere enn forventet (12 slag/min eller mindre).'
				]
			],
			[
				'Eik',
				'en',
				[
					'- Interval 1: 0:00 of 2:00 (0 %); last 2 min 0:00 (0 %). Peak 150 bpm (75 % of HRmax). RPE not recorded.'
				]
			],
			[
				'Furu',
				'nb',
				[
					'- Drag 1: 0:40 av 2:00 (33 %); siste 2 min 0:40 (33 %). Høyeste puls 205 slag/min (102 % av makspuls). Borg 18.',
					'Over makspuls: kl. 10:02 (0:20).'
				]
			],
			[
				'Furu',
				'en',
				[
					'Above HRmax: 10:02 (0:20).',
					'Session peak: 205 bpm (102 % of HRmax).',
					'Mood, own 1–10 scale (before → after): 6 → not recorded.'
				]
			],
			['Furu', 'nb', ['Humør, appens egen skala 1–10 (før → etter): 6 → ikke registrert.']],
			[
				'Gran',
				'nb',
				[
					'Arbeidsdrag gjennomført: 0 av 1 planlagte.',
					'Makspuls brukt: 190 slag/min (kilde ikke registrert).',
					'Målsone i arbeidsdrag: 162–181 slag/min (85–95 % av makspuls).',
					'Ingen pulsdata registrert.',
					'- Drag 1: ingen pulsdata. Borg ikke registrert.'
				]
			],
			[
				'Gran',
				'en',
				[
					'Work intervals done: 0 of 1 planned.',
					'No heart-rate data recorded.',
					'- Interval 1: no heart-rate data. RPE not recorded.'
				]
			],
			['Hegg', 'nb', ['Uten signal i 30 s eller mer: kl. 10:01 (0:46).']],
			['Hegg', 'en', ['No signal for 30 s or more: 10:01 (0:46).']]
		];
		for (const [alias, locale, lines] of cases) {
			const text = note(alias, locale).split('\n');
			for (const line of lines) expect(text, `${alias} ${locale}`).toContain(line);
		}
		// No data: no figures that would be made up.
		expect(note('Gran', 'nb')).not.toMatch(/Pulsfall|Høyeste puls|samlet/);
		// A short gap (Bjørk's 20 s) and no flag above max are not reported.
		expect(note('Bjørk', 'en')).not.toMatch(/No signal|Above HRmax/);
		// Mood only when it was recorded.
		expect(note('Gran', 'en')).not.toMatch(/Mood/);
	});

	it('says when a session got its snapshot on first open', () => {
		const older = {
			...report,
			session: {
				...report.session,
				judgedWith: {
					...report.session.judgedWith!,
					origin: 'first-open' as const,
					at: T0 + 86_400_000
				}
			}
		};
		const text = journalNote(older, older.participants[0]!, {
			locale: 'nb',
			timeZone: 'Europe/Oslo'
		});
		expect(text.split('\n').at(-1)).toBe(
			'Vurdert med innstillingene som gjaldt da rapporten først ble åpnet, 6. januar 2026 (soner fra 50/60/70/80/90 % av makspuls, mål i % av makspuls, flagg etter 15 s utenfor sonen, slingringsmonn 120 s i drag 1 og 60 s senere, ingen signal etter 5 s).'
		);
	});
});
