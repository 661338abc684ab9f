import { db, type PulsklarDB } from './db';
import { newId } from './ids';
import type { Goal, GoalStatus, GoalTarget } from './types';

/** What the goal form supplies. */
export interface GoalInput {
	text: string;
	target?: GoalTarget;
	status: GoalStatus;
}

/** A participant's goals, oldest first. */
export async function listGoals(participantId: string, database: PulsklarDB = db): Promise<Goal[]> {
	const goals = await database.goals.where('participantId').equals(participantId).toArray();
	return goals.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Adds a goal for a participant. */
export async function addGoal(
	participantId: string,
	input: GoalInput,
	database: PulsklarDB = db,
	now = Date.now()
): Promise<Goal> {
	const goal: Goal = {
		id: newId(),
		participantId,
		text: input.text.trim(),
		...(input.target ? { target: { ...input.target } } : {}),
		status: input.status,
		history: [],
		createdAt: now,
		updatedAt: now
	};
	await database.goals.add(goal);
	return goal;
}

/**
 * Revises a goal: the version it had goes into its history (the revision is documented, never
 * overwritten). Nothing changes when the input equals the current version.
 */
export async function reviseGoal(
	id: string,
	input: GoalInput,
	database: PulsklarDB = db,
	now = Date.now()
): Promise<Goal | undefined> {
	return database.transaction('rw', database.goals, async () => {
		const goal = await database.goals.get(id);
		if (!goal) return undefined;
		const text = input.text.trim();
		const same =
			goal.text === text &&
			goal.status === input.status &&
			JSON.stringify(goal.target ?? null) === JSON.stringify(input.target ?? null);
		if (same) return goal;
		const previous = {
			at: goal.updatedAt,
			text: goal.text,
			...(goal.target ? { target: goal.target } : {}),
			status: goal.status
		};
		const revised: Goal = {
			id: goal.id,
			participantId: goal.participantId,
			text,
			...(input.target ? { target: { ...input.target } } : {}),
			status: input.status,
			history: [...goal.history, previous],
			createdAt: goal.createdAt,
			updatedAt: now
		};
		await database.goals.put(revised);
		return revised;
	});
}
