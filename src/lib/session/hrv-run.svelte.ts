import type { HeartRateSource } from '$lib/ble/source';
import { HRV_CHECK_MS, hrvCheck, type HrvResult } from '$lib/workout/hrv';

/** Readings without a single RR interval after which the strap is taken not to send RR. */
const NO_RR_AFTER_READINGS = 10;
const TICK_MS = 1000;

/** Where a resting HRV check is. */
export type HrvRunStatus = 'waiting' | 'recording' | 'no-rr' | 'done';

/**
 * One resting HRV check on a heart-rate source: collects RR intervals for two minutes of the
 * app clock, then hands them to the engine. Stops early, with a clear status, on a strap that
 * sends heart rate without RR.
 */
export class HrvRun {
	status = $state<HrvRunStatus>('waiting');
	now = $state(Date.now());
	startedAt = $state<number | null>(null);
	beats = $state(0);
	result = $state<HrvResult | null>(null);
	readonly #rr: number[] = [];
	#readings = 0;
	#unsubscribe: (() => void) | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#onDone: ((result: HrvResult) => void) | undefined;

	constructor(
		readonly source: HeartRateSource,
		readonly durationMs = HRV_CHECK_MS
	) {}

	/** Time left in the recording. */
	get remainingMs(): number {
		if (this.startedAt === null) return this.durationMs;
		return Math.max(0, this.startedAt + this.durationMs - this.now);
	}

	/** Starts recording (call from a tap); `onDone` gets the result once, when there is one. */
	start(onDone?: (result: HrvResult) => void): void {
		if (this.status !== 'waiting') return;
		this.#onDone = onDone;
		this.startedAt = Date.now();
		this.now = this.startedAt;
		this.status = 'recording';
		this.#unsubscribe = this.source.onReading((reading) => {
			if (this.status !== 'recording' || reading.at < (this.startedAt ?? 0)) return;
			this.#readings++;
			this.#rr.push(...(reading.rrMs ?? []));
			this.beats = this.#rr.length;
			if (this.#rr.length === 0 && this.#readings >= NO_RR_AFTER_READINGS) this.#stop('no-rr');
		});
		this.#tick();
	}

	/** Stops without a result and releases the source. */
	cancel(): void {
		this.#stop(this.status === 'recording' ? 'waiting' : this.status);
		this.source.close();
	}

	#tick(): void {
		this.now = Date.now();
		if (this.status !== 'recording') return;
		if (this.remainingMs <= 0) {
			this.result = hrvCheck(this.#rr);
			const result = this.result;
			const done = result.ok || result.reason !== 'no-rr';
			this.#stop(done ? 'done' : 'no-rr');
			if (done) this.#onDone?.(result);
			return;
		}
		this.#timer = setTimeout(() => this.#tick(), Math.min(TICK_MS, this.remainingMs));
	}

	#stop(status: HrvRunStatus): void {
		clearTimeout(this.#timer);
		this.#unsubscribe?.();
		this.#unsubscribe = null;
		this.status = status;
	}
}
