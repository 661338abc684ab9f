import { defineConfig } from '@playwright/test';

/** Chromium flags for this machine's closed network and for the emulated Bluetooth adapter. */
export const chromiumArgs = [
	'--enable-experimental-web-platform-features',
	'--autoplay-policy=no-user-gesture-required',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

// A separate port lets several runs (e.g. tests and benchmarks) share one machine.
const port = Number(process.env.PULSKLAR_PORT ?? 4173);
// The clinic server the sync tests talk to (through the preview's /couchdb/ proxy).
const couchPort = Number(process.env.PULSKLAR_COUCH_PORT ?? port + 1800);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	outputDir: process.env.PULSKLAR_RESULTS ?? 'test-results',
	fullyParallel: true,
	workers: 2,
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	webServer: [
		{
			command: `npx vite preview --port ${port} --strictPort`,
			url: `http://localhost:${port}`,
			env: { COUCHDB_URL: `http://127.0.0.1:${couchPort}` },
			reuseExistingServer: !process.env.CI,
			timeout: 60_000
		},
		{
			// A real CouchDB-protocol server (pouchdb-server), set up as a clinic; never reused, so
			// every run starts from an empty clinic.
			command: `node scripts/couch-server.js ${couchPort}`,
			wait: { stdout: /clinic server ready/ },
			// A signal it handles, so it removes its temp directory (the default is SIGKILL).
			gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
			reuseExistingServer: false,
			timeout: 60_000
		}
	],
	projects: [
		{ name: 'app' },
		{
			// The emulated-strap helper against Chromium itself; it serves its own page, so a
			// broken helper shows up here rather than as a puzzling app failure.
			name: 'ble-selftest',
			testDir: 'tests/e2e/support',
			testMatch: '*.selftest.ts',
			// One worker bundles the harness once (beforeAll) and runs its tests in order.
			fullyParallel: false
		}
	],
	use: {
		baseURL: `http://localhost:${port}`,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: process.env.PULSKLAR_CHROMIUM || '/usr/bin/chromium',
			args: chromiumArgs
		}
	}
});
