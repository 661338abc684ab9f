/** Timers that only fire when a test says so, to step through backoff schedules. */
import type { Timers } from '../timers';

interface Scheduled {
	handle: number;
	callback: () => void;
	ms: number;
}

/** A Timers implementation that records delays and runs callbacks on demand. */
export class ManualTimers implements Timers {
	#next = 1;
	#scheduled: Scheduled[] = [];

	/** Delays (ms) of the timers still waiting, oldest first. */
	get pending(): number[] {
		return this.#scheduled.map((timer) => timer.ms);
	}

	/** Schedules `callback`; it runs only through `fire()`. */
	setTimeout(callback: () => void, ms: number): unknown {
		const handle = this.#next++;
		this.#scheduled.push({ handle, callback, ms });
		return handle;
	}

	/** Cancels a scheduled callback. */
	clearTimeout(handle: unknown): void {
		this.#scheduled = this.#scheduled.filter((timer) => timer.handle !== handle);
	}

	/** Runs the oldest waiting timer whose delay is at least `minMs`; returns its delay. */
	fire(minMs = 0): number {
		const timer = this.#scheduled.find((t) => t.ms >= minMs);
		if (!timer) throw new Error(`no timer of ≥ ${minMs} ms is waiting`);
		this.clearTimeout(timer.handle);
		timer.callback();
		return timer.ms;
	}
}
