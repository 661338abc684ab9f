import { Listeners } from '$lib/ble/listeners';

/**
 * Whether a session is running in this tab (the update prompt waits while it is), and the news
 * that one has ended. Session only says that a session is closed; what follows (Report's
 * tidying) is started by the app shell, so Session never calls Report to write.
 */
class ActiveSession {
	running = $state(false);
	readonly #ended = new Listeners<[sessionId: string]>();
	readonly #stored = new Listeners<[]>();

	/** Calls `listener` each time the running session stored readings from this device's straps. */
	onStored(listener: () => void): () => void {
		return this.#stored.add(listener);
	}

	/** Says that the running session stored readings of its own (not a hub's, heard remotely). */
	stored(): void {
		this.#stored.emit();
	}

	/** Calls `listener` with each session this tab closes in storage; returns the unsubscribe. */
	onEnded(listener: (sessionId: string) => void): () => void {
		return this.#ended.add(listener);
	}

	/** Says that a session's record is closed (finished, or an interrupted one ended). */
	ended(sessionId: string): void {
		this.#ended.emit(sessionId);
	}
}

/** The tab's one running-session flag. */
export const activeSession = new ActiveSession();
