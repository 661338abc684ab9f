// 6. The clinic server (issue 14): a 60-minute, 30-person class reaches a second device, and the
// live screen's main-thread cost with sync on and off.
//
// Against a real CouchDB-protocol server (pouchdb-server, set up as a clinic by
// scripts/couch-server.js, on a port of its own), reached as in production through the preview's
// same-origin `/couchdb/` proxy. The class is recorded once on device A with the app's own
// recorder on Playwright's clock (bench/record.js, the long benchmark's recording; sync off while
// it records), then per run, on a fresh clinic database:
//   - A connects: everything it holds goes into the outbox and is sent (Connect → synced);
//   - a fresh browser context B connects: Connect → all pulled (synced), then the session's report
//     is opened by its address: Connect → the frame showing its 30 overview rows and figures;
//   - bytes on the wire through /couchdb/ (request and response bodies, as Playwright's
//     `request.sizes()` counts them), the server's documents and their JSON size, the renderer
//     main thread's wall and CPU time (a `toplevel` trace) and the server process's CPU time;
// and the live screen with sync off and on (sync on: requests, sends and pulls, their bytes, and
// the running class's `live:` documents on the server at the end).
import { chromium } from '@playwright/test';
import { rmSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchOptions, RUNS, SYNC_LIVE_SECONDS, SYNC_LIVE_SIZE, VIEWPORT } from './lib/config.js';
import {
	clinicDatabase,
	connectAndSettle,
	fillConnect,
	processCpuS,
	settled
} from './lib/clinic.js';
import { log, medianOf, round } from './lib/helpers.js';
import { liveRun, mainThreadTasks } from './live.js';
import { record60 } from './record.js';

const DEVICE_A = 'Tablet, sal 2';
const DEVICE_B = 'Kontor-PC';

/**
 * Counts the bodies of every request to the clinic server (`/couchdb/…`) in a context; sends
 * (`_bulk_docs`) and pulls (`_changes`) also on their own.
 */
function wireCounter(context) {
	let totals;
	let sizes;
	const reset = () => {
		totals = {
			requests: 0,
			failed: 0,
			requestBodyBytes: 0,
			responseBodyBytes: 0,
			/** The same bodies unzipped (pouchdb-server gzips its JSON answers). */
			responseDecodedBytes: 0,
			headerBytes: 0,
			sends: 0,
			sendBodyBytes: 0,
			pulls: 0,
			pullResponseBytes: 0,
			pullResponseDecodedBytes: 0
		};
		sizes = [];
	};
	reset();
	const ours = (request) => new URL(request.url()).pathname.startsWith('/couchdb/');
	context.on('requestfinished', (request) => {
		if (!ours(request)) return;
		const endpoint = new URL(request.url()).pathname.split('/').pop();
		sizes.push(
			(async () => {
				const s = await request.sizes();
				const body = await (await request.response())?.body().catch(() => null);
				totals.requests++;
				totals.requestBodyBytes += s.requestBodySize;
				totals.responseBodyBytes += s.responseBodySize;
				totals.responseDecodedBytes += body?.length ?? 0;
				totals.headerBytes += s.requestHeadersSize + s.responseHeadersSize;
				if (endpoint === '_bulk_docs') {
					totals.sends++;
					totals.sendBodyBytes += s.requestBodySize;
				} else if (endpoint === '_changes') {
					totals.pulls++;
					totals.pullResponseBytes += s.responseBodySize;
					totals.pullResponseDecodedBytes += body?.length ?? 0;
				}
			})()
		);
	});
	context.on('requestfailed', (request) => {
		if (ours(request)) totals.failed++;
	});
	return {
		reset,
		async read() {
			await Promise.all(sizes);
			return { ...totals };
		}
	};
}

/** Opens a session's report by its address; resolves once its overview and figures are shown. */
async function openReport(page, url, sessionId, participants) {
	await page.goto(`${url}/history/${sessionId}`);
	await page.waitForFunction(
		(n) =>
			document.querySelectorAll('[data-testid=overview-row]').length >= n &&
			document.querySelector('[data-testid=session-figures]') !== null,
		participants,
		{ timeout: 120_000, polling: 'raf' }
	);
	// The frame that shows it.
	await page.evaluate(
		() =>
			new Promise((resolve) =>
				requestAnimationFrame(() => {
					const c = new MessageChannel();
					c.port1.onmessage = resolve;
					c.port2.postMessage(0);
				})
			)
	);
	return page.getByTestId('class-overview').innerText();
}

/** What the server holds: documents by kind and their JSON size. */
async function serverDocs(couch, name) {
	const res = await couch.admin(`/${name}/_all_docs?include_docs=true`);
	const { rows } = await res.json();
	const kinds = {};
	let bytes = 0;
	let largest = 0;
	for (const { doc } of rows) {
		const size = Buffer.byteLength(JSON.stringify(doc));
		bytes += size;
		largest = Math.max(largest, size);
		const kind = doc._id.split(':')[0];
		kinds[kind] = (kinds[kind] ?? 0) + 1;
	}
	const info = await (await couch.admin(`/${name}`)).json();
	return { docs: rows.length, bytes, largest, kinds, deleted: info.doc_del_count ?? null };
}

/** One run: A sends the recorded class to a fresh clinic database, a fresh B catches up. */
async function catchUpRun(browser, url, couch, dir, recording, run) {
	const dbName = `bench-catch-up-${run}-${Date.now()}`;
	const address = await clinicDatabase(couch, dbName);

	// Device A: the profile the class was recorded in.
	const a = await chromium.launchPersistentContext(dir, { ...launchOptions, viewport: VIEWPORT });
	let sendMs;
	let sentWire;
	let overviewA;
	try {
		const page = a.pages()[0] ?? (await a.newPage());
		const wire = wireCounter(a);
		sendMs = await connectAndSettle(page, url, address, DEVICE_A);
		sentWire = await wire.read();
		overviewA = await openReport(page, url, recording.sessionId, recording.participants);
	} finally {
		await a.close();
	}
	const onServer = await serverDocs(couch, dbName);

	// Device B: a fresh device of the same clinic.
	const context = await browser.newContext({ viewport: VIEWPORT });
	try {
		const page = await context.newPage();
		const wire = wireCounter(context);
		await fillConnect(page, url, address, DEVICE_B);
		wire.reset(); // the settings page itself loads nothing from /couchdb/; be sure
		await browser.startTracing(page, { categories: ['toplevel'] });
		const cpu0 = processCpuS(couch.process.pid);
		const t0 = Date.now();
		await page.getByTestId('sync-connect').click();
		await settled(page);
		const pulledMs = Date.now() - t0;
		const pulledWire = await wire.read();
		const overviewB = await openReport(page, url, recording.sessionId, recording.participants);
		const reportMs = Date.now() - t0;
		const cpu1 = processCpuS(couch.process.pid);
		const tasks = mainThreadTasks(JSON.parse((await browser.stopTracing()).toString('utf8')));
		const received = await wire.read();
		return {
			run,
			sessionMinutes: recording.sessionMinutes,
			participants: recording.participants,
			readingsStored: recording.readingsStored,
			aSendMs: sendMs,
			aSentKB: round(sentWire.requestBodyBytes / 1024, 1),
			aReceivedKB: round(sentWire.responseBodyBytes / 1024, 1),
			aRequests: sentWire.requests,
			serverDocs: onServer.docs,
			serverKB: round(onServer.bytes / 1024, 1),
			serverLargestKB: round(onServer.largest / 1024, 1),
			serverKinds: JSON.stringify(onServer.kinds),
			serverDeleted: onServer.deleted,
			bPulledMs: pulledMs,
			bReportMs: reportMs,
			bWireKB: round((received.responseBodyBytes + received.requestBodyBytes) / 1024, 1),
			bResponseKB: round(received.responseBodyBytes / 1024, 1),
			bResponseUnzippedKB: round(received.responseDecodedBytes / 1024, 1),
			bRequestKB: round(received.requestBodyBytes / 1024, 1),
			bHeaderKB: round(received.headerBytes / 1024, 1),
			bRequests: received.requests,
			bRequestsToPull: pulledWire.requests,
			bFailedRequests: received.failed,
			bMainThreadMs: round(
				tasks.reduce((n, t) => n + t.wallMs, 0),
				0
			),
			bMainThreadCpuMs: round(
				tasks.reduce((n, t) => n + t.cpuMs, 0),
				0
			),
			bLongestTaskMs: round(Math.max(0, ...tasks.map((t) => t.wallMs)), 0),
			bLongestTaskCpuMs: round(Math.max(0, ...tasks.map((t) => t.cpuMs)), 0),
			serverCpuMs: cpu0 === null || cpu1 === null ? null : round((cpu1 - cpu0) * 1000, 0),
			loadAverage: round(os.loadavg()[0], 2),
			sameOverview: overviewA === overviewB
		};
	} finally {
		await context.close();
	}
}

/** The running class's live documents on the server, and the writes they took (revisions). */
async function liveDocs(couch, name) {
	const range = `startkey=${encodeURIComponent('"live:"')}&endkey=${encodeURIComponent('"live:\ufff0"')}`;
	const { rows } = await (await couch.admin(`/${name}/_all_docs?${range}`)).json();
	const writes = rows.reduce((n, row) => n + parseInt(row.value.rev, 10), 0);
	return { docs: rows.length, writes };
}

/** Connects a live run's context before the live screen opens; counts its wire while it runs. */
function syncOn(url, couch, run) {
	let wire;
	let dbName;
	return {
		async prepare(page, context) {
			dbName = `bench-live-${run}-${Date.now()}`;
			const address = await clinicDatabase(couch, dbName);
			await connectAndSettle(page, url, address, DEVICE_A);
			wire = wireCounter(context);
		},
		started: () => wire.reset(),
		async ended() {
			const w = await wire.read();
			const live = await liveDocs(couch, dbName);
			return {
				syncRequests: w.requests,
				syncFailedRequests: w.failed,
				syncSentBytes: w.requestBodyBytes,
				syncReceivedBytes: w.responseBodyBytes,
				syncHeaderBytes: w.headerBytes,
				// Sends (`_bulk_docs`: their request bodies) and pulls (`_changes`: their answers).
				syncSends: w.sends,
				syncSendBodyBytes: w.sendBodyBytes,
				syncPulls: w.pulls,
				syncPullBytes: w.pullResponseBytes,
				syncPullUnzippedBytes: w.pullResponseDecodedBytes,
				// At the end: the class's `live:` documents on the server, and their revisions summed.
				serverLiveDocs: live.docs,
				serverLiveWrites: live.writes
			};
		}
	};
}

/** The live screen with `SYNC_LIVE_SIZE` participants, sync off and on in turn, `RUNS` times. */
async function liveOnOff(browser, url, couch) {
	const off = [];
	const on = [];
	for (let r = 1; r <= RUNS; r++) {
		for (const mode of ['off', 'on']) {
			log(`live ${SYNC_LIVE_SIZE} with sync ${mode}, run ${r}/${RUNS} (${SYNC_LIVE_SECONDS} s)`);
			const hooks = mode === 'on' ? syncOn(url, couch, r) : {};
			const res = await liveRun(browser, url, SYNC_LIVE_SIZE, SYNC_LIVE_SECONDS, hooks);
			delete res.cpuProfile;
			delete res.heapPerMinuteMB;
			(mode === 'on' ? on : off).push({ ...res, run: r });
		}
	}
	return { off: { median: medianOf(off), runs: off }, on: { median: medianOf(on), runs: on } };
}

/** The sync benchmark: `RUNS` catch-ups of one recorded class, and the live screen on/off. */
export async function runSync(browser, url, couch) {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'pulsklar-bench-sync-'));
	try {
		log('sync: recording the 60-minute class of 30 on device A (sync off while recording)');
		const recording = await record60(url, dir);
		const runs = [];
		for (let r = 1; r <= RUNS; r++) {
			log(`sync: A sends the class, a fresh B catches up, run ${r}/${RUNS}`);
			runs.push(await catchUpRun(browser, url, couch, dir, recording, r));
		}
		const catchUp = { median: medianOf(runs), runs };
		return { catchUp, live: await liveOnOff(browser, url, couch) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
