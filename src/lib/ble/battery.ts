/** Battery Level (GATT characteristic 0x2A19): one uint8 percentage. */

/** Decodes a Battery Level value (0–100); returns null when empty or out of range. */
export function parseBatteryLevel(value: DataView): number | null {
	if (value.byteLength < 1) return null;
	const level = value.getUint8(0);
	// The SIG defines 101–255 as reserved; a strap sending them is broken, not "more than full".
	return level <= 100 ? level : null;
}
