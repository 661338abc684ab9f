/**
 * The display's side of a class spread over devices (issue 15): it opens its running session to
 * hubs (a join code in a `class:` document, republished as the timeline changes), hears the hubs'
 * heartbeats and live readings through the clinic server, and gives each hub's person a tile fed by
 * a `RemoteStrap` — through `LiveSession.join`, the same path as a strap on this device.
 */
import { RemoteStrap } from '$lib/ble/remote-strap';
import { newId } from '$lib/db/ids';
import { fromChunk } from '$lib/db/chunks';
import type { LiveSession } from '$lib/session/live-session.svelte';
import { classDocId, newJoinCode, type HubView } from '$lib/sync/class-views';
import type { ClassPart, LiveReadings, SyncDoc } from '$lib/sync/documents';

/** What a class needs of the clinic server connection (`clinicSync.classLink()`). */
export interface ClassLink {
	/** This device's name, as set when connecting. */
	readonly device: string;
	putView(doc: SyncDoc): Promise<void>;
	/** Hears the class views pulled from the server; returns the function that stops it. */
	listen(listener: (view: ClassPart) => void): () => void;
}

/**
 * A hub not heard from for this long is offline: its people show "hub offline" and "—". Hubs beat
 * every second and the display hears the server's changes as they come, so this leaves room for
 * a slow beat or two and still shows a lost hub within 5 s [product choice].
 */
export const HUB_SILENT_MS = 3_500;
/** Readings older than this when they arrive (a hub's backlog) go to the stored session only. */
export const LIVE_WINDOW_MS = 10_000;
const WATCH_MS = 500;

interface HubState {
	name: string;
	heardAt: number;
	online: boolean;
	people: string[];
	/** Its people whose strap it says is not connected (taken to another hub, out of range). */
	lost: string[];
}

/** One hub as the display lists it. */
export interface HubSummary {
	hubId: string;
	name: string;
	online: boolean;
	people: number;
}

export class ClassHost {
	/** The join code while the class is open to hubs. */
	code = $state<string | null>(null);
	hubs = $state<HubSummary[]>([]);
	readonly #owner = newId();
	// Not shown as such (the summary above is): plain Maps.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #hubs = new Map<string, HubState>();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #straps = new Map<string, { strap: RemoteStrap; hubId: string }>();
	// Live readings heard before the hub that sends them (the server's changes come in the order
	// they were written: a screen that starts listening mid-class may get a person's readings
	// before their hub's next beat). The latest per person, handed over when the hub is heard.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #early = new Map<string, LiveReadings>();
	#stopListening: (() => void) | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#publishedTimeline = -1;

	constructor(
		private readonly session: LiveSession,
		private readonly link: ClassLink,
		private readonly clock: () => number = () => Date.now(),
		private readonly random: () => number = Math.random
	) {}

	get sessionId(): string | undefined {
		return this.session.record?.id;
	}

	/**
	 * Opens the running session to hubs: a join code, published for hubs to find. `code` is the
	 * one it had before a reload, so the hubs keep going without joining again.
	 */
	async open(code?: string): Promise<string> {
		if (this.code) return this.code;
		if (!this.session.record) throw new Error('a class opens to hubs once it has started');
		this.code = code ?? newJoinCode(this.random);
		this.#stopListening = this.link.listen((view) => this.hear(view));
		this.keepTime();
		await this.publish();
		return this.code;
	}

	/**
	 * Times the hubs out (offline when silent) without opening anything: a screen watching another
	 * display's class hears the views itself and hands the hubs' ones to `hear`.
	 */
	keepTime(): void {
		this.#timer ??= setInterval(() => this.#watch(), WATCH_MS);
	}

	/**
	 * Publishes the class as it stands (called again when the timeline changes, when a person
	 * moves to another hub, and at the end). One write at a time, each built when it goes: two
	 * under way at once would meet on the server, and the one sent again could be the older.
	 */
	publish(status: 'open' | 'ended' = 'open'): Promise<void> {
		const next = this.#publishing.then(() => this.#publish(status));
		this.#publishing = next.catch(() => undefined);
		return next;
	}

	#publishing: Promise<void> = Promise.resolve();

	async #publish(status: 'open' | 'ended'): Promise<void> {
		const record = this.session.record;
		if (!record || !this.code) return;
		this.#publishedTimeline = this.session.timeline.length;
		await this.link.putView({
			_id: classDocId(record.id),
			type: 'class',
			sessionId: record.id,
			code: this.code,
			display: this.link.device,
			owner: this.#owner,
			status,
			record: {
				...$state.snapshot(record),
				timeline: $state.snapshot(this.session.timeline),
				participants: this.session.participants.map((p) => $state.snapshot(p.info)),
				participantIds: this.session.participants.map((p) => p.id)
			},
			updatedAt: this.clock(),
			placed: Object.fromEntries(
				[...this.#straps].map(([participantId, { hubId }]) => [
					participantId,
					{ hubId, name: this.#hubs.get(hubId)?.name ?? '' }
				])
			)
		});
	}

	/** True when the timeline changed since it was last published (the page republishes). */
	get stale(): boolean {
		return this.code !== null && this.session.timeline.length !== this.#publishedTimeline;
	}

	/** One view from the server: a hub's heartbeat, or its live readings. */
	hear(view: ClassPart): void {
		if (view.sessionId !== this.sessionId) return;
		if (view.kind === 'hub') this.#hub(view);
		else if (view.kind === 'live') {
			const remote = this.#straps.get(view.participantId);
			if (remote) this.#accept(remote.strap, view);
			else if ((this.#early.get(view.participantId)?.block ?? -1) <= view.block)
				this.#early.set(view.participantId, view);
		}
	}

	#hub(view: HubView): void {
		const now = this.clock();
		const hub = this.#hubs.get(view.hubId) ?? {
			name: view.name,
			heardAt: now,
			online: false,
			people: [] as string[],
			lost: [] as string[]
		};
		this.#hubs.set(view.hubId, hub);
		hub.name = view.name;
		hub.heardAt = view.left ? -Infinity : now;
		hub.people = view.participants.map((p) => p.info.participantId);
		hub.lost = view.participants
			.filter((p) => p.connected === false)
			.map((p) => p.info.participantId);
		let moved = false;
		for (const { info, strap: strapName, connected } of view.participants) {
			const known = this.#straps.get(info.participantId);
			// A strap new to the class, or moved here from another hub: a fresh source for the tile.
			// Moved only once the other hub has let the person go, lost their strap, or is gone
			// itself; until then the tile stays theirs (its readings arrive whichever hub sends
			// them), so a strap heard by two hubs at once does not flip the tile between them.
			const holder = known ? this.#hubs.get(known.hubId) : undefined;
			const held =
				holder !== undefined &&
				known?.hubId !== view.hubId &&
				holder.people.includes(info.participantId) &&
				!(holder.lost.includes(info.participantId) && connected !== false) &&
				now - holder.heardAt < HUB_SILENT_MS;
			// This display's own strap for them, still connected, keeps them here the same way.
			const here = this.session.participants.find((p) => p.id === info.participantId)?.source;
			const heldHere =
				!known && !!here && !here.id.startsWith('hub:') && here.state === 'connected';
			if (known?.hubId !== view.hubId && !held && !heldHere) {
				const strap = new RemoteStrap(
					`hub:${view.hubId}:${info.participantId}`,
					strapName,
					view.name
				);
				this.#straps.set(info.participantId, { strap, hubId: view.hubId });
				this.session.join({ ...info, hub: view.name }, strap);
				const early = this.#early.get(info.participantId);
				this.#early.delete(info.participantId);
				if (early) this.#accept(strap, early);
				// Moved (from another hub or from this display's own strap): the hub they were on
				// hears it from the class document and lets them go.
				if (known || here) moved = true;
			}
		}
		if (moved) this.publish().catch(() => undefined);
		this.#watch();
	}

	#accept(strap: RemoteStrap, live: LiveReadings): void {
		strap.accept(live.chunks.flatMap(fromChunk), this.clock() - LIVE_WINDOW_MS);
	}

	/** Marks hubs online or offline by when they were last heard. */
	#watch(): void {
		const now = this.clock();
		for (const [hubId, hub] of this.#hubs) {
			hub.online = now - hub.heardAt < HUB_SILENT_MS;
			for (const [participantId, remote] of this.#straps) {
				if (remote.hubId !== hubId) continue;
				// A person moved to another hub is that hub's now.
				if (!hub.people.includes(participantId)) continue;
				remote.strap.setHubOnline(hub.online, hub.online ? hub.heardAt : now);
			}
		}
		const summary = [...this.#hubs].map(([hubId, hub]) => ({
			hubId,
			name: hub.name,
			online: hub.online,
			people: hub.people.length
		}));
		if (JSON.stringify(summary) !== JSON.stringify(this.hubs)) this.hubs = summary;
	}

	/** Stops hearing and timing the hubs (publishes nothing). */
	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#stopListening?.();
		this.#stopListening = null;
	}

	/** Closes the class to hubs (published as ended, so hubs end their copy). */
	async close(): Promise<void> {
		this.stop();
		await this.publish('ended');
	}
}
