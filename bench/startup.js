// 4. Start-up: first load and repeat (service-worker) load of the home page and the live
// screen: FCP, when the app has rendered, JS size (gzip and over the network), chart.js kept off
// the live screen, and no request to another host.
import { existsSync, readFileSync } from 'node:fs';
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
	return startup;
}
