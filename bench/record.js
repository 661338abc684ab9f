// 2. A 60-minute class of 30 recorded to IndexedDB on Playwright's clock: write durations, the
// stored size per participant-hour (payload and disk), heap growth, flush spacing, and how long
// the tidying after the end takes.
import { chromium } from '@playwright/test';
import { newestSession, readIdb, storedChunks } from '../tests/support/idb.js';
import { launchOptions, LONG_MINUTES, PAUSE_AHEAD_MS, VIEWPORT } from './lib/config.js';
import { gcHeap, log, round, sleep } from './lib/helpers.js';

/** Instruments IndexedDB before Playwright's clock replaces the timers: real write durations. */
function idbInstrumentation() {
	const realNow = performance.now.bind(performance);
	const writes = [];
	window.__benchWrites = writes;
	const original = IDBDatabase.prototype.transaction;
	IDBDatabase.prototype.transaction = function (names, mode, ...rest) {
		const tx = original.call(this, names, mode, ...rest);
		const list = typeof names === 'string' ? [names] : [...names];
		if (mode === 'readwrite' && list.includes('samples')) {
			const started = realNow();
			const at = Date.now(); // the app's clock (Playwright's), when the write began
			window.__benchWritesPending = (window.__benchWritesPending ?? 0) + 1;
			const done = () => window.__benchWritesPending--;
			tx.addEventListener('complete', () => {
				done();
				writes.push({ at, ms: realNow() - started });
			});
			tx.addEventListener('abort', done);
		}
		return tx;
	};
}

/** What the samples store holds for a session: payload bytes, rows, readings, participants. */
function storedBytes(chunks) {
	let bytes = 0;
	let readings = 0;
	const participants = new Set();
	for (const chunk of chunks) {
		readings += chunk.bpm.length;
		participants.add(chunk.participantId);
		for (const value of Object.values(chunk)) {
			if (ArrayBuffer.isView(value)) bytes += value.byteLength;
			else if (typeof value === 'string') bytes += value.length;
			else if (typeof value === 'number') bytes += 8;
		}
	}
	if (chunks.length && !ArrayBuffer.isView(chunks[0].bpm))
		throw new Error('chunks lost their typed arrays');
	return { bytes, rows: chunks.length, readings, participants: participants.size };
}

/**
 * How far the app's tidying after the end has got: sample rows left, summaries stored. The
 * bench's profile holds this one session, so the store's own count is the session's: an index
 * count would step over every deleted row's index entry (Chromium leaves them for a day-long
 * sweeper) and, polled, slow the compaction it watches.
 */
async function tidyState(page, sessionId) {
	const { rows, summaries } = await readIdb(page, {
		rows: { store: 'samples', count: true },
		summaries: { store: 'summaries', key: sessionId }
	});
	return { rows, summaries: summaries !== undefined };
}

/** Records the class in a persistent profile at `dir` (the review opens the same profile). */
export async function record60(url, dir) {
	const size = 30;
	const context = await chromium.launchPersistentContext(dir, {
		...launchOptions,
		viewport: VIEWPORT
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.addInitScript(idbInstrumentation); // first, so it keeps the real clock
		await page.clock.install();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable');
		await page.goto(`${url}/`);
		const usage = () =>
			page.evaluate(async () => {
				const e = await navigator.storage.estimate();
				return e.usageDetails?.indexedDB ?? e.usage;
			});
		const idb0 = await usage();
		await page.goto(`${url}/class/live?demo=1&size=${size}`);
		await page
			.locator('[data-testid=participant-tile]')
			.nth(size - 1)
			.waitFor();
		// Pause the app's clock (it ran at real speed while loading): from here on runFor drives it.
		const paused = (await page.evaluate(() => Date.now())) + PAUSE_AHEAD_MS;
		await page.clock.pauseAt(paused);
		// The built-in 4x4 lasts 40 minutes: extend the warm-up (30 s a tap) for a 60-minute class.
		const extra = Math.max(0, Math.round((LONG_MINUTES - 40) * 2));
		for (let i = 0; i < extra; i++) await page.getByTestId('extend').click();
		page.on('dialog', (d) => void d.accept());
		const t0 = Date.now();
		let heapStart = null;
		let heapEnd = null;
		const stepMs = 500;
		for (let s = 0; s < (LONG_MINUTES + 2) * 120; s++) {
			await page.clock.runFor(stepMs);
			// Real time for the write the app started to finish, as it would within a real second:
			// otherwise the simulated hour runs ~30× faster than the disk and flushes pile up.
			await page.waitForFunction(() => !window.__benchWritesPending, null, { polling: 5 });
			if (s === 120) heapStart = await gcHeap(cdp);
			if (s === LONG_MINUTES * 120 - 120) heapEnd = await gcHeap(cdp);
			if (s === LONG_MINUTES * 120 && LONG_MINUTES < 40) await page.getByTestId('end').click();
			if (s % 600 === 0) {
				const kind = await page.getByTestId('phase').getAttribute('data-phase-kind');
				log(`  recording: minute ${s / 120} (${kind})`);
				if (kind === 'done') break;
			}
		}
		await page.getByTestId('session-finished').waitFor();
		const finished = Date.now();
		// The recording's writes: everything up to the last flush (the tidying after the end also
		// writes to samples, and is timed on its own below).
		const writes = await page.evaluate(() => [...window.__benchWrites]);
		const idbEnded = await usage();
		const record = await newestSession(page);
		// After closing the session the app compacts its rows and stores each person's summary (no
		// timers involved, so the paused clock does not hold it up): wait for that, in real time.
		let compactMs = null;
		for (;;) {
			const tidy = await tidyState(page, record.id);
			if (compactMs === null && tidy.rows <= size) compactMs = Date.now() - finished;
			if (tidy.summaries) break;
			await sleep(250);
		}
		const tidyMs = Date.now() - finished;
		await page.clock.runFor(5000);
		await sleep(500);
		// LevelDB drops deleted rows in background compactions after that: wait until the estimate
		// has not moved for 5 s (with a read transaction a second, so that it is refreshed).
		let idb1 = await usage();
		for (let still = 0, since = Date.now(); still < 5 && Date.now() - since < 120_000;) {
			await sleep(1000);
			await tidyState(page, record.id);
			const now = await usage();
			still = now === idb1 ? still + 1 : 0;
			idb1 = now;
		}
		const stored = storedBytes(await storedChunks(page, record.id));
		const hours = (record.endedAt - record.startedAt) / 3_600_000;
		let longestGap = 0;
		const driven = writes.filter((w) => w.at >= paused);
		for (let i = 1; i < driven.length; i++) {
			longestGap = Math.max(longestGap, driven[i].at - driven[i - 1].at);
		}
		log(
			`  recorded ${stored.readings} readings in ${((Date.now() - t0) / 1000).toFixed(0)} s real time`
		);
		return {
			sessionId: record.id,
			sessionMinutes: round(hours * 60, 1),
			participants: stored.participants,
			readingsStored: stored.readings,
			writes: writes.length,
			writeTotalMs: round(
				writes.reduce((n, w) => n + w.ms, 0),
				0
			),
			writeMaxMs: round(Math.max(...writes.map((w) => w.ms)), 1),
			payloadKBPerParticipantHour: round(stored.bytes / 1024 / stored.participants / hours, 1),
			diskKBPerParticipantHour: round((idb1 - idb0) / 1024 / stored.participants / hours, 1),
			diskKBPerParticipantHourAtEnd: round(
				(idbEnded - idb0) / 1024 / stored.participants / hours,
				1
			),
			heapStartMB: round(heapStart / 1e6, 2),
			heapEndMB: round(heapEnd / 1e6, 2),
			heapGrowthMB: round((heapEnd - heapStart) / 1e6, 2),
			longestFlushGapMs: longestGap,
			compactAfterEndMs: compactMs,
			tidyAfterEndMs: tidyMs
		};
	} finally {
		await context.close();
	}
}
