/**
 * The documents of a class spread over several devices (issue 15): the display's `class:` document
 * (join code, the session as it runs: protocol, timeline, participants) and one `hub:` document per
 * hub (its name, its straps, a heartbeat). Like `live:` documents they are a running class's view:
 * heard by the devices taking part, never stored as records, and validated like everything pulled.
 */
import * as v from 'valibot';
import { rowSchemas, sessionParticipant } from '$lib/db/backup-schema';
import type { SessionRecord } from '$lib/db/types';
import { classDocId, hubDocId, JOIN_CODE, type ClassView, type HubView } from './class-views';

export * from './class-views';

const name = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const token = v.pipe(v.string(), v.regex(/^[\w-]{1,100}$/));

const classDoc = v.object({
	sessionId: token,
	code: v.pipe(v.string(), v.regex(JOIN_CODE)),
	/** The display's device name, shown on the hubs. */
	display: name,
	/** Random per display tab: a second display trying to run the class can tell it is not it. */
	owner: token,
	status: v.picklist(['open', 'ended']),
	record: rowSchemas.sessions,
	updatedAt: v.number(),
	placed: v.optional(
		v.pipe(
			v.record(token, v.object({ hubId: token, name })),
			v.check((placed) => Object.keys(placed).length <= 500)
		)
	)
});

const hubDoc = v.object({
	sessionId: token,
	hubId: token,
	/** The hub's device name, shown on its people's tiles. */
	name,
	/** Hub clock of its last heartbeat (shown only as "last seen"; the display times by its own). */
	at: v.number(),
	left: v.optional(v.boolean()),
	participants: v.pipe(
		v.array(
			v.object({
				info: sessionParticipant,
				strap: name,
				/** False while the hub's strap for them is not connected (moved, out of range). */
				connected: v.optional(v.boolean())
			})
		),
		v.maxLength(20)
	)
});

/** Validates a pulled `class:` document (its id must name its session), or null. */
export function decodeClassDoc(id: string, doc: Record<string, unknown>): ClassView | null {
	const parsed = v.safeParse(classDoc, doc);
	if (!parsed.success) return null;
	const { sessionId, record } = parsed.output;
	if (id !== classDocId(sessionId) || record.id !== sessionId) return null;
	return { kind: 'class', ...parsed.output, record: record as SessionRecord };
}

/** Validates a pulled `hub:` document (its id must name its session and hub), or null. */
export function decodeHubDoc(id: string, doc: Record<string, unknown>): HubView | null {
	const parsed = v.safeParse(hubDoc, doc);
	if (!parsed.success) return null;
	if (id !== hubDocId(parsed.output.sessionId, parsed.output.hubId)) return null;
	return { kind: 'hub', ...parsed.output };
}
