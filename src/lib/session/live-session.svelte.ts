import type { ConnectionEvent, HeartRateReading, HeartRateSource } from '$lib/ble/source';
import { newSessionRecord } from '$lib/db/session-record';
import { handleError } from '$lib/app/errors';
import { syncDevice } from '$lib/db/sync-switch';
import { storageStatus } from '$lib/db/storage-status.svelte';
import type { SessionEvent, SessionParticipant, SessionRecord } from '$lib/db/types';
import { locale } from '$lib/i18n/locale.svelte';
import { m } from '$lib/paraglide/messages';
import { settings } from '$lib/settings/settings.svelte';
import { trackerOptionsFromSettings } from '$lib/settings/tracker-options';
import {
	allowedEvents,
	builtInProtocol,
	cuesBetween,
	recordRpeByInterval,
	rpeByInterval,
	rpeInterval,
	SessionTimeline,
	type FlagEvent,
	type Protocol,
	type SessionState,
	type TimelineEvent,
	type TimelineEventType,
	type WorkInterval
} from '$lib/workout';
import { activeSession } from './active.svelte';
import { CuePlayer } from './cue-player';
import { phaseName } from '$lib/i18n/labels';
import { LiveParticipant } from './live-participant.svelte';
import { otherTabs } from './other-tabs.svelte';
import type { Recorder } from './recorder';
import { ScreenWakeLock } from './wake-lock';

/**
 * The session repository, loaded by the first write: Dexie stays off the live screen's first load
 * (issue 18). Every write here is asynchronous already, and the record's first one is retried.
 */
const sessions = () => import('$lib/db/sessions');
/** The recorder's code, loaded when a session starts or resumes (not on the first load). */
const recorderCode = () => import('./recorder');
/**
 * What `start()` loads. A session asks for it as it is made (setting up a class or a solo
 * session), so a start waits for nothing but the session lock (`LiveSession.ready`).
 */
const startCode = () => Promise.all([import('$lib/report/judged-with'), recorderCode()]);

/**
 * How often the screen's clock and the no-signal checks advance while nothing runs. While a phase
 * runs, each tick lands just after a whole second of its remaining time, so the clock, the cues
 * and the phase changes happen on time with one tick a second (readings update their tiles as
 * they arrive, not on ticks).
 */
const TICK_MS = 1000;
/** A cue older than this when the loop gets to it (a stalled tab) is skipped, not played late. */
const STALE_CUE_MS = 2000;
/** The above-max alarm repeats this often while anyone's sounds [product choice]. */
export const ALARM_REPEAT_MS = 3000;

/**
 * A class or solo session on screen: participants with their sources, the timeline, the
 * recorder and the cues. Everything shown derives from (protocol, timeline, readings, now).
 *
 * A reading takes one path, in `attach`: source → the participant's tracker (the engine judges
 * it and works out the tile's state) → the recorder. Connection events from the source go to the
 * recorder, which turns them into drop, reconnect and gap events.
 */
export class LiveSession {
	protocol = $state<Protocol>(builtInProtocol('4x4')!);
	/** Replaced, never changed in place (raw: no proxy on each event a replay reads). */
	timeline = $state.raw<TimelineEvent[]>([]);
	now: number = $state(0);
	participants = $state<LiveParticipant[]>([]);
	record = $state<SessionRecord | null>(null);
	muted = $state(false);
	/** True once the ended session is fully written and closed (its report can open). */
	saved = $state(false);
	/** The last spoken announcement, also shown to screen readers. */
	announcement = $state('');
	/** Keys of the cues played, in order (bounded), for the cue log. */
	cueLog = $state<string[]>([]);
	/** Times the above-max alarm has sounded (each repeat counts). */
	alarmsPlayed = 0;
	/** Readings on screen but not yet stored (non-zero while storage fails). */
	unsaved = $state(0);
	/**
	 * A screen watching a class another display runs (`watch`): it shows everyone, stores nothing,
	 * plays nothing and controls nothing.
	 */
	watching = $state(false);
	readonly state: SessionState = $derived(this.stateAt(this.now));
	/**
	 * The state's status and whether a work interval runs, for what shows only those: `state` is a
	 * new object every tick, these change a few times a session, so a control or a block reading
	 * them is not re-run each second (issue 18).
	 */
	readonly status: SessionState['status'] = $derived(this.state.status);
	readonly inWork: boolean = $derived(this.state.phase?.kind === 'work');
	readonly cues = new CuePlayer();
	recorder: Recorder | null = null;
	#wakeLock = new ScreenWakeLock();
	#replayed: SessionTimeline | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#cueCheckedAt: number;
	// Not shown anywhere, so a plain Map (no reactivity needed).
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #subscriptions = new Map<LiveParticipant, () => void>();
	// Who the instructor acknowledged, until their above-max flag clears (not shown: plain Set).
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	readonly #acknowledged = new Set<string>();
	#alarmPlayedAt = -Infinity;
	#finishing: Promise<void> | null = null;
	#disposed = false;
	#owns = false;

	constructor(
		readonly mode: 'class' | 'solo',
		readonly demo = false,
		/** The app clock (tests pass their own). */
		readonly clock: () => number = () => Date.now()
	) {
		this.now = clock();
		this.#cueCheckedAt = this.now;
		this.#timer = setTimeout(() => this.tick(), TICK_MS);
		LiveSession.ready().catch(() => undefined); // a failed load is reported by start()
	}

	/** Loads the code a session needs to start (already under way once a session exists). */
	static ready(): Promise<unknown> {
		return startCode();
	}

	/**
	 * The session's state at an instant. Asked at every reading and every simulated packet, so
	 * the timeline is replayed once per change of its events or protocol, not per question.
	 */
	stateAt(at: number): SessionState {
		const protocol = this.protocol;
		const events = this.timeline;
		let replayed = this.#replayed;
		if (replayed?.protocol !== protocol || replayed.events !== events) {
			replayed = this.#replayed = new SessionTimeline(protocol, events);
		}
		return replayed.stateAt(at);
	}

	/** Adds a participant (before or during the session), optionally with a heart-rate source. */
	add(info: SessionParticipant, source?: HeartRateSource): LiveParticipant {
		const existing = this.participants.find((p) => p.id === info.participantId);
		if (existing) return existing;
		const participant = new LiveParticipant(
			{ targetBasis: settings.value.intensityModel === 'hrr' ? 'reserve' : 'hrmax', ...info },
			trackerOptionsFromSettings(),
			settings.value.flags.noSignalS * 1000
		);
		this.participants.push(participant);
		if (source) this.attach(participant, source);
		return participant;
	}

	/**
	 * A participant who joins a session already under way (a hub's strap reaching the display):
	 * added, connected, and written into the session's record so the report knows them.
	 */
	join(info: SessionParticipant, source: HeartRateSource): LiveParticipant {
		const existing = this.participants.find((p) => p.id === info.participantId);
		// Someone this device recorded itself (their strap was here, so the record names no hub
		// for them) stays this device's to send when their strap moves to a hub: the stretch
		// recorded here exists nowhere else. The hub sends its stretch too; the two merge.
		const recordedHere =
			!!existing &&
			existing.readings > 0 &&
			!!this.record?.participants.some((p) => p.participantId === info.participantId && !p.hub);
		const participant = this.add(info, source);
		if (participant.source !== source) this.attach(participant, source);
		if (info.hub !== undefined) participant.info.hub = info.hub;
		const record = this.record;
		if (record) {
			const known = record.participantIds.includes(info.participantId);
			const participants = known
				? record.participants.map((p) =>
						p.participantId === info.participantId && !recordedHere ? { ...p, hub: info.hub } : p
					)
				: [...record.participants, $state.snapshot(participant.info)];
			this.record = {
				...record,
				participants,
				participantIds: known
					? record.participantIds
					: [...record.participantIds, info.participantId],
				updatedAt: this.clock()
			};
			const stored = { ...$state.snapshot(this.record), timeline: $state.snapshot(this.timeline) };
			if (!this.watching)
				sessions()
					.then((s) => s.storeSession(stored))
					.catch((e: unknown) => handleError(e, 'storage'));
		}
		return participant;
	}

	/**
	 * Connects a source to a participant: the one place a reading flows through, top to bottom.
	 * The source's earlier subscriptions (if it fed someone else) must have been released.
	 */
	attach(participant: LiveParticipant, source: HeartRateSource): void {
		this.release(participant)?.close();
		// Only a strap paired here is remembered (a simulated one, or a hub's, is not this device's).
		const local = !source.id.startsWith('sim:') && !source.id.startsWith('hub:');
		participant.info.strapId = local ? source.id : undefined;
		const subscriptions = [
			source.onReading((reading) => {
				const state = this.stateAt(reading.at);
				this.#recordFlags(participant, participant.reading(reading, state));
				// Above max starts the alarm at this reading, not at the next tick.
				if (participant.flags.includes('above-max') !== participant.alarmSounding)
					this.#soundAlarms(reading.at);
				if (this.recorder && state.status !== 'not-started' && state.status !== 'done')
					this.recorder.push(participant.id, reading);
			}),
			source.onStatus(() => this.#sourceChanged(participant, source)),
			source.onConnection((event) => this.#connection(participant, event))
		];
		this.#subscriptions.set(participant, () => subscriptions.forEach((off) => off()));
		participant.movedTo = '';
		participant.sourceChanged(source);
	}

	/**
	 * On a hub: this person's strap now reaches the display through another hub (`to`, its name),
	 * so the strap here is let go (no reconnecting to it). They stay in this copy's record: what
	 * was recorded here is still sent when the class ends. Pairing a strap for them again here
	 * takes them back.
	 */
	movedAway(participant: LiveParticipant, to: string): void {
		this.release(participant)?.close();
		participant.movedTo = to;
		participant.show(this.clock(), this.state);
	}

	/** Stops listening to a participant's source and returns it, still running (to move it). */
	release(participant: LiveParticipant): HeartRateSource | null {
		const source = participant.source;
		this.#subscriptions.get(participant)?.();
		this.#subscriptions.delete(participant);
		participant.sourceChanged(null);
		return source;
	}

	/** Removes a participant before the start (a strap forgotten, a person not coming). */
	remove(participant: LiveParticipant): void {
		this.release(participant)?.close();
		this.participants = this.participants.filter((p) => p !== participant);
	}

	/**
	 * Starts the session: creates its record, starts recording, cues and the wake lock. False
	 * when another tab of this device records a session (one per device; that tab is told of).
	 * `running` is called as soon as it runs and records, before its first write has landed (a
	 * demo's simulated straps start there, so their first readings show with the tiles).
	 */
	async start(running?: () => void): Promise<boolean> {
		if (this.record) return true;
		if (!(await otherTabs.lock.acquire())) {
			otherTabs.noticeElsewhere();
			return false;
		}
		// Loaded here, not on the live screen's first load (issue 18).
		const [{ judgedWithOf }, { Recorder }] = await this.#loadOrRelease(startCode);
		const at = this.clock();
		this.cues.unlock();
		this.timeline = [{ type: 'start', at }];
		this.now = at;
		this.#cueCheckedAt = at;
		activeSession.running = true;
		const device = syncDevice();
		this.record = newSessionRecord({
			mode: this.mode,
			demo: this.demo ? 1 : 0,
			protocol: $state.snapshot(this.protocol),
			timeline: $state.snapshot(this.timeline),
			participants: this.participants.map((p) => $state.snapshot(p.info)),
			startedAt: at,
			// What the report and the journal note judge this session with, whatever changes later.
			judgedWith: judgedWithOf(settings.value, 'start', at),
			// Where it was recorded, when this device syncs with a clinic server under a name.
			...(device ? { device } : {})
		});
		// The record is stored by the recorder's first write, retried until it succeeds: with a
		// full disk the class still runs on screen and is saved once space is freed.
		this.#startRecorder(Recorder, 0, () => this.#storeRecord());
		this.#own();
		running?.();
		await this.recorder?.flush();
		void this.#wakeLock.hold();
		return true;
	}

	/**
	 * Starts this device's copy of a class another device displays (this device is a hub): the
	 * class's session id, protocol and timeline, none of its people yet (each strap paired here
	 * joins its wearer). The display owns the timeline and the cues: the copy follows them, quiet.
	 */
	async startAsHub(classRecord: SessionRecord, display: string): Promise<boolean> {
		if (this.record) return true;
		if (!(await otherTabs.lock.acquire())) {
			otherTabs.noticeElsewhere();
			return false;
		}
		const { Recorder } = await this.#loadOrRelease(recorderCode);
		this.protocol = classRecord.protocol;
		this.timeline = classRecord.timeline;
		this.now = this.clock();
		this.#cueCheckedAt = this.now;
		this.muted = true;
		activeSession.running = true;
		const device = syncDevice();
		this.record = {
			...classRecord,
			participants: this.participants.map((p) => $state.snapshot(p.info)),
			participantIds: this.participants.map((p) => p.id),
			status: 'running',
			hubOf: display,
			updatedAt: this.now,
			...(device ? { device } : {})
		};
		delete this.record.endedAt;
		this.#startRecorder(Recorder, 0, () => this.#storeRecord());
		this.#own();
		await this.recorder?.flush();
		void this.#wakeLock.hold();
		return true;
	}

	/**
	 * Shows a class another display runs, on this screen only: its session id, protocol, timeline
	 * and people as the display published them, kept in memory. Nothing is recorded or stored here
	 * (the display's session reaches this device by sync once it has ended), no cue or alarm plays
	 * (the display sounds them), and the controls are the display's. It takes no session lock: a
	 * device may watch while nothing else of its own runs.
	 */
	watch(classRecord: SessionRecord): void {
		if (this.record) return;
		this.watching = true;
		this.muted = true;
		this.protocol = classRecord.protocol;
		this.timeline = classRecord.timeline;
		this.record = { ...classRecord, participants: [], participantIds: [] };
		this.now = this.clock();
		this.#cueCheckedAt = this.now;
		void this.#wakeLock.hold();
		this.tick();
	}

	/** Whether another device owns the timeline: a hub's copy, or a screen watching a class. */
	get follows(): boolean {
		return this.watching || !!this.record?.hubOf;
	}

	/** Takes the display's timeline (a hub's copy): pauses, skips and the end arrive here. */
	followTimeline(timeline: readonly TimelineEvent[]): void {
		if (!this.record || timeline.length < this.timeline.length) return;
		if (JSON.stringify(timeline) === JSON.stringify($state.snapshot(this.timeline))) return;
		this.timeline = [...timeline];
		this.#persistTimeline();
		this.tick();
	}

	/** Continues a session found running after a reload; the caller holds the session lock. */
	async continueRecording(record: SessionRecord, nextSeq: number): Promise<void> {
		const { Recorder } = await recorderCode();
		this.record = record;
		this.protocol = record.protocol;
		this.timeline = record.timeline;
		activeSession.running = true;
		this.#cueCheckedAt = this.clock();
		this.#startRecorder(Recorder, nextSeq);
		this.#own();
		void this.#wakeLock.hold();
	}

	// This tab records the device's one running session: other tabs learn of it and may watch.
	#own(): void {
		this.#owns = true;
		otherTabs.own({
			owner: () =>
				this.record
					? { sessionId: this.record.id, mode: this.mode, startedAt: this.record.startedAt }
					: null,
			view: () =>
				this.record
					? {
							owner: {
								sessionId: this.record.id,
								mode: this.mode,
								startedAt: this.record.startedAt
							},
							protocol: $state.snapshot(this.protocol),
							timeline: $state.snapshot(this.timeline),
							tiles: this.participants.map((p) => p.snapshot())
						}
					: null
		});
	}

	/** Whether a control makes sense now (the engine's rule; the controls show it). */
	allows(type: TimelineEventType): boolean {
		return allowedEvents(this.status).includes(type);
	}

	/** Applies a control (pause, resume, skip, extend, end) if the session allows it now. */
	control(type: Exclude<TimelineEventType, 'start'>, ms?: number): void {
		if (this.follows) return; // a hub's copy or a watching screen: the display runs the timeline
		const at = this.clock();
		const state = this.stateAt(at);
		if (!allowedEvents(state.status).includes(type)) return;
		this.timeline = [...this.timeline, ms === undefined ? { type, at } : { type, at, ms }];
		this.now = at;
		if (type === 'pause') this.cues.silence();
		this.#persistTimeline();
		this.tick();
	}

	/** Logs RPE (6–20) for the participant's latest work interval. */
	logRpe(participant: LiveParticipant, value: number): void {
		const interval = this.latestWorkInterval();
		if (!interval || !participant.tracker?.recordRpe(interval.phaseIndex, value)) return;
		participant.rpe = { ...participant.rpe, [interval.kindIndex]: value };
		this.recorder?.event({
			participantId: participant.id,
			at: this.clock(),
			kind: 'rpe',
			value,
			interval: interval.kindIndex
		});
	}

	/** The work interval RPE refers to now: the one under way, else the last one finished. */
	latestWorkInterval(): WorkInterval | null {
		return rpeInterval(this.protocol, this.state);
	}

	/**
	 * Brings a participant back from storage after a reload: their readings replayed through the
	 * engine, and what their events say (RPE per interval, stopped early).
	 */
	replay(
		participant: LiveParticipant,
		readings: readonly HeartRateReading[],
		events: readonly SessionEvent[]
	): void {
		for (const reading of readings) {
			participant.reading(reading, this.stateAt(reading.at));
		}
		const mine = events.filter((e) => e.participantId === participant.id);
		const rpe = rpeByInterval(mine);
		if (participant.tracker) recordRpeByInterval(participant.tracker, this.protocol, rpe);
		participant.rpe = rpe;
		participant.stoppedEarly = mine.some((e) => e.kind === 'stopped-early');
	}

	/** The instructor has seen it: that person's above-max alarm stops until it is raised again. */
	acknowledgeAlarm(participant: LiveParticipant): void {
		if (!participant.alarmSounding) return;
		this.#acknowledged.add(participant.id);
		participant.alarmSounding = false;
		this.cueLog = [...this.cueLog.slice(-199), 'alarm-ack'];
	}

	/** Stores a free-text note about a participant. */
	addNote(participant: LiveParticipant, text: string): void {
		if (!text.trim()) return;
		this.recorder?.event({
			participantId: participant.id,
			at: this.clock(),
			kind: 'note',
			value: text.trim()
		});
	}

	/** Marks that a participant stopped before the end. */
	markStoppedEarly(participant: LiveParticipant): void {
		participant.stoppedEarly = true;
		this.recorder?.event({
			participantId: participant.id,
			at: this.clock(),
			kind: 'stopped-early'
		});
	}

	/** Advances the clock: staleness, no-signal flags, cues, and the end of the session. */
	tick(): void {
		const now = this.clock();
		this.now = now;
		const state = this.state;
		for (const participant of this.participants) {
			this.#recordFlags(participant, participant.tick(now, state));
		}
		this.#playCues(now);
		this.#soundAlarms(now);
		this.#scheduleTick(state);
		if (state.status === 'done' && this.record && !this.#finishing && !this.watching)
			void this.finish();
		if (this.recorder) {
			// The recorder's writes ride on this tick: one wake-up a second for both.
			// Readings from straps here go to the clinic server as soon as they are stored (a hub's
			// reach the display within a second); those heard from hubs are on the server already.
			if (!this.#finishing) {
				const flushed = this.recorder.flush();
				if (this.participants.some((p) => !p.info.hub))
					void flushed.then(() => activeSession.stored());
			}
			this.unsaved = this.recorder.unsaved;
		}
	}

	// Phase changes, countdown beeps and the clock's seconds fall on whole seconds of the phase's
	// remaining time: one extra tick exactly there keeps them on time instead of up to a tick late.
	#scheduleTick(state: SessionState): void {
		clearTimeout(this.#timer);
		if (this.#disposed) return;
		const toSecond = state.phaseRemainingMs % 1000;
		const wait = state.status === 'running' && toSecond > 0 ? toSecond + 1 : TICK_MS;
		this.#timer = setTimeout(() => this.tick(), wait);
	}

	/** Ends recording: last flush, the record closed as finished, sources released. */
	finish(): Promise<void> {
		this.#finishing ??= (async () => {
			const endedAt = this.state.endedAt ?? this.clock();
			await this.recorder?.stop();
			if (this.record) {
				const id = this.record.id;
				await sessions()
					.then((s) => s.closeSession(id, 'finished', endedAt))
					.catch((e: unknown) => handleError(e, 'storage'));
			}
			this.dispose();
			this.saved = true;
			// The app shell tidies it (Report's compaction and summaries).
			if (this.record) activeSession.ended(this.record.id);
		})();
		return this.#finishing;
	}

	/** Stops timers, sources and the wake lock (does not touch stored data). */
	dispose(): void {
		this.#disposed = true;
		clearTimeout(this.#timer);
		for (const participant of this.participants) this.release(participant)?.close();
		this.cues.silence();
		void this.#wakeLock.release();
		if (!this.watching) activeSession.running = false;
		if (this.#owns) otherTabs.disown(this.record?.id ?? null);
		this.#owns = false;
	}

	#startRecorder(
		RecorderClass: typeof Recorder,
		nextSeq: number,
		prepare: (() => Promise<void>) | null = null
	): void {
		if (!this.record) return;
		this.recorder = new RecorderClass(this.record.id, {
			onError: (error) => handleError(error, 'storage'),
			onSaved: () => {
				const p = storageStatus.problem;
				if (p === 'quota' || p === 'unknown') storageStatus.clear();
			},
			prepare,
			now: this.clock
		});
		this.recorder.start(nextSeq);
	}

	#sourceChanged(participant: LiveParticipant, source: HeartRateSource): void {
		const now = this.clock();
		const state = this.stateAt(now);
		if (source.battery !== null && source.battery !== participant.tracker?.battery) {
			this.#recordFlags(participant, participant.batteryLevel(now, source.battery, state));
		}
		participant.sourceChanged(source);
		participant.show(now, state);
	}

	#connection(participant: LiveParticipant, event: ConnectionEvent): void {
		// A strap that was already reconnecting when the session started has no gap before it.
		this.recorder?.connection(participant.id, event, this.record?.startedAt);
	}

	#recordFlags(participant: LiveParticipant, events: FlagEvent[]): void {
		if (!this.recorder) return;
		for (const event of events) {
			this.recorder.event({
				participantId: participant.id,
				at: event.at,
				kind: event.kind === 'raised' ? 'flag-raised' : 'flag-cleared',
				value: event.flag
			});
		}
	}

	// Whose alarm sounds: above max, not acknowledged since it was raised, the alarm on, and the
	// session under way. It plays whatever the phase cues' mute says, repeated while any sounds.
	#soundAlarms(now: number): void {
		const live =
			this.record !== null &&
			!this.watching &&
			(this.state.status === 'running' || this.state.status === 'paused');
		let sounding = false;
		for (const participant of this.participants) {
			const above = participant.flags.includes('above-max');
			if (!above) this.#acknowledged.delete(participant.id);
			const on = live && above && settings.value.alarm && !this.#acknowledged.has(participant.id);
			if (participant.alarmSounding !== on) participant.alarmSounding = on;
			sounding ||= on;
		}
		if (!sounding) {
			this.#alarmPlayedAt = -Infinity;
			return;
		}
		if (now - this.#alarmPlayedAt < ALARM_REPEAT_MS) return;
		// The log notes when the alarm starts, not each repeat (it is bounded: repeats would push
		// the phase cues out of it); `alarmsPlayed` counts every sounding.
		if (this.#alarmPlayedAt === -Infinity) this.cueLog = [...this.cueLog.slice(-199), 'alarm'];
		this.#alarmPlayedAt = now;
		this.alarmsPlayed++;
		this.cues.alarm();
	}

	#playCues(now: number): void {
		if (this.timeline.length === 0) return;
		const due = cuesBetween(this.protocol, this.timeline, this.#cueCheckedAt, now);
		this.#cueCheckedAt = now;
		if (this.muted) return;
		for (const cue of due) {
			if (now - cue.at > STALE_CUE_MS) continue;
			const state = cue.phaseIndex === null ? null : this.stateAt(cue.at);
			const announcement =
				cue.type === 'session-done'
					? m.session_complete()
					: state
						? phaseName(state.phase, state.kindIndex, state.kindCount)
						: null;
			this.cues.play(cue, settings.value, announcement, locale.current);
			if (announcement && cue.type !== 'countdown' && cue.type !== 'halfway')
				this.announcement = announcement;
			this.cueLog = [...this.cueLog.slice(-199), cue.key];
		}
	}

	/** Code a start needs, loaded under the session lock; a load that fails gives the lock back. */
	async #loadOrRelease<T>(load: () => Promise<T>): Promise<T> {
		try {
			return await load();
		} catch (error) {
			otherTabs.lock.release();
			throw error;
		}
	}

	/** Stores the record as it stands (the recorder's first write, retried until it succeeds). */
	async #storeRecord(): Promise<void> {
		const { storeSession } = await sessions();
		await storeSession({
			...$state.snapshot(this.record)!,
			timeline: $state.snapshot(this.timeline)
		});
	}

	#persistTimeline(): void {
		if (!this.record || this.watching) return;
		const id = this.record.id;
		const timeline = $state.snapshot(this.timeline);
		sessions()
			.then((s) => s.saveTimeline(id, timeline))
			.catch((e: unknown) => handleError(e, 'storage'));
	}
}
