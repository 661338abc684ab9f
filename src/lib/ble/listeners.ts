/** A set of listener callbacks, as used by HeartRateSource's `onReading`/`onStatus`. */
export class Listeners<A extends unknown[]> {
	readonly #listeners = new Set<(...args: A) => void>();

	/** Adds a listener; returns the function that removes it. */
	add(listener: (...args: A) => void): () => void {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	}

	/** Calls every listener; one that throws does not stop the others. */
	emit(...args: A): void {
		for (const listener of [...this.#listeners]) {
			try {
				listener(...args);
			} catch (error) {
				// One broken subscriber must not starve the others or the strap; still surface it.
				queueMicrotask(() => {
					throw error;
				});
			}
		}
	}
}
