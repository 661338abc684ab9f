import type { DiaryEntry, DiaryIntensity, DiaryKind } from '$lib/db/types';
import { m } from '$lib/paraglide/messages';

/** The kinds a person can pick in the diary form (recorded 4x4 sessions come by themselves). */
export const DIARY_KINDS: readonly DiaryKind[] = [
	'walk',
	'bike',
	'swim',
	'strength',
	'yoga',
	'ball-game',
	'other'
];

const KIND: Record<DiaryKind, () => string> = {
	walk: m.diary_walk,
	bike: m.diary_bike,
	swim: m.diary_swim,
	strength: m.diary_strength,
	yoga: m.diary_yoga,
	'ball-game': m.diary_ball,
	other: m.diary_other,
	'interval-4x4': m.diary_4x4
};

const INTENSITY: Record<DiaryIntensity, () => string> = {
	light: m.diary_light,
	moderate: m.diary_moderate,
	vigorous: m.diary_vigorous
};

/** A kind's name; "other" shows its free-text label when one was given. */
export function diaryKindName(entry: Pick<DiaryEntry, 'kind' | 'kindLabel'>): string {
	return entry.kind === 'other' && entry.kindLabel ? entry.kindLabel : KIND[entry.kind]();
}

/** An intensity's name. */
export function diaryIntensityName(intensity: DiaryIntensity): string {
	return INTENSITY[intensity]();
}
