import { describe, expect, it } from 'vitest';
import { bandDirection } from './overview';
import { buildSessionReport } from './session-report';
import { handSession, T0 } from './test-session';

describe('bandDirection', () => {
	const { session, readings, events } = handSession();
	const report = buildSessionReport(session, readings, events);
	const [ask, bjork] = report.participants;

	it('is under when the under flags outlast the over flags in the interval', () => {
		// Ask's stored under flag: 130–150 s, inside the work interval (60–180 s).
		expect(bandDirection(report, ask!, 1)).toBe('under');
		expect(bandDirection(report, ask!, 'work')).toBe('under');
	});

	it('is over for an over flag, and null with no under/over flag', () => {
		const over = { flags: [{ flag: 'over' as const, from: T0 + 100_000, to: T0 + 140_000 }] };
		expect(bandDirection(report, over, 1)).toBe('over');
		expect(bandDirection(report, bjork!, 1)).toBeNull();
		// A flag outside every work interval says nothing about them.
		const warmup = { flags: [{ flag: 'under' as const, from: T0, to: T0 + 50_000 }] };
		expect(bandDirection(report, warmup, 'work')).toBeNull();
	});
});
