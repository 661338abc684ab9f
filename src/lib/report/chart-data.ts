import type { HeartRateReading } from '$lib/workout';
import {
	ArtefactFilter,
	SIGNAL_DEFAULTS,
	targetBandBpm,
	type FlagSpan,
	type ParticipantLimits,
	type PhaseKind,
	type TimelineReplay
} from '$lib/workout';

/** One chart point: minutes since the session started, bpm or null for a gap. */
export interface ChartPoint {
	x: number;
	y: number | null;
}

/** A phase as the chart shades it: its span in minutes and its target band in bpm. */
export interface ChartBand {
	from: number;
	to: number;
	low: number;
	high: number;
	kind: PhaseKind;
}

/** A flag's span in minutes. */
export interface ChartFlag {
	flag: FlagSpan['flag'];
	from: number;
	to: number;
}

/** Settings of the series builder [product choice]. */
export interface SeriesOptions {
	/** Above this many readings, the series is reduced to a min and a max per time bucket. */
	maxPoints: number;
	/** Readings further apart than this are a gap: the line breaks, nothing is interpolated. */
	gapMs: number;
}

/** Defaults: about 1200 points draw in a few ms; a gap is what the live screen shows as no-signal. */
export const SERIES_DEFAULTS: SeriesOptions = { maxPoints: 1200, gapMs: 5000 };

const MINUTE = 60_000;

/**
 * The readings the engine accepts as clean (the same artefact rule as statistics): artefacts stay
 * in the raw CSV only, so a loose strap's spikes do not hide the real curve.
 */
export function cleanReadings(readings: readonly HeartRateReading[]): HeartRateReading[] {
	const filter = new ArtefactFilter(SIGNAL_DEFAULTS);
	return readings.filter((r) => filter.check(r) === null);
}

/**
 * The heart-rate line: one point per reading, or the min and max of each time bucket when there
 * are more readings than `maxPoints`, so a 60-minute series keeps its peaks yet draws fast. A null
 * point breaks the line at every gap.
 */
export function heartRateSeries(
	readings: readonly HeartRateReading[],
	startAt: number,
	options: Partial<SeriesOptions> = {}
): ChartPoint[] {
	const { maxPoints, gapMs } = { ...SERIES_DEFAULTS, ...options };
	const clean = cleanReadings(readings);
	if (clean.length === 0) return [];
	const spanMs = (clean.at(-1)?.at ?? startAt) - (clean[0]?.at ?? startAt);
	const bucketMs = clean.length > maxPoints ? Math.ceil((spanMs * 2) / maxPoints) : 0;
	const points: ChartPoint[] = [];
	const x = (at: number) => (at - startAt) / MINUTE;
	let bucket: HeartRateReading[] = [];
	let bucketStart = 0;
	const flush = () => {
		if (bucket.length === 0) return;
		let lo = bucket[0]!;
		let hi = bucket[0]!;
		for (const r of bucket) {
			if (r.bpm < lo.bpm) lo = r;
			if (r.bpm > hi.bpm) hi = r;
		}
		// Keep time order so the line goes through the extremes as they happened.
		for (const r of lo === hi ? [lo] : lo.at < hi.at ? [lo, hi] : [hi, lo])
			points.push({ x: x(r.at), y: r.bpm });
		bucket = [];
	};
	let previous: HeartRateReading | null = null;
	for (const r of clean) {
		if (previous && r.at - previous.at > gapMs) {
			flush();
			points.push({ x: x((previous.at + r.at) / 2), y: null });
		}
		if (bucketMs === 0) points.push({ x: x(r.at), y: r.bpm });
		else {
			if (bucket.length > 0 && r.at - bucketStart >= bucketMs) flush();
			if (bucket.length === 0) bucketStart = r.at;
			bucket.push(r);
		}
		previous = r;
	}
	flush();
	return points;
}

/** The target band of every phase as it actually ran, in minutes from the start. */
export function phaseBands(
	replay: TimelineReplay,
	limits: ParticipantLimits,
	endAt: number
): ChartBand[] {
	const startAt = replay.startedAt ?? 0;
	return replay.spans.map((span) => {
		const band = targetBandBpm(limits, span.phase.band);
		return {
			from: (span.startAt - startAt) / MINUTE,
			to: ((span.endAt ?? endAt) - startAt) / MINUTE,
			low: band.low,
			high: band.high,
			kind: span.phase.kind
		};
	});
}

/** Flag spans in minutes; a flag still up at the end runs to the end. */
export function chartFlags(
	flags: readonly FlagSpan[],
	startAt: number,
	endAt: number
): ChartFlag[] {
	return flags.map((f) => ({
		flag: f.flag,
		from: (f.from - startAt) / MINUTE,
		to: ((f.to ?? endAt) - startAt) / MINUTE
	}));
}
