import { defineConfig } from '@playwright/test';

/** Self-test of the emulated-strap helper against the real Chromium (no app build needed). */
export default defineConfig({
	testDir: '.',
	testMatch: '*.selftest.ts',
	outputDir: '../../../test-results/ble-selftest',
	workers: 1,
	timeout: 60_000,
	reporter: [['list']],
	use: {
		launchOptions: {
			executablePath: process.env.PULSKLAR_CHROMIUM || '/usr/bin/chromium',
			args: [
				'--enable-experimental-web-platform-features',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
	}
});
