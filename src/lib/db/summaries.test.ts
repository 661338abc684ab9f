import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { deleteSummaries, getSummaries, putSummaries, summarizedSessionIds } from './summaries';
import type { SessionSummaries } from './types';
import { useEmptyDatabase } from './testing';

function summaries(sessionId: string, key = 'k1'): SessionSummaries {
	return { sessionId, key, endAt: 1_000, participants: {}, createdAt: 2_000 };
}

useEmptyDatabase();

describe('the summaries repository', () => {
	it('keeps one row per session: a second put replaces the first', async () => {
		await putSummaries(summaries('s1', 'old'));
		await putSummaries(summaries('s1', 'new'));
		await putSummaries(summaries('s2'));
		expect((await getSummaries('s1'))?.key).toBe('new');
		expect((await summarizedSessionIds()).sort()).toEqual(['s1', 's2']);
	});

	it('deletes one session and leaves the others', async () => {
		await putSummaries(summaries('s1'));
		await putSummaries(summaries('s2'));
		await deleteSummaries('s1');
		expect(await getSummaries('s1')).toBeUndefined();
		expect(await summarizedSessionIds()).toEqual(['s2']);
	});
});
