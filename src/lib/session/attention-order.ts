import type { TileFlag } from './live-participant.svelte';

/**
 * How urgently a tile needs the instructor, from its flags: above max first (a safety matter),
 * then under target, then no signal (a strap to check); everyone else after them.
 */
export function attentionRank(flags: readonly TileFlag[]): number {
	if (flags.includes('above-max')) return 0;
	if (flags.includes('under')) return 1;
	if (flags.includes('no-signal')) return 2;
	return 3;
}

/**
 * The order tiles are shown in. Off (the default), it is the roster order, so people never move.
 * On, tiles that need attention come first; within each group the roster order holds (the sort
 * is stable), so a tile only moves when its own flags change, not when someone else's do.
 */
export function orderTiles<T extends { readonly flags: readonly TileFlag[] }>(
	tiles: readonly T[],
	attentionFirst: boolean
): readonly T[] {
	if (!attentionFirst) return tiles;
	return tiles
		.map((tile, index) => ({ tile, index, rank: attentionRank(tile.flags) }))
		.sort((a, b) => a.rank - b.rank || a.index - b.index)
		.map(({ tile }) => tile);
}
