/**
 * The hub's side of a class spread over devices (issue 15): it finds the classes displays have
 * opened (or takes a typed join code), starts this device's copy of the class, follows the
 * display's timeline, and beats: a `hub:` document every second naming its people and their
 * straps. Its people's readings are recorded here as on a solo device and reach the display as
 * live documents through the sync engine's rounds (store-and-forward when the Wi-Fi drops).
 */
import { newId } from '$lib/db/ids';
import type { SessionRecord } from '$lib/db/types';
import type { LiveSession } from '$lib/session/live-session.svelte';
import { hubDocId, JOIN_CODE, type ClassView } from '$lib/sync/class-views';
import type { ClassLink } from './class-host.svelte';

/** What a hub needs of the clinic server connection (`clinicSync.classLink()`). */
export interface HubLink extends ClassLink {
	classes(): Promise<ClassView[]>;
}

/** How often a hub says it is there [product choice: the display's HUB_SILENT_MS is 3.5 s]. */
export const HUB_BEAT_MS = 1_000;

/** Why joining did not work, in words the join screen can explain. */
export type JoinProblem = 'bad-code' | 'not-found' | 'ended' | 'server' | 'busy';

/** Starts this device's copy of the class (`current.joinAsHub`); null when one runs here. */
export type StartCopy = (record: SessionRecord, display: string) => Promise<LiveSession | null>;

export class HubClient {
	/** Classes open to hubs now (newest first). */
	classes = $state<ClassView[]>([]);
	problem = $state<JoinProblem | null>(null);
	/** The class joined, as its display last published it. */
	joined = $state<ClassView | null>(null);
	session = $state<LiveSession | null>(null);
	#hubId = newId();
	#stopListening: (() => void) | null = null;
	#timer: ReturnType<typeof setInterval> | null = null;
	#beating: Promise<void> | null = null;
	#queued: Promise<void> | null = null;

	constructor(
		private readonly link: HubLink,
		private readonly startCopy: StartCopy,
		private readonly clock: () => number = () => Date.now()
	) {}

	/** Looks up the classes on the server; false when it cannot be reached. */
	async refresh(): Promise<boolean> {
		const all = await this.#fetch();
		if (!all) return false;
		this.classes = all
			.filter((c) => c.status === 'open')
			.sort((a, b) => b.record.startedAt - a.record.startedAt);
		if (this.problem === 'server') this.problem = null;
		return true;
	}

	/** Every class on the server, or null (and the `server` problem) when it cannot be reached. */
	async #fetch(): Promise<ClassView[] | null> {
		try {
			return await this.link.classes();
		} catch {
			this.problem = 'server';
			return null;
		}
	}

	/**
	 * The class open now under this code (typed, or tapped in the list), as the server has it; null
	 * with the reason in `problem` when there is none (a typo, an ended class, no server).
	 */
	async find(code: string): Promise<ClassView | null> {
		this.problem = null;
		const typed = code.replace(/\s+/g, '');
		if (!JOIN_CODE.test(typed)) {
			this.problem = 'bad-code';
			return null;
		}
		const all = await this.#fetch();
		if (!all) return null;
		const matching = all.filter((c) => c.code === typed);
		const view = matching.find((c) => c.status === 'open');
		if (!view) this.problem = matching.length > 0 ? 'ended' : 'not-found';
		return view ?? null;
	}

	/** Joins the class with this code as a hub. */
	async join(code: string): Promise<boolean> {
		const view = await this.find(code);
		if (!view) return false;
		const session = await this.startCopy(view.record, view.display);
		if (!session) {
			this.problem = 'busy';
			return false;
		}
		this.#follow(view, session);
		return true;
	}

	/** Takes up a hub's copy again after a reload (resumed as any interrupted session). */
	rejoin(session: LiveSession, hubId: string | null): void {
		const record = session.record;
		if (!record?.hubOf || this.session === session) return;
		if (hubId) this.#hubId = hubId;
		this.#follow(
			{
				kind: 'class',
				sessionId: record.id,
				code: '',
				display: record.hubOf,
				owner: '',
				status: 'open',
				record,
				updatedAt: record.updatedAt
			},
			session
		);
	}

	/** This hub's id in its `hub:` documents (kept with the session so a reload keeps it). */
	get hubId(): string {
		return this.#hubId;
	}

	#follow(view: ClassView, session: LiveSession): void {
		this.stop(); // a class joined before (its last beat may never have gone through)
		this.joined = view;
		this.session = session;
		this.#stopListening = this.link.listen((part) => {
			if (part.kind !== 'class' || part.sessionId !== view.sessionId) return;
			this.joined = part;
			this.#placed(part, session);
			session.followTimeline(part.record.timeline);
			// Closed without an end on its timeline (the display's tab was closed for good).
			if (part.status === 'ended' && session.state.status !== 'done')
				session.followTimeline([...session.timeline, { type: 'end', at: part.updatedAt }]);
		});
		this.#timer = setInterval(() => void this.beat(), HUB_BEAT_MS);
		void this.beat();
	}

	/** Where the display last placed this hub's people (participant id → hub id). */
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #placedBefore = new Map<string, string>();

	/**
	 * Lets go of a person the display has moved from this hub to another (their strap there,
	 * after this hub lost it): only on a change from this hub, so a strap paired here for someone
	 * the display still places elsewhere is kept until the display moves them here.
	 */
	#placed(view: ClassView, session: LiveSession): void {
		for (const [participantId, { hubId, name }] of Object.entries(view.placed ?? {})) {
			const before = this.#placedBefore.get(participantId);
			this.#placedBefore.set(participantId, hubId);
			if (before !== this.#hubId || hubId === this.#hubId) continue;
			const participant = session.participants.find((p) => p.id === participantId);
			if (participant?.source) session.movedAway(participant, name);
		}
	}

	/**
	 * Says the hub is there and who wears its straps. Called every second and after pairing; one
	 * beat at a time (a slow network must not pile them up). Once the class is done, the last beat
	 * says the hub left and the beating stops.
	 */
	beat(): Promise<void> {
		// One in flight and at most one waiting behind it (it carries the latest people).
		this.#queued ??= (this.#beating ?? Promise.resolve()).then(() => {
			this.#queued = null;
			this.#beating = this.#beat().finally(() => (this.#beating = null));
			return this.#beating;
		});
		return this.#queued;
	}

	async #beat(): Promise<void> {
		const session = this.session;
		const view = this.joined;
		if (!session || !view) return;
		const done = session.state.status === 'done';
		const participants = session.participants
			.filter((p) => p.source && !p.id.startsWith('strap:'))
			.map((p) => ({
				info: { ...$state.snapshot(p.info), hub: undefined },
				strap: p.source!.name || 'strap',
				connected: p.source!.state === 'connected'
			}));
		try {
			await this.link.putView({
				_id: hubDocId(view.sessionId, this.#hubId),
				type: 'hub',
				sessionId: view.sessionId,
				hubId: this.#hubId,
				name: this.link.device,
				at: this.clock(),
				...(done ? { left: true } : {}),
				participants
			});
		} catch {
			// Offline or a server problem: the next beat tries again; the display shows the hub
			// offline meanwhile, and the readings wait in the outbox.
			return;
		}
		if (done) this.stop();
	}

	/** Stops following and beating (the class is over, or the hub left). */
	stop(): void {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#stopListening?.();
		this.#stopListening = null;
	}
}
