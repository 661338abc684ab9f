/**
 * Serializes GATT operations. Browsers (and Android's stack in particular) fail or drop requests
 * when two GATT operations run at once on one adapter, so every connect, discovery, read and
 * subscription of every strap goes through one queue.
 */
export class GattQueue {
	// Settles when the last queued operation has settled; never rejects.
	#tail: Promise<void> = Promise.resolve();
	#pending = 0;

	/** Operations queued or running. */
	get pending(): number {
		return this.#pending;
	}

	/**
	 * Runs `operation` after every earlier one has settled (FIFO). Its result or error belongs to
	 * the returned promise only: a failing operation does not stop the queue.
	 */
	run<T>(operation: () => Promise<T>): Promise<T> {
		this.#pending++;
		const result = this.#tail.then(operation).finally(() => {
			this.#pending--;
		});
		this.#tail = result.then(
			() => undefined,
			() => undefined
		);
		return result;
	}
}

/** The queue shared by all straps on this device's one Bluetooth adapter. */
export const gattQueue = new GattQueue();
