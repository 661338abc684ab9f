// 4. Start-up: first load and repeat (service-worker) load of the home page and the live
// screen: FCP, when the app has rendered (wall time, and the main thread's CPU time until then),
// JS size (gzip and over the network), chart.js kept off the live screen, and no request to
// another host.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { root, RUNS, VIEWPORT } from './lib/config.js';
import { median, round } from './lib/helpers.js';

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

/** Names of a top-level task in a `toplevel` trace (as in bench/live.js). */
const TASK_NAMES = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/**
 * The CPU time the page's main thread used from the navigation's start until the app had
 * rendered (`appMs` after it): the figure a loaded machine barely moves, beside the wall time.
 * The page's renderer is the one whose main frame started loading `url`; a task that straddles
 * the instant counts in proportion.
 */
function cpuUntilRendered(trace, url, appMs) {
	const events = trace.traceEvents ?? trace;
	const nav = events
		.filter(
			(e) =>
				e.name === 'navigationStart' &&
				e.args?.data?.isLoadingMainFrame &&
				e.args.data.documentLoaderURL?.startsWith(url)
		)
		.at(-1);
	if (!nav || appMs == null) return null;
	const main = events.find(
		(e) => e.name === 'thread_name' && e.pid === nav.pid && e.args?.name === 'CrRendererMain'
	);
	const from = nav.ts;
	const until = nav.ts + appMs * 1000;
	let cpuUs = 0;
	let end = -Infinity; // of the last outer task: a nested task is part of it
	const tasks = events
		.filter((e) => e.ph === 'X' && TASK_NAMES.has(e.name) && e.pid === nav.pid)
		.filter((e) => e.tid === main?.tid && e.ts + e.dur > from && e.ts < until)
		.sort((a, b) => a.ts - b.ts);
	for (const e of tasks) {
		if (e.ts < end) continue;
		end = e.ts + e.dur;
		const inside = Math.min(end, until) - Math.max(e.ts, from);
		cpuUs += (e.tdur ?? e.dur) * (e.dur > 0 ? inside / e.dur : 1);
	}
	return round(cpuUs / 1000, 0);
}

/** Loads `route` in `page` under a light trace; the trace's events come back with the figures. */
async function tracedLoad(browser, page, url, route) {
	await browser.startTracing(page, { categories: ['toplevel', 'blink.user_timing'] });
	try {
		await page.goto(url + route, { waitUntil: 'load' });
		await page.waitForLoadState('networkidle');
	} catch (error) {
		await browser.stopTracing();
		throw error;
	}
	return JSON.parse((await browser.stopTracing()).toString('utf8'));
}

async function loadFigures(page, origin, trace, url) {
	const entries = await page.evaluate(() => ({
		fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
		app: window.__appShown ?? null,
		resources: performance.getEntriesByType('resource').map((e) => ({
			name: e.name,
			transfer: e.transferSize,
			encoded: e.encodedBodySize,
			end: e.responseEnd
		}))
	}));
	const js = entries.resources.filter((r) => new URL(r.name).pathname.endsWith('.js'));
	const paths = js.map((r) => new URL(r.name).pathname);
	// The first load proper (issue 18): the JS that had arrived when the app rendered, i.e. what
	// the first screen waited for. What the app loads after it has rendered is counted too, apart.
	const before = js.filter((r) => entries.app !== null && r.end <= entries.app);
	return {
		fcpMs: round(entries.fcp, 0),
		appMs: round(entries.app, 0),
		appCpuMs: cpuUntilRendered(trace, url, entries.app),
		jsFiles: js.length,
		jsGzipKB: round(paths.reduce((n, p) => n + gzipSize(p), 0) / 1024, 1),
		jsBeforeAppGzipKB: round(
			before.reduce((n, r) => n + gzipSize(new URL(r.name).pathname), 0) / 1024,
			1
		),
		jsBeforeAppFiles: before.length,
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
		const firstTrace = await tracedLoad(browser, page, url, route);
		const first = await loadFigures(page, 'network', firstTrace, url);
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
		const repeatTrace = await tracedLoad(browser, again, url, route);
		const controlled = await again.evaluate(() => navigator.serviceWorker.controller !== null);
		const repeat = await loadFigures(
			again,
			controlled ? 'service worker' : 'network',
			repeatTrace,
			url
		);
		return { first, repeat, foreign, loadAverage: os.loadavg()[0] };
	} finally {
		await context.close();
	}
}

/** First and repeat loads of the home page and the live screen, `RUNS` times each. */
export async function runStartup(browser, url) {
	const routes = { home: '/', live: '/class/live?demo=1&size=12' };
	const forbidden = chartFiles();
	const startup = {};
	for (const [name, route] of Object.entries(routes)) {
		const runs = [];
		for (let r = 0; r < RUNS; r++) runs.push(await startupRun(browser, url, route));
		const all = runs.flatMap((x) => [...x.first.jsPaths, ...x.repeat.jsPaths]);
		startup[name] = {
			route,
			firstFcpMs: median(runs.map((x) => x.first.fcpMs)),
			repeatFcpMs: median(runs.map((x) => x.repeat.fcpMs)),
			firstAppMs: median(runs.map((x) => x.first.appMs)),
			repeatAppMs: median(runs.map((x) => x.repeat.appMs)),
			firstAppCpuMs: median(runs.map((x) => x.first.appCpuMs)),
			repeatAppCpuMs: median(runs.map((x) => x.repeat.appCpuMs)),
			loadAverage: round(median(runs.map((x) => x.loadAverage)), 2),
			firstJsGzipKB: median(runs.map((x) => x.first.jsGzipKB)),
			firstJsBeforeAppGzipKB: median(runs.map((x) => x.first.jsBeforeAppGzipKB)),
			firstJsNetworkKB: median(runs.map((x) => x.first.jsNetworkKB)),
			repeatJsNetworkKB: median(runs.map((x) => x.repeat.jsNetworkKB)),
			repeatServedBy: runs[0].repeat.origin,
			jsFiles: runs[0].first.jsFiles,
			loadsChartJs: all.some((p) => forbidden.has(p)),
			foreignRequests: [...new Set(runs.flatMap((x) => x.foreign))],
			runs: runs.map((x) => ({
				first: { ...x.first, jsPaths: undefined },
				repeat: { ...x.repeat, jsPaths: undefined },
				loadAverage: x.loadAverage
			}))
		};
	}
	return startup;
}
