import { describe, expect, it } from 'vitest';
import { attentionRank, orderTiles } from './attention-order';
import type { TileFlag } from './live-participant.svelte';

const tile = (id: string, ...flags: TileFlag[]) => ({ id, flags });
const ids = (tiles: readonly { id: string }[]) => tiles.map((t) => t.id);

describe('needs-attention-first ordering', () => {
	const roster = [
		tile('Ask'),
		tile('Bjørk', 'no-signal'),
		tile('Eik', 'under'),
		tile('Furu', 'over'),
		tile('Gran', 'above-max', 'over'),
		tile('Hegg', 'under', 'low-battery'),
		tile('Lind', 'low-battery'),
		tile('Osp', 'above-max')
	];

	it('keeps the roster order when off, whatever the flags say', () => {
		expect(orderTiles(roster, false)).toBe(roster);
	});

	it('puts above max, then under, then no signal first, the roster order within each group', () => {
		expect(ids(orderTiles(roster, true))).toEqual([
			'Gran',
			'Osp',
			'Eik',
			'Hegg',
			'Bjørk',
			'Ask',
			'Furu',
			'Lind'
		]);
	});

	it('moves only the tile whose flags changed', () => {
		const before = ids(orderTiles(roster, true));
		const changed = roster.map((t) => (t.id === 'Eik' ? tile('Eik') : t));
		const after = ids(orderTiles(changed, true));
		// Eik rejoins the rest in roster place: after Ask, before Furu.
		expect(after).toEqual(['Gran', 'Osp', 'Hegg', 'Bjørk', 'Ask', 'Eik', 'Furu', 'Lind']);
		// Everyone else keeps their relative order.
		expect(after.filter((id) => id !== 'Eik')).toEqual(before.filter((id) => id !== 'Eik'));
	});

	it('does not change the list it is given', () => {
		const copy = [...roster];
		orderTiles(roster, true);
		expect(roster).toEqual(copy);
	});

	it('ranks a tile by its most urgent flag', () => {
		expect(attentionRank(['no-signal', 'under'])).toBe(1);
		expect(attentionRank(['no-signal', 'above-max'])).toBe(0);
		expect(attentionRank(['over', 'no-contact', 'reconnecting', 'low-battery'])).toBe(3);
		expect(attentionRank([])).toBe(3);
	});
});
