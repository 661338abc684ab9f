import type { SimPacket, SimSessionInfo, SimulatedParticipant } from '$lib/workout/simulator';
import {
	encodeHeartRateMeasurement,
	parseHeartRateMeasurement,
	type HeartRateMeasurement
} from './heart-rate';
import { SourceEvents } from './listeners';
import type { HeartRateSource, SourceState } from './source';

/** How often a simulated strap notifies (real straps: about once a second). */
const PACKET_MS = 1000;
/** Silence after which a simulated strap shows as reconnecting, like a real one dropping out. */
const DROP_AFTER_MS = 3000;
/** Most packets produced in one catch-up (a tab woken after a long sleep does not flood). */
const MAX_CATCH_UP = 3600;

/**
 * Read-only timing hook for `npm run bench` (the bench defines it before the app loads; it is
 * absent in normal use): told when each reading is handed to the app, to time reading → paint.
 */
interface BenchHook {
	delivered?: (strapName: string, at: number) => void;
}

/**
 * A simulated packet as a strap would send it: encoded into Heart Rate Measurement bytes and read
 * back by the app's parser (RR intervals come back in the strap's 1/1024 s steps).
 */
export function overTheAir(packet: SimPacket): HeartRateMeasurement | null {
	return parseHeartRateMeasurement(new DataView(encodeHeartRateMeasurement(packet).buffer));
}

/**
 * A strap driven by the engine's simulator. Each packet is encoded into real Heart Rate
 * Measurement bytes and read back by the real parser, so the rest of the app cannot tell it from a
 * Bluetooth strap. Packets are produced for every second of the app clock, so a stalled or
 * fast-forwarded page catches up.
 */
export class SimulatedStrap extends SourceEvents implements HeartRateSource {
	readonly id: string;
	readonly name: string;
	#state: SourceState = 'connecting';
	#battery: number | null = null;
	#nextPacketAt: number;
	#lastPacketAt: number;
	#droppedAt: number | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		id: string,
		name: string,
		readonly sim: SimulatedParticipant,
		readonly sessionAt: (at: number) => SimSessionInfo,
		readonly now: () => number = () => Date.now()
	) {
		super();
		this.id = id;
		this.name = name;
		this.#nextPacketAt = now();
		this.#lastPacketAt = now();
	}

	get state(): SourceState {
		return this.#state;
	}

	get battery(): number | null {
		return this.#battery;
	}

	/** Starts notifying: the first packet now, then one a second. */
	start(): void {
		if (this.#timer !== undefined) return;
		// From this instant, not from when the strap was made: a packet timed before the session's
		// start would show on the tile but not be recorded.
		this.#nextPacketAt = this.#lastPacketAt = this.now();
		this.pump();
		this.#schedule();
	}

	// One timer per packet, at the packet's instant, like a strap's notification: polling several
	// times a second cost 4 timer tasks per strap per second (120 a second for 30 straps) and
	// handed readings over up to 250 ms after their time stamp.
	#schedule(): void {
		const delay = Math.max(0, this.#nextPacketAt - this.now());
		this.#timer = setTimeout(() => {
			this.pump();
			// close() during pump (a listener ending the session) clears the timer: stay stopped.
			if (this.#timer !== undefined) this.#schedule();
		}, delay);
	}

	/** Emits every packet due up to now (called by the timer; public for benchmarks). */
	pump(): void {
		const now = this.now();
		if (now - this.#nextPacketAt > MAX_CATCH_UP * PACKET_MS) {
			this.#nextPacketAt = now - MAX_CATCH_UP * PACKET_MS;
		}
		for (; this.#nextPacketAt <= now; this.#nextPacketAt += PACKET_MS) {
			const at = this.#nextPacketAt;
			const packet = this.sim.next(at, this.sessionAt(at));
			if (!packet) continue;
			const measurement = overTheAir(packet);
			if (!measurement) continue;
			this.#lastPacketAt = at;
			const dropped = this.#droppedAt;
			this.#setStatus('connected', packet.battery);
			if (dropped !== null) {
				this.#droppedAt = null;
				this.emitConnection({ type: 'restored', at, gapStart: dropped });
			}
			(globalThis as { __pulsklarBench?: BenchHook }).__pulsklarBench?.delivered?.(this.name, at);
			this.emitReading({ ...measurement, at });
		}
		if (this.#state === 'connected' && now - this.#lastPacketAt >= DROP_AFTER_MS) {
			this.#droppedAt = now;
			this.#setStatus('reconnecting', this.#battery);
			this.emitConnection({ type: 'dropped', at: now });
		}
	}

	close(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		this.#setStatus('disconnected', this.#battery);
		this.emitConnection({ type: 'closed', at: this.now() });
	}

	#setStatus(state: SourceState, battery: number | null): void {
		if (state === this.#state && battery === this.#battery) return;
		this.#state = state;
		this.#battery = battery;
		this.emitStatus();
	}
}
