// What the benchmarks run with: the environment's settings (listed in bench/run.js) and the
// Chromium the e2e tests use.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
export const LIVE_SECONDS = Number(env.BENCH_LIVE_SECONDS ?? 300);
export const LIVE_SIZES = (env.BENCH_LIVE_SIZES ?? '12,30,60').split(',').map(Number);
// Small classes at the tablet viewport, and solo on a phone's length (issue 18: 5 minutes).
export const SMALL_SIZES = (env.BENCH_SMALL_SIZES ?? '1,4').split(',').map(Number);
export const PHONE_SECONDS = Number(env.BENCH_PHONE_SECONDS ?? 300);
export const RUNS = Math.max(1, Number(env.BENCH_RUNS ?? 3));
export const LONG_RUNS = Math.max(1, Number(env.BENCH_LONG_RUNS ?? RUNS));
// Length of the recorded class; the is 60 (shorter only for trying the harness out).
export const LONG_MINUTES = Number(env.BENCH_LONG_MINUTES ?? 60);
export const ONLY = new Set(
	(env.BENCH_ONLY ?? 'live,small,phone,long,startup,timer,sync,hubs').split(',')
);
// The clinic-server benchmark: the live screen's size and run length with sync on and off.
export const SYNC_LIVE_SIZE = Number(env.BENCH_SYNC_LIVE_SIZE ?? 30);
export const SYNC_LIVE_SECONDS = Number(env.BENCH_SYNC_LIVE_SECONDS ?? 120);
// One class across devices (issue 15): simulated hubs, the people they carry, the measured window.
export const HUBS = Number(env.BENCH_HUBS ?? 7);
export const HUB_PEOPLE = Number(env.BENCH_HUB_PEOPLE ?? 40);
export const HUB_SECONDS = Number(env.BENCH_HUB_SECONDS ?? 120);
// A class size to profile, or `phone` (solo on a phone).
export const PROFILE = env.BENCH_PROFILE
	? env.BENCH_PROFILE === 'phone'
		? 'phone'
		: Number(env.BENCH_PROFILE)
	: null;
export const PROFILE_REVIEW = env.BENCH_PROFILE_REVIEW === '1';
export const OUT = path.resolve(root, env.BENCH_OUT ?? 'bench/results.json');
export const VIEWPORT = { width: 1280, height: 800 }; // a 10" tablet in landscape
export const WARMUP_MS = 5000;
// How far ahead of the page's clock a run pauses it: under load more than 100 ms can pass
// between reading the page's time and pausing it, and pausing in the past throws.
export const PAUSE_AHEAD_MS = 1000;
export const BENCH_PORT = env.BENCH_PORT ? Number(env.BENCH_PORT) : null;
// Port of the clinic server (pouchdb-server) the sync and hubs benchmarks start (default: a free one).
export const BENCH_COUCH_PORT = env.BENCH_COUCH_PORT ? Number(env.BENCH_COUCH_PORT) : null;

// The Chromium flags are the ones the e2e tests use (playwright.config.ts, `chromiumArgs`).
function chromiumArgs() {
	const text = readFileSync(path.join(root, 'playwright.config.ts'), 'utf8');
	const list = /export const chromiumArgs = \[([\s\S]*?)\];/.exec(text)?.[1];
	if (!list) throw new Error('chromiumArgs not found in playwright.config.ts');
	return [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]);
}
export const launchOptions = {
	executablePath: env.PULSKLAR_CHROMIUM || '/usr/bin/chromium',
	args: chromiumArgs(),
	headless: true
};
