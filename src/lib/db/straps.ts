import { db } from './db';
import { newId } from './ids';
import type { StrapRecord } from './types';

/** All remembered straps, most recently seen first. */
export async function listStraps(): Promise<StrapRecord[]> {
	const all = await db.straps.toArray();
	return all.sort((a, b) => (b.lastSeen ?? 0) - (a.lastSeen ?? 0));
}

/** Remembers a strap (or refreshes its name), keeping its participant unless a new one is given. */
export async function rememberStrap(
	deviceId: string,
	name: string,
	participantId?: string,
	now = Date.now()
): Promise<StrapRecord> {
	return db.transaction('rw', db.straps, async () => {
		const existing = await db.straps.where('deviceId').equals(deviceId).first();
		const record: StrapRecord = {
			...existing,
			id: existing?.id ?? newId(),
			deviceId,
			name,
			participantId: participantId ?? existing?.participantId,
			createdAt: existing?.createdAt ?? now,
			updatedAt: now,
			lastSeen: now
		};
		await db.straps.put(record);
		return record;
	});
}

/** Assigns a strap to a participant (or unassigns it with undefined). */
export async function assignStrap(
	deviceId: string,
	participantId: string | undefined,
	now = Date.now()
): Promise<void> {
	await db.straps.where('deviceId').equals(deviceId).modify({ participantId, updatedAt: now });
}

/** Records what a strap last reported, for the strap list. */
export async function touchStrap(deviceId: string, battery: number | null, now = Date.now()) {
	const changes: Partial<StrapRecord> = { lastSeen: now, updatedAt: now };
	if (battery !== null) changes.lastBattery = battery;
	await db.straps.where('deviceId').equals(deviceId).modify(changes);
}

/** Forgets a strap: it will need the chooser again. */
export async function forgetStrap(deviceId: string): Promise<void> {
	await db.straps.where('deviceId').equals(deviceId).delete();
}
