import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

/**
 * The clinic's CouchDB behind this origin's `/couchdb/`, as the recommended reverse proxy serves
 * it (docs/clinic-server.md): the app only ever talks to its own origin.
 */
const couchProxy = {
	'/couchdb/': {
		target: process.env.COUCHDB_URL ?? 'http://127.0.0.1:5984',
		changeOrigin: true,
		rewrite: (path: string) => path.replace(/^\/couchdb/, '') || '/'
	}
};

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['globalVariable', 'baseLocale']
		}),
		sveltekit(),
		SvelteKitPWA({
			registerType: 'prompt',
			// Absolute paths: a relative './sw.js' would register per route (e.g. /class/sw.js).
			base: '/',
			scope: '/',
			injectRegister: false,
			strategies: 'generateSW',
			manifest: false,
			workbox: {
				// With the client's files, the plugin precaches every prerendered page by its address
				// ("/", "/class/live"…), each naming its route's scripts. Any other address (a route
				// with parameters, /history/<id>…) gets the home page's, and the router loads the
				// route's own scripts after the framework's (as it did for every address before).
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest}'],
				navigateFallback: '/',
				// "/class/live?demo=1" is the prerendered "/class/live": a page's shell does not depend
				// on its query (nothing here does).
				ignoreURLParametersMatching: [/./],
				// CouchDB's own pages (Fauxton) are not the app.
				navigateFallbackDenylist: [/^\/couchdb\//],
				cleanupOutdatedCaches: true
			},
			devOptions: { enabled: false }
		})
	],
	build: {
		rolldownOptions: {
			output: {
				codeSplitting: {
					// What every first load needs travels in one file instead of ~20: fewer requests,
					// which a first load and a service-worker reload wait for (docs/performance.md,
					// "Issue 18"). It must stay free of Dexie and the sync code (a foundation.spec test fails).
					groups: [
						// One file: Svelte's, SvelteKit's and Paraglide's runtimes and the root layout's
						// small modules that other pages share too (so the bundler would give each its
						// own file), with the app bar's words. Every page loads all of it; as one file it
						// is one request instead of two. A module left out of the pattern only gets its
						// own file again.
						{
							name: 'framework',
							test: /node_modules[\\/](svelte|@sveltejs[\\/]kit)[\\/]|vite[\\/]preload-helper|paraglide[\\/]runtime|src[\\/]lib[\\/](i18n[\\/](locale|detect)|pwa[\\/]|db[\\/]storage-(status|errors)|session[\\/](active|full-screen)|ble[\\/](listeners|errors|pairing|support)|settings[\\/]settings|report[\\/]options|sync[\\/]indicator|paraglide[\\/]messages[\\/](nav_|hrv_nav))/
						}
					]
				}
			}
		}
	},
	server: { proxy: couchProxy },
	preview: { proxy: couchProxy },
	test: {
		include: ['src/**/*.{test,spec}.{js,ts}'],
		environment: 'node'
	}
});
