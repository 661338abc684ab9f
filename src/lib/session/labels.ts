import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/workout';

/** The phase's name in the app's language: "Interval 2 of 4", "Recovery", … */
export function phaseName(phase: Phase | null, kindIndex: number, kindCount: number): string {
	if (!phase) return m.phase_done();
	if (phase.label) return phase.label;
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

/** mm:ss of a duration, rounding up so "0:00" only shows when time is really up. */
export function formatClock(ms: number): string {
	const total = Math.max(0, Math.ceil(ms / 1000));
	const minutes = Math.floor(total / 60);
	const seconds = total % 60;
	return `${minutes}:${String(seconds).padStart(2, '0')}`;
}
