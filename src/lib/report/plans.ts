import { planFromTemplate, type TrainingPlan } from '$lib/workout';

/** The plan templates a therapist can assign [product choice]: CERG progression to 4x4. */
export const PLAN_TEMPLATES: readonly TrainingPlan[] = [
	planFromTemplate('cerg-12x3', '4x4 ×3/week', { sessionsPerWeek: 3 }),
	planFromTemplate('cerg-12x2', '4x4 ×2/week', { sessionsPerWeek: 2 })
];

/** A template by id, or undefined. */
export function planTemplate(id: string): TrainingPlan | undefined {
	return PLAN_TEMPLATES.find((p) => p.id === id);
}
