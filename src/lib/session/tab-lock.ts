/**
 * One running session per device: the tab that records it holds a Web Lock for as long as it
 * records. The lock is released when the session ends, or by the browser when that tab closes or
 * crashes, so "is a session alive in another tab?" has an answer that cannot go stale.
 *
 * Framework-free: the lock manager is a parameter, so browsers without Web Locks (and unit tests)
 * get the same code with `null` (then every tab may record: the best that can be done there).
 */

/** The lock's name, shared by every tab of the origin. */
export const SESSION_LOCK = 'pulsklar:session';

/** The part of `navigator.locks` used here. */
export type Locks = Pick<LockManager, 'request' | 'query'>;

function browserLocks(): Locks | null {
	return typeof navigator !== 'undefined' && navigator.locks ? navigator.locks : null;
}

/** This tab's hold on the device's one session lock. */
export class SessionLock {
	#release: (() => void) | null = null;

	constructor(private readonly locks: Locks | null = browserLocks()) {}

	/**
	 * Takes the lock if no other tab holds it; true when this tab now owns the session. Held until
	 * `release()` or until the tab goes away.
	 */
	async acquire(): Promise<boolean> {
		if (this.#release) return true;
		const locks = this.locks;
		if (!locks) return true;
		for (let attempt = 0; attempt < 2; attempt++) {
			const got = await new Promise<boolean>((resolve, reject) => {
				locks
					.request(SESSION_LOCK, { ifAvailable: true }, (lock) => {
						if (!lock) {
							resolve(false);
							return undefined;
						}
						resolve(true);
						return new Promise<void>((release) => (this.#release = release));
					})
					.catch(reject);
			});
			if (got) return true;
			// A tab waiting in whenFree() holds the lock for a moment when it is handed over: a
			// second try a little later tells that apart from an owner that records.
			if (attempt === 0) await new Promise((resolve) => setTimeout(resolve, 100));
		}
		return false;
	}

	/** Lets go of the lock (the session ended or was never started). */
	release(): void {
		this.#release?.();
		this.#release = null;
	}

	/** Whether another tab of this origin holds the lock now. */
	async heldElsewhere(): Promise<boolean> {
		if (this.#release || !this.locks) return false;
		const state = await this.locks.query();
		return (state.held ?? []).some((lock) => lock.name === SESSION_LOCK);
	}

	/**
	 * Calls `onFree` once the lock is free: the owning tab ended its session, closed or crashed.
	 * Returns a function that stops waiting.
	 */
	whenFree(onFree: () => void): () => void {
		const locks = this.locks;
		if (!locks) return () => undefined;
		const controller = new AbortController();
		// Shared mode: waiting tabs do not queue behind each other; the callback returns at once,
		// so the lock is free again for whichever tab resumes.
		// `onFree` runs once the request has let go again: while it is held, this tab would see
		// the lock as held.
		locks
			.request(SESSION_LOCK, { mode: 'shared', signal: controller.signal }, () => undefined)
			.then(onFree, () => undefined);
		return () => controller.abort();
	}
}
