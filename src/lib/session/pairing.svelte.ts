import { handleError } from '$lib/app/errors';
import type { BluetoothErrorCode } from '$lib/ble/errors';
import { getBluetooth, rememberedDevices, requestStrap } from '$lib/ble/pairing';
import type { Strap } from '$lib/ble/strap';
import type { Participant, SessionParticipant, StrapRecord } from '$lib/db/types';
import type { LiveParticipant } from './live-participant.svelte';
import type { LiveSession } from './live-session.svelte';

// The strap and roster repositories and the strap driver load with the first pairing or
// restore: Dexie and the GATT code stay off the live screen's first load (issue 18); every use
// here is async.
const straps = () => import('$lib/db/straps');
const roster = () => import('$lib/db/participants');
const strapDriver = () => import('$lib/ble/strap');

/** Prefix of the placeholder participant a strap gets until someone is assigned to it. */
export const STRAP_PLACEHOLDER = 'strap:';

/** The session-participant record of a roster participant. */
export function sessionParticipantOf(p: Participant, strapId?: string): SessionParticipant {
	return {
		participantId: p.id,
		alias: p.alias,
		hrMax: p.hrMax,
		hrMaxSource: p.hrMaxSource,
		hrRest: p.hrRest,
		ceiling: p.ceiling,
		strapId
	};
}

/** Pairing straps into a session: the chooser, remembered straps, and who wears which strap. */
class StrapPairing {
	error = $state<BluetoothErrorCode | null>(null);
	busy = $state(false);
	/** Remembered straps that are not connected (one tap each to pair again). */
	remembered = $state<StrapRecord[]>([]);

	/** Opens the chooser for one strap and connects it (call from a tap). */
	pair(session: LiveSession): Promise<void> {
		return this.#choosing(async () => {
			const device = await requestStrap(getBluetooth());
			// A strap already in the session keeps its connection: a second Strap on the same device
			// would take it over, and closing the first one would drop the link both share.
			if (session.participants.some((p) => p.source?.id === device.id)) return;
			await this.#connect(session, device);
		});
	}

	/**
	 * Pairs a strap for one person of a class under way (a hub): the chooser, then they wear it,
	 * joining the session's record. The strap is remembered as theirs for next time.
	 */
	pairFor(session: LiveSession, participant: Participant): Promise<void> {
		return this.#choosing(async () => {
			const device = await requestStrap(getBluetooth());
			if (session.participants.some((p) => p.source?.id === device.id)) return;
			const { strap } = await this.#connected(device);
			await (await straps()).assignStrap(device.id, participant.id);
			session.join(sessionParticipantOf(participant, device.id), strap);
		});
	}

	async #choosing(pick: () => Promise<void>): Promise<void> {
		this.error = null;
		this.busy = true;
		try {
			await pick();
		} catch (error) {
			// A closed chooser shows nothing; a storage failure (remembering the strap) is the
			// storage banner's, not a Bluetooth error.
			const handled = handleError(error, 'bluetooth');
			if (handled.told === 'bluetooth') this.error = handled.code;
		} finally {
			this.busy = false;
		}
	}

	/** Reconnects remembered straps without the chooser where the browser allows it. */
	async restore(session: LiveSession): Promise<void> {
		const records = await (await straps()).listStraps();
		let devices: BluetoothDevice[] = [];
		try {
			devices = await rememberedDevices(getBluetooth());
		} catch {
			devices = [];
		}
		const connected = new Set(session.participants.map((p) => p.source?.id));
		for (const device of devices) {
			if (connected.has(device.id) || !records.some((r) => r.deviceId === device.id)) continue;
			const strap = new (await strapDriver()).Strap(device);
			await this.#place(
				session,
				strap,
				records.find((r) => r.deviceId === device.id)
			);
			strap.reconnect();
		}
		const found = new Set(devices.map((d) => d.id));
		this.remembered = records.filter((r) => !found.has(r.deviceId) && !connected.has(r.deviceId));
	}

	/** Gives a paired strap to a participant (replacing the strap's placeholder tile). */
	async assign(session: LiveSession, strapTile: LiveParticipant, participant: Participant) {
		const source = session.release(strapTile);
		if (!source) return;
		session.remove(strapTile);
		const target = session.add(sessionParticipantOf(participant, source.id));
		session.attach(target, source);
		await (await straps()).assignStrap(source.id, participant.id);
	}

	/** Forgets a remembered strap: it needs the chooser again next time. */
	async forget(record: StrapRecord): Promise<void> {
		await (await straps()).forgetStrap(record.deviceId);
		this.remembered = this.remembered.filter((r) => r.deviceId !== record.deviceId);
	}

	async #connect(session: LiveSession, device: BluetoothDevice): Promise<void> {
		const { strap, record } = await this.#connected(device);
		await this.#place(session, strap, record);
	}

	/** Connects a chosen strap and remembers it. */
	async #connected(device: BluetoothDevice): Promise<{ strap: Strap; record: StrapRecord }> {
		const strap = new (await strapDriver()).Strap(device);
		try {
			await strap.connect();
		} catch (error) {
			strap.close();
			throw error;
		}
		const repository = await straps();
		const record = await repository.rememberStrap(device.id, strap.name);
		await repository.touchStrap(device.id, strap.battery);
		this.remembered = this.remembered.filter((r) => r.deviceId !== device.id);
		return { strap, record };
	}

	// A strap goes to its remembered participant when known, else to a tile named after it.
	async #place(session: LiveSession, strap: Strap, record?: StrapRecord): Promise<void> {
		const owner = record?.participantId
			? await (await roster()).getParticipant(record.participantId)
			: undefined;
		const existing = owner && session.participants.find((p) => p.id === owner.id);
		const target = existing
			? existing
			: owner
				? session.add(sessionParticipantOf(owner, strap.id))
				: session.add({ participantId: STRAP_PLACEHOLDER + strap.id, alias: strap.name, hrMax: 0 });
		session.attach(target, strap);
	}
}

/** The app's strap pairing state. */
export const pairing = new StrapPairing();
