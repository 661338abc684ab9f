/**
 * The outbox: every write to a synced store also records, in the same IndexedDB transaction,
 * which server document it changed. A Dexie DBCore middleware does it, so no repository needs to
 * know about sync, and a change can never be stored without its outbox entry (or the reverse).
 * Nothing here speaks HTTP; the sync loop reads the outbox on its own schedule.
 */
import type Dexie from 'dexie';
import type { DBCore, DBCoreMutateRequest, DBCoreTransaction, Middleware } from 'dexie';
import { outboxEnabled } from './sync-switch';

export {
	ENABLED_KEY,
	MAX_DEVICE_NAME,
	outboxEnabled,
	setOutboxEnabled,
	setSyncDevice,
	syncDevice
} from './sync-switch';

/** One server document changed on this device and not yet sent. */
export interface OutboxEntry {
	docId: string;
	/** Changes with every write, so a send only clears the entry if nothing changed meanwhile. */
	stamp: string;
}

/** What this device knows of one server document. */
export interface SyncDocState {
	docId: string;
	/** The server's revision this device last sent or received. */
	rev: string;
	/** The participant the document belongs to, so an erasure can delete it on the server. */
	owner?: string;
}

/** Sync bookkeeping: the pull checkpoint and the like. */
export interface SyncMeta {
	key: string;
	value: string;
}

/** Document id prefixes per synced store. Straps, settings and summaries stay on the device. */
export const DOC_PREFIX = {
	participants: 'participant',
	protocols: 'protocol',
	goals: 'goal',
	diary: 'diary',
	hrvChecks: 'hrv-check',
	hrMaxHistory: 'hrmax'
} as const;

/** Stores whose records travel with their session document (single writer, sent once ended). */
const SESSION_PARTS = new Set(['samples', 'events']);

const SYNCED = new Set([...Object.keys(DOC_PREFIX), 'sessions', ...SESSION_PARTS]);

let counter = 0;
/** Transactions that apply documents from the server: they must not echo back into the outbox. */
const remoteTransactions = new WeakSet<object>();

/** Marks a Dexie transaction as applying server documents (its writes are not sent back). */
export function markRemote(idbtrans: object): void {
	remoteTransactions.add(idbtrans);
}

/** The server document a session belongs to. */
export function sessionDocId(sessionId: string): string {
	return `session:${sessionId}`;
}

/** A fresh outbox stamp. */
export function newStamp(): string {
	return `${Date.now()}-${counter++}`;
}

/**
 * Document ids a write touches. Deletions of single readings chunks or events are left out on
 * purpose: every path that deletes them (compaction, erasure, deleting a session) also writes the
 * session or a new chunk in the same transaction, which marks the session document.
 */
function docIdsOf(table: string, req: DBCoreMutateRequest): string[] {
	const prefix = DOC_PREFIX[table as keyof typeof DOC_PREFIX];
	if (req.type === 'add' || req.type === 'put') {
		const values = req.values as { id?: string; sessionId?: string }[];
		if (SESSION_PARTS.has(table)) return values.map((v) => sessionDocId(String(v.sessionId)));
		if (table === 'sessions') return values.map((v) => sessionDocId(String(v.id)));
		return values.map((v) => `${prefix}:${String(v.id)}`);
	}
	if (req.type === 'delete' && !SESSION_PARTS.has(table)) {
		const name = table === 'sessions' ? 'session' : prefix;
		return req.keys.map((key) => `${name}:${String(key)}`);
	}
	// deleteRange: only `clear()` of a whole store issues it here, which no screen does.
	return [];
}

function hasOutbox(trans: DBCoreTransaction): boolean {
	const names = (trans as unknown as IDBTransaction).objectStoreNames;
	return !!names && names.contains('outbox');
}

function middleware(): Middleware<DBCore> {
	return {
		stack: 'dbcore',
		name: 'sync-outbox',
		create(down) {
			return {
				...down,
				transaction(stores, mode, options) {
					// Widen every write transaction over a synced store to the outbox.
					const widen =
						outboxEnabled() &&
						mode === 'readwrite' &&
						!stores.includes('outbox') &&
						stores.some((s) => SYNCED.has(s));
					return down.transaction(widen ? [...stores, 'outbox'] : stores, mode, options);
				},
				table(name) {
					const table = down.table(name);
					if (!SYNCED.has(name)) return table;
					return {
						...table,
						async mutate(req) {
							const result = await table.mutate(req);
							if (!outboxEnabled() || remoteTransactions.has(req.trans) || !hasOutbox(req.trans))
								return result;
							const ids = [...new Set(docIdsOf(name, req))];
							if (ids.length > 0) {
								await down.table('outbox').mutate({
									type: 'put',
									trans: req.trans,
									values: ids.map((docId) => ({ docId, stamp: newStamp() }))
								});
							}
							return result;
						}
					};
				}
			};
		}
	};
}

/** Installs the outbox middleware on a database (before it opens). */
export function installOutbox(database: Dexie): void {
	database.use(middleware());
}
