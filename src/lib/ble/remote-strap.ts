import { SourceEvents } from './listeners';
import type { HeartRateReading, HeartRateSource, SourceState } from './source';

/**
 * A strap paired on another device (a hub) whose readings arrive through the clinic server. To the
 * live session it is a heart-rate source like any other: readings, status, and a connection
 * history in which a hub that goes quiet is a drop and its return a restore, so the tile shows
 * "—" and the recorder marks the gap, never a stale number.
 */
export class RemoteStrap extends SourceEvents implements HeartRateSource {
	#state: SourceState = 'connecting';
	#lastAt = -Infinity;
	#droppedAt: number | null = null;
	#closed = false;

	constructor(
		readonly id: string,
		readonly name: string,
		/** The hub's device name (the tile says where the strap is). */
		public hub: string
	) {
		super();
	}

	get state(): SourceState {
		return this.#state;
	}

	/** Battery levels stay on the hub (its own tiles show them). */
	get battery(): number | null {
		return null;
	}

	/** Whether the hub is heard from (false: the hub is gone, its people show `hub-offline`). */
	get hubOnline(): boolean {
		return this.#state !== 'disconnected';
	}

	/**
	 * Readings the hub forwarded, in time order. Only those newer than the last one go on (a
	 * block is re-sent as it fills); readings older than `oldestLive` (a hub's backlog after a gap)
	 * are for the stored session, which gets them from the hub's own recording, not the live view.
	 */
	accept(readings: readonly HeartRateReading[], oldestLive = -Infinity): number {
		if (this.#closed) return 0;
		let emitted = 0;
		for (const reading of readings) {
			if (reading.at <= this.#lastAt) continue;
			this.#lastAt = reading.at;
			if (reading.at < oldestLive) continue;
			emitted++;
			this.emitReading(reading);
		}
		return emitted;
	}

	/** The hub was heard from (`true`) or has been silent too long (`false`), at `at`. */
	setHubOnline(online: boolean, at: number): void {
		if (this.#closed) return;
		if (online && this.#state !== 'connected') {
			const wasDown = this.#droppedAt;
			this.#state = 'connected';
			this.#droppedAt = null;
			this.emitConnection(
				wasDown === null ? { type: 'connected', at } : { type: 'restored', at, gapStart: wasDown }
			);
			this.emitStatus();
		} else if (!online && this.#state !== 'disconnected') {
			this.#state = 'disconnected';
			this.#droppedAt = at;
			this.emitConnection({ type: 'dropped', at });
			this.emitStatus();
		}
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#state = 'disconnected';
		this.emitConnection({ type: 'closed', at: Date.now() });
		this.emitStatus();
	}
}
