import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	encodeHeartRateMeasurement,
	parseHeartRateMeasurement,
	type HeartRateMeasurement
} from './heart-rate';
import { hexBytes, hexView } from './testing/hex';

const parse = (hex: string) => parseHeartRateMeasurement(hexView(hex));

describe('parseHeartRateMeasurement', () => {
	it('reads a plain uint8 heart rate', () => {
		expect(parse('00 48')).toEqual({ bpm: 72, contact: 'unsupported', rrMs: [] });
	});

	it('reads a uint16 little-endian heart rate when flag bit 0 is set', () => {
		expect(parse('01 48 00')).toMatchObject({ bpm: 72 });
		expect(parse('01 2c 01')).toMatchObject({ bpm: 300 });
		expect(parse('01 ff ff')).toMatchObject({ bpm: 65535 });
	});

	it('reads sensor contact from bits 1–2, where bit 2 = 0 means "not supported"', () => {
		expect(parse('00 48')?.contact).toBe('unsupported');
		expect(parse('02 48')?.contact).toBe('unsupported');
		expect(parse('04 48')?.contact).toBe('not-detected');
		expect(parse('06 48')?.contact).toBe('detected');
	});

	it('reads Energy Expended (kJ) when flag bit 3 is set', () => {
		expect(parse('08 48 e8 03')).toEqual({
			bpm: 72,
			contact: 'unsupported',
			energyExpended: 1000,
			rrMs: []
		});
	});

	it('converts RR intervals from 1/1024 s to milliseconds', () => {
		expect(parse('10 48 00 04')?.rrMs).toEqual([1000]);
		expect(parse('10 48 00 02')?.rrMs).toEqual([500]);
		expect(parse('10 48 01 00')?.rrMs).toEqual([1000 / 1024]);
		expect(parse('10 48 33 03')?.rrMs).toEqual([(0x333 * 1000) / 1024]);
		expect(parse('10 48 ff ff')?.rrMs).toEqual([(0xffff * 1000) / 1024]);
	});

	it('keeps several RR intervals in the order sent', () => {
		expect(parse('10 48 00 04 00 02 00 03')?.rrMs).toEqual([1000, 500, 750]);
	});

	it('reads every field at once: uint16 HR, contact, energy, RR', () => {
		expect(parse('1f 2c 01 e8 03 00 04 00 02')).toEqual({
			bpm: 300,
			contact: 'detected',
			energyExpended: 1000,
			rrMs: [1000, 500]
		});
	});

	it('ignores reserved bits 5–7', () => {
		expect(parse('e0 48')).toEqual(parse('00 48'));
		expect(parse('ff 2c 01 e8 03 00 04')).toEqual(parse('1f 2c 01 e8 03 00 04'));
	});

	it('handles every combination of the five defined flag bits', () => {
		for (let flags = 0; flags < 32; flags++) {
			const wide = (flags & 0x01) !== 0;
			const bytes = [flags, ...(wide ? [0xb4, 0x00] : [0xb4])];
			if (flags & 0x08) bytes.push(0x10, 0x00);
			if (flags & 0x10) bytes.push(0x00, 0x02);
			const expected: HeartRateMeasurement = {
				bpm: 180,
				contact: flags & 0x04 ? (flags & 0x02 ? 'detected' : 'not-detected') : 'unsupported',
				rrMs: flags & 0x10 ? [500] : []
			};
			if (flags & 0x08) expected.energyExpended = 16;
			const view = new DataView(new Uint8Array(bytes).buffer);
			expect(parseHeartRateMeasurement(view), `flags 0x${flags.toString(16)}`).toEqual(expected);
		}
	});

	it('respects a DataView that starts inside a larger buffer and ignores bytes past its end', () => {
		const buffer = new Uint8Array(hexBytes('ff ff 10 48 00 04 00 08 ff')).buffer;
		const view = new DataView(buffer, 2, 4);
		expect(parseHeartRateMeasurement(view)).toEqual({
			bpm: 72,
			contact: 'unsupported',
			rrMs: [1000]
		});
	});

	it('ignores a dangling odd byte after the RR intervals', () => {
		expect(parse('10 48 00 04 07')?.rrMs).toEqual([1000]);
		expect(parse('10 48 07')?.rrMs).toEqual([]);
	});

	it('returns null for an empty value', () => {
		expect(parse('')).toBeNull();
	});

	it('returns null when the heart-rate field is cut short', () => {
		expect(parse('00')).toBeNull();
		expect(parse('01')).toBeNull();
		expect(parse('01 48')).toBeNull();
	});

	it('returns null when an announced Energy Expended field is cut short', () => {
		expect(parse('08 48')).toBeNull();
		expect(parse('08 48 e8')).toBeNull();
		expect(parse('09 48 00 e8')).toBeNull();
		expect(parse('18 48 e8')).toBeNull();
	});
});

describe('encodeHeartRateMeasurement', () => {
	it('writes the smallest packet a strap would send', () => {
		expect([...encodeHeartRateMeasurement({ bpm: 72, contact: 'unsupported', rrMs: [] })]).toEqual(
			hexBytes('00 48')
		);
		expect([
			...encodeHeartRateMeasurement({
				bpm: 300,
				contact: 'detected',
				energyExpended: 1000,
				rrMs: [1000, 500]
			})
		]).toEqual(hexBytes('1f 2c 01 e8 03 00 04 00 02'));
	});

	it('saturates Energy Expended at 0xffff as the specification says', () => {
		const bytes = encodeHeartRateMeasurement({
			bpm: 72,
			contact: 'unsupported',
			energyExpended: 70_000,
			rrMs: []
		});
		expect([...bytes]).toEqual(hexBytes('08 48 ff ff'));
	});

	it('round-trips through the parser (RR within half a 1/1024 s tick)', () => {
		const measurement = fc.record(
			{
				bpm: fc.integer({ min: 0, max: 0xffff }),
				contact: fc.constantFrom(
					'detected' as const,
					'not-detected' as const,
					'unsupported' as const
				),
				energyExpended: fc.integer({ min: 0, max: 0xffff }),
				rrMs: fc.array(fc.double({ min: 0, max: 63_999, noNaN: true }), { maxLength: 8 })
			},
			{ requiredKeys: ['bpm', 'contact', 'rrMs'] }
		);
		fc.assert(
			fc.property(measurement, (m) => {
				const parsed = parseHeartRateMeasurement(
					new DataView(encodeHeartRateMeasurement(m).buffer)
				);
				expect(parsed).toMatchObject({ bpm: m.bpm, contact: m.contact });
				expect(parsed?.energyExpended).toBe(m.energyExpended);
				expect(parsed?.rrMs).toHaveLength(m.rrMs.length);
				parsed?.rrMs.forEach((ms, i) =>
					expect(Math.abs(ms - (m.rrMs[i] ?? NaN))).toBeLessThanOrEqual(0.5 * (1000 / 1024) + 1e-9)
				);
			})
		);
	});

	it('re-encodes any canonical packet to the same bytes', () => {
		for (const hex of ['00 48', '06 b4', '04 3c', '16 96 00 04 33 03', '1d 2c 01 10 00 00 02']) {
			const parsed = parse(hex);
			expect(parsed).not.toBeNull();
			if (parsed) expect([...encodeHeartRateMeasurement(parsed)]).toEqual(hexBytes(hex));
		}
	});
});
