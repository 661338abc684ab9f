// Pulsklar benchmark suite (issue 7): `npm run bench` builds the app, then runs this file.
// Plain Node ESM: headless Debian Chromium through @playwright/test, against `vite preview` of the
// build, driven by the app's own simulator. Prints one table and writes bench/results.json.
// One file per benchmark (live, record, review, startup, timer, sync, hubs); bench/lib/ holds the settings,
// helpers and the table; IndexedDB is read with tests/support/idb.js, as the e2e tests do.
//
// Environment (all optional):
//   BENCH_LIVE_SECONDS  real-time length of each live-screen run (default 300, the 5 min)
//   BENCH_LIVE_SIZES    participants per live run, comma-separated (default 12,30,60)
//   BENCH_RUNS          runs per measurement; figures are the median (default 3)
//   BENCH_LONG_RUNS     runs of the 60-minute recording + review (default = BENCH_RUNS)
//   BENCH_LONG_MINUTES  length of the recorded class (default 60; shorter to try the harness)
//   BENCH_ONLY          comma-separated subset of: live,small,phone,long,startup,timer,sync,hubs
//                       (default all; small = 1 and 4 participants, phone = solo on a phone)
//   BENCH_SMALL_SIZES   participants per small-class run (default 1,4)
//   BENCH_PHONE_SECONDS real-time length of each solo-on-a-phone run (default 300)
//   BENCH_SYNC_LIVE_SECONDS  real-time length of each live run with sync on / off (default 120)
//   BENCH_SYNC_LIVE_SIZE     participants in those runs (default 30)
//   BENCH_HUBS          simulated hubs of the hubs benchmark (default 7)
//   BENCH_HUB_PEOPLE    people they carry in all (default 40)
//   BENCH_HUB_SECONDS   real-time length of its measured window, in the first interval (default 120)
//   BENCH_COUCH_PORT    port of the clinic server the sync and hubs benchmarks start (default: a free one)
//   BENCH_PROFILE       a participant count, or `phone`: also write a CPU profile of the live screen
//                       (test-results/bench-profiles/live-<n>.cpuprofile) and print its hottest
//                       functions and biggest allocators
//   BENCH_PROFILE_REVIEW=1  also profile opening the recorded session (hottest functions)
//   BENCH_OUT           where to write the JSON (default bench/results.json)
//   PULSKLAR_CHROMIUM   Chromium binary (default /usr/bin/chromium)
//   BENCH_PORT          port for vite preview (default: any free one)
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { profileLive, runLive } from './live.js';
import {
	BENCH_COUCH_PORT,
	HUB_PEOPLE,
	HUB_SECONDS,
	HUBS,
	launchOptions,
	LIVE_SECONDS,
	LIVE_SIZES,
	LONG_RUNS,
	ONLY,
	OUT,
	PROFILE,
	root,
	PHONE_SECONDS,
	RUNS,
	SMALL_SIZES,
	SYNC_LIVE_SECONDS,
	SYNC_LIVE_SIZE,
	VIEWPORT
} from './lib/config.js';
import { freePort, log, medianOf, round, startPreview } from './lib/helpers.js';
import { formatTable, table } from './lib/table.js';
import { runHubs } from './hubs.js';
import { record60 } from './record.js';
import { reviewRun } from './review.js';
import { startCouchServer } from '../scripts/couch-server.js';
import { runStartup } from './startup.js';
import { openSolo, PHONE, runPhone, runSmall } from './small.js';
import { runSync } from './sync.js';
import { runTimer } from './timer.js';

/** Benchmarks 2 and 3 on one profile: the class is recorded, then the same data is reviewed. */
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

async function main() {
	const started = Date.now();
	// The sync and hubs benchmarks' clinic server, behind the preview's same-origin /couchdb/ proxy.
	const couch =
		ONLY.has('sync') || ONLY.has('hubs')
			? await startCouchServer(BENCH_COUCH_PORT ?? (await freePort()), root)
			: null;
	const server = await startPreview(couch ? { COUCHDB_URL: couch.url } : {}).catch(
		async (error) => {
			await couch?.stop();
			throw error;
		}
	);
	log(`preview at ${server.url}; runs=${RUNS}, live ${LIVE_SECONDS} s × sizes ${LIVE_SIZES}`);
	const browser = await chromium.launch(launchOptions);
	const results = {
		date: new Date().toISOString(),
		machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB`,
		chromium: browser.version(),
		settings: {
			liveSeconds: LIVE_SECONDS,
			runs: RUNS,
			longRuns: LONG_RUNS,
			viewport: VIEWPORT,
			smallSizes: SMALL_SIZES,
			phone: { ...PHONE, seconds: PHONE_SECONDS },
			syncLiveSeconds: SYNC_LIVE_SECONDS,
			syncLiveSize: SYNC_LIVE_SIZE,
			hubs: HUBS,
			hubPeople: HUB_PEOPLE,
			hubSeconds: HUB_SECONDS
		},
		live: {},
		small: {},
		phone: null,
		long: null,
		startup: null,
		timer: null,
		sync: null,
		hubs: null
	};
	try {
		if (ONLY.has('live')) results.live = await runLive(browser, server.url);
		if (ONLY.has('small')) results.small = await runSmall(browser, server.url);
		if (ONLY.has('phone')) results.phone = await runPhone(browser, server.url);
		if (PROFILE === 'phone')
			await profileLive(browser, server.url, 1, { ...PHONE, open: openSolo }, 'phone');
		else if (PROFILE) await profileLive(browser, server.url, PROFILE);
		if (ONLY.has('long')) {
			const runs = [];
			for (let r = 0; r < LONG_RUNS; r++) {
				log(`60-minute class of 30, run ${r + 1}/${LONG_RUNS}`);
				runs.push(await longRun(server.url, r + 1));
			}
			results.long = { median: medianOf(runs), runs };
		}
		if (ONLY.has('startup')) results.startup = await runStartup(browser, server.url);
		if (ONLY.has('timer')) results.timer = await runTimer(browser, server.url);
		if (ONLY.has('sync')) results.sync = await runSync(browser, server.url, couch);
		if (ONLY.has('hubs')) results.hubs = await runHubs(browser, server.url, couch);
	} finally {
		await browser.close();
		server.stop();
		await couch?.stop();
	}
	results.elapsedMinutes = round((Date.now() - started) / 60_000, 1);
	results.table = table(results);
	mkdirSync(path.dirname(OUT), { recursive: true });
	writeFileSync(OUT, JSON.stringify(results, null, '\t') + '\n');
	console.log('\n' + formatTable(results.table));
	console.log(`\nWritten ${path.relative(root, OUT)} (${results.elapsedMinutes} min).`);
	if (results.table.some((row) => row.pass === false)) process.exitCode = 1;
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
});
