import type { HeartRateMeasurement } from './heart-rate';

/** Connection state of a heart-rate source, as shown on a participant tile. */
export type SourceState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** One decoded reading with the instant (ms, app clock) it arrived. */
export interface HeartRateReading extends HeartRateMeasurement {
	at: number;
}

/**
 * Anything that yields Heart Rate Measurement packets: a real strap or a simulated one.
 * Both deliver raw GATT bytes through the same parser, so the rest of the app cannot tell them apart.
 */
export interface HeartRateSource {
	/** Stable id (Bluetooth device id, or `sim:<n>` for simulated straps). */
	readonly id: string;
	readonly name: string;
	readonly state: SourceState;
	/** Battery level 0–100, or null when unknown. */
	readonly battery: number | null;
	/** Subscribes to readings; returns an unsubscribe function. */
	onReading(listener: (reading: HeartRateReading) => void): () => void;
	/** Subscribes to state and battery changes; returns an unsubscribe function. */
	onStatus(listener: () => void): () => void;
	/** Stops the source and releases its connection. */
	close(): void;
}
