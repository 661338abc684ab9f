/**
 * A screen watching a class another display runs (issue 15: "two displays trying to run one
 * class: the second is told plainly and can only watch"). A second wall screen, an iPad beside the
 * instructor, or a device without Web Bluetooth that was asked to join: it shows everyone's tile
 * with the same rules as the display, the timer and the hubs, and runs nothing. The display's own
 * people arrive through their live documents, each hub's through the hub's beats, exactly as on the
 * display (a `ClassHost` that only hears); the class document brings the timeline.
 */
import { RemoteStrap } from '$lib/ble/remote-strap';
import { fromChunk } from '$lib/db/chunks';
import { LiveSession } from '$lib/session/live-session.svelte';
import type { ClassView } from '$lib/sync/class-views';
import type { ClassPart } from '$lib/sync/documents';
import { ClassHost, LIVE_WINDOW_MS, type ClassLink } from './class-host.svelte';

export class ClassWatch {
	/** The class as its display last published it (code, display name, open or ended). */
	view = $state<ClassView>() as ClassView;
	readonly session: LiveSession;
	/** Hears the hubs as the display does (never publishes: it has no code of its own). */
	readonly hubs: ClassHost;
	#stopListening: (() => void) | null = null;
	// The display's own people's sources, by participant (not shown as such: a plain Map).
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #displays = new Map<string, RemoteStrap>();

	constructor(
		private readonly link: ClassLink,
		view: ClassView,
		private readonly clock: () => number = () => Date.now()
	) {
		this.view = view;
		this.session = new LiveSession('class', view.record.demo === 1, clock);
		this.hubs = new ClassHost(this.session, link, clock);
	}

	get sessionId(): string {
		return this.view.sessionId;
	}

	/** Whether the display has ended the class (or closed it for good). */
	get ended(): boolean {
		return this.view.status === 'ended' || this.session.state.status === 'done';
	}

	/** Starts watching: the timeline as published, the display's own people, then what is heard. */
	start(): void {
		if (this.#stopListening) return;
		this.session.watch(this.view.record);
		this.#class(this.view);
		this.hubs.keepTime();
		this.#stopListening = this.link.listen((part) => this.hear(part));
	}

	/** One view from the server: the class (timeline, people), a hub's beat, or live readings. */
	hear(part: ClassPart): void {
		if (part.sessionId !== this.sessionId) return;
		if (part.kind === 'class') return this.#class(part);
		const own = part.kind === 'live' ? this.#displays.get(part.participantId) : undefined;
		if (own && part.kind === 'live')
			own.accept(part.chunks.flatMap(fromChunk), this.clock() - LIVE_WINDOW_MS);
		else this.hubs.hear(part);
	}

	#class(view: ClassView): void {
		this.view = view;
		const timeline =
			view.status === 'ended' && !view.record.timeline.some((e) => e.type === 'end')
				? [...view.record.timeline, { type: 'end' as const, at: view.updatedAt }]
				: view.record.timeline;
		this.session.followTimeline(timeline);
		// The display's own straps (a hub's people come with that hub's beats). Their readings
		// arrive in the display's live documents; a display gone quiet shows as no signal.
		for (const info of view.record.participants) {
			if (info.hub || this.#displays.has(info.participantId)) continue;
			const strap = new RemoteStrap(
				`hub:${view.owner}:${info.participantId}`,
				view.display,
				view.display
			);
			this.#displays.set(info.participantId, strap);
			this.session.join({ ...info, hub: view.display }, strap);
			strap.setHubOnline(true, this.clock());
		}
	}

	/** Stops watching (leaving the screen, or the class is over). Nothing is stored to undo. */
	stop(): void {
		this.#stopListening?.();
		this.#stopListening = null;
		this.hubs.stop();
		this.session.dispose();
	}
}
