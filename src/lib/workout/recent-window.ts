import type { At, Ms } from './types';

/** One point of a sparkline. */
export interface TimedValue {
	at: At;
	value: number;
}

/**
 * A fixed-capacity ring buffer of recent values (the sparkline's last 2 minutes). Pushing is O(1)
 * and never allocates; reading copies only the points inside the window.
 */
export class RecentWindow {
	readonly #times: Float64Array;
	readonly #values: Float64Array;
	#start = 0;
	#size = 0;

	constructor(
		readonly windowMs: Ms,
		capacity: number
	) {
		this.#times = new Float64Array(capacity);
		this.#values = new Float64Array(capacity);
	}

	/** Appends a value; the oldest point is overwritten when the buffer is full. */
	push(at: At, value: number): void {
		const capacity = this.#times.length;
		if (capacity === 0) return;
		const slot = (this.#start + this.#size) % capacity;
		this.#times[slot] = at;
		this.#values[slot] = value;
		if (this.#size < capacity) this.#size++;
		else this.#start = (this.#start + 1) % capacity;
	}

	/** Calls `fn` for every point after `after`, oldest first, without allocating. */
	forEachSince(after: At, fn: (at: At, value: number) => void): void {
		const capacity = this.#times.length;
		for (let i = 0; i < this.#size; i++) {
			const slot = (this.#start + i) % capacity;
			const at = this.#times[slot] ?? 0;
			if (at > after) fn(at, this.#values[slot] ?? 0);
		}
	}

	/** Points in (now − window, now], oldest first. */
	valuesAt(now: At): TimedValue[] {
		const capacity = this.#times.length;
		const points: TimedValue[] = [];
		for (let i = 0; i < this.#size; i++) {
			const slot = (this.#start + i) % capacity;
			const at = this.#times[slot] ?? 0;
			if (at > now - this.windowMs && at <= now)
				points.push({ at, value: this.#values[slot] ?? 0 });
		}
		return points;
	}
}
