import { m } from '$lib/paraglide/messages';
import { totalDurationMs, type Phase, type Protocol } from '$lib/workout';

/**
 * The phase's name in the app's language: "Interval 2 of 4", "Recovery", "All out now", … It is
 * also what the coach speaks when the phase starts.
 */
export function phaseName(phase: Phase | null, kindIndex: number, kindCount: number): string {
	if (!phase) return m.phase_done();
	if (phase.label) return phase.label;
	if (phase.effort === 'all-out') return m.phase_all_out();
	switch (phase.kind) {
		case 'warmup':
			return m.phase_warmup();
		case 'work':
			return m.phase_work({ index: kindIndex, count: kindCount });
		case 'recovery':
			return m.phase_recovery();
		case 'cooldown':
			return m.phase_cooldown();
	}
}

/**
 * A kind of phase as a protocol editor lists it: "Interval", not "Interval 0 of 0" (a phase being
 * edited has no place in the session yet).
 */
export function phaseKindName(kind: Phase['kind']): string {
	switch (kind) {
		case 'warmup':
			return m.phase_warmup();
		case 'work':
			return m.phase_kind_work();
		case 'recovery':
			return m.phase_recovery();
		case 'cooldown':
			return m.phase_cooldown();
	}
}

/** mm:ss of a duration, rounding up so "0:00" only shows when time is really up. */
export function formatClock(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const minutes = Math.floor(total / 60);
	const seconds = total % 60;
	return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

/** A protocol as the setup screens list it: what it is and how long it takes. */
export function protocolLabel(protocol: Protocol): string {
	const minutes = Math.round(totalDurationMs(protocol) / 60_000);
	if (!protocol.builtIn) return m.protocol_custom({ name: protocol.name, minutes });
	switch (protocol.id) {
		case '4x4':
			return m.protocol_4x4({ minutes });
		case '1x4':
			return m.protocol_1x4({ minutes });
		case '2x4':
			return m.protocol_2x4({ minutes });
		case '3x4':
			return m.protocol_3x4({ minutes });
		case '10x1':
			return m.protocol_10x1({ minutes });
		case 'hrmax-test':
			return m.protocol_hrmax_test({ minutes });
		default:
			return m.protocol_custom({ name: protocol.name, minutes });
	}
}

/**
 * A strap's connection state, as a live participant holds it (`StrapStatus` in session/). Spelt
 * out here so i18n/ need not import session/ (docs/architecture.md); a state added there fails
 * svelte-check where this is called until it has words here.
 */
export type StrapState = 'connected' | 'reconnecting' | 'disconnected' | 'hub-offline' | 'none';

/** A strap's connection state in words. */
export function strapStateLabel(state: StrapState): string {
	switch (state) {
		case 'connected':
			return m.strap_state_connected();
		case 'reconnecting':
			return m.strap_state_reconnecting();
		case 'disconnected':
			return m.strap_state_disconnected();
		case 'hub-offline':
			return m.strap_state_hub_offline();
		case 'none':
			return m.strap_state_none();
	}
}
