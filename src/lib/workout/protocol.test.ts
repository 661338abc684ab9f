import { describe, expect, it } from 'vitest';
import {
	BUILT_IN_PROTOCOLS,
	builtInProtocol,
	copyProtocol,
	kindPosition,
	totalDurationMs,
	validateProtocol,
	type Phase,
	type Protocol
} from './protocol';

const min = (m: number) => m * 60_000;
const phase = (over: Partial<Phase> = {}): Phase => ({
	kind: 'work',
	durationMs: min(4),
	band: { low: 85, high: 95 },
	...over
});
const codes = (p: Pick<Protocol, 'name' | 'phases'>) => validateProtocol(p).map((e) => e.code);

describe('built-in protocols', () => {
	it('4x4 is 10 min warm-up at 60–70 %, 4 × 4 min at 85–95 % with 3 min recovery, 5 min cool-down', () => {
		const p = builtInProtocol('4x4');
		expect(p?.phases.map((ph) => `${ph.kind} ${ph.durationMs / 60_000}`)).toEqual([
			'warmup 10',
			'work 4',
			'recovery 3',
			'work 4',
			'recovery 3',
			'work 4',
			'recovery 3',
			'work 4',
			'cooldown 5'
		]);
		expect(p?.phases[0]?.band).toEqual({ low: 60, high: 70 });
		expect(p?.phases[1]?.band).toEqual({ low: 85, high: 95 });
		expect(p?.phases[2]?.band).toEqual({ low: 60, high: 70 });
		expect(totalDurationMs(p as Protocol)).toBe(min(40));
	});

	it('offers the beginner steps 1x4, 2x4, 3x4 and a 10 × 1 min alternative', () => {
		const workCount = (id: string) =>
			builtInProtocol(id)?.phases.filter((ph) => ph.kind === 'work').length;
		expect([workCount('1x4'), workCount('2x4'), workCount('3x4'), workCount('10x1')]).toEqual([
			1, 2, 3, 10
		]);
	});

	it('are all valid and marked built-in', () => {
		for (const p of BUILT_IN_PROTOCOLS) {
			expect(validateProtocol(p)).toEqual([]);
			expect(p.builtIn).toBe(true);
		}
	});

	it('are copied, not edited: the copy is user-owned and independent', () => {
		const original = builtInProtocol('4x4') as Protocol;
		const copy = copyProtocol(original, 'mine', 'My 4x4');
		(copy.phases[1] as Phase).band.low = 80;
		expect(copy).toMatchObject({ id: 'mine', name: 'My 4x4', builtIn: false });
		expect(original.phases[1]?.band.low).toBe(85);
	});

	it('count phases by kind: the second work phase of 4x4 is interval 2 of 4', () => {
		expect(kindPosition(builtInProtocol('4x4') as Protocol, 3)).toEqual({ index: 2, count: 4 });
	});
});

describe('validating a user-defined protocol', () => {
	it('needs a name and at least one phase', () => {
		expect(codes({ name: ' ', phases: [] })).toEqual(['name-empty', 'no-phases']);
	});

	it('needs positive durations', () => {
		expect(
			validateProtocol({ name: 'x', phases: [phase(), phase({ durationMs: 0 })] })
		).toContainEqual({
			code: 'duration-not-positive',
			phaseIndex: 1
		});
		expect(codes({ name: 'x', phases: [phase({ durationMs: Number.NaN })] })).toContain(
			'duration-not-positive'
		);
	});

	it('needs bands within 30–100 % with low below high', () => {
		expect(codes({ name: 'x', phases: [phase({ band: { low: 30, high: 100 } })] })).toEqual([]);
		expect(codes({ name: 'x', phases: [phase({ band: { low: 29, high: 90 } })] })).toEqual([
			'band-out-of-range'
		]);
		expect(codes({ name: 'x', phases: [phase({ band: { low: 80, high: 101 } })] })).toEqual([
			'band-out-of-range'
		]);
		expect(codes({ name: 'x', phases: [phase({ band: { low: 90, high: 90 } })] })).toEqual([
			'band-low-not-below-high'
		]);
	});

	it('needs a sane total length: at least a minute, at most three hours', () => {
		expect(codes({ name: 'x', phases: [phase({ durationMs: 59_000 })] })).toEqual([
			'total-too-short'
		]);
		expect(codes({ name: 'x', phases: [phase({ durationMs: min(181) })] })).toEqual([
			'total-too-long'
		]);
	});
});
