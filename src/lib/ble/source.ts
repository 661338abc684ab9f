import type { HeartRateReading } from '$lib/workout/types';
import type { BluetoothErrorCode } from './errors';

export type { HeartRateReading } from '$lib/workout/types';

/** Connection state of a heart-rate source, as shown on a participant tile. */
export type SourceState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/**
 * Connection history, for the recorder: a `dropped` … `restored` pair brackets a gap in the data
 * (`gapStart` is when the data stopped: the drop, or when a remembered strap began reconnecting).
 */
export type ConnectionEvent =
	| { type: 'connected'; at: number }
	| { type: 'dropped'; at: number }
	| {
			type: 'retry-failed';
			at: number;
			attempt: number;
			code: BluetoothErrorCode;
			retryInMs: number;
	  }
	| { type: 'restored'; at: number; gapStart: number }
	| { type: 'closed'; at: number };

/**
 * Anything that yields heart-rate readings: a real strap, a simulated one (both deliver raw GATT
 * bytes through the same parser), or later a hub's forwarded strap. The rest of the app cannot tell
 * them apart.
 */
export interface HeartRateSource {
	/** Stable id (Bluetooth device id, or `sim:<n>` for simulated straps). */
	readonly id: string;
	readonly name: string;
	readonly state: SourceState;
	/** Battery level 0–100, or null when unknown. */
	readonly battery: number | null;
	/** A strap paired on another device (a hub): that device's name, shown on the tile. */
	readonly hub?: string;
	/** A hub's strap: false while that device is not heard (its people show `hub-offline`). */
	readonly hubOnline?: boolean;
	/** Subscribes to readings; returns an unsubscribe function. */
	onReading(listener: (reading: HeartRateReading) => void): () => void;
	/** Subscribes to state and battery changes; returns an unsubscribe function. */
	onStatus(listener: () => void): () => void;
	/** Subscribes to connection history (drops and restores); returns an unsubscribe function. */
	onConnection(listener: (event: ConnectionEvent) => void): () => void;
	/** Stops the source and releases its connection. */
	close(): void;
}
