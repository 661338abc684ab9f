/** Body Sensor Location (GATT characteristic 0x2A38): where the strap says it is worn. */

/** A sensor position from the Heart Rate Service specification. */
export type BodyLocation = 'other' | 'chest' | 'wrist' | 'finger' | 'hand' | 'ear-lobe' | 'foot';

// Index = the code the strap sends.
const LOCATIONS: readonly BodyLocation[] = [
	'other',
	'chest',
	'wrist',
	'finger',
	'hand',
	'ear-lobe',
	'foot'
];

/** Decodes a Body Sensor Location value; returns null for an empty value or a reserved code. */
export function parseBodySensorLocation(value: DataView): BodyLocation | null {
	if (value.byteLength < 1) return null;
	return LOCATIONS[value.getUint8(0)] ?? null;
}
