// Pulsklar benchmark suite (issue 7): `npm run bench` builds the app, then runs this file.
// Plain Node ESM: headless Debian Chromium through @playwright/test, against `vite preview` of the
// build, driven by the app's own simulator. Prints one table and writes bench/results.json.
//
// Environment (all optional):
//   BENCH_LIVE_SECONDS  real-time length of each live-screen run (default 300, the 5 min)
//   BENCH_LIVE_SIZES    participants per live run, comma-separated (default 12,30,60)
//   BENCH_RUNS          runs per measurement; figures are the median (default 3)
//   BENCH_LONG_RUNS     runs of the 60-minute recording + review (default = BENCH_RUNS)
//   BENCH_LONG_MINUTES  length of the recorded class (default 60; shorter to try the harness)
//   BENCH_ONLY          comma-separated subset of: live,long,startup,timer (default all)
//   BENCH_PROFILE       a participant count: also write a CPU profile of the live screen
//                       (test-results/bench-profiles/live-<n>.cpuprofile) and print its hottest functions
//   BENCH_PROFILE_REVIEW=1  also profile opening the recorded session (hottest functions)
//   BENCH_OUT           where to write the JSON (default bench/results.json)
//   PULSKLAR_CHROMIUM   Chromium binary (default /usr/bin/chromium)
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const LIVE_SECONDS = Number(env.BENCH_LIVE_SECONDS ?? 300);
const LIVE_SIZES = (env.BENCH_LIVE_SIZES ?? '12,30,60').split(',').map(Number);
const RUNS = Math.max(1, Number(env.BENCH_RUNS ?? 3));
const LONG_RUNS = Math.max(1, Number(env.BENCH_LONG_RUNS ?? RUNS));
// Length of the recorded class; the is 60 (shorter only for trying the harness out).
const LONG_MINUTES = Number(env.BENCH_LONG_MINUTES ?? 60);
const ONLY = new Set((env.BENCH_ONLY ?? 'live,long,startup,timer').split(','));
const PROFILE = env.BENCH_PROFILE ? Number(env.BENCH_PROFILE) : null;
const PROFILE_REVIEW = env.BENCH_PROFILE_REVIEW === '1';
const OUT = path.resolve(root, env.BENCH_OUT ?? 'bench/results.json');
const VIEWPORT = { width: 1280, height: 800 }; // a 10" tablet in landscape
const WARMUP_MS = 5000;

// The Chromium flags are the ones the e2e tests use (playwright.config.ts, `chromiumArgs`).
function chromiumArgs() {
	const text = readFileSync(path.join(root, 'playwright.config.ts'), 'utf8');
	const list = /export const chromiumArgs = \[([\s\S]*?)\];/.exec(text)?.[1];
	if (!list) throw new Error('chromiumArgs not found in playwright.config.ts');
	return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}
const launchOptions = {
	executablePath: env.PULSKLAR_CHROMIUM || '/usr/bin/chromium',
	args: chromiumArgs(),
	headless: true
};

// ---------------------------------------------------------------------------------------------
// Small helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
	const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
	if (s.length === 0) return null;
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const quantile = (xs, q) => {
	const s = [...xs].sort((a, b) => a - b);
	if (s.length === 0) return null;
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
const round = (x, digits = 1) => (x === null || x === undefined ? null : Number(x.toFixed(digits)));
const log = (...args) =>
	console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

async function startPreview() {
	if (!existsSync(path.join(root, 'build', 'index.html'))) {
		throw new Error('No build/: run `npm run build` first (npm run bench does).');
	}
	const port = await freePort();
	const child = spawn(
		process.execPath,
		[
			path.join(root, 'node_modules/vite/bin/vite.js'),
			'preview',
			'--port',
			String(port),
			'--strictPort'
		],
		{ cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }
	);
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const url = `http://localhost:${port}`;
	for (let i = 0; i < 150; i++) {
		try {
			const res = await fetch(url);
			if (res.ok) return { url, stop: () => child.kill('SIGTERM') };
		} catch {
			/* not up yet */
		}
		if (child.exitCode !== null) break;
		await sleep(200);
	}
	child.kill('SIGTERM');
	throw new Error(`vite preview did not start:\n${output}`);
}

/** Measures in the page: the instant a reading is handed over, and the next frame after it shows. */
function liveInstrumentation() {
	const bench = {
		pending: new Map(), // strap name → delivery instants (performance.now) not yet on screen
		latencies: [],
		updates: 0,
		lateFrames: 0,
		longTasks: [],
		loafs: 0
	};
	bench.delivered = (name) => {
		const list = bench.pending.get(name);
		if (list) list.push(performance.now());
		else bench.pending.set(name, [performance.now()]);
	};
	window.__pulsklarBench = bench;
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) bench.longTasks.push(Math.round(e.duration));
	}).observe({ type: 'longtask', buffered: true });
	try {
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) if (e.duration > 50) bench.loafs++;
		}).observe({ type: 'long-animation-frame', buffered: true });
	} catch {
		/* not supported */
	}
	const shown = []; // delivery instants of readings whose tile changed, waiting for a frame
	let firstMutation = null;
	let scheduled = false;
	const channel = new MessageChannel();
	let frameAt = 0;
	channel.port1.onmessage = () => {
		// Runs after the frame in which rAF fired has been produced (style, layout, paint).
		const painted = performance.now();
		for (const t of shown) bench.latencies.push(painted - t);
		bench.updates++;
		// Frames the update waited beyond the next one (a 60 Hz frame is 16.7 ms).
		bench.lateFrames += Math.max(0, Math.floor((frameAt - firstMutation) / 16.7));
		shown.length = 0;
		firstMutation = null;
		scheduled = false;
	};
	const observer = new MutationObserver((records) => {
		const now = performance.now();
		for (const r of records) {
			const name = 'Demo ' + r.target.getAttribute('data-participant');
			const list = bench.pending.get(name);
			if (!list || list.length === 0) continue;
			shown.push(...list);
			list.length = 0;
		}
		if (shown.length === 0 || scheduled) return;
		firstMutation = now;
		scheduled = true;
		requestAnimationFrame(() => {
			frameAt = performance.now();
			channel.port2.postMessage(0);
		});
	});
	const watch = () =>
		observer.observe(document.documentElement, {
			subtree: true,
			attributes: true,
			attributeFilter: ['data-readings']
		});
	if (document.documentElement) watch();
	else document.addEventListener('DOMContentLoaded', watch);
}

async function metrics(cdp) {
	const { metrics: list } = await cdp.send('Performance.getMetrics');
	return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

async function gcHeap(cdp) {
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	return (await metrics(cdp)).JSHeapUsedSize;
}

const readingsOnScreen = (page) =>
	page.evaluate(() =>
		[...document.querySelectorAll('[data-testid=participant-tile]')].reduce(
			(n, t) => n + Number(t.getAttribute('data-readings') || 0),
			0
		)
	);

// ---------------------------------------------------------------------------------------------
// 1. Live screen at scale (real time)

async function liveRun(browser, url, size, seconds, profile = false) {
	const context = await browser.newContext({ viewport: VIEWPORT });
	const page = await context.newPage();
	await page.addInitScript(liveInstrumentation);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
	await page.goto(`${url}/class/live?demo=1&size=${size}`);
	await page
		.locator('[data-testid=participant-tile]')
		.nth(size - 1)
		.waitFor();
	await page.waitForFunction(
		(n) =>
			[...document.querySelectorAll('[data-testid=participant-tile]')].filter(
				(t) => Number(t.getAttribute('data-readings')) > 0
			).length >= n,
		size
	);
	await sleep(WARMUP_MS);
	const heap0 = await gcHeap(cdp);
	// Start from a clean slate: what happened while loading is start-up, not steady state.
	await page.evaluate(() => {
		const b = window.__pulsklarBench;
		b.latencies.length = 0;
		b.longTasks.length = 0;
		b.updates = 0;
		b.lateFrames = 0;
		b.loafs = 0;
	});
	if (profile) {
		await cdp.send('Profiler.enable');
		await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
		await cdp.send('Profiler.start');
	}
	// A light trace of the renderer's top-level tasks: wall and CPU time of each one, so a task
	// that was long only because another process had the CPU (load average) can be told apart.
	await browser.startTracing(page, { categories: ['toplevel'] });
	const load0 = os.loadavg()[0];
	const m0 = await metrics(cdp);
	const r0 = await readingsOnScreen(page);
	const heapSamples = [];
	const end = Date.now() + seconds * 1000;
	while (Date.now() < end) {
		await sleep(Math.min(60_000, end - Date.now()));
		heapSamples.push((await metrics(cdp)).JSHeapUsedSize);
	}
	const m1 = await metrics(cdp);
	const r1 = await readingsOnScreen(page);
	const load1 = os.loadavg()[0];
	const tasks = mainThreadTasks(JSON.parse((await browser.stopTracing()).toString('utf8')));
	let cpuProfile = null;
	if (profile) cpuProfile = (await cdp.send('Profiler.stop')).profile;
	const b = await page.evaluate(() => {
		const x = window.__pulsklarBench;
		return {
			latencies: x.latencies,
			longTasks: x.longTasks,
			updates: x.updates,
			lateFrames: x.lateFrames,
			loafs: x.loafs
		};
	});
	const heap1 = await gcHeap(cdp);
	await context.close();
	const wallS = m1.Timestamp - m0.Timestamp;
	const taskS = m1.TaskDuration - m0.TaskDuration;
	const readings = r1 - r0;
	return {
		size,
		seconds: round(wallS, 1),
		readings,
		busyPct: round((taskS / wallS) * 100, 2),
		msPerReading: round((taskS * 1000) / readings, 3),
		// The same on CPU time (ThreadTime): what the page costs, without time lost to other processes.
		cpuBusyPct: round(((m1.ThreadTime - m0.ThreadTime) / wallS) * 100, 2),
		cpuMsPerReading: round(((m1.ThreadTime - m0.ThreadTime) * 1000) / readings, 3),
		loadAverage: round((load0 + load1) / 2, 2),
		scriptMsPerReading: round(((m1.ScriptDuration - m0.ScriptDuration) * 1000) / readings, 3),
		layoutMsPerReading: round(
			((m1.LayoutDuration - m0.LayoutDuration + m1.RecalcStyleDuration - m0.RecalcStyleDuration) *
				1000) /
				readings,
			3
		),
		longTasks: b.longTasks.length,
		longestTaskMs: b.longTasks.length ? Math.max(...b.longTasks) : 0,
		longAnimationFrames: b.loafs,
		// Tasks over 50 ms of wall time that also used over 50 ms of CPU (not just waited for it).
		longTasksCpu: tasks.filter((t) => t.cpuMs > 50).length,
		longestTaskCpuMs: round(Math.max(0, ...tasks.map((t) => t.cpuMs)), 1),
		latencyP50Ms: round(quantile(b.latencies, 0.5), 1),
		latencyP95Ms: round(quantile(b.latencies, 0.95), 1),
		latencyMaxMs: round(quantile(b.latencies, 1), 1),
		latencySamples: b.latencies.length,
		screenUpdates: b.updates,
		framesDropped: b.lateFrames,
		heapGrowthMB: round((heap1 - heap0) / 1e6, 2),
		heapStartMB: round(heap0 / 1e6, 2),
		heapPerMinuteMB: heapSamples.map((h) => round(h / 1e6, 1)),
		cpuProfile
	};
}

/** The renderer main thread's top-level tasks in a trace: wall and CPU milliseconds. */
function mainThreadTasks(trace) {
	const events = trace.traceEvents ?? trace;
	const main = new Set(
		events
			.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
			.map((e) => `${e.pid}:${e.tid}`)
	);
	return events
		.filter((e) => e.ph === 'X' && e.name === 'RunTask' && main.has(`${e.pid}:${e.tid}`))
		.map((e) => ({ wallMs: e.dur / 1000, cpuMs: (e.tdur ?? e.dur) / 1000 }));
}

function hottest(profile, top = 15) {
	const self = new Map();
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const counts = new Map();
	for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
	const total = profile.samples.length;
	for (const [id, count] of counts) {
		const f = byId.get(id).callFrame;
		const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
		self.set(key, (self.get(key) ?? 0) + count);
	}
	return [...self]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([k, c]) => `${((c / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}

// ---------------------------------------------------------------------------------------------
// 2 + 3. A 60-minute class of 30 recorded to IndexedDB (Playwright's clock), then reviewed.

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

/** Sums what the samples store holds for a session (raw IndexedDB, no app code). */
function storedBytes(sessionId) {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open('pulsklar');
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result;
			const store = db.transaction('samples').objectStore('samples');
			let bytes = 0;
			let rows = 0;
			let readings = 0;
			const participants = new Set();
			const cursor = store
				.index('[sessionId+participantId+seq]')
				.openCursor(IDBKeyRange.bound([sessionId], [sessionId, []]));
			cursor.onsuccess = () => {
				const c = cursor.result;
				if (!c) {
					db.close();
					resolve({ bytes, rows, readings, participants: participants.size });
					return;
				}
				const v = c.value;
				rows++;
				readings += v.bpm.length;
				participants.add(v.participantId);
				for (const value of Object.values(v)) {
					if (ArrayBuffer.isView(value)) bytes += value.byteLength;
					else if (typeof value === 'string') bytes += value.length;
					else if (typeof value === 'number') bytes += 8;
				}
				c.continue();
			};
		};
	});
}

function sessionRecord() {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open('pulsklar');
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result;
			const req = db.transaction('sessions').objectStore('sessions').getAll();
			req.onsuccess = () => {
				db.close();
				resolve(req.result.sort((a, b) => b.startedAt - a.startedAt)[0] ?? null);
			};
			req.onerror = () => reject(req.error);
		};
	});
}

/**
 * How far the app's tidying after the end has got: sample rows left, summaries stored. The
 * bench's profile holds this one session, so the store's own count is the session's: an index
 * count would step over every deleted row's index entry (Chromium leaves them for a day-long
 * sweeper) and, polled, slow the compaction it watches.
 */
function tidyState(sessionId) {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open('pulsklar');
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result;
			const tx = db.transaction(['samples', 'summaries']);
			const rows = tx.objectStore('samples').count();
			const summary = tx.objectStore('summaries').get(sessionId);
			tx.oncomplete = () => {
				db.close();
				resolve({ rows: rows.result, summaries: summary.result !== undefined });
			};
			tx.onerror = () => reject(tx.error);
		};
	});
}

async function longRun(url, run) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pulsklar-bench-'));
	try {
		const recording = await record60(url, dir);
		const review = await reviewRun(url, dir, recording.sessionId);
		return { ...recording, ...review, run };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

async function record60(url, dir) {
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
		const paused = (await page.evaluate(() => Date.now())) + 100;
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
		const record = await page.evaluate(sessionRecord);
		// After closing the session the app compacts its rows and stores each person's summary (no
		// timers involved, so the paused clock does not hold it up): wait for that, in real time.
		let compactMs = null;
		for (;;) {
			const tidy = await page.evaluate(tidyState, record.id);
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
			await page.evaluate(tidyState, record.id);
			const now = await usage();
			still = now === idb1 ? still + 1 : 0;
			idb1 = now;
		}
		const stored = await page.evaluate(storedBytes, record.id);
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

/** Waits, in the page, for a condition and then for the frame that shows it. */
function paintedWhen(check) {
	return new Promise((resolve, reject) => {
		setTimeout(() => reject(new Error(`not shown within 30 s: ${check}`)), 30_000);
		const done = () => {
			requestAnimationFrame(() => {
				const c = new MessageChannel();
				c.port1.onmessage = () => resolve(performance.now());
				c.port2.postMessage(0);
			});
		};
		if (check()) return done();
		const o = new MutationObserver(() => {
			if (!check()) return;
			o.disconnect();
			done();
		});
		o.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
	});
}

/** Marks when chart.js takes a canvas context (it draws synchronously in the same task). */
function chartInstrumentation() {
	const original = HTMLCanvasElement.prototype.getContext;
	window.__chartDraws = 0;
	HTMLCanvasElement.prototype.getContext = function (...args) {
		const ctx = original.apply(this, args);
		if (this.closest('[data-testid=hr-chart]')) {
			// The draw runs in the task that asked for the context: count it once that task ends.
			setTimeout(() => {
				window.__chartDraws++;
				// A DOM change, so paintedWhen's observer looks again.
				document.documentElement.dataset.benchChartDraws = String(window.__chartDraws);
			}, 0);
		}
		return ctx;
	};
}

async function reviewRun(url, dir, sessionId) {
	const context = await chromium.launchPersistentContext(dir, {
		...launchOptions,
		viewport: VIEWPORT
	});
	try {
		const page = context.pages()[0] ?? (await context.newPage());
		await page.addInitScript(chartInstrumentation);
		await page.addInitScript(`window.__paintedWhen = ${paintedWhen.toString()};`);
		page.on('pageerror', (e) => log('page error:', e.message));
		await page.goto(`${url}/history`);
		await page.getByTestId('show-demo').check();
		const card = page.locator(`a[href="/history/${sessionId}"]`);
		await card.waitFor();
		const cdp = PROFILE_REVIEW ? await context.newCDPSession(page) : null;
		if (cdp) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
		}
		// Opening the session: a click on the history list (client-side navigation), as a user does.
		const open = await page.evaluate(async (href) => {
			const started = performance.now();
			document.querySelector(`a[href="${href}"]`).click();
			const overview = await window.__paintedWhen(
				() => document.querySelectorAll('[data-testid=overview-row]').length >= 30
			);
			const chart = await window.__paintedWhen(() => window.__chartDraws >= 1);
			return { overviewMs: overview - started, firstChartMs: chart - started };
		}, `/history/${sessionId}`);
		if (cdp) {
			const { profile } = await cdp.send('Profiler.stop');
			mkdirSync(path.join(root, 'test-results/bench-profiles'), { recursive: true });
			writeFileSync(
				path.join(root, 'test-results/bench-profiles/review.cpuprofile'),
				JSON.stringify(profile)
			);
			console.log('\nHottest functions (self time), opening the recorded session:');
			for (const line of hottest(profile)) console.log('  ' + line);
		}
		// Opening another participant's chart from the class overview.
		await sleep(500);
		const other = await page.evaluate(async () => {
			const before = window.__chartDraws;
			const started = performance.now();
			document.querySelectorAll('[data-testid=overview-row] button')[7].click();
			const drawn = await window.__paintedWhen(() => window.__chartDraws > before);
			return drawn - started;
		});
		const points = Number(await page.getByTestId('hr-chart').getAttribute('data-points'));
		return {
			overviewMs: round(open.overviewMs, 0),
			firstChartMs: round(open.firstChartMs, 0),
			participantChartMs: round(other, 0),
			chartPoints: points
		};
	} finally {
		await context.close();
	}
}

// ---------------------------------------------------------------------------------------------
// 4. Start-up: first load and repeat (service-worker) load

function chartFiles() {
	const manifest = JSON.parse(
		readFileSync(path.join(root, '.svelte-kit/output/client/.vite/manifest.json'), 'utf8')
	);
	return new Set(
		Object.entries(manifest)
			.filter(([key]) => key.includes('node_modules/chart.js') || key === 'src/lib/report/chart.ts')
			.map(([, v]) => '/' + v.file)
	);
}

const gzipCache = new Map();
function gzipSize(pathname) {
	if (!gzipCache.has(pathname)) {
		const file = path.join(root, 'build', pathname);
		gzipCache.set(pathname, existsSync(file) ? gzipSync(readFileSync(file)).length : 0);
	}
	return gzipCache.get(pathname);
}

async function loadFigures(page, origin) {
	const entries = await page.evaluate(() => ({
		fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
		app: window.__appShown ?? null,
		resources: performance
			.getEntriesByType('resource')
			.map((e) => ({ name: e.name, transfer: e.transferSize, encoded: e.encodedBodySize }))
	}));
	const js = entries.resources.filter((r) => new URL(r.name).pathname.endsWith('.js'));
	const paths = js.map((r) => new URL(r.name).pathname);
	return {
		fcpMs: round(entries.fcp, 0),
		appMs: round(entries.app, 0),
		jsFiles: js.length,
		jsGzipKB: round(paths.reduce((n, p) => n + gzipSize(p), 0) / 1024, 1),
		jsNetworkKB: round(js.reduce((n, r) => n + r.transfer, 0) / 1024, 1),
		jsPaths: paths,
		origin
	};
}

async function startupRun(browser, url, route) {
	const context = await browser.newContext({ viewport: VIEWPORT });
	// FCP is the static shell in app.html; this also records when the app itself has rendered
	// (the layout's <main id="main"> is in the DOM), so the figure hides nothing.
	await context.addInitScript(() => {
		new MutationObserver((_, observer) => {
			if (!document.getElementById('main')) return;
			window.__appShown = performance.now();
			observer.disconnect();
		}).observe(document, { subtree: true, childList: true });
	});
	const foreign = [];
	context.on('request', (r) => {
		const u = new URL(r.url());
		if (
			!['localhost', '127.0.0.1'].includes(u.hostname) &&
			!['data:', 'blob:'].includes(u.protocol)
		)
			foreign.push(r.url());
	});
	try {
		const page = await context.newPage();
		await page.goto(url + route, { waitUntil: 'load' });
		await page.waitForLoadState('networkidle');
		const first = await loadFigures(page, 'network');
		// Wait for the service worker to own the page's scope before the repeat load.
		await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.ready;
			const sw = reg.active;
			if (sw && sw.state !== 'activated')
				await new Promise((r) =>
					sw.addEventListener('statechange', () => sw.state === 'activated' && r())
				);
		});
		await page.close();
		const again = await context.newPage();
		await again.goto(url + route, { waitUntil: 'load' });
		await again.waitForLoadState('networkidle');
		const controlled = await again.evaluate(() => navigator.serviceWorker.controller !== null);
		const repeat = await loadFigures(again, controlled ? 'service worker' : 'network');
		return { first, repeat, foreign };
	} finally {
		await context.close();
	}
}

// ---------------------------------------------------------------------------------------------
// 5. Timer accuracy over a simulated 40-minute session (Playwright's clock)

function phaseLog() {
	window.__phaseChanges = [];
	let last = '';
	const o = new MutationObserver(() => {
		const el = document.querySelector('[data-testid=phase]');
		if (!el) return;
		const key = `${el.getAttribute('data-phase-kind')}#${el.getAttribute('data-phase-index')}`;
		if (key === last) return;
		last = key;
		window.__phaseChanges.push({ key, at: Date.now() });
	});
	const start = () =>
		o.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
	if (document.documentElement) start();
	else document.addEventListener('DOMContentLoaded', start);
}

async function timerRun(browser, url, withPause) {
	const context = await browser.newContext({ viewport: VIEWPORT });
	try {
		const page = await context.newPage();
		await page.clock.install();
		await page.addInitScript(phaseLog);
		await page.goto(`${url}/class/live?demo=1&size=8`);
		await page.locator('[data-testid=participant-tile]').nth(7).waitFor();
		await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 100);
		const stepMs = 1000;
		for (let s = 0; s < 45 * 60; s++) {
			if (withPause && s === 123) {
				// A pause of an odd length (1.337 s), as a real instructor's would be.
				await page.getByTestId('pause').click();
				await page.clock.runFor(1337);
				await page.getByTestId('resume').click();
			}
			await page.clock.runFor(stepMs);
			if (
				s % 60 === 0 &&
				(await page.getByTestId('phase').getAttribute('data-phase-kind')) === 'done'
			)
				break;
		}
		const changes = await page.evaluate(() => window.__phaseChanges);
		const record = await page.evaluate(sessionRecord);
		// Scheduled instants from the protocol's durations and the stored pause/resume events.
		const start = record.timeline.find((e) => e.type === 'start').at;
		const pauses = [];
		for (const e of record.timeline) {
			if (e.type === 'pause') pauses.push({ from: e.at, to: null });
			if (e.type === 'resume') pauses.at(-1).to = e.at;
		}
		const scheduled = [];
		let t = start;
		for (const phase of record.protocol.phases) {
			t += phase.durationMs;
			let shifted = t;
			for (const p of pauses) if (p.from < shifted) shifted += p.to - p.from;
			scheduled.push(shifted);
		}
		const shown = changes.filter((c) => !c.key.startsWith('warmup#1')).slice(-scheduled.length);
		const errors = scheduled.map((at, i) => (shown[i] ? shown[i].at - at : null));
		return {
			withPause,
			phaseChanges: errors.length,
			errorsMs: errors,
			maxAbsErrorMs: Math.max(...errors.map((e) => (e === null ? Infinity : Math.abs(e)))),
			driftMs: errors.length > 1 ? errors.at(-1) - errors[0] : 0
		};
	} finally {
		await context.close();
	}
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const started = Date.now();
	const server = await startPreview();
	log(`preview at ${server.url}; runs=${RUNS}, live ${LIVE_SECONDS} s × sizes ${LIVE_SIZES}`);
	const browser = await chromium.launch(launchOptions);
	const results = {
		date: new Date().toISOString(),
		machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB`,
		chromium: browser.version(),
		settings: { liveSeconds: LIVE_SECONDS, runs: RUNS, longRuns: LONG_RUNS, viewport: VIEWPORT },
		live: {},
		long: null,
		startup: null,
		timer: null
	};
	try {
		if (ONLY.has('live')) {
			for (const size of LIVE_SIZES) {
				const runs = [];
				for (let r = 0; r < RUNS; r++) {
					log(`live ${size} participants, run ${r + 1}/${RUNS} (${LIVE_SECONDS} s)`);
					const res = await liveRun(browser, server.url, size, LIVE_SECONDS);
					delete res.cpuProfile;
					runs.push(res);
				}
				results.live[size] = { median: medianOf(runs), runs };
			}
		}
		if (PROFILE) {
			log(`profiling the live screen with ${PROFILE} participants (30 s)`);
			const res = await liveRun(browser, server.url, PROFILE, 30, true);
			console.log(`\nProfile run: ${JSON.stringify({ ...res, cpuProfile: undefined })}`);
			mkdirSync(path.join(root, 'test-results/bench-profiles'), { recursive: true });
			const file = path.join(root, `test-results/bench-profiles/live-${PROFILE}.cpuprofile`);
			writeFileSync(file, JSON.stringify(res.cpuProfile));
			console.log(`\nHottest functions (self time), live screen, ${PROFILE} participants:`);
			for (const line of hottest(res.cpuProfile)) console.log('  ' + line);
			console.log(`  profile: ${path.relative(root, file)}`);
		}
		if (ONLY.has('long')) {
			const runs = [];
			for (let r = 0; r < LONG_RUNS; r++) {
				log(`60-minute class of 30, run ${r + 1}/${LONG_RUNS}`);
				runs.push(await longRun(server.url, r + 1));
			}
			results.long = { median: medianOf(runs), runs };
		}
		if (ONLY.has('startup')) {
			const routes = { home: '/', live: '/class/live?demo=1&size=12' };
			const forbidden = chartFiles();
			results.startup = {};
			for (const [name, route] of Object.entries(routes)) {
				const runs = [];
				for (let r = 0; r < RUNS; r++) runs.push(await startupRun(browser, server.url, route));
				const all = runs.flatMap((x) => [...x.first.jsPaths, ...x.repeat.jsPaths]);
				results.startup[name] = {
					route,
					firstFcpMs: median(runs.map((x) => x.first.fcpMs)),
					repeatFcpMs: median(runs.map((x) => x.repeat.fcpMs)),
					firstAppMs: median(runs.map((x) => x.first.appMs)),
					repeatAppMs: median(runs.map((x) => x.repeat.appMs)),
					firstJsGzipKB: median(runs.map((x) => x.first.jsGzipKB)),
					firstJsNetworkKB: median(runs.map((x) => x.first.jsNetworkKB)),
					repeatJsNetworkKB: median(runs.map((x) => x.repeat.jsNetworkKB)),
					repeatServedBy: runs[0].repeat.origin,
					jsFiles: runs[0].first.jsFiles,
					loadsChartJs: all.some((p) => forbidden.has(p)),
					foreignRequests: [...new Set(runs.flatMap((x) => x.foreign))],
					runs: runs.map((x) => ({
						first: { ...x.first, jsPaths: undefined },
						repeat: { ...x.repeat, jsPaths: undefined }
					}))
				};
			}
		}
		if (ONLY.has('timer')) {
			log('timer accuracy: simulated 40-minute session');
			const plain = await timerRun(browser, server.url, false);
			log('timer accuracy: with a 1.337 s pause');
			const paused = await timerRun(browser, server.url, true);
			results.timer = { plain, paused };
		}
	} finally {
		await browser.close();
		server.stop();
	}
	results.elapsedMinutes = round((Date.now() - started) / 60_000, 1);
	results.table = table(results);
	mkdirSync(path.dirname(OUT), { recursive: true });
	writeFileSync(OUT, JSON.stringify(results, null, '\t') + '\n');
	console.log('\n' + formatTable(results.table));
	console.log(`\nWritten ${path.relative(root, OUT)} (${results.elapsedMinutes} min).`);
	if (results.table.some((row) => row.pass === false)) process.exitCode = 1;
}

function medianOf(runs) {
	const out = {};
	for (const key of Object.keys(runs[0])) {
		const values = runs.map((r) => r[key]);
		out[key] = typeof values[0] === 'number' ? round(median(values), 3) : values[0];
	}
	return out;
}

/** One row per figure: what was measured, the median, the budget and whether it is met. */
function table(r) {
	const rows = [];
	const row = (area, figure, value, unit, budget, pass) =>
		rows.push({ area, figure, value, unit, budget: budget ?? '', pass: pass ?? null });
	for (const [size, { median: m }] of Object.entries(r.live)) {
		const area = `live ${size} (${m.seconds} s)`;
		const n = Number(size);
		row(
			area,
			'main-thread busy',
			m.busyPct,
			'%',
			n === 30 ? '< 10' : '',
			n === 30 ? m.busyPct < 10 : null
		);
		row(area, 'main-thread busy (CPU time)', m.cpuBusyPct, '%', '', null);
		row(area, 'cost per reading', m.msPerReading, 'ms', '≤ 2', m.msPerReading <= 2);
		row(area, 'cost per reading (CPU time)', m.cpuMsPerReading, 'ms', '', null);
		row(
			area,
			'long tasks (> 50 ms)',
			m.longTasks,
			'',
			n >= 30 ? '0' : '',
			n >= 30 ? m.longTasks === 0 : null
		);
		row(area, 'long tasks (> 50 ms of CPU)', m.longTasksCpu, '', '', null);
		row(
			area,
			'reading → paint p95',
			m.latencyP95Ms,
			'ms',
			n === 30 ? '< 50' : '',
			n === 30 ? m.latencyP95Ms < 50 : null
		);
		row(area, 'frames dropped', m.framesDropped, '', '', null);
		row(area, 'JS heap growth', m.heapGrowthMB, 'MB', '', null);
		row(area, 'load average (machine)', m.loadAverage, '', '', null);
	}
	if (r.long) {
		const m = r.long.median;
		const area = `record ${m.sessionMinutes} min × ${m.participants}`;
		row(area, 'time in writes (total)', m.writeTotalMs, 'ms', '', null);
		row(area, 'slowest write', m.writeMaxMs, 'ms', '', null);
		row(
			area,
			'stored / participant-hour (disk, settled)',
			m.diskKBPerParticipantHour,
			'KB',
			'< 1024',
			m.diskKBPerParticipantHour < 1024
		);
		row(
			area,
			'stored / participant-hour (payload)',
			m.payloadKBPerParticipantHour,
			'KB',
			'< 1024',
			m.payloadKBPerParticipantHour < 1024
		);
		row(area, 'heap end − start', m.heapGrowthMB, 'MB', '< 20', m.heapGrowthMB < 20);
		row(
			area,
			'longest flush interval',
			m.longestFlushGapMs,
			'ms',
			'≤ 2000',
			m.longestFlushGapMs <= 2000
		);
		row(area, '… disk right at the end', m.diskKBPerParticipantHourAtEnd, 'KB', '', null);
		row(area, 'after the end: rows compacted', m.compactAfterEndMs, 'ms', '', null);
		row(area, 'after the end: summaries stored', m.tidyAfterEndMs, 'ms', '', null);
		row('review', 'class overview shown', m.overviewMs, 'ms', '< 500', m.overviewMs < 500);
		row('review', 'first chart drawn (from open)', m.firstChartMs, 'ms', '', null);
		row(
			'review',
			"a participant's chart",
			m.participantChartMs,
			'ms',
			'< 300',
			m.participantChartMs < 300
		);
	}
	if (r.startup) {
		for (const [name, s] of Object.entries(r.startup)) {
			const area = `start-up ${name}`;
			row(area, 'JS first load (gzip)', s.firstJsGzipKB, 'KB', '≤ 100', s.firstJsGzipKB <= 100);
			row(area, 'FCP first load', s.firstFcpMs, 'ms', '≤ 200', s.firstFcpMs <= 200);
			row(
				area,
				`FCP repeat (${s.repeatServedBy})`,
				s.repeatFcpMs,
				'ms',
				'< 1000',
				s.repeatFcpMs < 1000
			);
			row(
				area,
				'app rendered, first / repeat',
				`${s.firstAppMs} / ${s.repeatAppMs}`,
				'ms',
				'',
				null
			);
			row(area, 'JS over network, repeat', s.repeatJsNetworkKB, 'KB', '', null);
			if (name === 'live')
				row(area, 'loads chart.js', s.loadsChartJs ? 'yes' : 'no', '', 'no', !s.loadsChartJs);
			row(
				area,
				'requests to other hosts',
				s.foreignRequests.length,
				'',
				'0',
				s.foreignRequests.length === 0
			);
		}
	}
	if (r.timer) {
		for (const t of [r.timer.plain, r.timer.paused]) {
			const area = t.withPause ? 'timer (with a pause)' : 'timer (40 min)';
			row(
				area,
				`worst phase change error (${t.phaseChanges})`,
				t.maxAbsErrorMs,
				'ms',
				'≤ 100',
				t.maxAbsErrorMs <= 100
			);
			row(area, 'drift first → last', t.driftMs, 'ms', '0', Math.abs(t.driftMs) <= 100);
		}
	}
	return rows;
}

function formatTable(rows) {
	const cells = rows.map((r) => [
		r.area,
		r.figure,
		r.value === null ? '—' : `${r.value}${r.unit ? ' ' + r.unit : ''}`,
		r.budget ? `${r.budget}${r.unit && r.budget !== 'no' ? ' ' + r.unit : ''}` : '',
		r.pass === null ? '' : r.pass ? 'ok' : 'MISSED'
	]);
	const head = ['area', 'figure', 'median', 'budget', ''];
	const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => String(c[i]).length)));
	const line = (c) =>
		c
			.map((x, i) => String(x).padEnd(widths[i]))
			.join('  ')
			.trimEnd();
	return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
