import { MINUTE, type Ms, type PercentHrMax } from './types';

/** What a phase asks of the body. */
export type PhaseKind = 'warmup' | 'work' | 'recovery' | 'cooldown';

/** A target band in % HRmax, both ends inclusive. */
export interface TargetBand {
	low: PercentHrMax;
	high: PercentHrMax;
}

/** One step of a protocol. */
export interface Phase {
	kind: PhaseKind;
	durationMs: Ms;
	band: TargetBand;
	/** Optional free text shown instead of the kind's name. */
	label?: string;
	/**
	 * 'all-out': a maximal effort (the HRmax test's last 2 minutes), named and announced as such
	 * ("All out now") instead of as an ordinary interval.
	 */
	effort?: 'all-out';
}

/** An ordered list of phases; built-ins are read-only and can only be copied. */
export interface Protocol {
	id: string;
	name: string;
	builtIn: boolean;
	phases: readonly Phase[];
}

/** Target bands of the CERG 4x4 (DOMAIN.md); warm-up and cool-down bands are product choices. */
export const DEFAULT_BANDS: Readonly<Record<PhaseKind, TargetBand>> = {
	warmup: { low: 60, high: 70 },
	work: { low: 85, high: 95 },
	recovery: { low: 60, high: 70 },
	cooldown: { low: 50, high: 70 }
};

/** Shape of an interval protocol: warm-up, n × (work, recovery between), cool-down. */
export interface IntervalShape {
	intervals: number;
	workMs: Ms;
	recoveryMs: Ms;
	warmupMs?: Ms;
	cooldownMs?: Ms;
	bands?: Partial<Record<PhaseKind, TargetBand>>;
}

/** Builds the phases of an interval session; recovery sits only between work phases. */
export function intervalPhases(shape: IntervalShape): Phase[] {
	const bands = { ...DEFAULT_BANDS, ...shape.bands };
	const phases: Phase[] = [];
	const warmupMs = shape.warmupMs ?? 10 * MINUTE;
	const cooldownMs = shape.cooldownMs ?? 5 * MINUTE;
	if (warmupMs > 0) phases.push({ kind: 'warmup', durationMs: warmupMs, band: bands.warmup });
	for (let i = 0; i < shape.intervals; i++) {
		if (i > 0)
			phases.push({ kind: 'recovery', durationMs: shape.recoveryMs, band: bands.recovery });
		phases.push({ kind: 'work', durationMs: shape.workMs, band: bands.work });
	}
	if (cooldownMs > 0)
		phases.push({ kind: 'cooldown', durationMs: cooldownMs, band: bands.cooldown });
	return phases;
}

function fourMinuteIntervals(id: string, name: string, intervals: number): Protocol {
	return {
		id,
		name,
		builtIn: true,
		phases: intervalPhases({ intervals, workMs: 4 * MINUTE, recoveryMs: 3 * MINUTE })
	};
}

/** The built-in protocols: CERG 4x4, the beginner steps towards it, and a 10 × 1 min variant. */
export const BUILT_IN_PROTOCOLS: readonly Protocol[] = [
	fourMinuteIntervals('4x4', '4x4', 4),
	fourMinuteIntervals('1x4', '1x4', 1),
	fourMinuteIntervals('2x4', '2x4', 2),
	fourMinuteIntervals('3x4', '3x4', 3),
	{
		id: '10x1',
		name: '10x1',
		builtIn: true,
		phases: intervalPhases({ intervals: 10, workMs: MINUTE, recoveryMs: MINUTE })
	}
];

/** Looks up a built-in protocol by id. */
export function builtInProtocol(id: string): Protocol | undefined {
	return BUILT_IN_PROTOCOLS.find((p) => p.id === id);
}

/** Index in `phases` of the n-th (1-based) work interval, or -1 when there is none. */
export function workPhaseIndex(protocol: Pick<Protocol, 'phases'>, interval: number): number {
	let seen = 0;
	return protocol.phases.findIndex((p) => p.kind === 'work' && ++seen === interval);
}

/** Planned length of a protocol without pauses or extensions. */
export function totalDurationMs(protocol: Pick<Protocol, 'phases'>): Ms {
	return protocol.phases.reduce((sum, phase) => sum + phase.durationMs, 0);
}

/** Limits a user-defined protocol must respect [product choice]. */
export interface ProtocolLimits {
	minBand: PercentHrMax;
	maxBand: PercentHrMax;
	minTotalMs: Ms;
	maxTotalMs: Ms;
	maxPhases: number;
}

/** Default protocol limits [product choice]. */
export const PROTOCOL_LIMITS: ProtocolLimits = {
	minBand: 30,
	maxBand: 100,
	minTotalMs: MINUTE,
	maxTotalMs: 3 * 60 * MINUTE,
	maxPhases: 100
};

/** Machine-readable validation problems; the UI translates the codes. */
export type ProtocolErrorCode =
	| 'name-empty'
	| 'no-phases'
	| 'too-many-phases'
	| 'duration-not-positive'
	| 'band-out-of-range'
	| 'band-low-not-below-high'
	| 'total-too-short'
	| 'total-too-long';

/** A validation problem, with the phase it concerns when it concerns one. */
export interface ProtocolError {
	code: ProtocolErrorCode;
	phaseIndex?: number;
}

const isFiniteNumber = (n: number) => typeof n === 'number' && Number.isFinite(n);

function phaseErrors(phase: Phase, phaseIndex: number, limits: ProtocolLimits): ProtocolError[] {
	const errors: ProtocolError[] = [];
	if (!isFiniteNumber(phase.durationMs) || phase.durationMs <= 0) {
		errors.push({ code: 'duration-not-positive', phaseIndex });
	}
	const { low, high } = phase.band;
	const inRange = (v: number) => isFiniteNumber(v) && v >= limits.minBand && v <= limits.maxBand;
	if (!inRange(low) || !inRange(high)) errors.push({ code: 'band-out-of-range', phaseIndex });
	if (!(low < high)) errors.push({ code: 'band-low-not-below-high', phaseIndex });
	return errors;
}

/** Lists everything wrong with a protocol; an empty list means it can be used. */
export function validateProtocol(
	protocol: Pick<Protocol, 'name' | 'phases'>,
	limits: ProtocolLimits = PROTOCOL_LIMITS
): ProtocolError[] {
	const errors: ProtocolError[] = [];
	if (protocol.name.trim() === '') errors.push({ code: 'name-empty' });
	if (protocol.phases.length === 0) return [...errors, { code: 'no-phases' }];
	if (protocol.phases.length > limits.maxPhases) errors.push({ code: 'too-many-phases' });
	protocol.phases.forEach((phase, i) => errors.push(...phaseErrors(phase, i, limits)));
	const total = totalDurationMs(protocol);
	// A total is only meaningful when every duration is; otherwise the phase error says it all.
	if (isFiniteNumber(total) && protocol.phases.every((p) => p.durationMs > 0)) {
		if (total < limits.minTotalMs) errors.push({ code: 'total-too-short' });
		if (total > limits.maxTotalMs) errors.push({ code: 'total-too-long' });
	}
	return errors;
}

/** Makes an editable copy of a protocol (the way to "edit" a built-in). */
export function copyProtocol(protocol: Protocol, id: string, name = protocol.name): Protocol {
	return {
		id,
		name,
		builtIn: false,
		phases: protocol.phases.map((phase) => ({ ...phase, band: { ...phase.band } }))
	};
}

/** 1-based position of a phase among the phases of its kind, and how many of that kind exist. */
export function kindPosition(
	protocol: Pick<Protocol, 'phases'>,
	phaseIndex: number
): { index: number; count: number } {
	const kind = protocol.phases[phaseIndex]?.kind;
	let index = 0;
	let count = 0;
	protocol.phases.forEach((phase, i) => {
		if (phase.kind !== kind) return;
		count++;
		if (i <= phaseIndex) index++;
	});
	return { index, count };
}
