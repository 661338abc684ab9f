/**
 * Whether this device syncs, and under which name: plain module state and a localStorage flag,
 * no database. The outbox middleware reads it on every write; a session reads the name when it
 * starts, without loading Dexie (issue 18's first load).
 */
/** localStorage key telling the outbox, synchronously at start, whether sync is on. */
export const ENABLED_KEY = 'pulsklar.sync.enabled';

let enabled = readEnabled();

function readEnabled(): boolean {
	try {
		return typeof localStorage !== 'undefined' && localStorage.getItem(ENABLED_KEY) === '1';
	} catch {
		return false; // storage blocked: sync is simply off
	}
}

/** Turns recording into the outbox on or off (off by default: an individual pays nothing). */
export function setOutboxEnabled(on: boolean): void {
	enabled = on;
	try {
		if (typeof localStorage !== 'undefined') {
			if (on) localStorage.setItem(ENABLED_KEY, '1');
			else localStorage.removeItem(ENABLED_KEY);
		}
	} catch {
		// Blocked storage: the flag lives for this page only.
	}
}

/** Whether writes are being recorded for sync. */
export function outboxEnabled(): boolean {
	return enabled;
}

/** Longest device name kept [product choice: "Tablet, sal 2" and the like, never a paragraph]. */
export const MAX_DEVICE_NAME = 100;

let deviceName: string | null = null;

/**
 * The name this device syncs under, set by the sync module while it is connected (null when it
 * is not): a session started meanwhile records it as the device it was recorded on.
 */
export function setSyncDevice(name: string | null): void {
	deviceName = name?.trim().slice(0, MAX_DEVICE_NAME) || null;
}

/** The device's clinic-server name while syncing is on, else null (no server, no name given). */
export function syncDevice(): string | null {
	return enabled ? deviceName : null;
}
