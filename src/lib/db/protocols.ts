import { BUILT_IN_PROTOCOLS, validateProtocol, type Protocol } from '$lib/workout';
import { db } from './db';
import type { ProtocolRecord } from './types';

/** The user's own protocols (built-ins live in code). */
export async function listUserProtocols(): Promise<ProtocolRecord[]> {
	return db.protocols.orderBy('updatedAt').toArray();
}

/** Saves a user-defined protocol after validation; built-ins can only be copied, never stored. */
export async function saveUserProtocol(
	protocol: Protocol,
	now = Date.now()
): Promise<ProtocolRecord> {
	if (BUILT_IN_PROTOCOLS.some((p) => p.id === protocol.id) || protocol.builtIn) {
		throw new Error('built-in protocols cannot be edited; copy them instead');
	}
	const errors = validateProtocol(protocol);
	if (errors.length > 0)
		throw new Error(`invalid protocol: ${errors.map((e) => e.code).join(', ')}`);
	const existing = await db.protocols.get(protocol.id);
	const record: ProtocolRecord = {
		...protocol,
		createdAt: existing?.createdAt ?? now,
		updatedAt: now
	};
	await db.protocols.put(record);
	return record;
}

/** Deletes a user-defined protocol (sessions keep their own snapshot of it). */
export async function deleteUserProtocol(id: string): Promise<void> {
	await db.protocols.delete(id);
}
