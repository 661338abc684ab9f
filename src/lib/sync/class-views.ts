/**
 * What a class spread over devices says in its views (issue 15), without their schemas: the ids,
 * the join code and the shapes a screen reads. Pure, so the live screen and the hubs' code have
 * them without valibot (issue 18's first load); `class-docs.ts` validates what is pulled.
 */
import type { SessionParticipant, SessionRecord } from '$lib/db/types';

/** Join codes: six digits, easy to read across a room and to type on a phone. */
export const JOIN_CODE = /^\d{6}$/;

/** A running class as its display publishes it. */
export interface ClassView {
	kind: 'class';
	sessionId: string;
	code: string;
	display: string;
	owner: string;
	status: 'open' | 'ended';
	record: SessionRecord;
	updatedAt: number;
	/**
	 * Which hub each hub's person is on now (hub id and device name), as the display decided: a
	 * hub that had a person whose strap has moved to another hub lets them go.
	 */
	placed?: Record<string, { hubId: string; name: string }>;
}

/** A hub of a class, as it announces itself. */
export interface HubView {
	kind: 'hub';
	sessionId: string;
	hubId: string;
	name: string;
	at: number;
	left?: boolean;
	/** Who wears which of the hub's straps, and whether that strap is connected now. */
	participants: { info: SessionParticipant; strap: string; connected?: boolean }[];
}

export const classDocId = (sessionId: string) => `class:${sessionId}`;
export const hubDocId = (sessionId: string, hubId: string) => `hub:${sessionId}:${hubId}`;

/** A fresh join code. */
export function newJoinCode(random: () => number = Math.random): string {
	return String(Math.floor(random() * 1_000_000)).padStart(6, '0');
}
