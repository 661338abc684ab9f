import type { ConnectionEvent, HeartRateReading } from './source';

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

/**
 * The three subscriptions every heart-rate source offers (readings, status, connection history),
 * written once: a strap, a simulated strap (and later a hub's forwarded strap) extend this and
 * emit through the protected methods.
 */
export abstract class SourceEvents {
	readonly #readings = new Listeners<[HeartRateReading]>();
	readonly #status = new Listeners<[]>();
	readonly #connection = new Listeners<[ConnectionEvent]>();

	/** Subscribes to readings; returns an unsubscribe function. */
	onReading(listener: (reading: HeartRateReading) => void): () => void {
		return this.#readings.add(listener);
	}

	/** Subscribes to state and battery changes; returns an unsubscribe function. */
	onStatus(listener: () => void): () => void {
		return this.#status.add(listener);
	}

	/** Subscribes to connection history (drops and restores mark gaps); returns an unsubscribe. */
	onConnection(listener: (event: ConnectionEvent) => void): () => void {
		return this.#connection.add(listener);
	}

	protected emitReading(reading: HeartRateReading): void {
		this.#readings.emit(reading);
	}

	protected emitStatus(): void {
		this.#status.emit();
	}

	protected emitConnection(event: ConnectionEvent): void {
		this.#connection.emit(event);
	}
}
