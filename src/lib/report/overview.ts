import type { ParticipantReport, SessionReport } from './session-report';

/** Which side of the target band a participant mostly was on, from their under/over flags. */
export type BandDirection = 'under' | 'over';

/**
 * The direction of one work interval (1-based), or of all work intervals (`'work'`): under when
 * the under flags lasted longer there than the over flags, over when the reverse, null when
 * neither was raised. The class overview shows it (▼/▲) so "low" never hides which way.
 */
export function bandDirection(
	report: Pick<SessionReport, 'replay' | 'endAt'>,
	participant: Pick<ParticipantReport, 'flags'>,
	interval: number | 'work'
): BandDirection | null {
	const work = report.replay.spans.filter((s) => s.phase.kind === 'work');
	const spans = interval === 'work' ? work : work.slice(interval - 1, interval);
	const ms = { under: 0, over: 0 };
	for (const flag of participant.flags) {
		if (flag.flag !== 'under' && flag.flag !== 'over') continue;
		const to = flag.to ?? report.endAt;
		for (const span of spans) {
			const end = span.endAt ?? report.endAt;
			ms[flag.flag] += Math.max(0, Math.min(to, end) - Math.max(flag.from, span.startAt));
		}
	}
	if (ms.under === ms.over) return null;
	return ms.under > ms.over ? 'under' : 'over';
}
