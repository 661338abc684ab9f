/**
 * One Bluetooth heart-rate strap as a HeartRateSource: connects through the shared GATT queue,
 * parses every notification with the real parser, and reconnects with backoff after a drop-out.
 * Framework-free on purpose: a Svelte wrapper subscribes with `onReading`/`onStatus`.
 */
import { Backoff, type BackoffOptions } from './backoff';
import { parseBatteryLevel } from './battery';
import { parseBodySensorLocation, type BodyLocation } from './body-location';
import { bluetoothErrorCode, BluetoothError, type BluetoothErrorCode } from './errors';
import { gattQueue, type GattQueue } from './gatt-queue';
import { parseHeartRateMeasurement } from './heart-rate';
import { SourceEvents } from './listeners';
import type { ConnectionEvent, HeartRateReading, HeartRateSource, SourceState } from './source';
import { platformTimers, type Timers } from './timers';

export type { Timers } from './timers';
export type { ConnectionEvent } from './source';

/** Dependencies and tuning of a Strap; all optional. */
export interface StrapOptions {
	/** GATT queue to share with other straps (default: the app-wide one). */
	queue?: GattQueue;
	/** App clock in ms (default `Date.now`). */
	now?: () => number;
	timers?: Timers;
	backoff?: BackoffOptions;
	/** Give up on one `gatt.connect()` after this long, so a vanished strap cannot block the queue. */
	connectTimeoutMs?: number;
}

/** Running totals for diagnostics. `packets` counts every notification, malformed ones included. */
export interface StrapCounters {
	packets: number;
	malformed: number;
	/** Times the connection came back after a drop. */
	reconnects: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

/** A real strap behind Web Bluetooth. */
export class Strap extends SourceEvents implements HeartRateSource {
	/** The browser's device id (stable per origin, also across reloads). */
	readonly id: string;
	/** Advertised name, e.g. "Polar H10 1A2B3C4D". */
	readonly name: string;

	readonly #device: BluetoothDevice;
	readonly #queue: GattQueue;
	readonly #now: () => number;
	readonly #timers: Timers;
	readonly #backoff: Backoff;
	readonly #connectTimeoutMs: number;

	#state: SourceState = 'disconnected';
	#battery: number | null = null;
	#bodyLocation: BodyLocation | null = null;
	#latest: HeartRateReading | null = null;
	#lastError: BluetoothErrorCode | null = null;
	#counters: StrapCounters = { packets: 0, malformed: 0, reconnects: 0 };
	#gapStart: number | null = null;
	#retryTimer: unknown = undefined;
	#pendingConnect: Promise<void> | null = null;
	#closed = false;
	// Chromium hands out new characteristic objects after every reconnect: listeners move along.
	#measurement: BluetoothRemoteGATTCharacteristic | null = null;
	#batteryLevel: BluetoothRemoteGATTCharacteristic | null = null;

	/** Wraps a device from the chooser or `getDevices()`; does not connect yet. */
	constructor(device: BluetoothDevice, options: StrapOptions = {}) {
		super();
		this.#device = device;
		this.id = device.id;
		this.name = device.name ?? device.id;
		this.#queue = options.queue ?? gattQueue;
		this.#now = options.now ?? (() => Date.now());
		this.#timers = options.timers ?? platformTimers;
		this.#backoff = new Backoff(options.backoff);
		this.#connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
		device.addEventListener('gattserverdisconnected', this.#onDisconnected);
	}

	/** Connection state, as shown on the participant tile. */
	get state(): SourceState {
		return this.#state;
	}

	/** Battery level 0–100, or null when the strap has no battery service. */
	get battery(): number | null {
		return this.#battery;
	}

	/** Where the strap says it is worn, or null when it does not say. */
	get bodyLocation(): BodyLocation | null {
		return this.#bodyLocation;
	}

	/** The last valid reading (its `at` is when it arrived); kept across drops, so check its age. */
	get latest(): HeartRateReading | null {
		return this.#latest;
	}

	/** Code of the last failed connection attempt, null once connected. */
	get lastError(): BluetoothErrorCode | null {
		return this.#lastError;
	}

	/** A snapshot of the counters. */
	get counters(): Readonly<StrapCounters> {
		return { ...this.#counters };
	}

	/**
	 * Connects once. Rejects with the browser's error (map it with `bluetoothErrorCode`) and stays
	 * 'disconnected'; call `reconnect()` to keep trying in the background instead.
	 */
	connect(): Promise<void> {
		if (this.#closed) return Promise.reject(new BluetoothError('unknown'));
		if (this.#state === 'connected') return Promise.resolve();
		this.#pendingConnect ??= this.#firstConnect().finally(() => {
			this.#pendingConnect = null;
		});
		return this.#pendingConnect;
	}

	/** Keeps retrying with backoff until connected or closed (e.g. a remembered strap after reload). */
	reconnect(): void {
		if (this.#closed || this.#state !== 'disconnected') return;
		this.#gapStart ??= this.#now();
		this.#setState('reconnecting');
		void this.#retry();
	}

	/** Stops retrying, unsubscribes and releases the connection. Final. */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		if (this.#retryTimer !== undefined) this.#timers.clearTimeout(this.#retryTimer);
		this.#retryTimer = undefined;
		this.#device.removeEventListener('gattserverdisconnected', this.#onDisconnected);
		this.#release();
		this.#setState('disconnected');
		this.#emit({ type: 'closed', at: this.#now() });
	}

	async #firstConnect(): Promise<void> {
		this.#setState('connecting');
		try {
			await this.#open();
		} catch (error) {
			if (!this.#closed) {
				this.#lastError = bluetoothErrorCode(error);
				this.#release();
				this.#setState('disconnected');
			}
			throw error;
		}
		if (this.#closed) return this.#release();
		this.#lastError = null;
		this.#backoff.reset();
		this.#setState('connected');
		this.#emit({ type: 'connected', at: this.#now() });
	}

	async #retry(): Promise<void> {
		this.#retryTimer = undefined;
		if (this.#closed) return;
		try {
			await this.#open();
		} catch (error) {
			if (this.#closed) return;
			const code = bluetoothErrorCode(error);
			this.#lastError = code;
			// Start the next attempt from a clean slate rather than a half-discovered connection.
			this.#release();
			const retryInMs = this.#backoff.next();
			const attempt = this.#backoff.attempt;
			this.#retryTimer = this.#timers.setTimeout(() => void this.#retry(), retryInMs);
			this.#emit({ type: 'retry-failed', at: this.#now(), attempt, code, retryInMs });
			this.#notifyStatus();
			return;
		}
		if (this.#closed) return this.#release();
		const at = this.#now();
		const gapStart = this.#gapStart ?? at;
		this.#gapStart = null;
		this.#lastError = null;
		this.#backoff.reset();
		this.#counters.reconnects++;
		this.#setState('connected');
		this.#emit({ type: 'restored', at, gapStart });
	}

	/** Connects, discovers and subscribes; every GATT call goes through the queue. */
	async #open(): Promise<void> {
		const gatt = this.#device.gatt;
		if (!gatt) throw new BluetoothError('unknown');
		const server = await this.#queue.run(() => this.#connectWithTimeout(gatt));
		const service = await this.#queue.run(() => server.getPrimaryService('heart_rate'));
		const measurement = await this.#queue.run(() =>
			service.getCharacteristic('heart_rate_measurement')
		);
		if (this.#bodyLocation === null) await this.#readBodyLocation(service);
		await this.#openBattery(server);
		// Listen before subscribing so the first notification is not lost.
		this.#attach('measurement', measurement);
		await this.#queue.run(() => measurement.startNotifications());
		// A drop between the last step and here leaves no error behind, only a dead server.
		if (!gatt.connected) throw new DOMException('Strap disconnected during setup.', 'NetworkError');
	}

	#connectWithTimeout(gatt: BluetoothRemoteGATTServer): Promise<BluetoothRemoteGATTServer> {
		return new Promise((resolve, reject) => {
			const timer = this.#timers.setTimeout(() => {
				// Chromium may leave connect() pending forever; releasing the queue matters more.
				reject(new DOMException('Connection attempt timed out.', 'NetworkError'));
				gatt.disconnect();
			}, this.#connectTimeoutMs);
			gatt
				.connect()
				.then(resolve, reject)
				.finally(() => this.#timers.clearTimeout(timer));
		});
	}

	async #readBodyLocation(service: BluetoothRemoteGATTService): Promise<void> {
		try {
			const characteristic = await this.#queue.run(() =>
				service.getCharacteristic('body_sensor_location')
			);
			const value = await this.#queue.run(() => characteristic.readValue());
			this.#bodyLocation = parseBodySensorLocation(value);
			this.#notifyStatus();
		} catch {
			// Optional characteristic: many straps omit it. If the link died instead, the next
			// mandatory step fails and the attempt is retried.
		}
	}

	async #openBattery(server: BluetoothRemoteGATTServer): Promise<void> {
		let characteristic: BluetoothRemoteGATTCharacteristic;
		try {
			const service = await this.#queue.run(() => server.getPrimaryService('battery_service'));
			characteristic = await this.#queue.run(() => service.getCharacteristic('battery_level'));
			const value = await this.#queue.run(() => characteristic.readValue());
			this.#setBattery(parseBatteryLevel(value));
			if (!characteristic.properties.notify) return;
			this.#attach('battery', characteristic);
			await this.#queue.run(() => characteristic.startNotifications());
		} catch {
			// Optional service: a strap without battery reporting still measures heart rate.
		}
	}

	#attach(kind: 'measurement' | 'battery', characteristic: BluetoothRemoteGATTCharacteristic) {
		const handler = kind === 'measurement' ? this.#onMeasurement : this.#onBattery;
		const previous = kind === 'measurement' ? this.#measurement : this.#batteryLevel;
		previous?.removeEventListener('characteristicvaluechanged', handler);
		characteristic.addEventListener('characteristicvaluechanged', handler);
		if (kind === 'measurement') this.#measurement = characteristic;
		else this.#batteryLevel = characteristic;
	}

	/** Detaches listeners and disconnects; safe to call in any state. */
	#release(): void {
		this.#measurement?.removeEventListener('characteristicvaluechanged', this.#onMeasurement);
		this.#batteryLevel?.removeEventListener('characteristicvaluechanged', this.#onBattery);
		this.#measurement = null;
		this.#batteryLevel = null;
		if (this.#device.gatt?.connected) this.#device.gatt.disconnect();
	}

	readonly #onMeasurement = (event: Event): void => {
		const value = (event.target as BluetoothRemoteGATTCharacteristic | null)?.value;
		this.#counters.packets++;
		const measurement = value ? parseHeartRateMeasurement(value) : null;
		if (!measurement) {
			// Counted, not thrown: one corrupt packet must not end a session.
			this.#counters.malformed++;
			return;
		}
		const reading: HeartRateReading = { ...measurement, at: this.#now() };
		this.#latest = reading;
		this.emitReading(reading);
	};

	readonly #onBattery = (event: Event): void => {
		const value = (event.target as BluetoothRemoteGATTCharacteristic | null)?.value;
		if (value) this.#setBattery(parseBatteryLevel(value));
	};

	readonly #onDisconnected = (): void => {
		// Only a live connection can drop; failures during setup are handled by the attempt itself.
		if (this.#closed || this.#state !== 'connected') return;
		const at = this.#now();
		this.#gapStart = at;
		this.#release();
		this.#setState('reconnecting');
		this.#emit({ type: 'dropped', at });
		this.#retryTimer = this.#timers.setTimeout(() => void this.#retry(), this.#backoff.next());
	};

	#setBattery(level: number | null): void {
		// An out-of-range value is a glitch: keep the last good level rather than forgetting it.
		if (level === null || level === this.#battery) return;
		this.#battery = level;
		this.#notifyStatus();
	}

	#setState(state: SourceState): void {
		if (state === this.#state) return;
		this.#state = state;
		this.#notifyStatus();
	}

	#notifyStatus(): void {
		this.emitStatus();
	}

	#emit(event: ConnectionEvent): void {
		this.emitConnection(event);
	}
}
