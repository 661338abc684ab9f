import { test as base, expect } from '@playwright/test';

/**
 * Every end-to-end test runs with this fixture: it records every request the page and its
 * service worker make and fails the test if one goes to a host other than the app's own.
 */
export const test = base.extend<{ foreignRequests: string[] }>({
	foreignRequests: [
		async ({ context }, use) => {
			const foreign: string[] = [];
			context.on('request', (request) => {
				const url = new URL(request.url());
				const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
				if (!local && !['data:', 'blob:', 'chrome-extension:'].includes(url.protocol)) {
					foreign.push(request.url());
				}
			});
			await use(foreign);
			expect(foreign, 'requests that left localhost').toEqual([]);
		},
		{ auto: true }
	]
});

export { expect };
