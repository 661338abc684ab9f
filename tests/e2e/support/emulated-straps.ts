/**
 * Heart-rate straps on Chromium's emulated Bluetooth adapter, driven over the DevTools protocol, so
 * end-to-end tests run the app's real `navigator.bluetooth` code (TESTING.md, "Web Bluetooth
 * against emulated straps").
 *
 * Facts this helper relies on (Chromium 156):
 * - `BluetoothDevice.id` is an opaque per-origin token, not the emulated address; it survives a
 *   reload. Straps are found in the page by name, so every strap needs a unique name.
 * - There is no command to push a notification: `push` has the page call `readValue()` on the
 *   app's cached characteristic and answers that read with the bytes, which fires the app's
 *   `characteristicvaluechanged` listener.
 * - A read answered with an error must carry no data; it rejects with NotSupportedError.
 * - `simulateGATTDisconnection` wipes the services: `restore` re-adds them (with new ids).
 * - Addresses must be upper-case hex: a lower-case one is accepted by the emulation but never
 *   listed in the chooser. This helper upper-cases them.
 * - The chooser prompt event can arrive twice with one id; answering an id twice crashes the browser.
 * - The emulated adapter is browser-wide; only the session that enabled it can disable it
 *   ("already enabled" otherwise), and Playwright reuses the browser between tests. `attach`
 *   retires the previous helper of the same browser; calling `detach()` after each test is cleaner.
 * - Never put the adapter in 'powered-off' and then call `requestDevice`: the browser crashes.
 */
import type { Browser, CDPSession, Page } from '@playwright/test';
import {
	addStrapServices,
	HEART_RATE,
	normalizeAddress,
	type EmulatedStrapOptions,
	type Role,
	type StrapServices
} from './emulated-services';

export type { EmulatedStrapOptions } from './emulated-services';

/** How long a chooser may take to list the strap it should select. */
const PROMPT_PATIENCE_MS = 2000;
/** GATT "Read Not Permitted": the answer to a read nobody queued bytes for. */
const READ_NOT_PERMITTED = 0x02;

interface Peripheral extends StrapServices {
	address: string;
	name: string;
	/** Bytes waiting for the next read of 0x2A37, one entry per push. */
	pending: number[][];
	/** GATT result code for connection attempts; 0 accepts. */
	connectionCode: number;
	connections: number;
	/** Subscriptions since the last drop (or reattach). */
	subscriptions: number;
}

/** Drives Chromium's emulated Bluetooth adapter for one page. */
export class EmulatedStraps {
	static readonly #active = new WeakMap<Browser, EmulatedStraps>();
	readonly #page: Page;
	#owner: Browser | null = null;
	readonly #browser: CDPSession;
	readonly #pageSession: CDPSession;
	readonly #peripherals = new Map<string, Peripheral>();
	readonly #characteristics = new Map<string, { address: string; role: Role }>();
	readonly #chooser: (string | null)[] = [];
	readonly #answeredPrompts = new Set<string>();
	readonly #promptChoices = new Map<string, string | null>();
	/** Errors from event handlers, which have nobody to throw to; see `assertHealthy`. */
	readonly errors: string[] = [];

	private constructor(page: Page, browser: CDPSession, pageSession: CDPSession) {
		this.#page = page;
		this.#browser = browser;
		this.#pageSession = pageSession;
	}

	/** Powers on an emulated adapter and takes over the page's device chooser. */
	static async attach(page: Page): Promise<EmulatedStraps> {
		const browser = page.context().browser();
		if (!browser)
			throw new Error('EmulatedStraps needs a launched browser, not a persistent context');
		// The adapter is browser-wide, only its enabling session can disable it, and Playwright
		// reuses the browser between tests: retire a helper an earlier test left attached.
		await EmulatedStraps.#active.get(browser)?.detach();
		// BluetoothEmulation lives on the browser target; only the enabling session gets its events.
		const straps = new EmulatedStraps(
			page,
			await browser.newBrowserCDPSession(),
			await page.context().newCDPSession(page)
		);
		straps.#listen();
		await straps.#enable();
		EmulatedStraps.#active.set(browser, straps);
		straps.#owner = browser;
		// Without DeviceAccess, requestDevice() waits for a chooser nobody can click.
		await straps.#pageSession.send('DeviceAccess.enable');
		return straps;
	}

	/** Adds a strap that is in range and advertising the Heart Rate Service. */
	async addStrap(
		rawAddress: string,
		name: string,
		options: EmulatedStrapOptions = {}
	): Promise<void> {
		const address = normalizeAddress(rawAddress);
		if ([...this.#peripherals.values()].some((p) => p.name === name && p.address !== address)) {
			throw new Error(`strap name ${name} is taken: the page tells straps apart by name`);
		}
		const peripheral: Peripheral = {
			address,
			name,
			battery: options.battery === undefined ? 90 : options.battery,
			bodyLocation: options.bodyLocation === undefined ? 1 : options.bodyLocation,
			pending: [],
			connectionCode: 0,
			connections: 0,
			subscriptions: 0
		};
		this.#peripherals.set(address, peripheral);
		await this.#simulate(peripheral);
	}

	/** The next chooser selects this strap (null: the user cancels). One entry per prompt. */
	queueChooser(address: string | null): void {
		this.#chooser.push(address === null ? null : normalizeAddress(address));
	}

	/** Delivers one Heart Rate Measurement notification to the app. */
	async push(address: string, bytes: readonly number[]): Promise<void> {
		const peripheral = this.#get(address);
		const entry = [...bytes];
		peripheral.pending.push(entry);
		try {
			await this.#readInPage(peripheral.name, 'heart_rate', 'heart_rate_measurement');
		} catch (error) {
			// The read never reached the strap: do not leave its bytes for the next push.
			peripheral.pending = peripheral.pending.filter((queued) => queued !== entry);
			throw error;
		}
	}

	/** Changes the battery level and notifies the app (when it listens to battery changes). */
	async setBattery(address: string, level: number): Promise<void> {
		const peripheral = this.#get(address);
		peripheral.battery = level;
		await this.#readInPage(peripheral.name, 'battery_service', 'battery_level');
	}

	/** Chooser prompts answered so far (a strap selected, or cancelled). */
	get chooserAnswers(): number {
		return this.#answeredPrompts.size;
	}

	/** Whether the app subscribed to heart-rate notifications since the last drop. */
	subscribed(address: string): boolean {
		return this.#get(address).subscriptions > 0;
	}

	/** Connection attempts the strap has seen (answered or failed). */
	connections(address: string): number {
		return this.#get(address).connections;
	}

	/** Makes connection attempts fail with a GATT error code (0 accepts again), e.g. a busy strap. */
	failConnections(address: string, code = 0x85): void {
		this.#get(address).connectionCode = code;
	}

	/** The strap goes out of range: the app sees `gattserverdisconnected`. */
	async drop(address: string): Promise<void> {
		const peripheral = this.#get(address);
		peripheral.subscriptions = 0;
		peripheral.pending = [];
		await this.#browser.send('BluetoothEmulation.simulateGATTDisconnection', {
			address: peripheral.address
		});
		this.#forgetCharacteristics(peripheral.address);
	}

	/** The strap is back in range: re-adds the services a drop wiped, so reconnecting succeeds. */
	async restore(address: string): Promise<void> {
		await this.#addServices(this.#get(address));
	}

	/** The `BluetoothDevice.id` the page sees for a strap (read through `getDevices()`). */
	async deviceId(address: string): Promise<string | null> {
		const name = this.#get(address).name;
		return this.#page.evaluate(async (name) => {
			const devices = await navigator.bluetooth.getDevices();
			return devices.find((device) => device.name === name)?.id ?? null;
		}, name);
	}

	/** Removes the adapter: `getAvailability()` turns false, `requestDevice()` rejects. */
	async setAbsent(): Promise<void> {
		await this.#browser.send('BluetoothEmulation.setSimulatedCentralState', { state: 'absent' });
	}

	/** A reload drops the emulated adapter: re-create it with the same straps. */
	async reattachAfterReload(): Promise<void> {
		await this.#browser.send('BluetoothEmulation.disable');
		await this.#enable();
		this.#characteristics.clear();
		for (const peripheral of this.#peripherals.values()) {
			peripheral.subscriptions = 0;
			peripheral.pending = [];
			await this.#simulate(peripheral);
		}
	}

	/** Fails when an event handler failed, so a broken answer cannot pass silently. */
	assertHealthy(): void {
		if (this.errors.length > 0) throw new Error(`emulated straps: ${this.errors.join('; ')}`);
	}

	/** Turns the emulation off and closes both sessions. */
	async detach(): Promise<void> {
		if (this.#owner && EmulatedStraps.#active.get(this.#owner) === this) {
			EmulatedStraps.#active.delete(this.#owner);
		}
		this.#owner = null;
		// Closed pages and browsers refuse these; then there is nothing left to clean up.
		await this.#browser.send('BluetoothEmulation.disable').catch(() => undefined);
		await this.#browser.detach().catch(() => undefined);
		await this.#pageSession.detach().catch(() => undefined);
	}

	async #enable(): Promise<void> {
		await this.#browser.send('BluetoothEmulation.enable', {
			state: 'powered-on',
			leSupported: true
		});
	}

	#listen(): void {
		this.#browser.on('BluetoothEmulation.gattOperationReceived', ({ address, type }) => {
			const peripheral = this.#peripherals.get(address);
			let code = 0;
			if (type === 'connection' && peripheral) {
				peripheral.connections++;
				code = peripheral.connectionCode;
			}
			this.#answer(
				this.#browser.send('BluetoothEmulation.simulateGATTOperationResponse', {
					address,
					type,
					code
				})
			);
		});
		this.#browser.on('BluetoothEmulation.characteristicOperationReceived', (event) => {
			const { characteristicId, type } = event;
			const target = this.#characteristics.get(characteristicId);
			const peripheral = target && this.#peripherals.get(target.address);
			let data: number[] | undefined;
			if (type === 'subscribe-to-notifications' && target?.role === 'measurement' && peripheral) {
				peripheral.subscriptions++;
			}
			if (type === 'read' && peripheral) data = this.#readValue(peripheral, target.role);
			const code = type === 'read' && data === undefined ? READ_NOT_PERMITTED : 0;
			this.#answer(
				this.#browser.send('BluetoothEmulation.simulateCharacteristicOperationResponse', {
					characteristicId,
					type,
					code,
					// A failed read must not carry data (the protocol refuses it).
					...(data ? { data: Buffer.from(data).toString('base64') } : {})
				})
			);
		});
		this.#browser.on('BluetoothEmulation.descriptorOperationReceived', ({ descriptorId, type }) => {
			this.#answer(
				this.#browser.send('BluetoothEmulation.simulateDescriptorOperationResponse', {
					descriptorId,
					type,
					code: 0,
					...(type === 'read' ? { data: Buffer.from([0, 0]).toString('base64') } : {})
				})
			);
		});
		this.#pageSession.on('DeviceAccess.deviceRequestPrompted', ({ id, devices }) => {
			// The same prompt can arrive twice; answering an id twice crashes the browser.
			if (this.#answeredPrompts.has(id)) return;
			if (!this.#promptChoices.has(id)) {
				this.#promptChoices.set(id, this.#chooser.shift() ?? null);
				// The strap may only show up in a repeat of the prompt; give up after a while.
				setTimeout(() => this.#cancelPrompt(id, 'was never listed'), PROMPT_PATIENCE_MS);
			}
			const address = this.#promptChoices.get(id) ?? null;
			if (address === null) return this.#cancelPrompt(id);
			if (!devices.some((device) => device.id === address)) return;
			this.#answeredPrompts.add(id);
			this.#answer(this.#pageSession.send('DeviceAccess.selectPrompt', { id, deviceId: address }));
		});
	}

	#cancelPrompt(id: string, problem?: string): void {
		if (this.#answeredPrompts.has(id)) return;
		this.#answeredPrompts.add(id);
		if (problem) this.errors.push(`chooser: ${this.#promptChoices.get(id)} ${problem}`);
		this.#answer(this.#pageSession.send('DeviceAccess.cancelPrompt', { id }));
	}

	#readValue(peripheral: Peripheral, role: Role): number[] | undefined {
		if (role === 'measurement') return peripheral.pending.shift();
		if (role === 'body-location' && peripheral.bodyLocation !== null) {
			return [peripheral.bodyLocation];
		}
		if (role === 'battery-level' && peripheral.battery !== null) return [peripheral.battery];
		return undefined;
	}

	async #simulate(peripheral: Peripheral): Promise<void> {
		await this.#browser.send('BluetoothEmulation.simulatePreconnectedPeripheral', {
			address: peripheral.address,
			name: peripheral.name,
			manufacturerData: [],
			knownServiceUuids: [HEART_RATE]
		});
		await this.#addServices(peripheral);
	}

	async #addServices(peripheral: Peripheral): Promise<void> {
		this.#forgetCharacteristics(peripheral.address);
		const added = await addStrapServices(this.#browser, peripheral);
		for (const [id, role] of added) {
			this.#characteristics.set(id, { address: peripheral.address, role });
		}
	}

	#forgetCharacteristics(address: string): void {
		for (const [id, target] of this.#characteristics) {
			if (target.address === address) this.#characteristics.delete(id);
		}
	}

	/** Reads a characteristic through the app's own (cached) objects, found by strap name. */
	async #readInPage(name: string, service: string, characteristic: string): Promise<void> {
		await this.#page.evaluate(
			async ({ name, service, characteristic }) => {
				const devices = await navigator.bluetooth.getDevices();
				const device = devices.find((d) => d.name === name);
				if (!device?.gatt?.connected) throw new Error(`strap ${name} is not connected`);
				const gattService = await device.gatt.getPrimaryService(service);
				const target = await gattService.getCharacteristic(characteristic);
				await target.readValue();
			},
			{ name, service, characteristic }
		);
	}

	#get(address: string): Peripheral {
		const peripheral = this.#peripherals.get(normalizeAddress(address));
		if (!peripheral) throw new Error(`no emulated strap at ${address}; call addStrap first`);
		return peripheral;
	}

	#answer(reply: Promise<unknown>): void {
		reply.catch((error: unknown) => {
			// A closing browser rejects pending replies; that is the end of the test, not a failure.
			const message = error instanceof Error ? error.message : String(error);
			if (!/closed|detached/i.test(message)) this.errors.push(message);
		});
	}
}
