// 1. The live screen at scale, in real time: main-thread cost per reading, reading → paint
// latency, long tasks, dropped frames, wake-ups, allocation, heap growth and the first reading
// on a tile, with 12, 30 and 60 simulated participants (bench/small.js: 1, 4 and a phone).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LIVE_SECONDS, LIVE_SIZES, root, RUNS, VIEWPORT, WARMUP_MS } from './lib/config.js';
import {
	everyTileReading,
	gcHeap,
	hottest,
	log,
	medianOf,
	metrics,
	quantile,
	rendererMainThreads,
	round,
	sleep
} from './lib/helpers.js';

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
	// When the live screen's first tile appears and when a tile first shows a reading (ms from
	// navigation start). A tile may already carry a reading when it is added, so both are looked
	// for on every change until both are known.
	bench.firstTileMs = null;
	bench.firstReadingMs = null;
	const first = new MutationObserver(() => {
		const tiles = document.querySelectorAll('[data-testid=participant-tile]');
		if (tiles.length === 0) return;
		const now = performance.now();
		bench.firstTileMs ??= now;
		for (const t of tiles) {
			if (Number(t.getAttribute('data-readings')) > 0) {
				bench.firstReadingMs = now;
				first.disconnect();
				return;
			}
		}
	});
	const watch = () => {
		observer.observe(document.documentElement, {
			subtree: true,
			attributes: true,
			attributeFilter: ['data-readings']
		});
		first.observe(document.documentElement, {
			subtree: true,
			childList: true,
			attributes: true,
			attributeFilter: ['data-readings']
		});
	};
	if (document.documentElement) watch();
	else document.addEventListener('DOMContentLoaded', watch);
}

/** The demo class of `size` opened by its address, as a wall display or a link does. */
async function openDemoClass(page, url, size) {
	await page.goto(`${url}/class/live?demo=1&size=${size}`);
	await page
		.locator('[data-testid=participant-tile]')
		.nth(size - 1)
		.waitFor();
}

/**
 * Estimated bytes allocated per function from a sampling heap profile that kept collected objects
 * too (so it is what was allocated, not what survived): the total, and the biggest allocators.
 */
function allocations(profile, top = 8) {
	const bySelf = new Map();
	let total = 0;
	const walk = (node) => {
		total += node.selfSize;
		if (node.selfSize > 0) {
			const f = node.callFrame;
			const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
			bySelf.set(key, (bySelf.get(key) ?? 0) + node.selfSize);
		}
		for (const child of node.children) walk(child);
	};
	walk(profile.head);
	const biggest = [...bySelf]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([k, bytes]) => `${((bytes / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
	return { total, biggest };
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
	const {
		profile = false,
		prepare,
		started,
		ended,
		viewport = VIEWPORT,
		cpuThrottling = 1,
		open = openDemoClass
	} = hooks;
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	await page.addInitScript(liveInstrumentation);
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
	// A mid-range phone: DevTools' CPU throttling slows the page's own thread (wall time), not its
	// CPU time, so on a throttled run the wall-clock figures are the phone's.
	if (cpuThrottling !== 1)
		await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottling });
	if (prepare) await prepare(page, context);
	await open(page, url, size);
	await everyTileReading(page, size);
	const opened = await page.evaluate(() => ({
		firstTileMs: window.__pulsklarBench.firstTileMs,
		firstReadingMs: window.__pulsklarBench.firstReadingMs
	}));
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
	// What the page allocates (collected objects included), sampled every 16 KB.
	await cdp.send('HeapProfiler.enable');
	await cdp.send('HeapProfiler.startSampling', {
		samplingInterval: 16384,
		includeObjectsCollectedByMajorGC: true,
		includeObjectsCollectedByMinorGC: true
	});
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
	const allocated = allocations((await cdp.send('HeapProfiler.stopSampling')).profile);
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
		// The same from the trace's tasks: the CPU time they took. Under DevTools' CPU throttling
		// ThreadTime also counts the throttler's own stalls outside any task, so this is the
		// phone's figure.
		taskCpuMsPerReading: round(tasks.reduce((sum, t) => sum + t.cpuMs, 0) / readings, 3),
		// Main-thread tasks a second: each one is the thread waking up (timers, readings, frames).
		wakeUpsPerS: round(tasks.length / wallS, 1),
		allocKBPerReading: round(allocated.total / 1024 / readings, 2),
		allocBiggest: allocated.biggest,
		// From navigation start (the demo class opened by its address): the first tile, and the
		// first reading shown on a tile.
		firstTileMs: round(opened.firstTileMs, 0),
		firstReadingMs: round(opened.firstReadingMs, 0),
		firstReadingAfterTileMs: round(opened.firstReadingMs - opened.firstTileMs, 0),
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
	const main = rendererMainThreads(events);
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
export async function profileLive(browser, url, size, hooks = {}, name = String(size)) {
	log(`profiling the live screen: ${name} (30 s)`);
	const res = await liveRun(browser, url, size, 30, { ...hooks, profile: true });
	console.log(`\nProfile run: ${JSON.stringify({ ...res, cpuProfile: undefined })}`);
	mkdirSync(path.join(root, 'test-results/bench-profiles'), { recursive: true });
	const file = path.join(root, `test-results/bench-profiles/live-${name}.cpuprofile`);
	writeFileSync(file, JSON.stringify(res.cpuProfile));
	console.log(`\nHottest functions (self time), live screen, ${name}:`);
	for (const line of hottest(res.cpuProfile)) console.log('  ' + line);
	console.log(`Biggest allocators (${res.allocKBPerReading} KB per reading):`);
	for (const line of res.allocBiggest) console.log('  ' + line);
	console.log(`  profile: ${path.relative(root, file)}`);
}
