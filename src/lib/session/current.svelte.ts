import { rememberedDevices, getBluetooth } from '$lib/ble/pairing';
import type { HeartRateSource } from '$lib/ble/source';
import type { Strap } from '$lib/ble/strap';
import type { StoredSession } from '$lib/db/sessions';
import type { SessionParticipant, SessionRecord } from '$lib/db/types';
import { activeSession } from './active.svelte';
import type { LiveParticipant } from './live-participant.svelte';
import { LiveSession } from './live-session.svelte';
import { otherTabs } from './other-tabs.svelte';
import type { SimulatedStrap } from '$lib/ble/simulated-strap';

// The session repository, the events and the strap driver load when a stored session is looked
// for or resumed (all asynchronous): Dexie stays off the live screen's first load (issue 18).
const sessions = () => import('$lib/db/sessions');
// Simulated straps load for a demo, a solo try-out, or a demo resumed (issue 18).
const simulation = () => import('./simulation');

/** The tab's one live session (or none), shared by the setup, live and solo screens. */
export class CurrentSession {
	session = $state<LiveSession | null>(null);
	/** A session found running in storage after a reload, waiting for "resume" or "end". */
	// Raw: the record goes back into IndexedDB, which cannot store a $state proxy.
	interrupted = $state.raw<SessionRecord | null>(null);

	/** `clock` is the app clock (tests pass their own); sessions and simulated straps use it. */
	constructor(readonly clock: () => number = () => Date.now()) {}

	/** Whether a started session is still under way in this tab. */
	get running(): boolean {
		return !!this.session?.record && this.session.state.status !== 'done';
	}

	/** Opens a new, not yet started session, replacing one that has not started. */
	open(mode: 'class' | 'solo', demo = false): LiveSession {
		// Never replace a session that is being recorded: its screen stays reachable.
		if (this.running) return this.session!;
		if (this.session && this.session.state.status === 'not-started') this.session.dispose();
		this.session = new LiveSession(mode, demo, this.clock);
		return this.session;
	}

	/**
	 * Starts the demo class: eight simulated participants on the 4x4 protocol. Null when another
	 * tab of this device records a session (one per device).
	 */
	async startDemo(seed = this.clock() % 100_000, size = 8): Promise<LiveSession | null> {
		// The demo's tiles show once it can start at once (its code loaded in one go).
		const [{ demoParticipants, simulatedSourceFor }] = await Promise.all([
			simulation(),
			LiveSession.ready()
		]);
		const session = this.open('class', true);
		const straps: SimulatedStrap[] = [];
		for (const demo of demoParticipants(seed, size)) {
			const info: SessionParticipant = {
				participantId: demo.id,
				alias: demo.alias,
				hrMax: demo.hrMax,
				// The demo class estimates HRmax with the default (Nes) formula.
				hrMaxSource: 'nes',
				hrRest: demo.hrRest,
				simProfile: demo.profile
			};
			const strap = simulatedSourceFor(session, info, seed, demo.sim);
			session.add(info, strap);
			straps.push(strap);
		}
		// Once it runs the tiles show: each strap's first packet lands on one and is recorded.
		if (await session.start(() => straps.forEach((strap) => strap.start()))) return session;
		session.dispose();
		if (this.session === session) this.session = null;
		return null;
	}

	/**
	 * Starts this device's copy of a class another device displays (this device is a hub). Null
	 * while a session of its own runs here, or when another tab records one (one per device).
	 */
	async joinAsHub(classRecord: SessionRecord, display: string): Promise<LiveSession | null> {
		if (this.running) return null;
		const session = this.open('class');
		if (await session.startAsHub(classRecord, display)) return session;
		session.dispose();
		if (this.session === session) this.session = null;
		return null;
	}

	/** Gives a participant a simulated strap (solo "try it out" without hardware). */
	async attachSimulated(session: LiveSession, participant: LiveParticipant): Promise<void> {
		const { simulatedSourceFor } = await simulation();
		participant.info.simProfile = 'on-target';
		const seed = this.clock() % 100_000;
		const strap = simulatedSourceFor(session, participant.info, seed);
		session.attach(participant, strap);
		strap.start();
	}

	/**
	 * Looks for a session a reload or crash left running. One that another tab of this device
	 * still records is alive, not interrupted: that tab is asked about it, and this one waits.
	 */
	async checkInterrupted(): Promise<void> {
		if (this.session?.record) return;
		if (await otherTabs.lock.heldElsewhere()) {
			this.interrupted = null;
			otherTabs.noticeElsewhere();
			return;
		}
		this.interrupted = (await (await sessions()).findRunningSession()) ?? null;
	}

	/**
	 * Resumes the interrupted session: timer where it should be, data replayed, the gap marked.
	 * Null when another tab got there first (it now records the session; this one is told).
	 */
	async resumeInterrupted(): Promise<LiveSession | null> {
		const found = this.interrupted;
		if (!found) return null;
		this.interrupted = null;
		if (!(await otherTabs.lock.acquire())) {
			otherTabs.noticeElsewhere();
			return null;
		}
		try {
			// Read again under the lock: another tab may have resumed or ended it meanwhile.
			const stored = await (await sessions()).loadRunningSession(found.id);
			if (!stored) {
				otherTabs.lock.release();
				return null;
			}
			const session = await restoreSession(stored, this.clock);
			this.session = session;
			return session;
		} catch (error) {
			otherTabs.lock.release();
			throw error;
		}
	}

	/** Ends the interrupted session at its last stored moment, without resuming. */
	async endInterrupted(): Promise<void> {
		const found = this.interrupted;
		if (!found) return;
		this.interrupted = null;
		if (!(await otherTabs.lock.acquire())) {
			otherTabs.noticeElsewhere();
			return;
		}
		try {
			const { closeSession, loadRunningSession, saveTimeline } = await sessions();
			const stored = await loadRunningSession(found.id);
			if (!stored) return;
			// Chunk rows are keyed by random ids: the latest reading is found by time, not key order.
			const endedAt = Math.max(stored.record.updatedAt, stored.lastReadingAt ?? 0);
			await saveTimeline(stored.record.id, [
				...stored.record.timeline,
				{ type: 'end', at: endedAt }
			]);
			await closeSession(stored.record.id, 'finished', endedAt);
		} finally {
			otherTabs.lock.release();
		}
		activeSession.ended(found.id);
	}
}

/** Rebuilds the live session from storage: readings replayed, RPE, gaps marked, sources back. */
async function restoreSession(stored: StoredSession, clock: () => number): Promise<LiveSession> {
	const { record, readings, events } = stored;
	const session = new LiveSession(record.mode, record.demo === 1, clock);
	session.protocol = record.protocol;
	session.timeline = record.timeline;
	const now = clock();
	const remembered = await rememberedStraps(record);
	const driver = remembered.length > 0 ? (await import('$lib/ble/strap')).Strap : null;
	const sim = record.participants.some((p) => p.simProfile) ? await simulation() : null;
	const simulated: SimulatedStrap[] = [];
	for (const [index, info] of record.participants.entries()) {
		const participant = session.add(info);
		const own = readings.get(info.participantId) ?? [];
		session.replay(participant, own, events);
		const mine = events.filter((e) => e.participantId === info.participantId);
		const source = sourceFor(session, info, remembered, now + index, driver, sim);
		if (!source) continue;
		// Only someone with a strap has data to miss; the gap starts where their data stopped (or
		// where an earlier resume's gap ended), so two resumes never mark one stretch twice.
		const gapFrom = Math.max(
			own.at(-1)?.at ?? record.startedAt,
			...mine.filter((e) => e.kind === 'gap').map((e) => e.until ?? e.at)
		);
		if (gapFrom < now) {
			await (
				await import('$lib/db/events')
			).addEvent({
				sessionId: record.id,
				participantId: info.participantId,
				at: gapFrom,
				kind: 'gap',
				until: now
			});
		}
		session.attach(participant, source);
		if (sim && source instanceof sim.SimulatedStrap) simulated.push(source);
	}
	await session.continueRecording(record, stored.chunks);
	// Recording again: the simulated straps' first packets are stored too.
	for (const strap of simulated) strap.start();
	return session;
}

/**
 * The source a resumed participant had: a new simulated strap for a demo person, the remembered
 * Bluetooth strap for a real one (reconnecting), or none. Simulated people never need Bluetooth,
 * so a demo resumes in browsers without it.
 */
function sourceFor(
	session: LiveSession,
	info: SessionParticipant,
	remembered: readonly BluetoothDevice[],
	seed: number,
	driver: typeof Strap | null,
	sim: Awaited<ReturnType<typeof simulation>> | null
): HeartRateSource | null {
	if (info.simProfile) return sim?.simulatedSourceFor(session, info, seed) ?? null;
	const device = info.strapId ? remembered.find((d) => d.id === info.strapId) : undefined;
	if (!device || !driver) return null;
	const strap = new driver(device);
	strap.reconnect();
	return strap;
}

/** The straps this browser remembers, asked for only when someone in the session had one. */
async function rememberedStraps(record: SessionRecord): Promise<BluetoothDevice[]> {
	if (!record.participants.some((p) => p.strapId && !p.simProfile)) return [];
	try {
		return await rememberedDevices(getBluetooth());
	} catch {
		// No Web Bluetooth here (or it failed): those people show "no strap" and can be paired again.
		return [];
	}
}

/** The app's current session. */
export const current = new CurrentSession();
