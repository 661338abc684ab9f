// 1. The live screen at scale, in real time: main-thread cost per reading, reading → paint
// latency, long tasks, dropped frames and heap growth with 12, 30 and 60 simulated participants.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LIVE_SECONDS, LIVE_SIZES, root, RUNS, VIEWPORT, WARMUP_MS } from './lib/config.js';
import { gcHeap, hottest, log, medianOf, metrics, quantile, round, sleep } from './lib/helpers.js';

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

const readingsOnScreen = (page) =>
	page.evaluate(() =>
		[...document.querySelectorAll('[data-testid=participant-tile]')].reduce(
			(n, t) => n + Number(t.getAttribute('data-readings') || 0),
			0
		)
	);

/**
 * One live run. `hooks` (all optional) let another benchmark change the set-up with the same
 * method: `prepare(page, context)` before the live screen opens (e.g. connect to a clinic server),
 * `started()` when the measured window starts, `ended()` when it ends (its result is merged in).
 */
export async function liveRun(browser, url, size, seconds, hooks = {}) {
	const { profile = false, prepare, started, ended } = hooks;
	const context = await browser.newContext({ viewport: VIEWPORT });
	const page = await context.newPage();
	await page.addInitScript(liveInstrumentation);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
	if (prepare) await prepare(page, context);
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
	started?.();
	const heapSamples = [];
	const end = Date.now() + seconds * 1000;
	while (Date.now() < end) {
		await sleep(Math.min(60_000, end - Date.now()));
		heapSamples.push((await metrics(cdp)).JSHeapUsedSize);
	}
	const m1 = await metrics(cdp);
	const r1 = await readingsOnScreen(page);
	const extra = ended ? await ended() : {};
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
		cpuProfile,
		...extra
	};
}

/** Names of a top-level task in a `toplevel` trace: Chromium 156 writes the first. */
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * The renderer main thread's top-level tasks in a trace: wall and CPU milliseconds. A task
 * inside another one (a nested run loop, or both names for one task) is part of the outer one.
 */
export function mainThreadTasks(trace) {
	const events = trace.traceEvents ?? trace;
	const main = new Set(
		events
			.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
			.map((e) => `${e.pid}:${e.tid}`)
	);
	const tasks = events
		.filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name) && main.has(`${e.pid}:${e.tid}`))
		.sort((a, b) => a.ts - b.ts);
	const endOf = new Map(); // thread → end of the last outer task
	const outer = [];
	for (const e of tasks) {
		const thread = `${e.pid}:${e.tid}`;
		if (e.ts < (endOf.get(thread) ?? -Infinity)) continue;
		endOf.set(thread, e.ts + e.dur);
		outer.push({ wallMs: e.dur / 1000, cpuMs: (e.tdur ?? e.dur) / 1000 });
	}
	if (outer.length === 0)
		throw new Error('no main-thread tasks in the trace (event names changed?)');
	return outer;
}

/** The live screen at each size, `RUNS` times each; the median and every run. */
export async function runLive(browser, url) {
	const live = {};
	for (const size of LIVE_SIZES) {
		const runs = [];
		for (let r = 0; r < RUNS; r++) {
			log(`live ${size} participants, run ${r + 1}/${RUNS} (${LIVE_SECONDS} s)`);
			const res = await liveRun(browser, url, size, LIVE_SECONDS);
			delete res.cpuProfile;
			runs.push(res);
		}
		live[size] = { median: medianOf(runs), runs };
	}
	return live;
}

/** A 30 s CPU profile of the live screen with `size` participants, written and summarised. */
export async function profileLive(browser, url, size) {
	log(`profiling the live screen with ${size} participants (30 s)`);
	const res = await liveRun(browser, url, size, 30, { profile: true });
	console.log(`\nProfile run: ${JSON.stringify({ ...res, cpuProfile: undefined })}`);
	mkdirSync(path.join(root, 'test-results/bench-profiles'), { recursive: true });
	const file = path.join(root, `test-results/bench-profiles/live-${size}.cpuprofile`);
	writeFileSync(file, JSON.stringify(res.cpuProfile));
	console.log(`\nHottest functions (self time), live screen, ${size} participants:`);
	for (const line of hottest(res.cpuProfile)) console.log('  ' + line);
	console.log(`  profile: ${path.relative(root, file)}`);
}
