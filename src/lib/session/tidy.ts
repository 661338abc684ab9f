import { compactSession } from '$lib/db/samples';
import { loadSessionReport } from '$lib/report/load';
import { reportOptions } from '$lib/report/options';

/**
 * After a session is closed: one samples row per person instead of one a second, then each
 * person's summary computed and stored, so the review opens without reading every heart beat.
 * Both are best effort: a failure (a full disk) leaves the stored readings as they are, and the
 * review computes what it needs when it opens.
 */
export async function tidyEndedSession(sessionId: string): Promise<void> {
	await compactSession(sessionId).catch((e: unknown) => console.warn('compact', e));
	await loadSessionReport(sessionId, reportOptions()).catch((e: unknown) =>
		console.warn('summaries', e)
	);
}
