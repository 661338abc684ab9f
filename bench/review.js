// 3. Opening the recorded class: the class overview and the first chart from a click in the
// history list, and another participant's chart.
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launchOptions, PROFILE_REVIEW, root, VIEWPORT } from './lib/config.js';
import { hottest, log, round, sleep } from './lib/helpers.js';

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

/** Opens the session recorded in the profile at `dir`. */
export async function reviewRun(url, dir, sessionId) {
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
