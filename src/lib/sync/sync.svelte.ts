/**
 * The clinic server's status and schedule: the one thing screens read about sync. Rounds run on
 * their own timer, never from the recorder, so the live screen's hot path only ever pays for the
 * outbox entry written with each change. Failures back off; an expired sign-in pauses until the
 * user signs in again; local data is never touched by a failed round.
 */
import { db, type PulsklarDB } from '$lib/db/db';
import { classLinkOf, SyncEngine } from './engine';
import { databaseUrl, SyncError, type Fetch, type SyncProblem } from './http';
import { outboxEnabled, setOutboxEnabled, setSyncDevice } from '$lib/db/outbox';
import { syncLink } from './indicator.svelte';

/** What the app bar's indicator shows (`data-state`). */
export type SyncState =
	'off' | 'connecting' | 'synced' | 'sending' | 'offline' | 'signed-out' | 'error';

/** What is remembered between visits. Never the password: the browser keeps the cookie. */
export interface SyncConfig {
	url: string;
	user: string;
	device: string;
}

const CONFIG_KEY = 'pulsklar.sync.config';
/** Pause between rounds while all is well [product choice: a class's data arrives in seconds]. */
export const ROUND_INTERVAL_MS = 3_000;
/** Pause between rounds while a class runs here, so its readings reach the server in seconds. */
export const LIVE_ROUND_INTERVAL_MS = 1_000;
/**
 * While a class on this device hears the server's views (a display, a hub), each fetch of changes
 * waits on the server up to this long for one (`feed=longpoll`), so a hub's readings reach the
 * display as they are written rather than at its next round [product choice: short enough that
 * a local edit made meanwhile goes out within seconds].
 */
export const LISTEN_WAIT_MS = 5_000;
/** Least pause between two such fetches, so a busy class's changes come in batches. */
export const LISTEN_GAP_MS = 150;
/** Backoff after failures: 2 s, 4 s, … up to a minute. */
const BACKOFF_MS = [2_000, 4_000, 8_000, 16_000, 32_000, 60_000];
/** Problems no retry can fix. */
const NEEDS_USER = new Set<SyncProblem>([
	'other-origin',
	'wrong-password',
	'signed-out',
	'forbidden',
	'no-database'
]);

/** The default server address: the clinic database behind this origin's `/couchdb/`. */
export const DEFAULT_SYNC_URL = '/couchdb/pulsklar';

function readConfig(): SyncConfig | null {
	try {
		const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(CONFIG_KEY);
		const parsed = raw ? (JSON.parse(raw) as Partial<SyncConfig>) : null;
		if (parsed && typeof parsed.url === 'string' && typeof parsed.user === 'string')
			return { url: parsed.url, user: parsed.user, device: String(parsed.device ?? '') };
	} catch {
		// Unreadable or blocked storage: sync is simply not set up.
	}
	return null;
}

function writeConfig(config: SyncConfig | null): void {
	try {
		if (config) localStorage.setItem(CONFIG_KEY, JSON.stringify(config));
		else localStorage.removeItem(CONFIG_KEY);
	} catch {
		// Blocked storage: sync works for this visit only.
	}
}

/** The app's connection to its clinic server. */
export class ClinicSync {
	state = $state<SyncState>('off');
	/** Local changes not yet on the server. */
	pending = $state(0);
	lastSyncedAt = $state<number | null>(null);
	problem = $state<SyncProblem | null>(null);
	/** Pulled documents skipped as unreadable since connecting. */
	invalid = $state(0);
	config = $state<SyncConfig | null>(null);

	#engine: SyncEngine | null = null;
	#link: ReturnType<typeof classLinkOf> | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#failures = 0;
	#busy = false;
	#again = false;
	/** The running round's wait for changes, cut short when there is something to send. */
	#waiting: AbortController | null = null;
	#sendNow = false;
	#sentAt = 0;

	constructor(
		private readonly database: PulsklarDB = db,
		private readonly origin = () => location.origin,
		private readonly fetchFn?: Fetch
	) {}

	/** Resumes sync on app start when this device was connected before. */
	start(): void {
		// Back on the network: send what waited now rather than at the end of the backoff.
		if (typeof window !== 'undefined') window.addEventListener('online', () => this.retry());
		// Woken up (a tablet's lid opened, the app brought back): catch up now, not at the end of a
		// backoff that a sleep may have stretched.
		if (typeof document !== 'undefined')
			document.addEventListener('visibilitychange', () => {
				if (document.visibilityState === 'visible') this.retry();
			});
		this.config = readConfig();
		if (!this.config || !outboxEnabled()) {
			this.state = 'off';
			return;
		}
		// Sessions started from now on say they were recorded on this device.
		setSyncDevice(this.config.device);
		try {
			this.#engine = this.#engineFor(this.config);
		} catch (error) {
			this.#fail(error);
			return;
		}
		this.state = 'connecting';
		this.#schedule(0);
	}

	/** Signs in (the password goes to the server once) and starts syncing. */
	async connect(url: string, user: string, password: string, device: string): Promise<boolean> {
		this.#stop();
		this.#engine = null;
		this.problem = null;
		this.state = 'connecting';
		const config = { url: url.trim(), user: user.trim(), device: device.trim() };
		try {
			const engine = this.#engineFor(config);
			await engine.signIn(config.user, password);
			// Same server as before: the outbox already holds what is unsent. Otherwise send all.
			const resumed = outboxEnabled() && this.config?.url === config.url;
			setOutboxEnabled(true);
			if (!resumed) {
				await this.#forget();
				await engine.enqueueAll();
			}
			this.#engine = engine;
			this.config = config;
			writeConfig(config);
			setSyncDevice(config.device);
			this.#failures = 0;
			this.invalid = await engine.invalidCount();
			this.#schedule(0);
			return true;
		} catch (error) {
			this.#fail(error, false);
			return false;
		}
	}

	/** Stops syncing and forgets the server; the device's data stays as it is. */
	async disconnect(): Promise<void> {
		this.#stop();
		const engine = this.#engine;
		this.#engine = null;
		await engine?.signOut().catch(() => undefined); // best effort: the cookie expires anyway
		setOutboxEnabled(false);
		setSyncDevice(null);
		await this.#forget();
		this.config = null;
		writeConfig(null);
		this.state = 'off';
		this.problem = null;
		this.pending = 0;
		this.lastSyncedAt = null;
	}

	/** A running class's link to the server (hubs and displays), or null while not connected. */
	classLink(): ReturnType<typeof classLinkOf> | null {
		const engine = this.#engine;
		if (!engine || !this.config) return null;
		if (!this.#link || this.#link.engine !== engine)
			this.#link = classLinkOf(engine, this.config.device, () => this.#listenNow(engine));
		return this.#link;
	}

	/**
	 * Runs a round now instead of waiting for the backoff: the user asked, the network came back,
	 * the app woke up, or a class just ended here (its record should reach the server before the
	 * tablet is put away).
	 */
	retry(): void {
		if (!this.#engine) return;
		this.#failures = 0;
		// A round under way (it may fail, having started offline) runs again as soon as it ends,
		// rather than after its backoff.
		if (this.#busy) this.#again = true;
		else this.#schedule(0);
	}

	/**
	 * Something was stored here to send (a running session's readings, on a hub): a round now,
	 * cutting short a wait for changes, so the readings reach the server in milliseconds, not at
	 * the next round. A backoff after failures is left as it is.
	 */
	nudge(): void {
		if (!this.#engine || this.#failures > 0) return;
		this.#sendNow = true;
		if (this.#busy) {
			this.#again = true;
			this.#waiting?.abort();
		} else this.#schedule(0);
	}

	/** A class started hearing the views: its first wait for changes starts now. */
	#listenNow(engine: SyncEngine): void {
		if (engine === this.#engine && !this.#busy && this.#failures === 0) this.#schedule(0);
	}

	#engineFor(config: SyncConfig): SyncEngine {
		const url = databaseUrl(config.url, this.origin());
		return new SyncEngine(this.database, url, config.device, this.fetchFn);
	}

	async #forget(): Promise<void> {
		const d = this.database;
		await d.transaction('rw', [d.outbox, d.syncDocs, d.syncMeta], async () => {
			await Promise.all([d.outbox.clear(), d.syncDocs.clear(), d.syncMeta.clear()]);
		});
	}

	#stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
	}

	#schedule(ms: number): void {
		this.#stop();
		this.#timer = setTimeout(() => void this.#round(), ms);
	}

	async #round(): Promise<void> {
		const engine = this.#engine;
		if (!engine || this.#busy) return;
		this.#busy = true;
		try {
			// A class hearing the views waits on the server for changes, sending at least once per
			// live round interval and whenever something new was stored (`nudge`).
			const listening = this.#link?.engine === engine && this.#link.listening;
			const send =
				!listening || this.#sendNow || Date.now() - this.#sentAt >= LIVE_ROUND_INTERVAL_MS;
			this.#sendNow = false;
			this.pending = await engine.pending();
			if (send && this.pending > 0 && this.state !== 'connecting') this.state = 'sending';
			const waiting = listening ? new AbortController() : null;
			this.#waiting = waiting;
			// The wait is no sending: the indicator says so as soon as the outbox went.
			const onSent = async () => {
				this.pending = await engine.pending();
				if (this.state === 'sending') this.state = 'synced';
			};
			const result = await engine.round(
				waiting ? { send, wait: LISTEN_WAIT_MS, signal: waiting.signal, onSent } : {}
			);
			if (send) this.#sentAt = Date.now();
			if (engine !== this.#engine) return; // disconnected meanwhile
			if (result.invalid > 0 || this.invalid === 0) this.invalid = await engine.invalidCount();
			this.pending = await engine.pending();
			this.state = 'synced';
			this.problem = null;
			this.lastSyncedAt = Date.now();
			this.#failures = 0;
			this.#schedule(
				listening ? LISTEN_GAP_MS : engine.live ? LIVE_ROUND_INTERVAL_MS : ROUND_INTERVAL_MS
			);
		} catch (error) {
			if (engine !== this.#engine) return;
			this.pending = await engine.pending().catch(() => this.pending);
			this.#fail(error);
		} finally {
			this.#busy = false;
			this.#waiting = null;
			if (this.#again && this.#engine) {
				this.#again = false;
				this.#schedule(0);
			}
		}
	}

	/** Shows a failure in plain words; retries with backoff unless the user must act. */
	#fail(error: unknown, retry = true): void {
		const problem = error instanceof SyncError ? error.problem : 'server';
		if (!(error instanceof SyncError)) console.error('sync', error);
		this.problem = problem;
		this.state =
			problem === 'signed-out' ? 'signed-out' : problem === 'offline' ? 'offline' : 'error';
		if (!retry) {
			// A failed connect: the form says why; a device never connected stays off.
			if (!this.config) this.state = 'off';
			return;
		}
		// Paused until the user acts (signs in again, fixes the address or the access).
		if (!this.#engine || NEEDS_USER.has(problem)) return;
		const wait = BACKOFF_MS[Math.min(this.#failures, BACKOFF_MS.length - 1)]!;
		this.#failures++;
		this.#schedule(wait);
	}
}

/** The app's one clinic server connection; the app bar sees it from now on. */
export const clinicSync = new ClinicSync();
syncLink.current = clinicSync;
