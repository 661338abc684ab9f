/**
 * The period note: attendance against the plan, the trend of the session numbers and the goals
 * with their status, as plain text to paste into a patient record. Facts only, neutral wording.
 */
import type { Goal, GoalStatus, GoalTarget } from '$lib/db/types';
import { m } from '$lib/paraglide/messages';
import { percent, round } from './format';
import type { NoteLocale, NoteOptions } from './journal-note';
import { distinctProtocols, firstAndLatest, type Period } from './period';

const intl = (locale: NoteLocale) => (locale === 'nb' ? 'nb-NO' : 'en-GB');

function longDate(at: number, o: NoteOptions): string {
	return new Intl.DateTimeFormat(intl(o.locale), {
		dateStyle: 'long',
		timeZone: o.timeZone
	}).format(at);
}

/** A plan's YYYY-MM-DD start as a long date (a calendar date: no time zone applies). */
function calendarDate(text: string, locale: NoteLocale): string {
	const [y, mo, d] = text.split('-').map(Number);
	return new Intl.DateTimeFormat(intl(locale), { dateStyle: 'long', timeZone: 'UTC' }).format(
		Date.UTC(y!, (mo ?? 1) - 1, d ?? 1)
	);
}

/** The plan template in words. */
export function planName(templateId: string, locale: NoteLocale): string {
	const o = { locale };
	if (templateId === 'cerg-12x3') return m.trend_template_3({}, o);
	if (templateId === 'cerg-12x2') return m.trend_template_2({}, o);
	return templateId;
}

/** A goal's status in words. */
export function goalStatusText(status: GoalStatus, locale: NoteLocale): string {
	const o = { locale };
	switch (status) {
		case 'active':
			return m.goal_status_active({}, o);
		case 'met':
			return m.goal_status_met({}, o);
		case 'partly-met':
			return m.goal_status_partly_met({}, o);
		case 'not-met':
			return m.goal_status_not_met({}, o);
		case 'dropped':
			return m.goal_status_dropped({}, o);
	}
}

/** A goal's measurable target in words ("3 sessions a week"). */
export function goalTargetText(target: GoalTarget, locale: NoteLocale): string {
	const o = { locale };
	return target.kind === 'sessions-per-week'
		? m.goal_target_sessions({ value: target.value }, o)
		: m.goal_target_intervals({ value: target.value }, o);
}

function trendLine(
	values: readonly (number | null)[],
	line: (v: { first: string; latest: string; count: number }) => string,
	what: string,
	o: NoteOptions
): string {
	const t = firstAndLatest(values);
	if (!t) return m.period_note_none_measured({ what }, { locale: o.locale });
	const n = new Intl.NumberFormat(intl(o.locale), { maximumFractionDigits: 1 });
	return line({ first: n.format(t.first), latest: n.format(t.latest), count: t.count });
}

/** The period note for one participant. */
export function periodNote(
	alias: string,
	period: Period,
	goals: readonly Goal[],
	o: NoteOptions
): string {
	const L = { locale: o.locale };
	const lines: string[] = [
		m.period_note_title(
			{
				plan: planName(period.templateId, o.locale),
				weeks: period.weekCount,
				date: calendarDate(period.startDate, o.locale),
				alias
			},
			L
		)
	];
	if (period.currentWeek === 0) {
		lines.push(m.period_note_not_started({}, L));
	} else {
		lines.push(m.period_note_week_now({ week: period.currentWeek, weeks: period.weekCount }, L));
		lines.push(
			m.period_note_attendance(
				{
					done: period.doneSoFar,
					planned: period.plannedSoFar,
					percent: percent(period.attendance) ?? 0,
					week: period.currentWeek
				},
				L
			)
		);
		lines.push(m.period_note_weeks_heading({}, L));
		for (const w of period.weeks.slice(0, period.currentWeek)) {
			lines.push(
				w.done > 0
					? m.period_note_week(
							{
								week: w.week,
								done: w.done,
								planned: w.planned,
								planned_protocol: w.plannedProtocolId,
								done_protocols: distinctProtocols(w.doneProtocolIds).join(', ')
							},
							L
						)
					: m.period_note_week_none(
							{ week: w.week, planned: w.planned, planned_protocol: w.plannedProtocolId },
							L
						)
			);
		}
	}
	const s = period.sessions;
	if (s.length === 0) {
		lines.push(m.period_note_no_sessions({}, L));
	} else {
		lines.push(m.period_note_trend_heading({}, L));
		lines.push(
			trendLine(
				s.map((x) => percent(x.workInBandFraction)),
				(v) => m.period_note_in_band(v, L),
				m.period_note_what_in_band({}, L),
				o
			),
			trendLine(
				s.map((x) => round(x.peakPercentHrMax)),
				(v) => m.period_note_peak(v, L),
				m.period_note_what_peak({}, L),
				o
			),
			trendLine(
				s.map((x) => round(x.hrrDropBpm)),
				(v) => m.period_note_hrr(v, L),
				m.period_note_what_hrr({}, L),
				o
			),
			trendLine(
				s.map((x) => round(x.meanRpe, 1)),
				(v) => m.period_note_rpe(v, L),
				m.period_note_what_rpe({}, L),
				o
			)
		);
	}
	if (goals.length === 0) {
		lines.push(m.period_note_goals_none({}, L));
	} else {
		lines.push(m.period_note_goals_heading({}, L));
		for (const g of goals) {
			const revisions = g.history.length;
			const revised =
				revisions === 0
					? ''
					: revisions === 1
						? m.period_note_goal_revised_once({ date: longDate(g.updatedAt, o) }, L)
						: m.period_note_goal_revised({ count: revisions, date: longDate(g.updatedAt, o) }, L);
			lines.push(
				m.period_note_goal(
					{
						text: g.text,
						target: g.target
							? m.period_note_goal_target({ target: goalTargetText(g.target, o.locale) }, L)
							: '',
						status: goalStatusText(g.status, o.locale),
						revised
					},
					L
				)
			);
		}
	}
	return lines.join('\n');
}
