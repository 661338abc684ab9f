// 7. One class across devices (issue 15): a display without Web Bluetooth and `BENCH_HUBS`
// simulated hubs carrying `BENCH_HUB_PEOPLE` people, through the clinic server.
//
// The display is the built app in headless Chromium (1280×800, `navigator.bluetooth` removed as in
// tests/e2e/hubs.spec.ts), connected to a fresh clinic database on the real pouchdb-server through
// the preview's same-origin `/couchdb/` proxy; it starts a class of nobody, which opens to hubs.
// The hubs run here in Node and speak the app's wire protocol through the same proxy, as a hub's
// browser would: each signs in as the clinic's user, finds the class by its join code, beats its
// `hub:` document every `HUB_BEAT_MS`, and runs the sync engine's rounds: its recorder stores
// each person's readings every session tick (`TICK_MS`; one chunk per person per flush), and a
// round (right after each flush, as `ClinicSync.nudge` runs one, or `LIVE_ROUND_INTERVAL_MS`
// after the last one ended if no flush came first) sends each minute that gained chunks as its
// `live:` document, the minute's chunks merged into one and re-sent whole, then pulls `_changes`
// as every device does (the app's hub waits on that pull with `feed=longpoll`, cut short by the
// flush; here it returns at once, which changes nothing the display sees). Those constants are
// read from the app's TypeScript (like config.js reads the Chromium flags) and the documents are
// encoded here exactly as src/lib/sync/documents.ts (`buildRunning`, `encodeChunk`) and
// src/lib/db/samples.ts (`toChunk`) do: the bench is plain Node and cannot import the app's
// TypeScript. The display decodes them with the app's own
// validators, so a wrong encoding shows as tiles that never stream.
//
// Each person's strap sends one reading a second at a phase of its own, a random walk of bpm that
// never repeats the last value (so the shown bpm tells which reading a tile shows) with one RR
// interval. Latency: from a reading's `at` (its arrival at the hub) to the display's tile showing
// it, taken by a MutationObserver on the tiles' `data-readings` / `data-bpm` (the DOM change,
// before its paint; both clocks are this machine's). The k-th reading a tile counts is the hub's
// (k + offset)-th reading, the offset being the readings sent before the tile existed; it is the
// one that matches the tile's bpm, and the match rate is reported.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLINIC, cookieFetch } from '../scripts/couch-server.js';
import { clinicDatabase, connectAndSettle, processCpuS } from './lib/clinic.js';
import { HUB_PEOPLE, HUB_SECONDS, HUBS, root, RUNS, VIEWPORT, WARMUP_MS } from './lib/config.js';
import { log, medianOf, metrics, quantile, round, sleep } from './lib/helpers.js';
import { mainThreadTasks } from './live.js';

/** A `const NAME = 1_000;` of the app's source (exported or not), so the hubs keep its timing. */
function appConstant(file, name) {
	const text = readFileSync(path.join(root, file), 'utf8');
	const value = new RegExp(`(?:export )?const ${name} = ([\\d_]+);`).exec(text)?.[1];
	if (!value) throw new Error(`${name} not found in ${file}`);
	return Number(value.replaceAll('_', ''));
}
const HUB_BEAT_MS = appConstant('src/lib/hubs/hub-client.svelte.ts', 'HUB_BEAT_MS');
// The recorder writes on the live session's once-a-second tick.
const FLUSH_MS = appConstant('src/lib/session/live-session.svelte.ts', 'TICK_MS');
const ROUND_MS = appConstant('src/lib/sync/sync.svelte.ts', 'LIVE_ROUND_INTERVAL_MS');
const LIVE_BLOCK_MS = appConstant('src/lib/sync/documents.ts', 'LIVE_BLOCK_MS');

const DISPLAY = 'Skjerm, sal 2';
const CHANGES_BATCH = 100; // the engine's `_changes` page
const REQUEST_TIMEOUT_MS = 15_000;
const CONTACT_DETECTED = 2; // samples.ts CONTACT_CODES: unsupported, not-detected, detected

/** backup.ts `encodeTyped`: a typed array's little-endian bytes in base64. */
function encodeTyped(array) {
	const bytes = Buffer.alloc(array.length * array.BYTES_PER_ELEMENT);
	array.forEach((value, i) => {
		if (array.BYTES_PER_ELEMENT === 1) bytes.writeUInt8(value, i);
		else if (array.BYTES_PER_ELEMENT === 2) bytes.writeUInt16LE(value, i * 2);
		else bytes.writeUInt32LE(value, i * 4);
	});
	return bytes.toString('base64');
}

/** samples.ts `toChunk` then documents.ts `encodeChunk`: readings as one stored chunk row. */
function encodedChunk(sessionId, participantId, seq, readings) {
	const t0 = readings[0].at;
	return {
		id: randomUUID(),
		sessionId,
		participantId,
		seq,
		t0,
		offsets: encodeTyped(Uint32Array.from(readings, (r) => r.at - t0)),
		bpm: encodeTyped(Uint16Array.from(readings, (r) => r.bpm)),
		contact: encodeTyped(Uint8Array.from(readings, () => CONTACT_DETECTED)),
		rr: encodeTyped(Uint16Array.from(readings, (r) => r.rr)),
		rrCount: encodeTyped(Uint8Array.from(readings, () => 1))
	};
}

/** A seeded PRNG (mulberry32): every run's class is the same. */
function prng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** One person on a hub: a strap sending a reading a second, and what the hub recorded of it. */
class Wearer {
	constructor(index, random) {
		const n = String(index + 1).padStart(2, '0');
		this.info = {
			participantId: `bench-person-${n}`,
			alias: `Person ${n}`,
			hrMax: 170 + Math.floor(random() * 30)
		};
		this.strap = `Polar H10 ${(0xa000 + index).toString(16).toUpperCase()}`;
		this.random = random;
		this.phaseMs = Math.floor(random() * 1000);
		this.bpm = 100 + Math.floor(random() * 40);
		this.firstAt = null;
		this.sent = []; // every reading the strap sent: { at, bpm, rr }
		this.unstored = []; // readings in the hub's recorder, not yet flushed
		this.chunks = []; // stored chunks of the minutes not yet sent in full: { seq, block, readings }
		this.seq = 0;
		this.sentSeq = -1;
	}

	/** The readings the strap sent up to `now` (one a second at this strap's phase). */
	arrive(now) {
		this.firstAt ??= Math.ceil((now - this.phaseMs) / 1000) * 1000 + this.phaseMs;
		for (let at = this.firstAt + this.sent.length * 1000; at <= now; at += 1000) {
			// A walk between 90 and 185 that always moves: consecutive readings differ.
			const step = (this.random() < 0.5 ? -1 : 1) * (1 + Math.floor(this.random() * 2));
			this.bpm = this.bpm + step > 185 || this.bpm + step < 90 ? this.bpm - step : this.bpm + step;
			const reading = { at, bpm: this.bpm, rr: Math.round(60_000 / this.bpm) };
			this.sent.push(reading);
			this.unstored.push(reading);
		}
	}
}

/** A request to the clinic server as JSON, with the engine's timeout. */
async function requestJson(fetchFn, url, init = {}) {
	const res = await fetchFn(url, {
		...init,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS)
	});
	const body = await res.json().catch(() => null);
	if (!res.ok) throw Object.assign(new Error(`${res.status} ${url}`), { status: res.status, body });
	return body;
}

/** One simulated hub: the wire protocol of HubClient and of the sync engine's rounds. */
class SimHub {
	constructor({ index, url, address, wearers }) {
		this.hubId = `bench-hub-${index + 1}`;
		this.name = `Hub ${index + 1}`;
		this.db = `${url}${address}`;
		this.server = `${url}${address.replace(/\/[^/]*$/, '')}`;
		this.wearers = wearers;
		this.fetch = cookieFetch();
		this.revs = new Map();
		this.since = '0';
		this.timers = [];
		this.stopped = false;
		this.roundMs = [];
		this.beatMs = [];
		this.failures = 0;
		this.kicked = false; // a flush stored readings since the last round began
		this.wake = null; // ends the wait between rounds early
	}

	async signIn() {
		await requestJson(this.fetch, `${this.server}/_session`, {
			method: 'POST',
			body: JSON.stringify({ name: CLINIC.user, password: CLINIC.password })
		});
	}

	/** The class open under this code, as the join screen finds it. */
	async find(code) {
		const range = `startkey=${encodeURIComponent('"class:"')}&endkey=${encodeURIComponent('"class:\ufff0"')}`;
		const all = await requestJson(this.fetch, `${this.db}/_all_docs?include_docs=true&${range}`);
		const doc = all.rows.map((r) => r.doc).find((d) => d.code === code && d.status === 'open');
		if (!doc) throw new Error(`no open class with code ${code}`);
		return doc;
	}

	/** Joins the class: beats, records and runs its rounds until stopped. */
	start(classDoc) {
		this.sessionId = classDoc.sessionId;
		this.startedAt = classDoc.record.startedAt;
		// The recorder's flush and the beat each run on their own timer, at a phase of their own.
		this.timers.push(setInterval(() => this.flush(), FLUSH_MS));
		this.timers.push(setInterval(() => void this.beat(), HUB_BEAT_MS));
		void this.beat();
		this.rounds = this.#rounds();
	}

	/** The recorder's flush: what the straps sent since the last one becomes one chunk each. */
	flush() {
		const now = Date.now();
		for (const w of this.wearers) {
			w.arrive(now);
			if (w.unstored.length === 0) continue;
			const t0 = w.unstored[0].at;
			const block = Math.max(0, Math.floor((t0 - this.startedAt) / LIVE_BLOCK_MS));
			for (const r of w.unstored) r.storedAt = now;
			w.chunks.push({ seq: w.seq++, block, readings: w.unstored });
			w.unstored = [];
		}
		this.kicked = true;
		this.wake?.();
	}

	/** HubClient's beat: one at a time; a beat due while one is in flight is skipped. */
	async beat() {
		if (this.beating || this.stopped) return;
		this.beating = true;
		const id = `hub:${this.sessionId}:${this.hubId}`;
		const t0 = Date.now();
		try {
			await this.#put({
				_id: id,
				type: 'hub',
				sessionId: this.sessionId,
				hubId: this.hubId,
				name: this.name,
				at: Date.now(),
				participants: this.wearers.map((w) => ({ info: w.info, strap: w.strap }))
			});
			this.beatMs.push(Date.now() - t0);
		} catch {
			this.failures++;
		} finally {
			this.beating = false;
		}
	}

	async #put(doc) {
		const rev = this.revs.get(doc._id);
		const url = `${this.db}/${encodeURIComponent(doc._id)}`;
		try {
			const res = await requestJson(this.fetch, url, {
				method: 'PUT',
				body: JSON.stringify(rev ? { ...doc, _rev: rev } : doc)
			});
			this.revs.set(doc._id, res.rev);
		} catch (error) {
			if (error.status !== 409) throw error;
			const current = await requestJson(this.fetch, url).catch(() => null);
			if (current?._rev) this.revs.set(doc._id, current._rev);
			throw error;
		}
	}

	async #rounds() {
		while (!this.stopped) {
			const t0 = Date.now();
			try {
				await this.#push();
				await this.#pull();
				this.roundMs.push(Date.now() - t0);
			} catch {
				this.failures++;
			}
			// As the app's hub: the next round runs right after a flush stored readings
			// (`ClinicSync.nudge`), or `LIVE_ROUND_INTERVAL_MS` after this one if none comes first.
			if (!this.kicked)
				await Promise.race([sleep(ROUND_MS), new Promise((wake) => (this.wake = wake))]);
			this.kicked = false;
			this.wake = null;
		}
	}

	/** documents.ts `buildRunning`: each minute that gained chunks, its document re-sent whole. */
	async #push() {
		const docs = [];
		const upTo = new Map();
		for (const w of this.wearers) {
			const fresh = w.chunks.filter((c) => c.seq > w.sentSeq);
			if (fresh.length === 0) continue;
			for (const block of new Set(fresh.map((c) => c.block))) {
				const chunks = w.chunks.filter((c) => c.block === block);
				const id = `live:${this.sessionId}:${block}:${w.info.participantId}`;
				const rev = this.revs.get(id);
				docs.push({
					_id: id,
					...(rev ? { _rev: rev } : {}),
					type: 'live',
					sessionId: this.sessionId,
					participantId: w.info.participantId,
					block,
					device: this.name,
					chunks: [
						encodedChunk(
							this.sessionId,
							w.info.participantId,
							chunks[0].seq,
							chunks.flatMap((c) => c.readings)
						)
					]
				});
			}
			upTo.set(w, fresh.at(-1).seq);
		}
		if (docs.length === 0) return;
		const results = await requestJson(this.fetch, `${this.db}/_bulk_docs`, {
			method: 'POST',
			body: JSON.stringify({ docs })
		});
		const answeredAt = Date.now();
		const failed = new Set();
		for (const r of results) {
			if (r.rev) this.revs.set(r.id, r.rev);
			else {
				failed.add(r.id.split(':').slice(3).join(':'));
				// A send whose answer was lost: the next round goes on the server's revision.
				const current = await requestJson(
					this.fetch,
					`${this.db}/${encodeURIComponent(r.id)}`
				).catch(() => null);
				if (current?._rev) this.revs.set(r.id, current._rev);
			}
		}
		for (const [w, seq] of upTo) {
			if (failed.has(w.info.participantId)) continue;
			for (const c of w.chunks)
				if (c.seq > w.sentSeq) for (const r of c.readings) r.onServerAt = answeredAt;
			w.sentSeq = seq;
			// Minutes before the one under way are sent in full: the hub needs them no more here.
			const last = w.chunks.at(-1).block;
			w.chunks = w.chunks.filter((c) => c.block === last);
		}
	}

	/** The engine's pull: every change since the checkpoint, with its document. */
	async #pull() {
		for (;;) {
			const feed = await requestJson(
				this.fetch,
				`${this.db}/_changes?include_docs=true&limit=${CHANGES_BATCH}&since=${encodeURIComponent(this.since)}`
			);
			this.since =
				typeof feed.last_seq === 'string' ? feed.last_seq : JSON.stringify(feed.last_seq);
			if (feed.results.length < CHANGES_BATCH) return;
		}
	}

	async stop() {
		this.stopped = true;
		this.timers.forEach(clearInterval);
		await this.rounds;
	}
}

/** In the display's page: every change of a tile's reading count, bpm or strap state. */
function tileRecorder() {
	const bench = { tiles: {}, longTasks: [] };
	window.__pulsklarHubs = bench;
	new PerformanceObserver((list) => {
		for (const e of list.getEntries()) bench.longTasks.push(Math.round(e.duration));
	}).observe({ type: 'longtask', buffered: true });
	const observer = new MutationObserver((records) => {
		const now = Date.now();
		for (const r of records) {
			const el = r.target;
			if (el.dataset.testid !== 'participant-tile') continue;
			const list = (bench.tiles[el.dataset.participant] ??= []);
			const row = [now, Number(el.dataset.readings), el.dataset.bpm, el.dataset.strap];
			const last = list.at(-1);
			if (last && last[1] === row[1] && last[2] === row[2] && last[3] === row[3]) continue;
			list.push(row);
		}
	});
	const watch = () =>
		observer.observe(document.documentElement, {
			subtree: true,
			attributes: true,
			attributeFilter: ['data-readings', 'data-bpm', 'data-strap']
		});
	if (document.documentElement) watch();
	else document.addEventListener('DOMContentLoaded', watch);
}

/**
 * Each reading's time from its `at` to the first change of its person's tile that counts it. The
 * tile's k-th reading is the strap's (k − 1 + offset)-th: the offset is the one under which the
 * tile's bpm matches the strap's reading most often.
 */
function latencies(wearers, tiles, from, until) {
	const out = [];
	// The same time in its stages: in the hub's recorder, waiting for the hub's round and sent,
	// then from the server to the display's tile.
	const stages = { recorder: [], hubRound: [], toTile: [] };
	let unseen = 0;
	let worstMatch = 1;
	for (const w of wearers) {
		const rows = (tiles[w.info.alias] ?? []).filter((r) => r[1] > 0 && r[2] !== '');
		let best = { offset: 0, matches: -1 };
		for (let offset = 0; offset < w.sent.length; offset++) {
			let matches = 0;
			for (const [, count, bpm] of rows)
				if (w.sent[count - 1 + offset]?.bpm === Number(bpm)) matches++;
			if (matches > best.matches) best = { offset, matches };
		}
		worstMatch = Math.min(worstMatch, rows.length ? best.matches / rows.length : 0);
		const counted = (tiles[w.info.alias] ?? []).filter((r) => r[1] > 0);
		let j = 0;
		for (const [i, reading] of w.sent.entries()) {
			if (reading.at < from || reading.at > until) continue;
			while (j < counted.length && counted[j][1] - 1 + best.offset < i) j++;
			if (j === counted.length) unseen++;
			else {
				out.push(counted[j][0] - reading.at);
				stages.recorder.push(reading.storedAt - reading.at);
				stages.hubRound.push(reading.onServerAt - reading.storedAt);
				stages.toTile.push(counted[j][0] - reading.onServerAt);
			}
		}
	}
	return { out, stages, unseen, worstMatch };
}

/** Readings counted on the display's tiles, and how many tiles stream from a connected hub. */
const tilesNow = (page) =>
	page.evaluate(() => {
		const tiles = [...document.querySelectorAll('[data-testid=participant-tile]')];
		return {
			tiles: tiles.length,
			streaming: tiles.filter(
				(t) => Number(t.dataset.readings) > 0 && t.dataset.strap === 'connected'
			).length,
			readings: tiles.reduce((n, t) => n + Number(t.dataset.readings || 0), 0)
		};
	});

/** One run: a fresh clinic database, the display, the hubs, `HUB_SECONDS` of the first interval. */
async function hubsRun(browser, url, couch, run, screenshot) {
	const address = await clinicDatabase(couch, `bench-hubs-${run}-${Date.now()}`);
	const context = await browser.newContext({ viewport: VIEWPORT });
	await context.addInitScript(() => {
		delete Navigator.prototype.bluetooth;
	});
	await context.addInitScript(tileRecorder);
	const page = await context.newPage();
	page.on('dialog', (dialog) => void dialog.accept());
	// The display's pulls (one per round), seen from outside the page.
	const pulls = [];
	context.on('request', (request) => {
		if (request.url().includes('/couchdb/') && request.url().includes('/_changes'))
			pulls.push(Date.now());
	});
	const hubs = [];
	try {
		const cdp = await context.newCDPSession(page);
		await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
		await connectAndSettle(page, url, address, DISPLAY);
		await page.goto(`${url}/class`);
		await page.getByTestId('start-session').click();
		await page.waitForURL(/\/class\/live$/);
		const code = await page.getByTestId('join-code').getAttribute('data-code');

		// The hubs: people spread as evenly as they go (40 over 7: 6, 6, 6, 6, 6, 5, 5).
		const random = prng(15);
		const wearers = Array.from({ length: HUB_PEOPLE }, (_, i) => new Wearer(i, random));
		for (let h = 0; h < HUBS; h++) {
			const mine = wearers.filter((_, i) => i % HUBS === h);
			hubs.push(new SimHub({ index: h, url, address, wearers: mine }));
		}
		const joinedAt = Date.now();
		for (const hub of hubs) {
			await hub.signIn();
			hub.start(await hub.find(code));
		}
		await page.waitForFunction(
			(n) =>
				[...document.querySelectorAll('[data-testid=participant-tile]')].filter(
					(t) => Number(t.dataset.readings) > 0 && t.dataset.strap === 'connected'
				).length >= n,
			HUB_PEOPLE,
			{ timeout: 120_000, polling: 200 }
		);
		const allStreamingMs = Date.now() - joinedAt;

		// Everyone streams: skip the warm-up, into the first interval.
		await page.getByTestId('skip').click();
		const phase = page.getByTestId('phase');
		await page.waitForFunction(
			() => document.querySelector('[data-testid=phase]')?.dataset.phaseKind === 'work'
		);
		await sleep(WARMUP_MS);
		await page.evaluate(() => (window.__pulsklarHubs.longTasks.length = 0));
		await browser.startTracing(page, { categories: ['toplevel'] });
		const load0 = os.loadavg()[0];
		const server0 = processCpuS(couch.process.pid);
		const m0 = await metrics(cdp);
		const before = await tilesNow(page);
		const from = Date.now();
		for (const hub of hubs) hub.roundMs.length = hub.beatMs.length = 0;
		await sleep(HUB_SECONDS * 1000);
		const m1 = await metrics(cdp);
		const after = await tilesNow(page);
		const until = Date.now();
		const server1 = processCpuS(couch.process.pid);
		const load1 = os.loadavg()[0];
		const tasks = mainThreadTasks(JSON.parse((await browser.stopTracing()).toString('utf8')));
		const phaseNow = {
			kind: await phase.getAttribute('data-phase-kind'),
			index: await phase.getAttribute('data-phase-index'),
			status: await phase.getAttribute('data-status')
		};
		if (screenshot) {
			// Reading the trace held up this process and the hubs' beats with it: the display saw
			// them go quiet. The screenshot waits until every hub and tile is back.
			await page.waitForFunction(
				(n) =>
					[...document.querySelectorAll('[data-testid=participant-tile]')].filter(
						(t) => t.dataset.strap === 'connected' && t.dataset.bpm !== ''
					).length >= n &&
					document.querySelector('[data-testid=hub-row][data-online=false]') === null,
				HUB_PEOPLE,
				{ timeout: 30_000, polling: 200 }
			);
			const file = path.join(root, 'test-results/bench-hubs-display-40.png');
			mkdirSync(path.dirname(file), { recursive: true });
			// The viewport, as the room sees it (the tiles scroll inside it).
			await page.screenshot({ path: file });
			mkdirSync(path.join(root, 'docs/img'), { recursive: true });
			copyFileSync(file, path.join(root, 'docs/img/hubs-display-40.png'));
		}
		await Promise.all(hubs.map((hub) => hub.stop()));
		const recorded = await page.evaluate(() => window.__pulsklarHubs);
		// Readings of the window, with 5 s at its end for the last ones to arrive.
		const lag = latencies(wearers, recorded.tiles, from, until - 5_000);
		const offline = Object.values(recorded.tiles)
			.flat()
			.filter((r) => r[0] >= from && r[0] <= until && r[3] === 'hub-offline').length;
		const wallS = m1.Timestamp - m0.Timestamp;
		const readings = after.readings - before.readings;
		const hubRounds = hubs.flatMap((h) => h.roundMs);
		const displayPulls = pulls.filter((t) => t >= from && t <= until).length;
		const beats = hubs.flatMap((h) => h.beatMs);
		return {
			run,
			hubs: HUBS,
			people: HUB_PEOPLE,
			seconds: round(wallS, 1),
			tiles: after.tiles,
			readings,
			readingsPerSecond: round(readings / wallS, 1),
			busyPct: round(((m1.TaskDuration - m0.TaskDuration) / wallS) * 100, 2),
			cpuBusyPct: round(((m1.ThreadTime - m0.ThreadTime) / wallS) * 100, 2),
			msPerReading: round(((m1.TaskDuration - m0.TaskDuration) * 1000) / readings, 3),
			cpuMsPerReading: round(((m1.ThreadTime - m0.ThreadTime) * 1000) / readings, 3),
			scriptMsPerReading: round(((m1.ScriptDuration - m0.ScriptDuration) * 1000) / readings, 3),
			longTasks: recorded.longTasks.length,
			longestTaskMs: Math.max(0, ...recorded.longTasks),
			longTasksCpu: tasks.filter((t) => t.cpuMs > 50).length,
			longestTaskCpuMs: round(Math.max(0, ...tasks.map((t) => t.cpuMs)), 1),
			latencyP50Ms: round(quantile(lag.out, 0.5), 0),
			latencyP95Ms: round(quantile(lag.out, 0.95), 0),
			latencyMaxMs: round(quantile(lag.out, 1), 0),
			latencySamples: lag.out.length,
			// Medians of the stages (they need not add up to the median of the whole).
			stageRecorderP50Ms: round(quantile(lag.stages.recorder, 0.5), 0),
			stageHubRoundP50Ms: round(quantile(lag.stages.hubRound, 0.5), 0),
			stageToTileP50Ms: round(quantile(lag.stages.toTile, 0.5), 0),
			stageToTileP95Ms: round(quantile(lag.stages.toTile, 0.95), 0),
			readingsNeverShown: lag.unseen,
			bpmMatchWorstPct: round(lag.worstMatch * 100, 1),
			hubOfflineInWindow: offline,
			allStreamingMs,
			firstInterval: phaseNow.kind === 'work' && phaseNow.status === 'running',
			phase: `${phaseNow.kind} ${phaseNow.index} ${phaseNow.status}`,
			displayRoundMs: displayPulls ? round((until - from) / displayPulls, 0) : null,
			hubRoundP50Ms: round(quantile(hubRounds, 0.5), 0),
			hubRoundP95Ms: round(quantile(hubRounds, 0.95), 0),
			hubBeatP95Ms: round(quantile(beats, 0.95), 0),
			hubFailures: hubs.reduce((n, h) => n + h.failures, 0),
			serverCpuPct:
				server0 === null || server1 === null
					? null
					: round(((server1 - server0) / ((until - from) / 1000)) * 100, 1),
			loadAverage: round((load0 + load1) / 2, 2)
		};
	} finally {
		for (const hub of hubs) if (!hub.stopped) await hub.stop();
		await context.close();
	}
}

/** The hubs benchmark: `RUNS` runs; the median and every run. */
export async function runHubs(browser, url, couch) {
	const runs = [];
	for (let r = 1; r <= RUNS; r++) {
		log(`hubs: ${HUB_PEOPLE} people on ${HUBS} hubs, run ${r}/${RUNS} (${HUB_SECONDS} s)`);
		runs.push(await hubsRun(browser, url, couch, r, r === RUNS));
	}
	return { median: medianOf(runs), runs };
}
