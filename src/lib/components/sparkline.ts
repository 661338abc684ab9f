import { SPARK, sparkY } from '$lib/session/live-participant.svelte';

/**
 * Draws a live tile's sparkline into its polyline, touching the DOM as little as it can: each
 * reading adds its point to the polyline's point list, drops the points that left the 2-minute
 * window and moves the line left by a transform. Rebuilding all ~120 points as a string and
 * setting it on every reading (parsed again by the browser) was a measured part of a reading's
 * cost and allocation (issue 18). Points are placed on a fixed time axis from the first reading
 * drawn, so those already drawn never move within the line.
 */
export class SparklineDrawer {
	#line: SVGPolylineElement | null = null;
	#shift: SVGTransform | null = null;
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
		if (line !== this.#line || !this.#shift) {
			// A new element (first draw, or the tile was rebuilt): draw the whole window again.
			this.#line = line;
			this.#origin = now;
			this.#drawnTo = -Infinity;
			line.points.clear();
			this.#shift = svg.createSVGTransform();
			line.transform.baseVal.initialize(this.#shift);
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
		this.#shift.setTranslate(SPARK.width - (now - this.#origin) * scale, 0);
	}
}
