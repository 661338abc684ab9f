/**
 * The app's one class room: this device as the display of a class opened to hubs (a `ClassHost`),
 * or as a hub of another device's class (a `HubClient`), over the clinic server connection
 * (`syncLink`). Screens read it; it keeps the class's documents in step with the session on its
 * own.
 */
import { current } from '$lib/session/current.svelte';
import type { LiveSession } from '$lib/session/live-session.svelte';
import { syncLink } from '$lib/sync/indicator.svelte';
import type { ClassView } from '$lib/sync/class-views';
import type { ClassHost, ClassLink } from './class-host.svelte';
import type { ClassWatch } from './class-watch.svelte';
import type { HubClient } from './hub-client.svelte';

const HUB_ID_KEY = 'pulsklar.hub';
const OPENED_KEY = 'pulsklar.class-opened';
const WATCHED_KEY = 'pulsklar.class-watched';

class ClassRoom {
	host = $state<ClassHost | null>(null);
	/** A class another display runs, watched on this screen (nothing of it is stored here). */
	watching = $state<ClassWatch | null>(null);
	/** Not reactive itself (screens create it while rendering); its own state is. */
	hub: HubClient | null = null;
	#stopEffects: (() => void) | null = null;
	#opening: { sessionId: string; done: Promise<string> } | null = null;

	/** Whether this device can take part: connected to a clinic server (hubs need one). */
	get available(): boolean {
		// Sync's code is loaded (by the app shell) on every device connected to a server.
		const sync = syncLink.current;
		return !!sync && sync.config !== null && sync.state !== 'off';
	}

	/**
	 * Opens the running class to hubs: a join code, published; kept in step until it ends. After
	 * a reload, the class this display had opened opens again under the same code.
	 */
	async openToHubs(session: LiveSession, again?: string): Promise<string> {
		const link = syncLink.current?.classLink() ?? null;
		const sessionId = session.record?.id;
		if (!link || !sessionId) throw new Error('no clinic server, or no class under way');
		if (this.host?.sessionId === sessionId && this.host?.code) return this.host.code;
		// One opening at a time (the button, and the reopening after a reload, may ask at once).
		if (this.#opening?.sessionId === sessionId) return this.#opening.done;
		const done = this.#open(session, link, sessionId, again);
		this.#opening = { sessionId, done };
		try {
			return await done;
		} finally {
			if (this.#opening?.done === done) this.#opening = null;
		}
	}

	async #open(
		session: LiveSession,
		link: ClassLink,
		sessionId: string,
		again?: string
	): Promise<string> {
		// The display's side loads when a class opens to hubs (not on the live screen's first load).
		const { ClassHost } = await import('./class-host.svelte');
		const host = new ClassHost(session, link);
		this.host = host;
		const code = await host.open(again);
		save(OPENED_KEY, { sessionId, code });
		this.#stopEffects?.();
		this.#stopEffects = $effect.root(() => {
			$effect(() => {
				// Every timeline change (pause, skip, +30 s, end) goes out at once, so the hubs'
				// timers follow within a round.
				void session.timeline.length;
				if (session.state.status === 'done') void host.close();
				else if (host.stale) host.publish().catch(() => undefined);
			});
		});
		return code;
	}

	/**
	 * Watches a class another display runs: this screen shows it and runs nothing. Refused (false)
	 * while this device runs a session of its own, or when not connected.
	 */
	async watch(view: ClassView): Promise<boolean> {
		const link = syncLink.current?.classLink() ?? null;
		if (!link || current.running) return false;
		if (this.watching?.sessionId === view.sessionId && !this.watching.ended) return true;
		const { ClassWatch } = await import('./class-watch.svelte');
		this.stopWatching();
		const watch = new ClassWatch(link, view);
		watch.start();
		this.watching = watch;
		save(WATCHED_KEY, { sessionId: view.sessionId, code: view.code });
		return true;
	}

	stopWatching(): void {
		this.watching?.stop();
		this.watching = null;
		forget(WATCHED_KEY);
	}

	/**
	 * After a reload of a watching screen: the class it watched, watched again while it is open
	 * (a wall screen's browser reloads; it must not need the join screen again).
	 */
	async watchAgain(): Promise<void> {
		const sessionId = saved(WATCHED_KEY, '', 'sessionId');
		const code = sessionId ? saved(WATCHED_KEY, sessionId, 'code') : null;
		if (!sessionId || !code || this.watching || current.running) return;
		const hub = await this.hubClient();
		if (!hub) return;
		const view = await hub.find(code);
		if (view?.sessionId === sessionId) await this.watch(view);
		// Ended, or the code is another class's now (a server out of reach: try at the next look).
		else if (hub.problem !== 'server') forget(WATCHED_KEY);
		hub.problem = null; // not the join screen's to show
	}

	/** The hub side, created on first use (the join screen). Null while not connected. */
	async hubClient(): Promise<HubClient | null> {
		if (!syncLink.current?.classLink()) return null;
		// The hub's side loads when it is first used, not on the live screen's first load.
		const { HubClient } = await import('./hub-client.svelte');
		const link = syncLink.current?.classLink() ?? null;
		if (!link) return null;
		if (!this.hub) {
			this.hub = new HubClient(link, async (record, display) => {
				const session = await current.joinAsHub(record, display);
				if (session) save(HUB_ID_KEY, { sessionId: record.id, hubId: this.hub!.hubId });
				return session;
			});
		}
		return this.hub;
	}

	/** After a reload, a resumed hub copy beats again under the same hub id. */
	async rejoin(session: LiveSession): Promise<void> {
		const record = session.record;
		if (!record?.hubOf) return;
		(await this.hubClient())?.rejoin(session, saved(HUB_ID_KEY, record.id, 'hubId'));
	}

	/** The code a resumed class had while open to hubs (null: it was not open). */
	openedBefore(session: LiveSession): string | null {
		const sessionId = session.record?.id;
		return sessionId ? saved(OPENED_KEY, sessionId, 'code') : null;
	}
}

// What a reload must not lose, per session: the hub's id, the display's code. Blocked storage
// only means a reload makes a new hub (or a new code): nothing recorded is lost.
function save(key: string, value: { sessionId: string } & Record<string, string>): void {
	try {
		localStorage.setItem(key, JSON.stringify(value));
	} catch {
		// see above
	}
}

function forget(key: string): void {
	try {
		localStorage.removeItem(key);
	} catch {
		// see above
	}
}

/** A saved field for this session ('' for the session: whichever was saved). */
function saved(key: string, sessionId: string, field: string): string | null {
	try {
		const raw = JSON.parse(localStorage.getItem(key) ?? 'null') as Record<string, unknown> | null;
		const value = raw?.[field];
		const matches = sessionId === '' || raw?.sessionId === sessionId;
		return matches && typeof value === 'string' ? value : null;
	} catch {
		return null;
	}
}

/** The app's class room. */
export const room = new ClassRoom();
