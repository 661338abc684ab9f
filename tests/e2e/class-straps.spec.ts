/**
 * Issue 5: a class with emulated real straps runs its first interval. Two roster participants wear
 * two straps paired through the chooser (Chromium's emulated Bluetooth adapter, the app's real
 * `navigator.bluetooth` code), the 4x4 starts on Playwright's clock, and each strap sends one real
 * Heart Rate Measurement (0x2A37) packet per second through the whole first work interval.
 *
 * The clock is paused once the class is live, so every instant is exact: packets, phase changes,
 * flags and stored samples are checked against the time they must have, not a tolerance window
 * (except the screen's own 250 ms tick, which decides when a change becomes visible).
 */
import type { Page } from '@playwright/test';
import {
	readingsByParticipant,
	storedChunks,
	storedEvents,
	storedSessions
} from '../support/idb.js';
import type { EmulatedStraps } from './support/emulated-straps';
import { expect, hr, test, tile } from './support/strap-test';

const SECOND = 1000;
/** Work interval of the 4x4 and the recovery after it. */
const WORK_MS = 4 * 60 * SECOND;
const RECOVERY_MS = 3 * 60 * SECOND;
/** The live screen recomputes what it shows once a second (live-session TICK_MS). */
const TICK_MS = 1000;
/** First-interval grace plus the hold before under/over is raised (FLAG_DEFAULTS). */
const UNDER_DUE_MS = 120 * SECOND + 15 * SECOND;

interface Wearer {
	alias: string;
	age: number;
	strap: { address: string; name: string };
	/** bpm of packet n (n = 0 is the warm-up packet, 1…240 the work interval). */
	bpm: (n: number) => number;
	zone: string;
}

/** ±2 bpm around a level; consecutive values always differ, so every packet changes the tile. */
const WAVE = [-2, -1, 0, 1, 2, 1, 0, -1];
const around = (level: number) => (n: number) => level + WAVE[n % WAVE.length]!;

// Kari, 40: HRmax 211 − 0.64 × 40 ≈ 185; work band 85–95 % = 157.3–175.8 bpm. 168–172 bpm is
// 90.8–93.0 %: in the band, zone 5 (≥ 90 %), below HRmax.
const KARI: Wearer = {
	alias: 'Kari',
	age: 40,
	strap: { address: '0A:00:00:00:05:01', name: 'Polar H10 0A000501' },
	bpm: around(170),
	zone: '5'
};
// Odd, 60: HRmax 211 − 0.64 × 60 ≈ 173; band 147.1–164.4 bpm. 128–132 bpm is 74.0–76.3 %:
// below the band (→ under), zone 3 (70–80 %).
const ODD: Wearer = {
	alias: 'Odd',
	age: 60,
	strap: { address: '0A:00:00:00:05:02', name: 'Garmin HRM 0A000502' },
	bpm: around(130),
	zone: '3'
};
const WEARERS = [KARI, ODD];

// The service worker is not under test; English for the "View summary" link.
test.use({ serviceWorkers: 'block', locale: 'en-US' });

/** One attribute change on the live screen, stamped with the page's (fake) clock. */
interface Change {
	t: number;
	who: string;
	attr: string;
	value: string;
}

/** Records every change of the phase and of each tile's bpm, zone and flags, as it happens. */
async function watchScreen(page: Page): Promise<void> {
	await page.evaluate(() => {
		const changes: Change[] = [];
		(globalThis as unknown as { changes: Change[] }).changes = changes;
		new MutationObserver((records) => {
			for (const record of records) {
				const el = record.target as HTMLElement;
				const attr = record.attributeName!;
				const who = el.dataset.testid === 'phase' ? 'phase' : (el.dataset.participant ?? '?');
				changes.push({ t: Date.now(), who, attr, value: el.getAttribute(attr) ?? '' });
			}
		}).observe(document.body, {
			subtree: true,
			attributes: true,
			attributeFilter: [
				'data-phase-kind',
				'data-phase-index',
				'data-bpm',
				'data-zone',
				'data-flags'
			]
		});
	});
}

const screenChanges = (page: Page): Promise<Change[]> =>
	page.evaluate(() => (globalThis as unknown as { changes: Change[] }).changes);

interface Stored {
	session: { id: string; status: string; startedAt: number; protocolId: string };
	/** Per alias: the stored readings in order (absolute time, bpm). */
	samples: Record<string, { at: number[]; bpm: number[] }>;
	/** Per alias: flag events. */
	flags: Record<string, { kind: string; value: string; at: number }[]>;
}

/** The one session in the browser's IndexedDB, read with the raw API (no app code). */
async function readStored(page: Page): Promise<Stored> {
	const all = await storedSessions(page);
	if (all.length !== 1) throw new Error(`${all.length} sessions stored`);
	const session = all[0]!;
	const readings = readingsByParticipant(await storedChunks(page, session.id));
	const events = await storedEvents(page, session.id);
	const out: Stored = {
		session: {
			id: session.id,
			status: session.status,
			startedAt: session.startedAt,
			protocolId: session.protocol.id
		},
		samples: {},
		flags: {}
	};
	for (const p of session.participants) {
		out.samples[p.alias] = readings.get(p.participantId) ?? { at: [], bpm: [] };
		out.flags[p.alias] = events
			.filter((e) => e.participantId === p.participantId && e.kind.startsWith('flag-'))
			.map((e) => ({ kind: e.kind, value: String(e.value), at: e.at }))
			.sort((a, b) => a.at - b.at);
	}
	return out;
}

async function addParticipant(page: Page, wearer: Wearer): Promise<void> {
	await page.getByTestId('add-participant').click();
	await page.getByTestId('participant-alias').fill(wearer.alias);
	await page.getByTestId('participant-age').fill(String(wearer.age));
	await page.getByTestId('save-participant').click();
	await expect(page.getByRole('link', { name: wearer.alias })).toBeVisible();
}

/** Sends packet n of both straps, in the same (paused) instant; each strap is its own link. */
async function sendPacket(straps: EmulatedStraps, n: number): Promise<void> {
	await Promise.all(WEARERS.map((w) => straps.push(w.strap.address, hr(w.bpm(n)))));
}

test('a class with two real straps runs its first 4x4 interval: phases, tiles, flags, storage, report', async ({
	page,
	straps
}) => {
	// 480 real GATT reads and 240 clock steps: 20–30 s alone, ~40 s beside another worker on a
	// loaded two-core machine. The margin keeps a busy machine from turning that into a failure.
	test.setTimeout(90_000);
	for (const { strap } of WEARERS) await straps.addStrap(strap.address, strap.name);
	await page.clock.install();

	// Roster: two people whose HRmax comes from their age.
	await page.goto('/participants');
	for (const wearer of WEARERS) await addParticipant(page, wearer);

	// Class setup: both on the roster, the 4x4, one strap each through the chooser.
	await page.goto('/');
	await page.getByTestId('new-class').click();
	await expect(page).toHaveURL(/\/class$/);
	await page.getByTestId('protocol').selectOption('4x4');
	for (const wearer of WEARERS) await page.getByRole('checkbox', { name: wearer.alias }).check();
	for (const wearer of WEARERS) {
		straps.queueChooser(wearer.strap.address);
		await page.getByTestId('add-strap').click();
		await expect(tile(page, wearer.strap.name)).toHaveAttribute('data-strap', 'connected');
		await page.getByTestId('assign-strap').selectOption({ label: wearer.alias });
		await expect(tile(page, wearer.alias)).toHaveAttribute('data-strap', 'connected');
		await expect(tile(page, wearer.strap.name)).toHaveCount(0);
		expect(straps.subscribed(wearer.strap.address)).toBe(true);
	}
	expect(straps.chooserAnswers).toBe(2);
	await expect(page.getByTestId('participant-tile')).toHaveCount(2);
	await expect(page.getByTestId('strap-count')).toHaveText('2 straps connected');

	await page.getByTestId('start-session').click();
	await expect(page).toHaveURL(/\/class\/live$/);
	const phase = page.getByTestId('phase');
	await expect(phase).toHaveAttribute('data-phase-kind', 'warmup');
	await expect(page.getByTestId('participant-tile')).toHaveCount(2);

	// From here on time moves only when the test moves it.
	await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 2 * SECOND);
	const t0 = await page.evaluate(() => Date.now());
	await watchScreen(page);

	// One warm-up packet each (packet 0), then skip the 10-minute warm-up: work 1 starts at t0.
	await sendPacket(straps, 0);
	for (const wearer of WEARERS) {
		await expect(tile(page, wearer.alias)).toHaveAttribute('data-bpm', String(wearer.bpm(0)));
	}
	await page.getByTestId('skip').click();
	await expect(phase).toHaveAttribute('data-phase-kind', 'work');
	await expect(phase).toHaveAttribute('data-phase-index', '1');
	await expect(phase).toHaveAttribute('data-remaining-ms', String(WORK_MS));

	// Work 1: packet n (1…240) at t0 + 0.5 s + (n − 1) s, one per strap per second.
	const packets = WORK_MS / SECOND;
	const sentAt = [t0];
	await page.clock.runFor(SECOND / 2);
	for (let n = 1; n <= packets; n++) {
		if (n > 1) await page.clock.runFor(SECOND);
		sentAt.push(t0 + SECOND / 2 + (n - 1) * SECOND);
		await sendPacket(straps, n);
		if (n === 60 || n === 180) {
			// Spot checks on the screen itself; the full history comes from the recorded changes.
			for (const wearer of WEARERS) {
				const shown = tile(page, wearer.alias);
				await expect(shown).toHaveAttribute('data-bpm', String(wearer.bpm(n)));
				await expect(shown).toHaveAttribute('data-zone', wearer.zone);
			}
			await expect(tile(page, KARI.alias)).toHaveAttribute('data-flags', '');
			await expect(tile(page, ODD.alias)).toHaveAttribute('data-flags', n < 135 ? '' : 'under');
		}
	}
	// Last packet at t0 + 239.5 s: still work 1, with 0.5–1.5 s left (last tick ≤ 1 s ago).
	expect(await page.evaluate(() => Date.now())).toBe(t0 + WORK_MS - SECOND / 2);
	await expect(phase).toHaveAttribute('data-phase-kind', 'work');
	const left = Number(await phase.getAttribute('data-remaining-ms'));
	expect(left).toBeGreaterThanOrEqual(SECOND / 2);
	expect(left).toBeLessThanOrEqual(SECOND / 2 + TICK_MS);
	await expect(tile(page, ODD.alias)).toHaveAttribute('data-flags', 'under');

	// One tick past the end of work 1: recovery 1 with its 3 minutes minus at most one tick.
	await page.clock.runFor(SECOND / 2 + TICK_MS);
	await expect(phase).toHaveAttribute('data-phase-kind', 'recovery');
	await expect(phase).toHaveAttribute('data-phase-index', '1');
	const recoveryLeft = Number(await phase.getAttribute('data-remaining-ms'));
	expect(recoveryLeft).toBeGreaterThanOrEqual(RECOVERY_MS - TICK_MS);
	expect(recoveryLeft).toBeLessThan(RECOVERY_MS);
	// Recovery is not judged against the work band: the under flag goes down.
	await expect(tile(page, ODD.alias)).toHaveAttribute('data-flags', '');

	// What the screen showed, change by change, since t0.
	const changes = (await screenChanges(page)).filter((c) => c.t >= t0);
	const phaseSteps: { t: number; value: string }[] = [];
	for (const c of changes.filter((c) => c.who === 'phase')) {
		const kind = c.attr === 'data-phase-kind' ? c.value : undefined;
		const last = phaseSteps.at(-1);
		if (kind && last?.value !== kind) phaseSteps.push({ t: c.t, value: kind });
	}
	expect(phaseSteps.map((s) => s.value)).toEqual(['work', 'recovery']);
	expect(phaseSteps[0]!.t).toBe(t0);
	expect(phaseSteps[1]!.t - t0).toBeGreaterThanOrEqual(WORK_MS);
	expect(phaseSteps[1]!.t - t0).toBeLessThanOrEqual(WORK_MS + TICK_MS);

	for (const wearer of WEARERS) {
		const mine = changes.filter((c) => c.who === wearer.alias && c.t > t0);
		// Every work packet showed on the wearer's tile, in order, and nothing else did.
		expect(
			mine.filter((c) => c.attr === 'data-bpm').map((c) => Number(c.value)),
			`${wearer.alias}: bpm shown`
		).toEqual(Array.from({ length: packets }, (_, i) => wearer.bpm(i + 1)));
		// The zone never left the expected one (and it is shown now).
		expect(
			mine.filter((c) => c.attr === 'data-zone').map((c) => c.value),
			`${wearer.alias}: zone changes`
		).toEqual([]);
		await expect(tile(page, wearer.alias)).toHaveAttribute('data-zone', wearer.zone);
	}
	// Kari's flags never changed during the interval; Odd's went up once after grace + hold,
	// and down when work 1 ended.
	expect(
		changes.filter((c) => c.who === KARI.alias && c.attr === 'data-flags' && c.t > t0)
	).toEqual([]);
	const oddFlags = changes.filter(
		(c) => c.who === ODD.alias && c.attr === 'data-flags' && c.t > t0
	);
	expect(oddFlags.map((c) => c.value)).toEqual(['under', '']);
	expect(oddFlags[0]!.t - t0).toBeGreaterThanOrEqual(UNDER_DUE_MS);
	expect(oddFlags[0]!.t - t0).toBeLessThanOrEqual(UNDER_DUE_MS + TICK_MS);
	expect(oddFlags[1]!.t - t0).toBeGreaterThanOrEqual(WORK_MS);
	expect(oddFlags[1]!.t - t0).toBeLessThanOrEqual(WORK_MS + TICK_MS);
	for (const wearer of WEARERS) {
		await expect(tile(page, wearer.alias)).toHaveAttribute('data-readings', String(packets + 1));
	}

	// Storage: every packet of both straps, with its value and the instant it arrived. The
	// recorder flushes every second; the last flush may still be on its way.
	let stored!: Stored;
	await expect
		.poll(
			async () => {
				await page.clock.runFor(TICK_MS);
				stored = await readStored(page);
				return WEARERS.map((w) => stored.samples[w.alias]?.bpm.length);
			},
			{ intervals: [50], timeout: 10_000 }
		)
		.toEqual([packets + 1, packets + 1]);
	expect(stored.session.status).toBe('running');
	expect(stored.session.protocolId).toBe('4x4');
	for (const wearer of WEARERS) {
		const samples = stored.samples[wearer.alias]!;
		expect(samples.bpm, `${wearer.alias}: stored bpm`).toEqual(
			Array.from({ length: packets + 1 }, (_, n) => wearer.bpm(n))
		);
		expect(samples.at, `${wearer.alias}: stored times`).toEqual(sentAt);
	}
	// The under flag is stored for Odd at the exact instant it became due, and closed when work
	// 1 ended; Kari has no intensity flag at all.
	const intensity = (alias: string) =>
		stored.flags[alias]!.filter((f) => ['under', 'over', 'above-max'].includes(f.value));
	expect(intensity(ODD.alias)).toEqual([
		{ kind: 'flag-raised', value: 'under', at: t0 + UNDER_DUE_MS },
		{ kind: 'flag-cleared', value: 'under', at: t0 + WORK_MS }
	]);
	expect(intensity(KARI.alias)).toEqual([]);

	// End the class (confirming), then its report lists both participants.
	page.once('dialog', (dialog) => void dialog.accept());
	await page.getByTestId('end').click();
	await expect(phase).toHaveAttribute('data-phase-kind', 'done');
	const summary = page.getByRole('link', { name: 'View summary' });
	await expect(summary).toHaveAttribute('href', `/history/${stored.session.id}`);
	await expect
		.poll(async () => {
			await page.clock.runFor(TICK_MS);
			return (await readStored(page)).session.status;
		})
		.toBe('finished');
	// Charts animate with requestAnimationFrame: let time run again for the report.
	await page.clock.resume();
	await summary.click();
	await expect(page).toHaveURL(new RegExp(`/history/${stored.session.id}$`));
	// The class overview: one row each, interval 1 and the work total from the stored data (Kari
	// always in the band, Odd never).
	const rows = page.getByTestId('class-overview').getByTestId('overview-row');
	await expect(rows).toHaveCount(2);
	// Odd stayed under the band: the overview says which way, not just "low".
	const inBand = { [KARI.alias]: /^\s*100\s?%/, [ODD.alias]: /^\s*▼\s*0\s?%.*under/ };
	for (const wearer of WEARERS) {
		const row = rows.filter({ hasText: wearer.alias });
		await expect(row).toHaveCount(1);
		await expect(row.locator('td')).toHaveText([inBand[wearer.alias]!, inBand[wearer.alias]!]);
	}
	const detail = page.getByTestId('participant-report');
	const chooser = page.getByTestId('choose-participant');
	await expect(chooser.locator('option')).toHaveText(WEARERS.map((w) => w.alias));
	// Details per participant: interval 1 mean 170 / peak 172 and no flags for Kari; Odd's one
	// under flag lasted from 2:15 into the interval to its end, 1:45.
	const intervals = detail.getByTestId('interval-table');
	const interval = intervals.locator('tbody tr');
	await expect(intervals.locator('caption')).toContainText(KARI.alias);
	await expect(interval).toHaveCount(1);
	// Cells after the interval number: mean, peak.
	await expect(interval.locator('td').nth(0)).toHaveText('170');
	await expect(interval.locator('td').nth(1)).toHaveText('172');
	await expect(detail.getByTestId('flag-list')).toHaveCount(0);
	await chooser.selectOption({ label: ODD.alias });
	await expect(intervals.locator('caption')).toContainText(ODD.alias);
	await expect(interval.locator('td').nth(0)).toHaveText('130');
	await expect(interval.locator('td').nth(1)).toHaveText('132');
	await expect(detail.getByTestId('flag-list')).toContainText(/Under target: 1×.*1:45/);
});
