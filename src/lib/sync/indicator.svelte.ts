import type { classLinkOf } from './engine';
import type { SyncConfig, SyncState } from './sync.svelte';

/** What the app bar, the home page and the class room need of the clinic server connection. */
export interface SyncIndicator {
	readonly state: SyncState;
	readonly pending: number;
	readonly lastSyncedAt: number | null;
	readonly config: SyncConfig | null;
	retry(): void;
	/** Something was stored here to send: a round now, unless failures hold it back. */
	nudge(): void;
	classLink(): ReturnType<typeof classLinkOf> | null;
}

/**
 * The connection, once sync's code has loaded (it sets `current`), else null: sync is off. The
 * code loads only where it is needed (a device connected to a clinic server, the settings page),
 * so these screens can read the state without bringing it onto every first load.
 */
class SyncLink {
	current = $state.raw<SyncIndicator | null>(null);
}

/** The app's one link to its clinic server connection. */
export const syncLink = new SyncLink();
