import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCues, cuesBetween } from './cues';
import { builtInProtocol, type Protocol } from './protocol';
import type { TimelineEvent } from './timeline';

// 1x4: warm-up 0–600 s, work 600–840 s, cool-down 840–1140 s.
const oneByFour = builtInProtocol('1x4') as Protocol;
const s = (n: number) => n * 1000;
const start: TimelineEvent = { type: 'start', at: 0 };
const brief = (cues: ReturnType<typeof allCues>) =>
	cues.map((c) => `${c.at / 1000}s ${c.type}${c.count ? ` ${c.count}` : ''}`);

describe('cues of a session', () => {
	it('announce each phase, count down 3-2-1 before every change, mark halfway and the end', () => {
		expect(brief(cuesBetween(oneByFour, [start], -1, s(2000)))).toEqual([
			'0s phase-start',
			'597s countdown 3',
			'598s countdown 2',
			'599s countdown 1',
			'600s phase-start',
			'720s halfway',
			'837s countdown 3',
			'838s countdown 2',
			'839s countdown 1',
			'840s phase-start',
			'1137s countdown 3',
			'1138s countdown 2',
			'1139s countdown 1',
			'1140s session-done'
		]);
	});

	it('lists only what falls in (from, to]', () => {
		expect(brief(cuesBetween(oneByFour, [start], s(598), s(600)))).toEqual([
			'599s countdown 1',
			'600s phase-start'
		]);
	});

	it('a stalled update loop still gets every cue, once, in the next window', () => {
		const everySecond = Array.from({ length: 1200 }, (_, i) =>
			cuesBetween(oneByFour, [start], s(i - 1), s(i))
		).flat();
		const stalled = [
			...cuesBetween(oneByFour, [start], -1, s(598.5)),
			...cuesBetween(oneByFour, [start], s(598.5), s(2000))
		];
		expect(everySecond.map((c) => c.key)).toEqual(stalled.map((c) => c.key));
		expect(new Set(stalled.map((c) => c.key)).size).toBe(stalled.length);
	});

	it('are silent during a pause and resume where they left off', () => {
		const events: TimelineEvent[] = [
			start,
			{ type: 'pause', at: s(597.5) },
			{ type: 'resume', at: s(657.5) }
		];
		expect(cuesBetween(oneByFour, events, s(597.5), s(657.5))).toEqual([]);
		expect(brief(cuesBetween(oneByFour, events, s(657.5), s(660)))).toEqual([
			'658s countdown 2',
			'659s countdown 1',
			'660s phase-start'
		]);
	});

	it('count down again, with new keys, after the phase is extended', () => {
		const events: TimelineEvent[] = [start, { type: 'extend', at: s(597.5), ms: s(30) }];
		const cues = cuesBetween(oneByFour, events, -1, s(631)).filter((c) => c.type === 'countdown');
		expect(brief(cues)).toEqual([
			'597s countdown 3',
			'627s countdown 3',
			'628s countdown 2',
			'629s countdown 1'
		]);
		expect(new Set(cues.map((c) => c.key)).size).toBe(4);
	});

	it('announce a phase skipped to during a pause only when time runs again', () => {
		const events: TimelineEvent[] = [
			start,
			{ type: 'pause', at: s(100) },
			{ type: 'skip', at: s(110) },
			{ type: 'resume', at: s(130) }
		];
		const starts = allCues(oneByFour, events, s(200)).filter((c) => c.type === 'phase-start');
		expect(starts.map((c) => [c.phaseIndex, c.at])).toEqual([
			[0, 0],
			[1, s(130)]
		]);
	});

	it('end with session-done when the instructor ends early', () => {
		const events: TimelineEvent[] = [start, { type: 'end', at: s(300) }];
		expect(brief(cuesBetween(oneByFour, events, s(200), s(400)))).toEqual(['300s session-done']);
	});

	it('never repeat or miss a cue, however time is split (property)', () => {
		const actions = fc.array(
			fc.record({
				type: fc.constantFrom('pause', 'resume', 'skip', 'extend'),
				gap: fc.integer({ min: 0, max: 300_000 }),
				ms: fc.integer({ min: -60_000, max: 60_000 })
			}),
			{ maxLength: 8 }
		);
		const cuts = fc.array(fc.integer({ min: 0, max: 1_500_000 }), { maxLength: 30 });
		fc.assert(
			fc.property(actions, cuts, (list, cutPoints) => {
				let at = 0;
				const events: TimelineEvent[] = [start];
				for (const a of list) events.push({ type: a.type, at: (at += a.gap), ms: a.ms });
				const end = 1_500_000;
				const bounds = [-1, ...[...new Set(cutPoints)].sort((a, b) => a - b), end];
				const pieces = bounds
					.slice(1)
					.flatMap((to, i) => cuesBetween(oneByFour, events, bounds[i] ?? -1, to));
				const whole = allCues(oneByFour, events, end);
				expect(pieces.map((c) => c.key)).toEqual(whole.map((c) => c.key));
				expect(new Set(whole.map((c) => c.key)).size).toBe(whole.length);
			})
		);
	});
});
