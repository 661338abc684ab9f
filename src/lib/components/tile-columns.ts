/** How a class's tiles share the grid's box: the narrowest and shortest a tile may be, and its shape. */
export interface TileFit {
	/** Narrower than this a tile is not used (the next smaller column count is). */
	minWidth: number;
	/** Shorter than this the rows do not fit, and the grid scrolls instead. */
	minHeight: number;
	/** The width : height a tile reads best at (its number beside its side column). */
	aspect: number;
	/** Space between tiles, in px. */
	gap: number;
}

/**
 * The column count for `count` tiles in a `width` × `height` box: of the counts whose rows fit
 * without scrolling, the one giving the biggest tile of the wanted shape (fewer columns on a tie);
 * when none fits, the one with the fewest rows (the least to scroll).
 */
export function tileColumns(count: number, width: number, height: number, fit: TileFit): number {
	const n = Math.max(1, count);
	let best = { columns: 1, fits: false, size: -Infinity, rows: n };
	for (let columns = 1; columns <= n; columns++) {
		const tileWidth = (width - (columns - 1) * fit.gap) / columns;
		if (columns > 1 && tileWidth < fit.minWidth) break;
		const rows = Math.ceil(n / columns);
		const tileHeight = (height - (rows - 1) * fit.gap) / rows;
		const fits = tileHeight >= fit.minHeight;
		// The biggest box of the wanted shape inside the tile, by its height.
		const size = Math.min(tileWidth / fit.aspect, tileHeight);
		const better = fits ? !best.fits || size > best.size + 0.5 : !best.fits && rows < best.rows;
		if (better) best = { columns, fits, size, rows };
	}
	return best.columns;
}
