/**
 * chart.js setup for the review screens. Only imported dynamically by report components, so the
 * library never lands on the live screen's critical path.
 */
import {
	Chart,
	LinearScale,
	LineController,
	LineElement,
	PointElement,
	Tooltip,
	type ChartConfiguration,
	type Plugin
} from 'chart.js';
import type { ChartBand, ChartFlag, ChartPoint } from './chart-data';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip);

/** What the heart-rate chart draws. */
export interface HrChartInput {
	points: ChartPoint[];
	bands: ChartBand[];
	flags: ChartFlag[];
	endMinutes: number;
	hrMax: number;
	labels: { minutes: string; heartRate: string };
}

// Mid-tone colours read on the dark screen and on white paper alike.
const INK = '#6b7785';
const LINE = '#2f81f7';
const BAND: Record<ChartBand['kind'], string> = {
	warmup: 'rgba(63, 208, 127, 0.16)',
	work: 'rgba(245, 130, 24, 0.22)',
	recovery: 'rgba(63, 208, 127, 0.16)',
	cooldown: 'rgba(120, 140, 160, 0.16)'
};
const FLAG: Record<ChartFlag['flag'], string> = {
	under: '#4c9aff',
	over: '#f5a518',
	'above-max': '#e5484d',
	'no-signal': '#8b949e',
	'no-contact': '#8b949e',
	'low-battery': '#b08800'
};

/** Shades each phase's target band, marks phase starts and draws flags as bars along the top. */
const phasePlugin = (input: HrChartInput): Plugin<'line'> => ({
	id: 'pulsklarPhases',
	beforeDatasetsDraw(chart) {
		const { ctx, chartArea: area, scales } = chart;
		const x = scales.x!;
		const y = scales.y!;
		ctx.save();
		for (const band of input.bands) {
			const left = Math.max(area.left, x.getPixelForValue(band.from));
			const right = Math.min(area.right, x.getPixelForValue(band.to));
			const top = Math.max(area.top, y.getPixelForValue(band.high));
			const bottom = Math.min(area.bottom, y.getPixelForValue(band.low));
			ctx.fillStyle = BAND[band.kind];
			ctx.fillRect(left, top, right - left, bottom - top);
			ctx.strokeStyle = INK;
			ctx.setLineDash([3, 3]);
			ctx.beginPath();
			ctx.moveTo(left, area.top);
			ctx.lineTo(left, area.bottom);
			ctx.stroke();
		}
		ctx.restore();
	},
	afterDatasetsDraw(chart) {
		const { ctx, chartArea: area, scales } = chart;
		const x = scales.x!;
		ctx.save();
		input.flags.forEach((flag) => {
			const left = x.getPixelForValue(flag.from);
			const width = Math.max(2, x.getPixelForValue(flag.to) - left);
			ctx.fillStyle = FLAG[flag.flag];
			ctx.fillRect(left, area.top, width, 6);
		});
		ctx.restore();
	}
});

/** Draws the heart-rate chart on a canvas (its parent must be sized and position: relative). */
export function renderHrChart(canvas: HTMLCanvasElement, input: HrChartInput): Chart<'line'> {
	const config: ChartConfiguration<'line', ChartPoint[]> = {
		type: 'line',
		data: {
			datasets: [
				{
					data: input.points,
					borderColor: LINE,
					borderWidth: 1.5,
					pointRadius: 0,
					// A gap in the data stays a gap on screen: never a line across it.
					spanGaps: false,
					tension: 0
				}
			]
		},
		options: {
			animation: false,
			parsing: false,
			normalized: true,
			responsive: true,
			maintainAspectRatio: false,
			interaction: { mode: 'nearest', axis: 'x', intersect: false },
			plugins: { tooltip: { enabled: true } },
			scales: {
				x: {
					type: 'linear',
					min: 0,
					max: Math.max(1, input.endMinutes),
					title: { display: true, text: input.labels.minutes, color: INK },
					ticks: { color: INK, stepSize: 5 },
					grid: { color: 'rgba(107, 119, 133, 0.25)' }
				},
				y: {
					type: 'linear',
					suggestedMin: Math.round(input.hrMax * 0.45),
					suggestedMax: input.hrMax,
					title: { display: true, text: input.labels.heartRate, color: INK },
					ticks: { color: INK },
					grid: { color: 'rgba(107, 119, 133, 0.25)' }
				}
			}
		},
		plugins: [phasePlugin(input)]
	};
	return new Chart(canvas, config) as unknown as Chart<'line'>;
}
