/** Exponential backoff for reconnecting a strap: 1 s, 2 s, 4 s … capped at 30 s, forever. */

/** Shape of a backoff schedule; every field has a default. */
export interface BackoffOptions {
	/** Delay before the first retry (ms). */
	initialMs?: number;
	/** Growth per failed attempt. */
	factor?: number;
	/** Upper bound for any delay (ms). */
	maxMs?: number;
}

/** The defaults: a strap back in range is found within 30 s, without hammering the adapter. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = {
	initialMs: 1000,
	factor: 2,
	maxMs: 30_000
};

/** Delay (ms) before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
	const { initialMs, factor, maxMs } = { ...DEFAULT_BACKOFF, ...options };
	// Math.min keeps huge attempt counts finite (factor ** 2000 is Infinity, the cap is not).
	return Math.min(maxMs, initialMs * factor ** Math.max(0, attempt));
}

/**
 * A running schedule. There is deliberately no attempt limit: a participant walking back into
 * range after ten minutes must reconnect without anyone touching the tablet.
 */
export class Backoff {
	#attempt = 0;
	readonly #options: BackoffOptions;

	/** Starts a schedule at its first delay. */
	constructor(options: BackoffOptions = {}) {
		this.#options = options;
	}

	/** Number of delays handed out since the last reset. */
	get attempt(): number {
		return this.#attempt;
	}

	/** Returns the next delay and advances the schedule. */
	next(): number {
		return backoffDelay(this.#attempt++, this.#options);
	}

	/** Starts over after a success, so the next drop retries quickly again. */
	reset(): void {
		this.#attempt = 0;
	}
}
