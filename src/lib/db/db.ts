import Dexie, { type EntityTable } from 'dexie';
import type {
	Participant,
	ProtocolRecord,
	SampleChunk,
	SessionEvent,
	SessionRecord,
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
	}
}

/** The one database instance of the app. */
export const db = new PulsklarDB();
