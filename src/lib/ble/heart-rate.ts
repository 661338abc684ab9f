/**
 * Heart Rate Measurement (GATT characteristic 0x2A37) parser and encoder.
 * Layout: flags, HR (uint8 | uint16 LE), [energy expended uint16], [RR uint16 LE in 1/1024 s]...
 */

import type { Contact } from '$lib/workout/types';

/**
 * One decoded Heart Rate Measurement notification: the packet as the strap sent it, before it has
 * an arrival time (with one it becomes the engine's `HeartRateReading`).
 */
export interface HeartRateMeasurement {
	bpm: number;
	contact: Contact;
	/** Raw Energy Expended field (kJ) when flag bit 3 is set. */
	energyExpended?: number;
	/** RR intervals in milliseconds, in the order the strap sent them. */
	rrMs: number[];
}

const FLAG_UINT16 = 0x01;
const FLAG_CONTACT_DETECTED = 0x02;
const FLAG_CONTACT_SUPPORTED = 0x04;
const FLAG_ENERGY = 0x08;
const FLAG_RR = 0x10;

/** Decodes a Heart Rate Measurement value; returns null when the packet is malformed. */
export function parseHeartRateMeasurement(value: DataView): HeartRateMeasurement | null {
	const length = value.byteLength;
	if (length < 1) return null;
	const flags = value.getUint8(0);
	let offset = 1;
	let bpm: number;
	if (flags & FLAG_UINT16) {
		if (length < offset + 2) return null;
		bpm = value.getUint16(offset, true);
		offset += 2;
	} else {
		if (length < offset + 1) return null;
		bpm = value.getUint8(offset);
		offset += 1;
	}
	const contact: Contact =
		flags & FLAG_CONTACT_SUPPORTED
			? flags & FLAG_CONTACT_DETECTED
				? 'detected'
				: 'not-detected'
			: 'unsupported';
	const result: HeartRateMeasurement = { bpm, contact, rrMs: [] };
	if (flags & FLAG_ENERGY) {
		if (length < offset + 2) return null;
		result.energyExpended = value.getUint16(offset, true);
		offset += 2;
	}
	if (flags & FLAG_RR) {
		// A dangling odd byte is not a whole RR value and is ignored.
		for (; offset + 2 <= length; offset += 2) {
			result.rrMs.push((value.getUint16(offset, true) * 1000) / 1024);
		}
	}
	return result;
}

/** Encodes a measurement into the bytes a strap would notify (used by simulated straps and tests). */
export function encodeHeartRateMeasurement(m: HeartRateMeasurement): Uint8Array {
	const wide = m.bpm > 255;
	const rr = m.rrMs.map((ms) => Math.min(0xffff, Math.round((ms * 1024) / 1000)));
	let flags = wide ? FLAG_UINT16 : 0;
	if (m.contact !== 'unsupported') flags |= FLAG_CONTACT_SUPPORTED;
	if (m.contact === 'detected') flags |= FLAG_CONTACT_DETECTED;
	if (m.energyExpended !== undefined) flags |= FLAG_ENERGY;
	if (rr.length > 0) flags |= FLAG_RR;
	const size = 1 + (wide ? 2 : 1) + (m.energyExpended !== undefined ? 2 : 0) + rr.length * 2;
	const bytes = new Uint8Array(size);
	const view = new DataView(bytes.buffer);
	view.setUint8(0, flags);
	let offset = 1;
	if (wide) {
		view.setUint16(offset, m.bpm, true);
		offset += 2;
	} else {
		view.setUint8(offset, m.bpm);
		offset += 1;
	}
	if (m.energyExpended !== undefined) {
		// The field saturates at 0xffff (SIG); setUint16 alone would wrap around to a small value.
		view.setUint16(offset, Math.min(0xffff, m.energyExpended), true);
		offset += 2;
	}
	for (const value of rr) {
		view.setUint16(offset, value, true);
		offset += 2;
	}
	return bytes;
}
