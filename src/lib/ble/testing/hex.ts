/** Test helpers for writing GATT values as hex, the way packet captures show them. */

/** Bytes from a hex string such as '16 48 00 04' (spaces optional). */
export function hexBytes(hex: string): number[] {
	const digits = hex.replace(/\s+/g, '');
	if (digits.length % 2 !== 0) throw new Error(`odd hex length: ${hex}`);
	const bytes: number[] = [];
	for (let i = 0; i < digits.length; i += 2) bytes.push(parseInt(digits.slice(i, i + 2), 16));
	return bytes;
}

/** A DataView over the bytes of a hex string, as a characteristic's `value` would be. */
export function hexView(hex: string): DataView {
	return new DataView(new Uint8Array(hexBytes(hex)).buffer);
}
