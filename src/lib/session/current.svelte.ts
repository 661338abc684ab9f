import { rememberedDevices, getBluetooth } from '$lib/ble/pairing';
import { Strap } from '$lib/ble/strap';
import { db } from '$lib/db/db';
import { addEvent } from '$lib/db/events';
import { lastReadingAt, readSessionReadings, sessionSamples } from '$lib/db/samples';
import { closeSession, findRunningSession } from '$lib/db/sessions';
import type { SessionRecord } from '$lib/db/types';
import { demoClass, sessionStateAt, SimulatedParticipant, type SimProfile } from '$lib/workout';
import type { LiveParticipant } from './live-participant.svelte';
import { LiveSession } from './live-session.svelte';
import { SimulatedStrap } from './simulated-strap';

/** The tab's one live session (or none), shared by the setup, live and solo screens. */
class CurrentSession {
	session = $state<LiveSession | null>(null);
	/** A session found running in storage after a reload, waiting for "resume" or "end". */
	interrupted = $state<SessionRecord | null>(null);

	/** Whether a started session is still under way in this tab. */
	get running(): boolean {
		return !!this.session?.record && this.session.state.status !== 'done';
	}

	/** Opens a new, not yet started session, replacing one that has not started. */
	open(mode: 'class' | 'solo', demo = false): LiveSession {
		// Never replace a session that is being recorded: its screen stays reachable.
		if (this.running) return this.session!;
		if (this.session && this.session.state.status === 'not-started') this.session.dispose();
		this.session = new LiveSession(mode, demo);
		return this.session;
	}

	/** Starts the demo class: eight simulated participants on the 4x4 protocol. */
	async startDemo(seed = Date.now() % 100_000, size = 8): Promise<LiveSession> {
		const session = this.open('class', true);
		for (const demo of demoParticipants(seed, size)) {
			session.add(
				{
					participantId: demo.id,
					alias: demo.alias,
					hrMax: demo.hrMax,
					// The demo class estimates HRmax with the default (Nes) formula.
					hrMaxSource: 'nes',
					hrRest: demo.hrRest,
					simProfile: demo.profile
				},
				simulatedSource(session, demo.id, demo.alias, demo.sim)
			);
		}
		await session.start();
		return session;
	}

	/** Gives a participant a simulated strap (solo "try it out" without hardware). */
	attachSimulated(session: LiveSession, participant: LiveParticipant): void {
		const sim = new SimulatedParticipant({
			seed: Date.now() % 100_000,
			profile: 'on-target',
			hrMax: participant.info.hrMax,
			hrRest: participant.info.hrRest ?? 60,
			fitness: 0.6
		});
		participant.info.simProfile = 'on-target';
		session.attach(participant, simulatedSource(session, participant.id, participant.alias, sim));
	}

	/** Looks for a session a reload or crash left running. */
	async checkInterrupted(): Promise<void> {
		if (this.session?.record) return;
		this.interrupted = (await findRunningSession()) ?? null;
	}

	/** Resumes the interrupted session: timer where it should be, data replayed, the gap marked. */
	async resumeInterrupted(): Promise<LiveSession | null> {
		const record = this.interrupted;
		if (!record) return null;
		this.interrupted = null;
		const session = new LiveSession(record.mode, record.demo === 1);
		session.protocol = record.protocol;
		session.timeline = record.timeline;
		const readings = await readSessionReadings(record.id);
		const events = await db.events.where('sessionId').equals(record.id).toArray();
		const chunks = await sessionSamples(record.id).count();
		const now = Date.now();
		const remembered = await rememberedDevices(getBluetooth()).catch(() => [] as BluetoothDevice[]);
		for (const [index, info] of record.participants.entries()) {
			const participant = session.add(info);
			const own = readings.get(info.participantId) ?? [];
			for (const reading of own) {
				participant.reading(reading, sessionStateAt(record.protocol, record.timeline, reading.at));
			}
			const rpe: Record<number, number> = {};
			for (const e of events) {
				if (e.participantId !== info.participantId) continue;
				if (e.kind === 'rpe' && e.interval !== undefined) rpe[e.interval] = Number(e.value);
				if (e.kind === 'stopped-early') participant.stoppedEarly = true;
			}
			participant.rpe = rpe;
			const lastAt = own.at(-1)?.at ?? record.updatedAt;
			await addEvent({
				sessionId: record.id,
				participantId: info.participantId,
				at: lastAt,
				kind: 'gap',
				until: now
			});
			if (info.simProfile) {
				const sim = new SimulatedParticipant({
					seed: now + index,
					profile: info.simProfile as SimProfile,
					hrMax: info.hrMax,
					hrRest: info.hrRest ?? 60,
					fitness: 0.6
				});
				session.attach(participant, simulatedSource(session, info.participantId, info.alias, sim));
			} else if (info.strapId) {
				const device = remembered.find((d) => d.id === info.strapId);
				if (device) {
					const strap = new Strap(device);
					session.attach(participant, strap);
					strap.reconnect();
				}
			}
		}
		session.continueRecording(record, chunks);
		this.session = session;
		return session;
	}

	/** Ends the interrupted session at its last stored moment, without resuming. */
	async endInterrupted(): Promise<void> {
		const record = this.interrupted;
		if (!record) return;
		this.interrupted = null;
		// Chunk rows are keyed by random ids: the latest reading is found by time, not key order.
		const endedAt = Math.max(record.updatedAt, (await lastReadingAt(record.id)) ?? 0);
		const timeline = [...record.timeline, { type: 'end' as const, at: endedAt }];
		await db.sessions.update(record.id, { timeline });
		await closeSession(record.id, 'finished', endedAt);
		const { tidyEndedSession } = await import('./tidy');
		await tidyEndedSession(record.id);
	}
}

/** `size` demo participants: the demo class repeated with new seeds and numbered aliases. */
function demoParticipants(seed: number, size: number) {
	const rounds = Math.ceil(size / 8);
	return Array.from({ length: rounds }, (_, round) =>
		demoClass(seed + round).map((d) =>
			round === 0 ? d : { ...d, id: `${d.id}-${round + 1}`, alias: `${d.alias} ${round + 1}` }
		)
	)
		.flat()
		.slice(0, size);
}

function simulatedSource(
	session: LiveSession,
	id: string,
	alias: string,
	sim: SimulatedParticipant
) {
	const strap = new SimulatedStrap(id, `Demo ${alias}`, sim, (at) =>
		sessionStateAt(session.protocol, session.timeline, at)
	);
	strap.start();
	return strap;
}

/** The app's current session. */
export const current = new CurrentSession();
