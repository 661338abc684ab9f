import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// index.html is the prerendered home page; fallback.html is the shell for a route that is not
		// prerendered (/history/<id>…). A deep link gets either, so assets must be referenced from the
		// root, not relative to the page.
		// precompress: each file also as .br and .gz, compressed once at build time, for the web
		// server to send as they are (docs/clinic-server.md; `vite preview` compresses on the fly).
		adapter: adapter({ fallback: 'fallback.html', precompress: true }),
		paths: { relative: false },
		// The root layout's CSS (app.css, ~3.4 KB) goes inline, so the static shell in app.html paints
		// without waiting for a stylesheet request (first contentful paint, docs/performance.md).
		inlineStyleThreshold: 8192,
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
