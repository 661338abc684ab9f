import { describe, expect, it } from 'vitest';
import { ParticipantTracker } from './participant-tracker';
import { builtInProtocol, type Protocol } from './protocol';
import { SimulatedParticipant } from './simulator';
import { CHECK_STRAP_AFTER_MS, TrustedValue, tileState, type TileState } from './tile-view';
import { sessionStateAt, type TimelineEvent } from './timeline';
import type { Contact } from './types';

// 2x4: warm-up 0–600 s, work 1 600–840 s (grace 120 s), recovery 840–1020 s, work 2 1020–1260 s.
const protocol = builtInProtocol('2x4') as Protocol;
const timeline: TimelineEvent[] = [{ type: 'start', at: 0 }];
const s = (n: number) => n * 1000;
const state = (t: number) => sessionStateAt(protocol, timeline, t);
// HRmax 180: work band 85–95 % = 153–171 bpm; recovery 60–70 % = 108–126; warm-up 50–70 % = 90–126.
const FRESH = 5000;

/** A person on a tracker, fed one reading a second, with the tile read back after each. */
function person() {
	const tracker = new ParticipantTracker({ hrMax: 180 });
	const view = (t: number): TileState =>
		tileState({
			now: s(t),
			state: state(s(t)),
			trusted: tracker.trusted,
			tracker,
			freshMs: FRESH,
			link: 'up'
		});
	const feed = (t: number, bpm: number, contact: Contact = 'detected') => {
		tracker.reading({ at: s(t), bpm, contact }, state(s(t)));
		return view(t);
	};
	return { tracker, view, feed };
}

/** The contradictions a tile must never show. */
function consistent(tile: TileState): void {
	if (tile.flags.includes('under')) expect(tile.target).toBe('below');
	if (tile.flags.includes('over') || tile.flags.includes('above-max'))
		expect(tile.target).toBe('above');
	if (tile.bpm === null) {
		expect(tile.percent).toBeNull();
		expect(tile.zone).toBeNull();
		expect(tile.target).toBeNull();
	}
}

describe('what a tile says, from one judgement of the trusted signal', () => {
	it('in work: 160 bpm is "in" (89 %), zone 4 as a badge, whatever colour zone 4 has', () => {
		const { feed } = person();
		let tile = feed(700, 160);
		for (let t = 701; t < 710; t++) tile = feed(t, 160);
		expect(tile).toMatchObject({ bpm: 160, percent: 89, zone: 4, target: 'in', flags: [] });
	});

	it('judges warm-up and recovery against their own band, quietly (no flag)', () => {
		const { feed } = person();
		// Warm-up 90–126: 140 bpm is above it, with no badge.
		expect(feed(100, 140)).toMatchObject({ target: 'above', flags: [] });
		expect(feed(101, 110)).toMatchObject({ target: 'in', flags: [] });
		// Recovery 108–126: 150 bpm, two minutes on, is above and still not flagged.
		let tile = feed(850, 150);
		for (let t = 851; t < 970; t++) tile = feed(t, 150);
		expect(tile).toMatchObject({ target: 'above', flags: [] });
	});

	it('during the grace period the state is shown and no flag is raised', () => {
		const { feed } = person();
		let tile = feed(600, 130);
		for (let t = 601; t < 700; t++) {
			tile = feed(t, 130);
			consistent(tile);
		}
		expect(tile).toMatchObject({ target: 'below', flags: [] });
	});

	it('under: raised after grace + hold, and the state stays "below" until the flag clears with hysteresis', () => {
		const { feed } = person();
		let tile = feed(600, 140);
		for (let t = 601; t <= 740; t++) {
			tile = feed(t, 140);
			consistent(tile);
		}
		// Grace ends at 720 s, hold 15 s: under from 735 s.
		expect(tile).toMatchObject({ target: 'below', flags: ['under'] });
		// 153 is inside the band (low edge) but not 2 bpm past it: still under, still "below".
		for (let t = 741; t <= 750; t++) {
			tile = feed(t, 153);
			consistent(tile);
		}
		expect(tile.bpm).toBe(153);
		expect(tile).toMatchObject({ target: 'below', flags: ['under'] });
		// 156 smooths past 155 within 5 s: the flag clears and the word turns "in" at the same reading.
		const seen: TileState[] = [];
		for (let t = 751; t <= 760; t++) seen.push(feed(t, 156));
		seen.forEach(consistent);
		expect(seen.at(-1)).toMatchObject({ target: 'in', flags: [] });
		const turned = seen.findIndex((v) => v.target === 'in');
		expect(seen[turned]?.flags).toEqual([]);
		expect(seen[turned - 1]?.flags).toEqual(['under']);
	});

	it('above max: raised on the first clean reading above HRmax, and the state says "above"', () => {
		const { feed } = person();
		for (let t = 700; t < 705; t++) feed(t, 175);
		const tile = feed(705, 182);
		expect(tile).toMatchObject({ bpm: 182, target: 'above', flags: ['above-max'] });
		consistent(tile);
	});

	it('never shows an artefact: a jump keeps the last trusted value; an impossible value or lost contact shows "—"', () => {
		const { feed } = person();
		for (let t = 700; t < 705; t++) feed(t, 150);
		expect(feed(705, 215)).toMatchObject({ bpm: 150, percent: 83, zone: 4 });
		expect(feed(706, 255)).toMatchObject({ bpm: null, percent: null, zone: null, target: null });
		expect(feed(707, 151)).toMatchObject({ bpm: 151 });
		expect(feed(708, 150, 'not-detected')).toMatchObject({ bpm: null, target: null });
	});

	it('a trusted value stays shown while fresh (5 s), then "—"', () => {
		const { feed, view } = person();
		feed(700, 150);
		expect(view(704.9).bpm).toBe(150);
		expect(view(705).bpm).toBeNull();
	});

	it(`a loose strap: only artefacts for ${CHECK_STRAP_AFTER_MS / 1000} s ask to check the strap`, () => {
		const { feed } = person();
		for (let t = 700; t < 705; t++) feed(t, 150);
		// A strap sitting badly: no skin contact, or 0 bpm (many straps send it then), every second.
		let tile = feed(705, 0);
		for (let t = 706; t < 705 + CHECK_STRAP_AFTER_MS / 1000; t++)
			tile = feed(t, t % 2 ? 150 : 0, t % 2 ? 'not-detected' : 'detected');
		expect(tile).toMatchObject({ bpm: null, checkStrap: false });
		tile = feed(705 + CHECK_STRAP_AFTER_MS / 1000, 0);
		expect(tile).toMatchObject({ bpm: null, checkStrap: true });
		// One trusted reading ends it.
		expect(feed(716, 152)).toMatchObject({ bpm: 152, checkStrap: false });
	});

	it('the demo loose strap over a whole class: never an artefact on the tile, never a contradiction', () => {
		const tracker = new ParticipantTracker({ hrMax: 185 });
		const sim = new SimulatedParticipant({
			seed: 11,
			profile: 'loose-strap',
			hrMax: 185,
			hrRest: 60,
			fitness: 0.6
		});
		let shownArtefacts = 0;
		let artefacts = 0;
		for (let t = 0; t <= 41 * 60; t++) {
			const st = state(s(t));
			const packet = sim.next(s(t), st);
			if (!packet) continue;
			const verdict = tracker.reading({ at: s(t), ...packet }, st);
			const tile = tileState({
				now: s(t),
				state: st,
				trusted: tracker.trusted,
				tracker,
				freshMs: FRESH,
				link: 'up'
			});
			consistent(tile);
			if (verdict.artefact !== null) {
				artefacts++;
				if (tile.bpm === packet.bpm) shownArtefacts++;
			}
		}
		expect(artefacts).toBeGreaterThan(20);
		// A shown value equal to the artefact's could only be the earlier trusted one: never new.
		expect(shownArtefacts).toBe(0);
	});

	it('a strap without a person shows its trusted value and "no signal" when silent', () => {
		const trusted = new TrustedValue();
		trusted.note(s(10), 120, null);
		const at = (t: number, link: 'up' | 'down') =>
			tileState({ now: s(t), state: state(s(t)), trusted, tracker: null, freshMs: FRESH, link });
		expect(at(11, 'up')).toMatchObject({ bpm: 120, percent: null, zone: null, target: null });
		expect(at(20, 'up')).toMatchObject({ bpm: null, flags: ['no-signal'] });
		expect(at(11, 'down')).toMatchObject({ bpm: null, flags: ['no-signal', 'reconnecting'] });
	});
});
