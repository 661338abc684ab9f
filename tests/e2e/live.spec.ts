import type { Page } from '@playwright/test';
import {
	newestSession,
	readingsByParticipant,
	storedChunks,
	storedEvents,
	storedSummaries
} from '../support/idb.js';
import { expect, test } from './fixtures';

const MIN = 60_000;

/** Starts the demo class from the home screen with Playwright's clock driving time. */
async function startDemo(page: Page, size?: number) {
	await page.clock.install();
	if (size) await page.goto(`/class/live?demo=1&size=${size}`);
	else {
		await page.goto('/');
		await page.getByTestId('demo-class').click();
	}
	await expect(page.getByTestId('participant-tile')).toHaveCount(size ?? 8);
	await expect(page.getByTestId('phase')).toHaveAttribute('data-phase-kind', 'warmup');
}

const tile = (page: Page, alias: string) =>
	page.locator(`[data-testid="participant-tile"][data-participant="${alias}"]`);

async function phaseOf(page: Page) {
	// One read of both attributes, so a phase change cannot fall between them.
	return page
		.getByTestId('phase')
		.evaluate((el) => `${el.dataset.phaseKind}${el.dataset.phaseIndex}`);
}

/** Readings stored in IndexedDB for each participant of the newest session (the browser's real DB). */
async function storedReadings(page: Page) {
	const newest = (await newestSession(page))!;
	const readings = readingsByParticipant(await storedChunks(page, newest.id));
	const out: Record<string, { count: number; values: number[] }> = {};
	for (const p of newest.participants) {
		const values = readings.get(p.participantId)?.bpm ?? [];
		out[p.alias] = { count: values.length, values };
	}
	return out;
}

test.describe('demo class', () => {
	test.setTimeout(180_000);

	test('a whole 4x4 class runs: phases and cues in order, flags, the drop-out recovers', async ({
		page
	}) => {
		await startDemo(page);
		const seen: string[] = [await phaseOf(page)];
		const flagsSeen = new Map<string, Set<string>>();
		const strapSeen = new Map<string, Set<string>>();
		// Target states seen in the judged part of each work interval (its last 2 minutes).
		const judged = new Map<string, string[]>();
		let acknowledged = false;
		for (let t = 0; t < 42 * MIN && seen.at(-1) !== 'done'; t += 15_000) {
			await page.clock.runFor(15_000);
			const now = await phaseOf(page);
			if (now !== seen.at(-1)) seen.push(now);
			const remaining = Number(await page.getByTestId('phase').getAttribute('data-remaining-ms'));
			const tiles = await page.getByTestId('participant-tile').evaluateAll((els) =>
				els.map((e) => ({
					alias: e.dataset.participant!,
					flags: e.dataset.flags!,
					strap: e.dataset.strap!,
					bpm: e.dataset.bpm!,
					target: e.dataset.target!
				}))
			);
			for (const { alias, flags, bpm, target } of tiles) {
				// One rule: the state word never contradicts a badge, and no value means no state.
				const up = flags.split(' ');
				if (up.includes('under')) expect(target, `${alias} ${flags}`).toBe('below');
				if (up.includes('over') || up.includes('above-max'))
					expect(target, `${alias} ${flags}`).toBe('above');
				if (bpm === '') expect(target, `${alias}: no value, no state`).toBe('');
				// Never an impossible value on the big number (the loose strap sends 0 and 255).
				if (bpm !== '') expect(Number(bpm)).toBeGreaterThanOrEqual(30);
				if (bpm !== '') expect(Number(bpm)).toBeLessThanOrEqual(240);
				if (now.startsWith('work') && remaining <= 2 * MIN) {
					const key = `${alias}:${now}`;
					judged.set(key, [...(judged.get(key) ?? []), target]);
				}
			}
			// The over-achiever's alarm sounds; the instructor acknowledges it once on the tile.
			const ack = tile(page, 'Gran').getByTestId('alarm-ack');
			if (!acknowledged && (await ack.isVisible())) {
				await ack.click();
				await expect(ack).toBeHidden();
				acknowledged = true;
			}
			for (const { alias, flags, strap, bpm } of tiles) {
				const f = flagsSeen.get(alias) ?? new Set();
				for (const flag of flags.split(' ').filter(Boolean)) f.add(flag);
				flagsSeen.set(alias, f);
				const s = strapSeen.get(alias) ?? new Set();
				s.add(strap);
				if (strap === 'reconnecting')
					expect(bpm, `${alias} shows no stale bpm while reconnecting`).toBe('');
				strapSeen.set(alias, s);
			}
		}
		expect(seen).toEqual([
			'warmup1',
			'work1',
			'recovery1',
			'work2',
			'recovery2',
			'work3',
			'recovery3',
			'work4',
			'cooldown1',
			'done'
		]);
		expect([...flagsSeen.get('Eik')!]).toContain('under');
		expect([...flagsSeen.get('Gran')!]).toContain('above-max');
		expect([...flagsSeen.get('Osp')!]).toContain('no-contact');
		expect([...flagsSeen.get('Rogn')!]).toContain('low-battery');
		// The drop-out loses the signal in interval 2, shows it, and comes back.
		expect([...flagsSeen.get('Lind')!]).toContain('no-signal');
		expect([...strapSeen.get('Lind')!]).toEqual(
			expect.arrayContaining(['reconnecting', 'connected'])
		);
		// On-target participants are never flagged for intensity.
		for (const alias of ['Ask', 'Bjørk']) {
			expect(
				[...flagsSeen.get(alias)!].filter((f) => ['under', 'over', 'above-max'].includes(f))
			).toEqual([]);
		}

		// Who is where, read off the tiles in the judged last 2 minutes of the intervals.
		const share = (alias: string, intervals: number[], state: string) => {
			const all = intervals.flatMap((n) => judged.get(`${alias}:work${n}`) ?? []);
			return all.filter((s) => s === state).length / Math.max(1, all.length);
		};
		expect(
			share('Eik', [2, 3, 4], 'below'),
			'the under-achiever reads below'
		).toBeGreaterThanOrEqual(0.8);
		for (const alias of ['Ask', 'Bjørk'])
			expect(share(alias, [1, 2, 3, 4], 'in'), `${alias} reads in target`).toBeGreaterThanOrEqual(
				0.8
			);
		expect(share('Gran', [1, 2, 3, 4], 'above'), 'the over-achiever reads above').toBeGreaterThan(
			0
		);

		const log = await page.getByTestId('cue-log').locator('li').allTextContents();
		expect(acknowledged, 'the alarm-ack button showed on the over-achiever').toBe(true);
		expect(log).toContain('alarm');
		expect(log).toContain('alarm-ack');
		// The alarm has its own entries; the phase cues are checked without them.
		const cues = log.filter((k) => k !== 'alarm' && k !== 'alarm-ack');
		expect(new Set(cues).size, 'no cue repeats').toBe(cues.length);
		const starts = cues
			.filter((k) => k.startsWith('phase-start:'))
			.map((k) => Number(k.split(':')[1]));
		expect(starts).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(cues.filter((k) => k.startsWith('countdown:'))).toHaveLength(8 * 3 + 3);
		expect(cues.filter((k) => k.startsWith('halfway:'))).toHaveLength(4);
		expect(cues.at(-1)).toBe('session-done');
		await expect(page.getByTestId('session-finished')).toBeVisible();
		// The app shell has Report tidy the ended session before anyone opens its report: the
		// summaries stored and one samples row per participant.
		const ended = (await newestSession(page))!;
		await expect
			.poll(async () => (await storedSummaries(page, ended.id)) !== undefined, { timeout: 60_000 })
			.toBe(true);
		expect(await storedChunks(page, ended.id)).toHaveLength(ended.participants.length);
	});

	test('pause stops the clock, resume continues it, skip and +30 s move the timer', async ({
		page
	}) => {
		await startDemo(page);
		const phase = page.getByTestId('phase');
		await page.clock.runFor(MIN);
		await page.getByTestId('pause').click();
		const paused = Number(await phase.getAttribute('data-remaining-ms'));
		await page.clock.runFor(2 * MIN);
		expect(Number(await phase.getAttribute('data-remaining-ms'))).toBe(paused);
		await expect(page.getByTestId('participant-tile').first()).toHaveAttribute('data-bpm', /\d+/);
		await page.getByTestId('resume').click();
		await page.clock.runFor(10_000);
		expect(Number(await phase.getAttribute('data-remaining-ms'))).toBeLessThan(paused - 9_000);
		await page.getByTestId('extend').click();
		await page.clock.runFor(1_000);
		const extended = Number(await phase.getAttribute('data-remaining-ms'));
		expect(extended).toBeGreaterThan(paused - 12_000 + 29_000);
		await page.getByTestId('skip').click();
		await page.clock.runFor(1_000);
		await expect(phase).toHaveAttribute('data-phase-kind', 'work');
		await expect(phase).toHaveAttribute('data-phase-index', '1');
	});

	test('readings are stored as they stream: counts and values match what the tiles showed', async ({
		page
	}) => {
		await startDemo(page);
		// Record every reading the tile of an on-target participant shows, as it arrives.
		await tile(page, 'Ask').evaluate((el) => {
			const seen: [number, string][] = [];
			(window as unknown as { seen: typeof seen }).seen = seen;
			new MutationObserver(() => seen.push([Number(el.dataset.readings), el.dataset.bpm!])).observe(
				el,
				{ attributes: true, attributeFilter: ['data-readings'] }
			);
		});
		await page.clock.runFor(3 * MIN);
		// Stop the clock so the tiles hold still, then let at least one more flush (every second) run.
		// A second ahead: on a loaded machine more than 100 ms can pass before the pause, and
		// pausing in the past throws.
		await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 1000);
		await page.clock.runFor(2_500);
		const tiles = await page
			.getByTestId('participant-tile')
			.evaluateAll((els) =>
				els.map((e) => ({ alias: e.dataset.participant!, readings: Number(e.dataset.readings) }))
			);
		let stored = await storedReadings(page);
		// The last flush's write runs on the real disk: wait for it to land (a loaded machine is slow).
		await expect
			.poll(async () => {
				stored = await storedReadings(page);
				return tiles.every((t) => t.readings - stored[t.alias]!.count <= 2);
			})
			.toBe(true);
		for (const t of tiles) {
			expect(t.readings, t.alias).toBeGreaterThan(150);
			const behind = t.readings - stored[t.alias]!.count;
			expect(behind, `${t.alias}: stored up to the last flush`).toBeGreaterThanOrEqual(0);
			expect(behind, `${t.alias}: stored up to the last flush`).toBeLessThanOrEqual(2);
		}
		const seen = await page.evaluate(
			() => (window as unknown as { seen: [number, string][] }).seen
		);
		const values = stored['Ask']!.values;
		const shown = seen.filter(([n, bpm]) => bpm !== '' && n <= values.length);
		expect(shown.length).toBeGreaterThan(150);
		for (const [n, bpm] of shown) expect(String(values[n - 1]), `reading ${n}`).toBe(bpm);
	});

	test("a tile's sparkline holds the last 2 minutes, newest at the right edge", async ({
		page
	}) => {
		await startDemo(page);
		const line = tile(page, 'Ask').getByTestId('sparkline');
		await page.clock.runFor(30_000);
		const early = await line.evaluate((l: SVGPolylineElement) => l.points.numberOfItems);
		await page.clock.runFor(3 * MIN);
		// Where each point is drawn in the 120 × 40 box: its place less the viewBox's offset.
		const drawn = await line.evaluate((l: SVGPolylineElement) => {
			const box = l.ownerSVGElement!.viewBox.baseVal;
			return Array.from(l.points, (p) => ({ x: p.x - box.x, y: p.y - box.y }));
		});
		expect(early).toBeGreaterThan(20);
		// One clean reading a second: 2 minutes are about 120 points, no more.
		expect(drawn.length).toBeGreaterThan(100);
		expect(drawn.length).toBeLessThanOrEqual(121);
		for (const p of drawn) {
			expect(p.x).toBeGreaterThan(0);
			expect(p.x).toBeLessThanOrEqual(120.01);
			expect(p.y).toBeGreaterThanOrEqual(0);
			expect(p.y).toBeLessThanOrEqual(40);
		}
		expect(drawn.at(-1)!.x).toBeCloseTo(120, 1);
		for (let i = 1; i < drawn.length; i++) expect(drawn[i]!.x).toBeGreaterThan(drawn[i - 1]!.x);
	});

	test('RPE is logged for the interval with two taps', async ({ page }) => {
		await startDemo(page);
		await page.clock.runFor(11 * MIN);
		await expect(page.getByTestId('phase')).toHaveAttribute('data-phase-kind', 'work');
		await tile(page, 'Ask').getByTestId('tile-actions').click();
		await page.getByTestId('rpe-16').click();
		await expect(tile(page, 'Ask')).toContainText('RPE 16');
	});
});

test.describe('recording that loses nothing', () => {
	test.setTimeout(180_000);

	test('reload in interval 3 → resume → the session ends with every interval and the gap marked', async ({
		page
	}) => {
		await startDemo(page);
		await page.clock.runFor(10 * MIN + 2 * 7 * MIN + 30_000); // into interval 3
		await expect(page.getByTestId('phase')).toHaveAttribute('data-phase-index', '3');
		const before = await storedReadings(page);
		await page.reload();
		await page.clock.runFor(20_000); // the page was away for a while
		await expect(page.getByTestId('resume-prompt')).toBeVisible();
		await page.getByTestId('resume-session').click();
		await expect(page).toHaveURL(/\/class\/live$/);
		const phase = page.getByTestId('phase');
		await expect(phase).toHaveAttribute('data-phase-kind', 'work', { timeout: 20_000 });
		await expect(phase).toHaveAttribute('data-phase-index', '3');
		await expect(page.getByTestId('participant-tile')).toHaveCount(8);
		await expect(tile(page, 'Ask')).toHaveAttribute('data-bpm', /\d+/);
		for (let i = 0; i < 20 && (await phase.getAttribute('data-phase-kind')) !== 'done'; i++) {
			await page.clock.runFor(2 * MIN);
		}
		await expect(phase).toHaveAttribute('data-phase-kind', 'done');
		const after = await storedReadings(page);
		for (const alias of Object.keys(before)) {
			expect(after[alias]!.count, alias).toBeGreaterThan(before[alias]!.count);
		}
		const gaps = (await storedEvents(page)).filter(
			(e) => e.kind === 'gap' && (e.until ?? e.at) - e.at >= 15_000
		).length;
		expect(gaps, 'one gap per participant marks the reload').toBeGreaterThanOrEqual(8);
	});

	test('a full disk is reported at once, the class keeps running, and is saved once space is freed', async ({
		page,
		context
	}) => {
		// Chromium checks quota when a database connection opens, so the disk is "full" from the
		// start: every write of the class fails until the quota is lifted.
		await page.goto('/'); // the app creates its database
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		const cdp = await context.newCDPSession(page);
		const origin = new URL(page.url()).origin;
		await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1024 });
		await startDemo(page);
		await page.clock.runFor(5_000);
		const problem = page.getByTestId('storage-problem');
		await expect(problem).toBeVisible();
		await expect(problem).toContainText('storage is full');
		const phase = page.getByTestId('phase');
		const remaining = Number(await phase.getAttribute('data-remaining-ms'));
		await page.clock.runFor(30_000);
		expect(Number(await phase.getAttribute('data-remaining-ms'))).toBeLessThan(remaining - 29_000);
		await expect(tile(page, 'Ask')).toHaveAttribute('data-bpm', /\d+/);
		await expect(page.getByText(/readings are waiting to be saved/)).toBeVisible();

		// Space is freed: the session record and every reading kept in memory are written.
		await cdp.send('Storage.overrideQuotaForOrigin', { origin });
		await page.clock.runFor(3_000);
		await expect(problem).toHaveCount(0);
		const stored = await storedReadings(page);
		const shown = await page
			.getByTestId('participant-tile')
			.evaluateAll((els) =>
				Object.fromEntries(els.map((e) => [e.dataset.participant!, Number(e.dataset.readings)]))
			);
		for (const [alias, readings] of Object.entries(shown)) {
			expect(readings, alias).toBeGreaterThan(30);
			expect(readings - stored[alias]!.count, `${alias}: nothing lost`).toBeLessThanOrEqual(2);
		}
	});
});

test.describe('screens a person reads', () => {
	test('class screen on a 10-inch tablet with 12 participants', async ({ page }, testInfo) => {
		await page.setViewportSize({ width: 1280, height: 800 });
		await startDemo(page, 12);
		await page.clock.runFor(13 * MIN);
		const tileBox = (await page.getByTestId('participant-tile').first().boundingBox())!;
		const bpmSize = await page
			.getByTestId('participant-tile')
			.first()
			.locator('.bpm')
			.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
		expect(
			bpmSize / tileBox.height,
			'bpm digits at least ~15 % of the tile height'
		).toBeGreaterThanOrEqual(0.15);
		const all = await page.getByTestId('participant-tile').evaluateAll((els) =>
			els.map((e) => {
				const r = e.getBoundingClientRect();
				return r.bottom <= window.innerHeight + 1 && r.right <= window.innerWidth + 1;
			})
		);
		expect(all.every(Boolean), 'all 12 tiles fit on the screen').toBe(true);
		await page.screenshot({ path: testInfo.outputPath('class-tablet-12.png') });
		await testInfo.attach('class-tablet-12', {
			path: testInfo.outputPath('class-tablet-12.png'),
			contentType: 'image/png'
		});
	});

	test('solo screen on a phone', async ({ page }, testInfo) => {
		await page.setViewportSize({ width: 390, height: 844 });
		await page.clock.install();
		await page.goto('/participants');
		await page.getByTestId('add-participant').click();
		await page.getByTestId('participant-alias').fill('Solo');
		await page.getByTestId('participant-age').fill('45');
		await page.getByTestId('save-participant').click();
		await page.goto('/solo');
		await page.getByRole('button', { name: 'Solo', exact: true }).click();
		await page.getByTestId('solo-sim').click();
		await page.getByTestId('start-session').click();
		// The session runs once its recorder's code has loaded (real time, not the page's clock).
		await expect(page.getByTestId('phase')).toHaveAttribute('data-status', 'running');
		await page.clock.runFor(11.5 * MIN);
		const soloTile = page.getByTestId('participant-tile');
		await expect(soloTile).toHaveAttribute('data-bpm', /\d+/);
		await expect(page.getByTestId('phase')).toHaveAttribute('data-phase-kind', 'work');
		await page.screenshot({ path: testInfo.outputPath('solo-phone.png') });
		await testInfo.attach('solo-phone', {
			path: testInfo.outputPath('solo-phone.png'),
			contentType: 'image/png'
		});
	});
});
