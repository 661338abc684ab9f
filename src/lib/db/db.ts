import Dexie, { type EntityTable } from 'dexie';
import { installOutbox, type OutboxEntry, type SyncDocState, type SyncMeta } from './outbox';
import { knowDexieErrors } from './storage-error-source';
import type {
	Goal,
	DiaryEntry,
	HrMaxHistoryEntry,
	HrvCheckRecord,
	Participant,
	ProtocolRecord,
	SampleChunk,
	SessionEvent,
	SessionRecord,
	SessionSummaries,
	StrapRecord
} from './types';

// The storage banner tells Dexie's errors from others (a strap's) once Dexie is here.
knowDexieErrors(Dexie.DexieError);

/** The app's IndexedDB database. Append a version for every schema change; never edit an old one. */
export class PulsklarDB extends Dexie {
	participants!: EntityTable<Participant, 'id'>;
	straps!: EntityTable<StrapRecord, 'id'>;
	protocols!: EntityTable<ProtocolRecord, 'id'>;
	sessions!: EntityTable<SessionRecord, 'id'>;
	samples!: EntityTable<SampleChunk, 'id'>;
	events!: EntityTable<SessionEvent, 'id'>;
	summaries!: EntityTable<SessionSummaries, 'sessionId'>;
	goals!: EntityTable<Goal, 'id'>;
	hrvChecks!: EntityTable<HrvCheckRecord, 'id'>;
	diary!: EntityTable<DiaryEntry, 'id'>;
	hrMaxHistory!: EntityTable<HrMaxHistoryEntry, 'id'>;
	outbox!: EntityTable<OutboxEntry, 'docId'>;
	syncDocs!: EntityTable<SyncDocState, 'docId'>;
	syncMeta!: EntityTable<SyncMeta, 'key'>;

	constructor(name = 'pulsklar') {
		super(name);
		this.version(1).stores({
			participants: 'id, alias, archived, updatedAt',
			straps: 'id, &deviceId, participantId, updatedAt',
			protocols: 'id, updatedAt',
			sessions: 'id, startedAt, status, mode, demo, *participantIds, updatedAt',
			samples: 'id, sessionId, [sessionId+participantId+seq]',
			events: 'id, sessionId, [sessionId+at], participantId'
		});
		// v2: per-session summaries, derived from samples and events once a session has ended, so
		// the review opens without reading every heart beat; and samples lose their `sessionId`
		// index, which the compound index's prefix serves (one index entry less per row of a
		// second: disk per participant-hour ~1.2 MB → ~0.4 MB, docs/performance.md).
		this.version(2).stores({
			samples: 'id, [sessionId+participantId+seq]',
			summaries: 'sessionId'
		});
		// v3: a participant's goals for their plan period (issue 16), found by participant.
		this.version(3).stores({
			goals: 'id, participantId, updatedAt'
		});
		// v4: the treatment around the intervals — resting HRV checks, the activity diary and each
		// participant's HRmax history.
		this.version(4).stores({
			hrvChecks: 'id, [participantId+at], participantId, updatedAt',
			diary: 'id, [participantId+date], participantId, updatedAt',
			hrMaxHistory: 'id, [participantId+at], participantId, updatedAt'
		});
		// v5: clinic server sync (issue 14) — the outbox of documents changed here and not yet on
		// the server (written in the same transaction as the change), the server revision of every
		// document this device knows, and the sync checkpoint.
		this.version(5).stores({
			outbox: 'docId',
			syncDocs: 'docId, owner',
			syncMeta: 'key'
		});
		installOutbox(this);
	}
}

/** The one database instance of the app. */
export const db = new PulsklarDB();
