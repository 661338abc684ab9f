import { describe, expect, it } from 'vitest';
import { toTsv } from './tsv';

describe('toTsv', () => {
	it('joins cells with tabs and rows with line breaks, flattening whitespace inside a cell', () => {
		expect(
			toTsv([
				['Participant', 'Interval 1'],
				['Ask', '▼ 50 %\n mostly under\tthe band']
			])
		).toBe('Participant\tInterval 1\nAsk\t▼ 50 % mostly under the band');
	});
});
