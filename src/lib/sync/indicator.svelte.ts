import type { SyncState } from './sync.svelte';

/** What the app bar's indicator and the app shell need of the clinic server connection. */
export interface SyncIndicator {
	readonly state: SyncState;
	readonly pending: number;
	readonly lastSyncedAt: number | null;
	retry(): void;
}

/**
 * The connection, once sync's code has loaded (it sets `current`), else null: sync is off. The
 * code loads only where it is needed (a device connected to a clinic server, the settings page),
 * so the app bar can show the state without bringing it onto every first load.
 */
class SyncLink {
	current = $state.raw<SyncIndicator | null>(null);
}

/** The app's one link to its clinic server connection. */
export const syncLink = new SyncLink();
