// Reads the app's IndexedDB from a test or a benchmark, with the browser's raw API (no app code):
// what is on disk is checked as the browser holds it. Plain JavaScript (typed by JSDoc) so that
// both the Playwright specs (TypeScript) and bench/ (plain Node) import the one reader.

/**
 * @typedef {import('../../src/lib/db/types').SessionRecord} SessionRow
 * @typedef {import('../../src/lib/db/types').SampleChunk} ChunkRow
 * @typedef {import('../../src/lib/db/types').SessionEvent} EventRow
 * @typedef {import('../../src/lib/db/types').SessionSummaries} SummariesRow
 * @typedef {import('@playwright/test').Page} Page
 */

/**
 * One read inside the transaction: a whole store (`getAll`), its `count`, the row under `key`,
 * or the rows of `index` between `range[0]` and `range[1]`.
 * @typedef {{ store: string, count?: boolean, key?: IDBValidKey, index?: string,
 *   range?: [IDBValidKey, IDBValidKey] }} Read
 */

/**
 * Runs in the page (Playwright sends its source, so it may use nothing from this module): every
 * read in one read-only transaction, the results under the same names. Typed arrays come back
 * as typed arrays.
 * @param {Record<string, Read>} reads
 * @returns {Promise<Record<string, unknown>>}
 */
export function readInPage(reads) {
	return new Promise((resolve, reject) => {
		const open = indexedDB.open('pulsklar');
		open.onerror = () => reject(open.error);
		open.onsuccess = () => {
			const db = open.result;
			const names = [...new Set(Object.values(reads).map((r) => r.store))];
			const tx = db.transaction(names, 'readonly');
			/** @type {Record<string, IDBRequest>} */
			const requests = {};
			for (const [name, read] of Object.entries(reads)) {
				const store = tx.objectStore(read.store);
				const source = read.index ? store.index(read.index) : store;
				const range = read.range ? IDBKeyRange.bound(read.range[0], read.range[1]) : undefined;
				requests[name] =
					read.key !== undefined
						? store.get(read.key)
						: read.count
							? source.count(range)
							: source.getAll(range);
			}
			tx.oncomplete = () => {
				db.close();
				resolve(Object.fromEntries(Object.entries(requests).map(([n, r]) => [n, r.result])));
			};
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		};
	});
}

/**
 * Reads in one transaction (see `readInPage`).
 * @param {Page} page
 * @param {Record<string, Read>} reads
 */
export function readIdb(page, reads) {
	// Typed loosely for the call: Playwright's serialisable-argument type recurses without end
	// through IDBValidKey.
	const run = /** @type {(arg: unknown) => Promise<Record<string, unknown>>} */ (readInPage);
	return page.evaluate(run, /** @type {unknown} */ (reads));
}

/**
 * Every stored session, newest first.
 * @param {Page} page
 * @returns {Promise<SessionRow[]>}
 */
export async function storedSessions(page) {
	const { sessions } = await readIdb(page, { sessions: { store: 'sessions' } });
	return /** @type {SessionRow[]} */ (sessions).sort((a, b) => b.startedAt - a.startedAt);
}

/**
 * The newest session, or null when there is none.
 * @param {Page} page
 * @returns {Promise<SessionRow | null>}
 */
export async function newestSession(page) {
	return (await storedSessions(page))[0] ?? null;
}

/**
 * A session's sample chunks (every session's without an id), in participant and `seq` order.
 * @param {Page} page
 * @param {string} [sessionId]
 * @returns {Promise<ChunkRow[]>}
 */
export async function storedChunks(page, sessionId) {
	const read =
		sessionId === undefined
			? { store: 'samples' }
			: {
					store: 'samples',
					index: '[sessionId+participantId+seq]',
					/** @type {[IDBValidKey, IDBValidKey]} */ range: [[sessionId], [sessionId, []]]
				};
	const { chunks } = await readIdb(page, { chunks: read });
	return /** @type {ChunkRow[]} */ (chunks).sort(
		(a, b) =>
			a.sessionId.localeCompare(b.sessionId) ||
			a.participantId.localeCompare(b.participantId) ||
			a.seq - b.seq
	);
}

/**
 * Each participant's stored readings, in order: instants (`t0` + offset) and bpm.
 * @param {readonly ChunkRow[]} chunks
 * @returns {Map<string, { at: number[], bpm: number[] }>}
 */
export function readingsByParticipant(chunks) {
	/** @type {Map<string, { at: number[], bpm: number[] }>} */
	const out = new Map();
	for (const chunk of chunks) {
		let readings = out.get(chunk.participantId);
		if (!readings) out.set(chunk.participantId, (readings = { at: [], bpm: [] }));
		for (const offset of chunk.offsets) readings.at.push(chunk.t0 + offset);
		readings.bpm.push(...chunk.bpm);
	}
	return out;
}

/**
 * Stored events (a session's, or every session's without an id).
 * @param {Page} page
 * @param {string} [sessionId]
 * @returns {Promise<EventRow[]>}
 */
export async function storedEvents(page, sessionId) {
	const { events } = await readIdb(page, { events: { store: 'events' } });
	return /** @type {EventRow[]} */ (events).filter(
		(e) => sessionId === undefined || e.sessionId === sessionId
	);
}

/**
 * How many rows each named store holds.
 * @param {Page} page
 * @param {readonly string[]} stores
 * @returns {Promise<Record<string, number>>}
 */
export async function storeCounts(page, stores) {
	const reads = Object.fromEntries(stores.map((store) => [store, { store, count: true }]));
	return /** @type {Record<string, number>} */ (await readIdb(page, reads));
}

/**
 * A session's stored summaries, if the app has stored them.
 * @param {Page} page
 * @param {string} sessionId
 * @returns {Promise<SummariesRow | undefined>}
 */
export async function storedSummaries(page, sessionId) {
	const { summaries } = await readIdb(page, {
		summaries: { store: 'summaries', key: sessionId }
	});
	return /** @type {SummariesRow | undefined} */ (summaries);
}
