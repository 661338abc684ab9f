/**
 * chart.js setup for the 12-week view: one column per session of the plan period. Only imported
 * dynamically by the participant page, so the library never lands on the live screen's path.
 */
import {
	BarController,
	BarElement,
	CategoryScale,
	Chart,
	Legend,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
	type ChartConfiguration
} from 'chart.js';
import { percent, round } from './format';
import type { PeriodSession } from './period';

Chart.register(
	BarController,
	BarElement,
	CategoryScale,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Legend,
	Tooltip
);

/** What the period chart draws. */
export interface PeriodChartInput {
	sessions: PeriodSession[];
	/** One label per session (its date). */
	labels: string[];
	text: {
		interval: (index: number) => string;
		peak: string;
		hrr: string;
		rpe: string;
		percent: string;
		right: string;
	};
}

// Mid-tone colours read on the dark screen and on white paper alike; lines also differ by dash
// and point shape, so the series never rely on colour alone.
const INK = '#6b7785';
const GRID = 'rgba(107, 119, 133, 0.25)';
const INTERVALS = ['#f58218', '#e0a030', '#c8b040', '#a8b850', '#88b860', '#68b070'];

/** Draws the period chart on a canvas (its parent must be sized and position: relative). */
export function renderPeriodChart(canvas: HTMLCanvasElement, input: PeriodChartInput): Chart {
	return new Chart(canvas, periodChartConfig(input));
}

/** Size of the printed chart in CSS px (beside the week table, its text prints at about 9 px). */
export const PRINT_CHART = { width: 620, height: 320, pixelRatio: 3 };

/**
 * The chart as a PNG data URL at a fixed, print-friendly size, drawn on a detached canvas. A
 * canvas prints as its current bitmap, sized for the screen (on a phone, a narrow tall strip), so
 * print shows this image instead, whatever the screen was.
 */
export function periodChartImage(input: PeriodChartInput): string {
	const canvas = document.createElement('canvas');
	canvas.width = PRINT_CHART.width;
	canvas.height = PRINT_CHART.height;
	const config = periodChartConfig(input);
	config.options = {
		...config.options,
		responsive: false,
		devicePixelRatio: PRINT_CHART.pixelRatio
	};
	const chart = new Chart(canvas, config);
	try {
		return canvas.toDataURL('image/png');
	} finally {
		chart.destroy();
	}
}

/** The chart's configuration: bars per work interval, lines for peak %, HRR and RPE. */
function periodChartConfig(input: PeriodChartInput): ChartConfiguration {
	const s = input.sessions;
	const most = Math.max(0, ...s.map((x) => x.intervalsInBand.length));
	const bars = Array.from({ length: most }, (_, i) => ({
		type: 'bar' as const,
		label: input.text.interval(i + 1),
		data: s.map((x) => percent(x.intervalsInBand[i] ?? null)),
		backgroundColor: INTERVALS[i % INTERVALS.length],
		yAxisID: 'y'
	}));
	const line = (
		label: string,
		data: (number | null)[],
		color: string,
		yAxisID: string,
		pointStyle: 'circle' | 'rect' | 'triangle',
		dash: number[]
	) => ({
		type: 'line' as const,
		label,
		data,
		borderColor: color,
		backgroundColor: color,
		borderDash: dash,
		pointStyle,
		pointRadius: 4,
		borderWidth: 2,
		spanGaps: true,
		yAxisID
	});
	const config = {
		data: {
			labels: input.labels,
			datasets: [
				...bars,
				line(
					input.text.peak,
					s.map((x) => round(x.peakPercentHrMax)),
					'#e5484d',
					'y',
					'circle',
					[]
				),
				line(
					input.text.hrr,
					s.map((x) => round(x.hrrDropBpm)),
					'#2f81f7',
					'y2',
					'rect',
					[6, 3]
				),
				line(
					input.text.rpe,
					s.map((x) => round(x.meanRpe, 1)),
					'#8e6bd8',
					'y2',
					'triangle',
					[2, 2]
				)
			]
		},
		options: {
			animation: false,
			responsive: true,
			maintainAspectRatio: false,
			plugins: {
				legend: { labels: { color: INK, usePointStyle: true, boxWidth: 10 } },
				tooltip: { enabled: true }
			},
			scales: {
				x: { ticks: { color: INK }, grid: { color: GRID } },
				y: {
					type: 'linear',
					min: 0,
					// Peaks above HRmax stay on the chart.
					suggestedMax: 100,
					position: 'left',
					title: { display: true, text: input.text.percent, color: INK },
					ticks: { color: INK },
					grid: { color: GRID }
				},
				y2: {
					type: 'linear',
					min: 0,
					suggestedMax: 40,
					position: 'right',
					title: { display: true, text: input.text.right, color: INK },
					ticks: { color: INK },
					grid: { drawOnChartArea: false }
				}
			}
		}
	} as unknown as ChartConfiguration;
	return config;
}
