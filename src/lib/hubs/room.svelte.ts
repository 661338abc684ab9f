/**
 * The app's one class room: this device as the display of a class opened to hubs (a `ClassHost`),
 * or as a hub of another device's class (a `HubClient`), over the clinic server connection.
 * Screens read it; it keeps the class's documents in step with the session on its own.
 */
import { current } from '$lib/session/current.svelte';
import type { LiveSession } from '$lib/session/live-session.svelte';
import { clinicSync } from '$lib/sync/sync.svelte';
import { ClassHost } from './class-host.svelte';
import { HubClient } from './hub-client.svelte';

const HUB_ID_KEY = 'pulsklar.hub';

class ClassRoom {
	host = $state<ClassHost | null>(null);
	/** Not reactive itself (screens create it while rendering); its own state is. */
	hub: HubClient | null = null;
	#stopEffects: (() => void) | null = null;

	/** Whether this device can take part: connected to a clinic server (hubs need one). */
	get available(): boolean {
		return clinicSync.config !== null && clinicSync.state !== 'off';
	}

	/** Opens the running class to hubs: a join code, published; kept in step until it ends. */
	async openToHubs(session: LiveSession): Promise<string> {
		const link = clinicSync.classLink();
		if (!link) throw new Error('no clinic server');
		if (this.host?.sessionId === session.record?.id && this.host?.code) return this.host.code;
		const host = new ClassHost(session, link);
		this.host = host;
		const code = await host.open();
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

	/** The hub side, created on first use (the join screen). Null while not connected. */
	hubClient(): HubClient | null {
		const link = clinicSync.classLink();
		if (!link) return null;
		if (!this.hub) {
			this.hub = new HubClient(link, async (record, display) => {
				const session = await current.joinAsHub(record, display);
				if (session) remember(record.id, this.hub!.hubId);
				return session;
			});
		}
		return this.hub;
	}

	/** After a reload, a resumed hub copy beats again under the same hub id. */
	rejoin(session: LiveSession): void {
		const record = session.record;
		if (!record?.hubOf) return;
		this.hubClient()?.rejoin(session, remembered(record.id));
	}
}

function remember(sessionId: string, hubId: string): void {
	try {
		localStorage.setItem(HUB_ID_KEY, JSON.stringify({ sessionId, hubId }));
	} catch {
		// Blocked storage: a reload makes this a new hub on the display, nothing is lost.
	}
}

function remembered(sessionId: string): string | null {
	try {
		const raw = JSON.parse(localStorage.getItem(HUB_ID_KEY) ?? 'null') as {
			sessionId?: string;
			hubId?: string;
		} | null;
		return raw?.sessionId === sessionId && typeof raw.hubId === 'string' ? raw.hubId : null;
	} catch {
		return null;
	}
}

/** The app's class room. */
export const room = new ClassRoom();
