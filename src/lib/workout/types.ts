/**
 * Units used across the engine. Plain number aliases rather than brands: they document intent in
 * every signature without forcing casts on callers that read numbers from storage.
 */

/** A duration in milliseconds. */
export type Ms = number;

/** An instant on the app clock in milliseconds (whatever `Date.now()` or a test clock says). */
export type At = number;

/** Heart rate in beats per minute. */
export type Bpm = number;

/** A share of the participant's maximal heart rate, 0–100 (may exceed 100 above HRmax). */
export type PercentHrMax = number;

/** A share 0..1. */
export type Fraction = number;

/** One second in milliseconds. */
export const SECOND: Ms = 1000;

/** One minute in milliseconds. */
export const MINUTE: Ms = 60 * SECOND;

/** Skin contact as a strap reports it (the Heart Rate Measurement flags, bits 1–2). */
export type Contact = 'detected' | 'not-detected' | 'unsupported';

/**
 * One heart-rate reading: a strap's packet stamped with the instant it arrived on this device.
 * The one name a reading has from the source to the store: a strap, a simulated strap or a hub
 * hands these over, the engine judges them, the recorder stores them (the Bluetooth layer's
 * `HeartRateMeasurement` is the packet before it has a time; the store's `SampleChunk` is many
 * readings packed into one row).
 */
export interface HeartRateReading {
	at: At;
	bpm: Bpm;
	contact: Contact;
	/** RR intervals in ms as the strap sent them (empty or absent when it sends none). */
	rrMs?: readonly Ms[];
}
