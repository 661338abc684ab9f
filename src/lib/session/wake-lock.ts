/**
 * Keeps the screen on while a session runs. The browser drops the lock when the page is hidden,
 * so it is requested again whenever the page becomes visible.
 */
export class ScreenWakeLock {
	#sentinel: WakeLockSentinel | null = null;
	#wanted = false;

	readonly #onVisibility = () => {
		if (this.#wanted && document.visibilityState === 'visible') void this.#acquire();
	};

	/** Starts holding the screen on. */
	async hold(): Promise<void> {
		this.#wanted = true;
		// Outside a page (unit tests of the session) there is no screen to keep on.
		if (typeof document === 'undefined') return;
		document.addEventListener('visibilitychange', this.#onVisibility);
		await this.#acquire();
	}

	/** Lets the screen sleep again. */
	async release(): Promise<void> {
		this.#wanted = false;
		if (typeof document === 'undefined') return;
		document.removeEventListener('visibilitychange', this.#onVisibility);
		const sentinel = this.#sentinel;
		this.#sentinel = null;
		await sentinel?.release().catch(() => undefined);
	}

	/** Whether the lock is currently held. */
	get held(): boolean {
		return this.#sentinel !== null && !this.#sentinel.released;
	}

	async #acquire(): Promise<void> {
		if (!('wakeLock' in navigator) || this.held) return;
		try {
			this.#sentinel = await navigator.wakeLock.request('screen');
		} catch {
			// Refused (battery saver, hidden page): the session runs on; the screen may dim.
			this.#sentinel = null;
		}
	}
}
