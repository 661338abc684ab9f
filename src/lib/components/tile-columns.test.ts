import { describe, expect, it } from 'vitest';
import { tileColumns, type TileFit } from './tile-columns';

const large: TileFit = { minWidth: 230, minHeight: 120, aspect: 1.5, gap: 8 };
const compact: TileFit = { minWidth: 170, minHeight: 112, aspect: 1.6, gap: 8 };

describe('tileColumns', () => {
	it('gives one person the whole box', () => {
		expect(tileColumns(1, 1264, 470, large)).toBe(1);
	});

	it('puts 8 people on a landscape tablet in two rows of four', () => {
		expect(tileColumns(8, 1264, 470, large)).toBe(4);
	});

	it('prefers fewer, wider columns when more would not make the tiles taller (16 → 4 × 4)', () => {
		// 5 columns need 4 rows too: no taller, only narrower.
		expect(tileColumns(16, 1264, 650, large)).toBe(4);
	});

	it('fits 30 compact tiles on a landscape tablet in rows that need no scrolling', () => {
		const columns = tileColumns(30, 1264, 650, compact);
		const rows = Math.ceil(30 / columns);
		expect(rows * compact.minHeight + (rows - 1) * compact.gap).toBeLessThanOrEqual(650);
		expect(columns).toBe(6);
	});

	it('gives a portrait tablet fewer columns than a landscape one', () => {
		expect(tileColumns(8, 784, 910, large)).toBe(2);
		expect(tileColumns(16, 784, 910, large)).toBe(3);
	});

	it('when nothing fits, takes the fewest rows its tiles may be narrowed to (least scrolling)', () => {
		// 40 people: no column count fits 650 px; 7 columns of ≥ 170 px give 6 rows.
		expect(tileColumns(40, 1264, 650, compact)).toBe(7);
	});

	it('never goes below the narrowest tile, however many people', () => {
		expect(tileColumns(60, 374, 600, large)).toBe(1);
	});
});
