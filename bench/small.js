// Where most users are (issue 18): small classes at the tablet viewport, and one person training
// alone on a mid-range phone. Same method as the live screen at scale (bench/live.js).
import { LIVE_SECONDS, PHONE_SECONDS, RUNS, SMALL_SIZES } from './lib/config.js';
import { log, medianOf } from './lib/helpers.js';
import { liveRun } from './live.js';

/** A phone in portrait (an iPhone 12–15 or a mid-range Android), and its slower CPU. */
export const PHONE = { viewport: { width: 390, height: 844 }, cpuThrottling: 4 };

/** A person on the roster, the solo screen, a simulated strap, Start: what a user taps. */
export async function openSolo(page, url) {
	await page.goto(`${url}/participants`);
	await page.getByTestId('add-participant').click();
	await page.getByTestId('participant-alias').fill('Solo');
	await page.getByTestId('participant-age').fill('45');
	await page.getByTestId('save-participant').click();
	await page.getByTestId('participant-alias').waitFor({ state: 'detached' });
	await page.goto(`${url}/solo`);
	await page.getByRole('button', { name: 'Solo', exact: true }).click();
	await page.getByTestId('solo-sim').click();
	await page.getByTestId('start-session').click();
	await page.getByTestId('phase').waitFor();
}

/** The live screen with 1 and 4 participants (tablet viewport), `RUNS` times each. */
export async function runSmall(browser, url) {
	const small = {};
	for (const size of SMALL_SIZES) {
		const runs = [];
		for (let r = 0; r < RUNS; r++) {
			log(`small class of ${size}, run ${r + 1}/${RUNS} (${LIVE_SECONDS} s)`);
			const res = await liveRun(browser, url, size, LIVE_SECONDS);
			delete res.cpuProfile;
			runs.push(res);
		}
		small[size] = { median: medianOf(runs), runs };
	}
	return small;
}

/** Solo on a phone: 390 × 844, 4× CPU throttling, 1 simulated strap, `PHONE_SECONDS` long. */
export async function runPhone(browser, url) {
	const runs = [];
	for (let r = 0; r < RUNS; r++) {
		log(`solo on a phone, run ${r + 1}/${RUNS} (${PHONE_SECONDS} s)`);
		const res = await liveRun(browser, url, 1, PHONE_SECONDS, { ...PHONE, open: openSolo });
		delete res.cpuProfile;
		runs.push(res);
	}
	return { median: medianOf(runs), runs };
}
