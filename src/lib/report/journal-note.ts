/**
 * The journal note: a short plain text, in the user's language, to paste into a patient record
 * (DIPS and similar take plain text). Facts only, in neutral wording; no judgement, no diagnosis.
 */
import type { HrMaxSource, JudgedWith, SessionParticipant } from '$lib/db/types';
import { m } from '$lib/paraglide/messages';
import { targetBandBpm } from '$lib/workout';
import { duration, percent, round } from './format';
import type { ParticipantReport, SessionReport } from './session-report';

/** The languages a note can be written in. */
export type NoteLocale = 'nb' | 'en';

/** How a note writes dates and clock times (tests pin the time zone). */
export interface NoteOptions {
	locale: NoteLocale;
	timeZone?: string;
}

/** A stretch without signal of at least this long is worth a line in the note [product choice]. */
export const LONG_NO_SIGNAL_MS = 30_000;

/** An interval counts as done when it ran at least this share of its planned length [product choice]. */
const DONE_SHARE = 0.9;

const intl = (locale: NoteLocale) => (locale === 'nb' ? 'nb-NO' : 'en-GB');

function clock(at: number, o: NoteOptions): string {
	return new Intl.DateTimeFormat(intl(o.locale), {
		hour: '2-digit',
		minute: '2-digit',
		hour12: false,
		timeZone: o.timeZone
	}).format(at);
}

function longDate(at: number, o: NoteOptions): string {
	return new Intl.DateTimeFormat(intl(o.locale), {
		dateStyle: 'long',
		timeZone: o.timeZone
	}).format(at);
}

/** The HRmax source in words ("measured", "estimated, Nes: 211 − 0.64 × age"). */
export function hrMaxSourceText(source: HrMaxSource | undefined, locale: NoteLocale): string {
	const o = { locale };
	switch (source) {
		case 'measured':
			return m.note_source_measured({}, o);
		case 'nes':
			return m.note_source_nes({}, o);
		case 'tanaka':
			return m.note_source_tanaka({}, o);
		case 'fox':
			return m.note_source_fox({}, o);
		default:
			return m.note_source_unknown({}, o);
	}
}

/** The work target of a participant in bpm and in %, as the report judged it. */
export function workTarget(
	report: Pick<SessionReport, 'session'>,
	info: SessionParticipant
): { low: number; high: number; plow: number; phigh: number; reserve: boolean } | null {
	const work = report.session.protocol.phases.find((p) => p.kind === 'work');
	if (!work) return null;
	const bpm = targetBandBpm(info, work.band);
	const reserve = info.targetBasis === 'reserve' && info.hrRest != null;
	return {
		low: Math.round(bpm.low),
		high: Math.round(bpm.high),
		plow: work.band.low,
		phigh: work.band.high,
		reserve
	};
}

/** What the settings snapshot holds, as a clause of the note. */
export function settingsText(judgedWith: JudgedWith, locale: NoteLocale): string {
	const o = { locale };
	const basis =
		judgedWith.intensityModel === 'hrr' ? m.note_basis_reserve({}, o) : m.note_basis_hrmax({}, o);
	return m.note_settings(
		{
			zones: judgedWith.zoneBounds.join('/'),
			basis,
			hold: judgedWith.flags.holdS,
			graceFirst: judgedWith.flags.graceFirstS,
			graceLater: judgedWith.flags.graceLaterS,
			noSignal: judgedWith.flags.noSignalS
		},
		o
	);
}

/** The "judged with" sentence of a note or report. */
export function judgedWithText(judgedWith: JudgedWith, o: NoteOptions): string {
	const settings = settingsText(judgedWith, o.locale);
	return judgedWith.origin === 'start'
		? m.note_judged_start({ settings }, o)
		: m.note_judged_first_open({ date: longDate(judgedWith.at, o), settings }, o);
}

/**
 * Work intervals done of planned: those that ran (almost) in full before the person stopped, with
 * heart-rate data from them.
 */
export function intervalsDone(
	report: Pick<SessionReport, 'session' | 'replay'>,
	participant: Pick<ParticipantReport, 'stoppedEarlyAt' | 'summary'>
): { done: number; planned: number } {
	const measured = new Set(
		participant.summary.intervals.filter((i) => i.measuredMs > 0).map((i) => i.phaseIndex)
	);
	const planned = report.session.protocol.phases.filter((p) => p.kind === 'work').length;
	const done = report.replay.spans.filter(
		(span) =>
			span.phase.kind === 'work' &&
			measured.has(span.index) &&
			span.endAt !== null &&
			span.activeMs >= span.phase.durationMs * DONE_SHARE &&
			(participant.stoppedEarlyAt === null || span.endAt <= participant.stoppedEarlyAt)
	).length;
	return { done, planned };
}

/** Spans of a flag (or of missing data) as "09:12 (0:20)" items. */
function spanList(spans: readonly { from: number; to: number }[], o: NoteOptions): string {
	return spans
		.map((s) => m.note_span({ time: clock(s.from, o), duration: duration(s.to - s.from) }, o))
		.join(', ');
}

/** Stretches without signal of 30 s or more: stored gaps and no-signal flags, merged. */
function longNoSignal(p: ParticipantReport, endAt: number): { from: number; to: number }[] {
	const spans = [
		...p.gaps.map((g) => ({ from: g.at, to: g.until })),
		...p.flags
			.filter((f) => f.flag === 'no-signal')
			.map((f) => ({ from: f.from, to: f.to ?? endAt }))
	].sort((a, b) => a.from - b.from);
	const merged: { from: number; to: number }[] = [];
	for (const span of spans) {
		const last = merged.at(-1);
		if (last && span.from <= last.to) last.to = Math.max(last.to, span.to);
		else merged.push({ ...span });
	}
	return merged.filter((s) => s.to - s.from >= LONG_NO_SIGNAL_MS);
}

/** The journal note of one participant's session, ready to paste. */
export function journalNote(
	report: SessionReport,
	participant: ParticipantReport,
	o: NoteOptions
): string {
	const { session, endAt } = report;
	const { info, summary: s } = participant;
	const lines: string[] = [];
	const pct = (f: number | null) => percent(f) ?? 0;
	lines.push(m.note_title({ protocol: session.protocol.name, alias: info.alias }, o));
	lines.push(
		m.note_when(
			{
				date: longDate(session.startedAt, o),
				from: clock(session.startedAt, o),
				to: clock(endAt, o),
				duration: duration(endAt - session.startedAt)
			},
			o
		)
	);
	const { done, planned } = intervalsDone(report, participant);
	lines.push(
		participant.stoppedEarlyAt === null
			? m.note_completed({ done, planned }, o)
			: m.note_stopped_early({ time: clock(participant.stoppedEarlyAt, o), done, planned }, o)
	);
	lines.push(
		m.note_hrmax({ bpm: info.hrMax, source: hrMaxSourceText(info.hrMaxSource, o.locale) }, o)
	);
	const target = workTarget(report, info);
	if (target) {
		const basis = target.reserve ? m.note_basis_reserve({}, o) : m.note_basis_hrmax({}, o);
		lines.push(m.note_target({ ...target, basis }, o));
	}
	const rpe = (value: number | null) => (value === null ? m.note_rpe_none({}, o) : value);
	if (s.readings === 0) {
		lines.push(m.note_no_data({}, o));
		s.intervals.forEach((interval, i) =>
			lines.push(m.note_interval_no_data({ index: i + 1, rpe: rpe(interval.rpe) }, o))
		);
	} else {
		lines.push(m.note_interval_heading({}, o));
		s.intervals.forEach((interval, i) => {
			if (interval.inBandFraction === null || interval.peakBpm === null) {
				lines.push(m.note_interval_no_data({ index: i + 1, rpe: rpe(interval.rpe) }, o));
				return;
			}
			lines.push(
				m.note_interval(
					{
						index: i + 1,
						inBand: duration(interval.inBandMs),
						duration: duration(interval.durationMs),
						percent: pct(interval.inBandFraction),
						judged: duration(interval.judgedInBandMs),
						judgedPercent: pct(interval.judgedInBandFraction),
						peak: interval.peakBpm,
						peakPercent: round(interval.peakPercentHrMax) ?? 0,
						rpe: rpe(interval.rpe)
					},
					o
				)
			);
		});
		if (s.workInBandFraction !== null) {
			lines.push(
				m.note_total(
					{
						inBand: duration(s.workInBandMs),
						duration: duration(s.workDurationMs),
						percent: pct(s.workInBandFraction)
					},
					o
				)
			);
		}
		if (s.peakBpm !== null) {
			lines.push(m.note_peak({ bpm: s.peakBpm, percent: round(s.peakPercentHrMax) ?? 0 }, o));
		}
		if (s.recovery) {
			const hrr = m.note_hrr(
				{
					drop: round(s.recovery.dropBpm) ?? 0,
					peak: s.recovery.peakBpm,
					after: round(s.recovery.bpmAfter) ?? 0
				},
				o
			);
			lines.push(s.recovery.abnormal ? `${hrr} ${m.note_hrr_low({}, o)}` : hrr);
		} else lines.push(m.note_hrr_none({}, o));
	}
	const mood = participant.mood;
	if (mood && (mood.before !== null || mood.after !== null)) {
		const value = (v: number | null) => (v === null ? m.note_rpe_none({}, o) : v);
		lines.push(m.note_mood({ before: value(mood.before), after: value(mood.after) }, o));
	}
	const aboveMax = participant.flags
		.filter((f) => f.flag === 'above-max')
		.map((f) => ({ from: f.from, to: f.to ?? endAt }));
	if (aboveMax.length > 0) lines.push(m.note_above_max({ times: spanList(aboveMax, o) }, o));
	const noSignal = longNoSignal(participant, endAt);
	if (noSignal.length > 0) lines.push(m.note_no_signal({ times: spanList(noSignal, o) }, o));
	const notes = [...report.classNotes, ...participant.notes].sort((a, b) => a.at - b.at);
	lines.push(
		notes.length === 0
			? m.note_notes_none({}, o)
			: m.note_notes({ notes: notes.map((n) => `${clock(n.at, o)} ${n.text}`).join('; ') }, o)
	);
	if (session.judgedWith) lines.push(judgedWithText(session.judgedWith, o));
	return lines.join('\n');
}
