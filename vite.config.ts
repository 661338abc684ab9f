import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

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
				cleanupOutdatedCaches: true
			},
			devOptions: { enabled: false }
		})
	],
	test: {
		include: ['src/**/*.{test,spec}.{js,ts}'],
		environment: 'node'
	}
});
