import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { db } from '$lib/db/db';
import { DEFAULT_JUDGE, type JudgeSettings } from './judged-with';
import { loadRejudgedReport, loadSessionReport, loadTrend } from './load';
import { T0 } from './test-session';
import { storeHandSession } from './test-store';
import { useEmptyDatabase } from '$lib/db/testing';

useEmptyDatabase();

/** Settings changed after the session: other zone edges and a much later no-signal flag. */
const TODAY: JudgeSettings = {
	...DEFAULT_JUDGE,
	zoneBounds: [55, 65, 75, 85, 92],
	flags: { ...DEFAULT_JUDGE.flags, graceFirstS: 0, holdS: 5 }
};

describe('a session judged with the settings of its day', () => {
	it('keeps its report unchanged when the settings change', async () => {
		await storeHandSession();
		const before = await loadSessionReport('s1', DEFAULT_JUDGE);
		const after = await loadSessionReport('s1', TODAY);
		expect(after).toEqual(before);
		expect(after?.session.judgedWith).toMatchObject({
			origin: 'start',
			zoneBounds: [50, 60, 70, 80, 90]
		});
	});

	it('shows the new figures only when re-judged, and keeps the snapshot', async () => {
		await storeHandSession();
		const kept = await loadSessionReport('s1');
		const sut = await loadRejudgedReport('s1', TODAY);
		// Ask: 160 bpm is 80 % (zone 3 with edges 55/65/75/85/92), 150 is 75 % (zone 3).
		expect(kept?.participants[0]?.summary.zoneMs).toEqual([0, 0, 60_000, 120_000, 60_000, 60_000]);
		expect(sut?.participants[0]?.summary.zoneMs).toEqual([0, 0, 60_000, 180_000, 60_000, 0]);
		// No grace and a 5 s hold: the replayed flags see "under" from the start of the interval.
		expect(sut?.participants[0]?.summary.flags[0]).toMatchObject({
			flag: 'under',
			from: T0 + 65_000
		});
		expect((await db.sessions.get('s1'))?.judgedWith?.zoneBounds).toEqual([50, 60, 70, 80, 90]);
		expect(await loadSessionReport('s1')).toEqual(kept);
	});

	it('re-judges with the HRmax of today for those on the roster', async () => {
		await storeHandSession();
		await db.participants.put({
			id: 'p1',
			alias: 'Ask',
			hrMax: 190,
			hrMaxSource: 'measured',
			archived: 0,
			createdAt: 0,
			updatedAt: 0
		});
		const sut = await loadRejudgedReport('s1', DEFAULT_JUDGE);
		expect(sut?.participants[0]?.info).toMatchObject({ hrMax: 190, hrMaxSource: 'measured' });
		// 180 bpm of 190 is 94.7 %.
		expect(sut?.participants[0]?.summary.peakPercentHrMax).toBeCloseTo((180 / 190) * 100, 6);
		expect(sut?.participants[1]?.info.hrMax).toBe(200);
	});

	it('gives an older session a snapshot on first open, marked as such, and keeps it', async () => {
		await storeHandSession({ judgedWith: undefined });
		const first = await loadSessionReport('s1', TODAY);
		expect(first?.session.judgedWith).toMatchObject({
			origin: 'first-open',
			zoneBounds: [55, 65, 75, 85, 92]
		});
		expect(first?.participants[0]?.summary.zoneMs).toEqual([0, 0, 60_000, 180_000, 60_000, 0]);
		// Stored: later opens with other settings judge it the same way.
		expect((await db.sessions.get('s1'))?.judgedWith?.origin).toBe('first-open');
		const later = await loadSessionReport('s1', DEFAULT_JUDGE);
		expect(later?.participants[0]?.summary).toEqual(first?.participants[0]?.summary);
	});

	it('judges the trend with each session snapshot too', async () => {
		await storeHandSession();
		const before = await loadTrend('p1', DEFAULT_JUDGE);
		expect(await loadTrend('p1', TODAY)).toEqual(before);
	});
});
