// Small helpers shared by the benchmarks: statistics, logging, the preview server, CDP metrics.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { BENCH_PORT, root } from './config.js';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const median = (xs) => {
	const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
	if (s.length === 0) return null;
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
export const quantile = (xs, q) => {
	const s = [...xs].sort((a, b) => a - b);
	if (s.length === 0) return null;
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
export const round = (x, digits = 1) =>
	x === null || x === undefined ? null : Number(x.toFixed(digits));
export const log = (...args) =>
	console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);

export function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/** `vite preview` of the build; `env` adds to its environment (e.g. `COUCHDB_URL` for /couchdb/). */
export async function startPreview(env = {}) {
	if (!existsSync(path.join(root, 'build', 'index.html'))) {
		throw new Error('No build/: run `npm run build` first (npm run bench does).');
	}
	// A fixed port where the machine is shared (BENCH_PORT), else any free one.
	const port = BENCH_PORT ?? (await freePort());
	const child = spawn(
		process.execPath,
		[
			path.join(root, 'node_modules/vite/bin/vite.js'),
			'preview',
			'--port',
			String(port),
			'--strictPort'
		],
		{ cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } }
	);
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	const url = `http://localhost:${port}`;
	for (let i = 0; i < 150; i++) {
		try {
			const res = await fetch(url);
			if (res.ok) return { url, stop: () => child.kill('SIGTERM') };
		} catch {
			/* not up yet */
		}
		if (child.exitCode !== null) break;
		await sleep(200);
	}
	child.kill('SIGTERM');
	throw new Error(`vite preview did not start:\n${output}`);
}

/** Waits until `size` tiles on the page have shown at least one reading. */
export function everyTileReading(page, size) {
	return page.waitForFunction(
		(n) =>
			[...document.querySelectorAll('[data-testid=participant-tile]')].filter(
				(t) => Number(t.getAttribute('data-readings')) > 0
			).length >= n,
		size
	);
}

/** The renderer main threads of a trace's events, as `pid:tid` keys. */
export function rendererMainThreads(events) {
	return new Set(
		events
			.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
			.map((e) => `${e.pid}:${e.tid}`)
	);
}

export async function metrics(cdp) {
	const { metrics: list } = await cdp.send('Performance.getMetrics');
	return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

export async function gcHeap(cdp) {
	await cdp.send('HeapProfiler.collectGarbage');
	await cdp.send('HeapProfiler.collectGarbage');
	return (await metrics(cdp)).JSHeapUsedSize;
}

export function medianOf(runs) {
	const out = {};
	for (const key of Object.keys(runs[0])) {
		const values = runs.map((r) => r[key]);
		out[key] = typeof values[0] === 'number' ? round(median(values), 3) : values[0];
	}
	return out;
}

/** The functions with the most self time in a CPU profile, one line each. */
export function hottest(profile, top = 15) {
	const self = new Map();
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const counts = new Map();
	for (const id of profile.samples) counts.set(id, (counts.get(id) ?? 0) + 1);
	const total = profile.samples.length;
	for (const [id, count] of counts) {
		const f = byId.get(id).callFrame;
		const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`;
		self.set(key, (self.get(key) ?? 0) + count);
	}
	return [...self]
		.sort((a, b) => b[1] - a[1])
		.slice(0, top)
		.map(([k, c]) => `${((c / total) * 100).toFixed(1).padStart(5)}%  ${k}`);
}
