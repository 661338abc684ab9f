// Where the live screen's main-thread CPU goes, by trace event (issue 18): the demo class of
// BENCH_TRACE_SIZE (default 1) at the tablet viewport, BENCH_TRACE_SECONDS (default 20) of a
// `devtools.timeline` trace after a warm-up, without the bench's own instrumentation. Prints the
// main thread's CPU time a second by event (self time: an event's own, without its children's),
// then its tasks by what they ran (a frame, a timer by its script's file, an event), and writes the trace to test-results/bench-profiles/trace-<size>.json (DevTools opens it).
// Needs a build (`npm run build`); BENCH_PORT as for bench/run.js.
import { chromium } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchOptions, root, VIEWPORT, WARMUP_MS } from './lib/config.js';
import {
	everyTileReading,
	metrics,
	rendererMainThreads,
	round,
	sleep,
	startPreview
} from './lib/helpers.js';

const size = Number(process.env.BENCH_TRACE_SIZE ?? 1);
const seconds = Number(process.env.BENCH_TRACE_SECONDS ?? 20);

/** Self CPU time (ms) by event name on the renderer's main thread, and the tasks' count. */
export function selfTimes(trace) {
	const events = trace.traceEvents ?? trace;
	const main = rendererMainThreads(events);
	const spans = events
		.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`) && e.tdur !== undefined)
		.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
	const self = new Map();
	const stack = [];
	const close = (until) => {
		while (stack.length && stack.at(-1).end <= until) stack.pop();
	};
	for (const e of spans) {
		close(e.ts);
		const parent = stack.at(-1);
		if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.tdur);
		self.set(e.name, (self.get(e.name) ?? 0) + e.tdur);
		stack.push({ name: e.name, end: e.ts + e.dur });
	}
	return new Map([...self].map(([k, us]) => [k, us / 1000]));
}

/** The build's chunk files by their module's name (`CN4E9oXz.js` → `current.svelte`). */
function buildChunkNames() {
	const file = path.join(root, '.svelte-kit/output/client/.vite/manifest.json');
	if (!existsSync(file)) return new Map();
	const manifest = JSON.parse(readFileSync(file, 'utf8'));
	return new Map(
		Object.entries(manifest).map(([key, v]) => [v.file.split('/').pop(), v.name ?? key])
	);
}
const chunkNames = buildChunkNames();

/** Top-level task names (as in bench/live.js). */
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
/** What a task ran, by its first event that says so (a timer's script, a frame, an event). */
const TELLING = new Set([
	'TimerFire',
	'FunctionCall',
	'EventDispatch',
	'ProxyMain::BeginMainFrame'
]);

/**
 * The main thread's top-level tasks grouped by what they ran: a timer by its script's file, a
 * frame, an event by its type; the rest (the browser's IPC, the scheduler) by the task's name.
 * Count and CPU ms, for the whole trace.
 */
export function tasksByKind(trace) {
	const events = trace.traceEvents ?? trace;
	const main = rendererMainThreads(events);
	const spans = events
		.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`))
		.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
	const kinds = new Map();
	let task = null;
	const close = () => {
		if (!task) return;
		const kind = task.kind ?? 'other (IPC, scheduler)';
		const v = kinds.get(kind) ?? { count: 0, cpuMs: 0 };
		v.count++;
		v.cpuMs += (task.e.tdur ?? task.e.dur) / 1000;
		kinds.set(kind, v);
		task = null;
	};
	for (const e of spans) {
		if (task && e.ts >= task.e.ts + task.e.dur) close();
		if (!task) {
			if (TASK_NAMES.has(e.name)) task = { e, kind: null, timer: false };
			continue;
		}
		if (task.kind || !TELLING.has(e.name)) continue;
		const data = e.args?.data ?? {};
		if (e.name === 'TimerFire') task.timer = true;
		else if (e.name === 'EventDispatch') task.kind = `event ${data.type}`;
		else if (e.name === 'ProxyMain::BeginMainFrame') task.kind = 'frame';
		else {
			// A timer's script is its first function call's file, named as the build names it.
			const base = (data.url ?? '').split('/').pop();
			const file = chunkNames.get(base) ?? (base || data.functionName || '?');
			task.kind = `${task.timer ? 'timer' : 'call'} ${file}`;
		}
	}
	close();
	return kinds;
}

async function main() {
	const server = await startPreview();
	const browser = await chromium.launch(launchOptions);
	try {
		const context = await browser.newContext({ viewport: VIEWPORT });
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
		await page.goto(`${server.url}/class/live?demo=1&size=${size}`);
		await everyTileReading(page, size);
		await sleep(WARMUP_MS);
		const load0 = os.loadavg()[0];
		await browser.startTracing(page, {
			categories: [
				'devtools.timeline',
				'disabled-by-default-devtools.timeline',
				'v8',
				'v8.execute',
				'blink',
				'cc',
				'gpu',
				'toplevel',
				...(process.env.BENCH_TRACE_INVALIDATIONS
					? ['disabled-by-default-devtools.timeline.invalidationTracking']
					: [])
			]
		});
		const m0 = await metrics(cdp);
		await sleep(seconds * 1000);
		const m1 = await metrics(cdp);
		const buffer = await browser.stopTracing();
		const wall = m1.Timestamp - m0.Timestamp;
		const cpuMsPerS = ((m1.ThreadTime - m0.ThreadTime) * 1000) / wall;
		const trace = JSON.parse(buffer.toString('utf8'));
		const self = selfTimes(trace);
		const dir = path.join(root, 'test-results/bench-profiles');
		mkdirSync(dir, { recursive: true });
		writeFileSync(path.join(dir, `trace-${size}.json`), buffer);
		console.log(
			`${size} person(s), ${round(wall, 1)} s, load ${round((load0 + os.loadavg()[0]) / 2, 2)}: ` +
				`${round(cpuMsPerS, 2)} ms of main-thread CPU a second (ThreadTime; tracing adds some)`
		);
		const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
		for (const [name, ms] of top)
			console.log(`${(ms / wall).toFixed(3).padStart(8)} ms/s  ${name}`);
		console.log('Main-thread tasks by what they ran (a second: count, CPU ms):');
		const kinds = [...tasksByKind(trace)];
		for (const [kind, v] of kinds.sort((a, b) => b[1].cpuMs - a[1].cpuMs).slice(0, 12))
			console.log(
				`${(v.count / wall).toFixed(2).padStart(8)} /s ${(v.cpuMs / wall).toFixed(3).padStart(7)} ms/s  ${kind}`
			);
	} finally {
		await browser.close();
		server.stop();
	}
}

if (process.argv[1] === new URL(import.meta.url).pathname) await main();
