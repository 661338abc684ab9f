/**
 * A scripted stand-in for a BluetoothDevice, for unit tests of Strap's state machine only. The real
 * browser path is covered by the Playwright self-test against Chromium's emulated adapter.
 */

/** Which optional parts the fake strap has. */
export interface FakeDeviceOptions {
	id?: string;
	name?: string;
	bodyLocation?: number | null;
	/** Battery level to report, or null for a strap without battery service. */
	battery?: number | null;
	batteryNotifies?: boolean;
	/** Shared between fakes to see whether operations on different straps overlap. */
	tracker?: GattTracker;
}

/** Counts GATT operations in flight, across every fake that shares it. */
export class GattTracker {
	inFlight = 0;
	maxInFlight = 0;
	/** Operations seen, as "<device> <operation>". */
	readonly log: string[] = [];

	/** Wraps one simulated round trip. */
	async around(label: string): Promise<void> {
		this.log.push(label);
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		await new Promise((resolve) => setTimeout(resolve, 0));
		this.inFlight--;
	}
}

class FakeCharacteristic extends EventTarget {
	value: DataView | undefined;
	subscribed = false;
	constructor(
		readonly device: FakeDevice,
		readonly properties: { notify: boolean; read: boolean },
		readonly read: () => number[]
	) {
		super();
	}
	async readValue(): Promise<DataView> {
		await this.device.step('read');
		this.value = new DataView(new Uint8Array(this.read()).buffer);
		return this.value;
	}
	async startNotifications(): Promise<this> {
		await this.device.step('subscribe');
		this.subscribed = true;
		return this;
	}
	/** Delivers a notification as Chromium does: set `value`, then fire the event. */
	notify(bytes: number[]): void {
		this.value = new DataView(new Uint8Array(bytes).buffer);
		this.dispatchEvent(new Event('characteristicvaluechanged'));
	}
}

/** The fake; cast with `asBluetoothDevice()` when handing it to Strap. */
export class FakeDevice extends EventTarget {
	readonly id: string;
	readonly name: string;
	connected = false;
	/** Errors the next connect() calls reject with, in order. */
	readonly connectFailures: Error[] = [];
	/** When true, connect() never settles (a vanished strap on some platforms). */
	hangConnect = false;
	connectCalls = 0;
	disconnectCalls = 0;
	readonly tracker: GattTracker;
	/** Characteristics of the current connection; rebuilt on every connect, as in Chromium. */
	measurement: FakeCharacteristic | null = null;
	batteryLevel: FakeCharacteristic | null = null;
	readonly gatt: unknown;
	#options: Required<Omit<FakeDeviceOptions, 'tracker'>>;

	constructor(options: FakeDeviceOptions = {}) {
		super();
		this.#options = {
			id: 'fake-1',
			name: 'Fake Strap',
			bodyLocation: 1,
			battery: 80,
			batteryNotifies: true,
			...options
		};
		this.tracker = options.tracker ?? new GattTracker();
		this.id = this.#options.id;
		this.name = this.#options.name;
		this.gatt = this.#server();
	}

	/** This fake typed as the DOM interface Strap expects. */
	asBluetoothDevice(): BluetoothDevice {
		return this as unknown as BluetoothDevice;
	}

	/** Sets the battery level later reads return. */
	setBattery(level: number): void {
		this.#options.battery = level;
	}

	/** One asynchronous GATT round trip, tracking how many overlap. */
	async step(label = 'gatt'): Promise<void> {
		if (!this.connected) throw new DOMException('GATT Server is disconnected.', 'NetworkError');
		await this.tracker.around(`${this.id} ${label}`);
		if (!this.connected) throw new DOMException('GATT Server is disconnected.', 'NetworkError');
	}

	/** The link drops (strap out of range): fires gattserverdisconnected like Chromium. */
	drop(): void {
		if (!this.connected) return;
		this.connected = false;
		this.dispatchEvent(new Event('gattserverdisconnected'));
	}

	#server() {
		const server = {
			device: this,
			get connected() {
				return server.device.connected;
			},
			connect: async () => {
				this.connectCalls++;
				if (this.hangConnect) return new Promise<never>(() => {});
				await this.tracker.around(`${this.id} connect`);
				const failure = this.connectFailures.shift();
				if (failure) throw failure;
				this.connected = true;
				this.#rebuild();
				return server;
			},
			disconnect: () => {
				this.disconnectCalls++;
				this.drop();
			},
			getPrimaryService: async (name: string) => {
				await this.step(`service ${name}`);
				if (name === 'heart_rate') return this.#heartRateService();
				if (name === 'battery_service' && this.batteryLevel) {
					const level = this.batteryLevel;
					return {
						getCharacteristic: async () => (await this.step('characteristic battery_level'), level)
					};
				}
				throw new DOMException(`No Services matching UUID ${name}`, 'NotFoundError');
			}
		};
		return server;
	}

	#heartRateService() {
		const options = this.#options;
		return {
			getCharacteristic: async (name: string) => {
				await this.step(`characteristic ${name}`);
				if (name === 'heart_rate_measurement') return this.measurement;
				if (name === 'body_sensor_location' && options.bodyLocation !== null) {
					return new FakeCharacteristic(this, { notify: false, read: true }, () => [
						options.bodyLocation ?? 0
					]);
				}
				throw new DOMException(`No Characteristics matching UUID ${name}`, 'NotFoundError');
			}
		};
	}

	#rebuild(): void {
		const options = this.#options;
		this.measurement = new FakeCharacteristic(this, { notify: true, read: false }, () => []);
		this.batteryLevel =
			options.battery === null
				? null
				: new FakeCharacteristic(this, { notify: options.batteryNotifies, read: true }, () => [
						options.battery ?? 0
					]);
	}
}
