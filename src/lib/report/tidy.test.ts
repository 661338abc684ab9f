import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { db } from '$lib/db/db';
import { readReadings, sessionSamples } from '$lib/db/samples';
import { loadSessionReport } from './load';
import { storeHandSession } from './test-store';
import { tidyLeftovers } from './tidy';
import { useEmptyDatabase } from '$lib/db/testing';

useEmptyDatabase();

describe('tidying that a closed tab cut short', () => {
	it('compacts an ended session and stores its summaries, once', async () => {
		const { readings } = await storeHandSession();
		expect(await sessionSamples('s1').count()).toBe(58); // 30 + 28 rows of 10 s
		expect(await tidyLeftovers(() => false)).toBe(1);
		expect(await sessionSamples('s1').count()).toBe(2);
		expect(await readReadings('s1', 'p2')).toEqual(readings.get('p2'));
		expect(await db.summaries.get('s1')).toBeDefined();
		expect(await tidyLeftovers(() => false)).toBe(0);
	});

	it('stores missing summaries of a session already compacted', async () => {
		await storeHandSession();
		await tidyLeftovers(() => false);
		const report = await loadSessionReport('s1');
		await db.summaries.clear();
		expect(await tidyLeftovers(() => false)).toBe(1);
		expect(await loadSessionReport('s1')).toEqual(report);
	});

	it('leaves a running session alone, and stops while a class runs', async () => {
		await storeHandSession({ status: 'running', endedAt: undefined });
		expect(await tidyLeftovers(() => false)).toBe(0);
		expect(await sessionSamples('s1').count()).toBe(58);
		await db.sessions.update('s1', { status: 'finished', endedAt: Date.now() });
		expect(await tidyLeftovers(() => true)).toBe(0);
		expect(await sessionSamples('s1').count()).toBe(58);
	});
});
