// 5. Timer accuracy over a simulated 40-minute session on Playwright's clock: each phase change
// shown against the instant the protocol schedules it, without and with a pause.
import { newestSession } from '../tests/support/idb.js';
import { PAUSE_AHEAD_MS, VIEWPORT } from './lib/config.js';
import { log } from './lib/helpers.js';

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
		await page.clock.pauseAt((await page.evaluate(() => Date.now())) + PAUSE_AHEAD_MS);
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
		const record = await newestSession(page);
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

/** The 4x4 run through, plainly and with one 1.337 s pause. */
export async function runTimer(browser, url) {
	log('timer accuracy: simulated 40-minute session');
	const plain = await timerRun(browser, url, false);
	log('timer accuracy: with a 1.337 s pause');
	const paused = await timerRun(browser, url, true);
	return { plain, paused };
}
