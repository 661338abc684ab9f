// Where the live screen's main-thread CPU goes, by trace event (issue 18): the demo class of
// BENCH_TRACE_SIZE (default 1) at the tablet viewport, BENCH_TRACE_SECONDS (default 20) of a
// `devtools.timeline` trace after a warm-up, without the bench's own instrumentation. Prints the
// main thread's CPU time a second by event (self time: an event's own, without its children's)
// and writes the trace to test-results/bench-profiles/trace-<size>.json (DevTools opens it).
// Needs a build (`npm run build`); BENCH_PORT as for bench/run.js.
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchOptions, root, VIEWPORT, WARMUP_MS } from './lib/config.js';
import { metrics, round, sleep, startPreview } from './lib/helpers.js';

const size = Number(process.env.BENCH_TRACE_SIZE ?? 1);
const seconds = Number(process.env.BENCH_TRACE_SECONDS ?? 20);

/** Self CPU time (ms) by event name on the renderer's main thread, and the tasks' count. */
export function selfTimes(trace) {
	const events = trace.traceEvents ?? trace;
	const main = new Set(
		events
			.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
			.map((e) => `${e.pid}:${e.tid}`)
	);
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

async function main() {
	const server = await startPreview();
	const browser = await chromium.launch(launchOptions);
	try {
		const context = await browser.newContext({ viewport: VIEWPORT });
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
		await page.goto(`${server.url}/class/live?demo=1&size=${size}`);
		await page.waitForFunction(
			(n) =>
				[...document.querySelectorAll('[data-testid=participant-tile]')].filter(
					(t) => Number(t.getAttribute('data-readings')) > 0
				).length >= n,
			size
		);
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
		const self = selfTimes(JSON.parse(buffer.toString('utf8')));
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
	} finally {
		await browser.close();
		server.stop();
	}
}

if (process.argv[1] === new URL(import.meta.url).pathname) await main();
