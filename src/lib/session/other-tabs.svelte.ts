import { handleError } from '$lib/app/errors';
import type { Protocol, TimelineEvent } from '$lib/workout';
import type { TileView } from './live-participant.svelte';
import { SessionLock } from './tab-lock';

/** What a tab that records a session tells the others about it. */
export interface OwnerInfo {
	/** Empty until the owning tab has answered (the lock alone says that one is running). */
	sessionId: string;
	mode: 'class' | 'solo';
	startedAt: number;
}

/** Everything a watching tab needs to draw the session read-only. */
export interface WatchView {
	owner: OwnerInfo;
	protocol: Protocol;
	timeline: TimelineEvent[];
	tiles: TileView[];
}

type Message =
	| { type: 'hello' }
	| { type: 'owner'; owner: OwnerInfo }
	| { type: 'ended'; sessionId: string }
	| { type: 'watch' }
	| { type: 'view'; view: WatchView }
	| { type: 'focus' };

const CHANNEL = 'pulsklar:session';
/** A watching tab says so this often; the owner sends views while it heard one recently. */
const WATCH_HEARTBEAT_MS = 3000;
const VIEW_EVERY_MS = 1000;

/** This tab's owned session, as the presence module needs it (set by `current`). */
export interface OwnedSession {
	owner(): OwnerInfo | null;
	view(): WatchView | null;
}

/**
 * Tabs of one device agree on who records: the tab holding the session lock owns the running
 * session, tells the others about it over a BroadcastChannel, and sends them a read-only view
 * while they watch. A tab that sees a session running elsewhere never offers to resume it; it
 * waits for the lock, and offers resume only if the owner went away without ending it.
 */
class OtherTabs {
	/** The session another tab of this device records, or null. */
	elsewhere = $state.raw<OwnerInfo | null>(null);
	/** The latest read-only view of that session while this tab watches. */
	view = $state.raw<WatchView | null>(null);
	readonly lock = new SessionLock();
	#channel: BroadcastChannel | null = null;
	#owned: OwnedSession | null = null;
	#lastWatchedAt = -Infinity;
	#viewTimer: ReturnType<typeof setInterval> | undefined;
	#stopWaiting: (() => void) | null = null;
	#onFree: (() => void) | null = null;
	#titleBefore: string | null = null;

	/** Starts listening (once, from the app shell); `onFree` runs when another tab's session lock is let go. */
	connect(onFree: () => void): void {
		this.#onFree = onFree;
		if (this.#channel || typeof BroadcastChannel === 'undefined') return;
		this.#channel = new BroadcastChannel(CHANNEL);
		this.#channel.onmessage = (event: MessageEvent<Message>) => this.#receive(event.data);
		// The shell connects after its first render; a session started before that (the demo
		// link) is announced now.
		const owner = this.#owned?.owner();
		if (owner) this.#post({ type: 'owner', owner });
	}

	/** Called when the lock is found held elsewhere: ask who, and wait for it to be let go. */
	noticeElsewhere(): void {
		this.elsewhere ??= { sessionId: '', mode: 'class', startedAt: 0 };
		this.#post({ type: 'hello' });
		this.#waitForFree();
	}

	/** This tab now records `session`: answer other tabs and send them views while they watch. */
	own(session: OwnedSession): void {
		this.#owned = session;
		this.elsewhere = null;
		this.view = null;
		this.#stopWaiting?.();
		this.#stopWaiting = null;
		const owner = session.owner();
		if (owner) this.#post({ type: 'owner', owner });
	}

	/** This tab's session ended (or was closed): tell the others, let go of the lock. */
	disown(sessionId: string | null): void {
		if (!this.#owned) return;
		this.#owned = null;
		clearInterval(this.#viewTimer);
		this.#viewTimer = undefined;
		this.#restoreTitle();
		if (sessionId) this.#post({ type: 'ended', sessionId });
		this.lock.release();
	}

	/** Asks the owning tab to come forward. */
	requestFocus(): void {
		this.#post({ type: 'focus' });
	}

	/** Starts watching the other tab's session read-only; returns a function that stops. */
	watch(): () => void {
		this.#post({ type: 'watch' });
		const timer = setInterval(() => this.#post({ type: 'watch' }), WATCH_HEARTBEAT_MS);
		return () => {
			clearInterval(timer);
			this.view = null;
		};
	}

	#receive(message: Message): void {
		switch (message.type) {
			case 'hello': {
				const owner = this.#owned?.owner();
				if (owner) this.#post({ type: 'owner', owner });
				break;
			}
			case 'owner':
				if (this.#owned) break;
				this.elsewhere = message.owner;
				this.#waitForFree();
				break;
			case 'ended':
				if (this.#owned) break;
				this.#free();
				break;
			case 'watch':
				if (!this.#owned) break;
				this.#lastWatchedAt = Date.now();
				// Views are sent only while someone watches: no extra wake-ups otherwise.
				this.#viewTimer ??= setInterval(() => this.#sendView(), VIEW_EVERY_MS);
				this.#sendView();
				break;
			case 'view':
				if (!this.#owned) this.view = message.view;
				break;
			case 'focus':
				if (this.#owned) this.#comeForward();
				break;
		}
	}

	#sendView(): void {
		if (!this.#owned || Date.now() - this.#lastWatchedAt > 2 * WATCH_HEARTBEAT_MS) {
			clearInterval(this.#viewTimer);
			this.#viewTimer = undefined;
			return;
		}
		const view = this.#owned.view();
		if (view) this.#post({ type: 'view', view });
	}

	#waitForFree(): void {
		if (this.#stopWaiting) return;
		this.#stopWaiting = this.lock.whenFree(() => {
			this.#stopWaiting = null;
			this.#free();
		});
	}

	#free(): void {
		this.elsewhere = null;
		this.view = null;
		this.#stopWaiting?.();
		this.#stopWaiting = null;
		this.#onFree?.();
	}

	// Browsers let a background tab raise itself only in some cases; a marked title makes it easy
	// to find in the tab strip when they do not.
	#comeForward(): void {
		window.focus();
		if (this.#titleBefore === null) this.#titleBefore = document.title;
		document.title = `● ${this.#titleBefore}`;
		setTimeout(() => this.#restoreTitle(), 10_000);
	}

	#restoreTitle(): void {
		if (this.#titleBefore !== null) document.title = this.#titleBefore;
		this.#titleBefore = null;
	}

	#post(message: Message): void {
		try {
			this.#channel?.postMessage(message);
		} catch (error) {
			handleError(error, 'other-tabs');
		}
	}
}

/** The device's tabs, as this tab sees them. */
export const otherTabs = new OtherTabs();
