import { describe, expect, it } from 'vitest';
import type { HeartRateReading } from '$lib/ble/source';
import { builtInProtocol, sessionStateAt, type Protocol, type TimelineEvent } from '$lib/workout';
import { LiveParticipant } from './live-participant.svelte';

const protocol = builtInProtocol('2x4') as Protocol; // warm-up 0–600 s, interval 1 600–840 s
const timeline: TimelineEvent[] = [{ type: 'start', at: 0 }];
const s = (n: number) => n * 1000;
const state = (t: number) => sessionStateAt(protocol, timeline, t);
const at = (t: number, bpm: number): HeartRateReading => ({
	at: s(t),
	bpm,
	contact: 'detected',
	rrMs: []
});

function person(hrMax = 180) {
	return new LiveParticipant({ participantId: 'p1', alias: 'Kari', hrMax }, {}, 5000);
}

describe('what a tile shows', () => {
	it('never shows an artefact: a jump keeps the last trusted value, an impossible one shows "—"', () => {
		const sut = person();
		for (let t = 700; t < 705; t++) sut.reading(at(t, 150), state(s(t)));
		expect(sut.bpm).toBe(150);
		expect(sut.percent).toBe(83);
		// +65 bpm within a second: the engine marks it; the tile keeps 150.
		sut.reading(at(705, 215), state(s(705)));
		expect(sut.bpm).toBe(150);
		expect(sut.zone).toBe(4);
		for (const impossible of [0, 255, 300, 65_535]) {
			sut.reading(at(706, impossible), state(s(706)));
			expect(sut.bpm, String(impossible)).toBeNull();
			expect(sut.percent).toBeNull();
			expect(sut.zone).toBeNull();
		}
		sut.reading(at(707, 152), state(s(707)));
		expect(sut.bpm).toBe(152);
		// Fresh for 5 s, then "—".
		sut.tick(s(711.9), state(s(711.9)));
		expect(sut.bpm).toBe(152);
		sut.tick(s(712), state(s(712)));
		expect(sut.bpm).toBeNull();
	});

	it('a strap sending 0 bpm raises no-signal after the no-signal time', () => {
		const sut = person();
		sut.reading(at(700, 150), state(s(700)));
		for (let t = 701; t <= 706; t++) {
			sut.reading(at(t, 0), state(s(t)));
			sut.tick(s(t) + 500, state(s(t) + 500));
		}
		expect(sut.bpm).toBeNull();
		expect(sut.flags).toContain('no-signal');
	});

	it('a strap without a person (no HRmax) follows the same rule', () => {
		const sut = person(0);
		sut.reading(at(10, 120), state(s(10)));
		expect(sut.bpm).toBe(120);
		sut.reading(at(11, 65_535), state(s(11)));
		expect(sut.bpm).toBeNull();
		sut.reading(at(12, 121), state(s(12)));
		expect(sut.bpm).toBe(121);
	});
});
