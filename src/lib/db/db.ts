import Dexie, { type EntityTable } from 'dexie';
import type {
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

/** The app's IndexedDB database. Append a version for every schema change; never edit an old one. */
export class PulsklarDB extends Dexie {
	participants!: EntityTable<Participant, 'id'>;
	straps!: EntityTable<StrapRecord, 'id'>;
	protocols!: EntityTable<ProtocolRecord, 'id'>;
	sessions!: EntityTable<SessionRecord, 'id'>;
	samples!: EntityTable<SampleChunk, 'id'>;
	events!: EntityTable<SessionEvent, 'id'>;
	summaries!: EntityTable<SessionSummaries, 'sessionId'>;
	hrvChecks!: EntityTable<HrvCheckRecord, 'id'>;
	diary!: EntityTable<DiaryEntry, 'id'>;
	hrMaxHistory!: EntityTable<HrMaxHistoryEntry, 'id'>;

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
		// v4 (v3 is goals and session snapshots, on another branch): the treatment around the
		// intervals — resting HRV checks, the activity diary and each participant's HRmax history.
		// New stores only, so v3 and v4 merge in either order.
		this.version(4).stores({
			hrvChecks: 'id, [participantId+at], participantId, updatedAt',
			diary: 'id, [participantId+date], participantId, updatedAt',
			hrMaxHistory: 'id, [participantId+at], participantId, updatedAt'
		});
	}
}

/** The one database instance of the app. */
export const db = new PulsklarDB();
