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
			// Precache the SPA shell as "/": precaching index.html breaks vite preview (TESTING.md).
			kit: { adapterFallback: 'index.html', spa: { fallbackMapping: '/' } },
			workbox: {
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest}'],
				navigateFallback: '/',
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
					// Svelte's and SvelteKit's runtimes and Paraglide's are on every first load; as one
					// file instead of ~8 they cost fewer requests, which a first load and a service-worker
					// reload wait for one after another (docs/performance.md, "Issue 18").
					groups: [
						{
							name: 'framework',
							test: /node_modules[\\/](svelte|@sveltejs[\\/]kit)[\\/]|vite[\\/]preload-helper|paraglide[\\/]runtime/
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
