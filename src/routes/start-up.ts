// The app shell's work once it is on screen, loaded by +layout.svelte after its first render:
// opening the database, the resume check, tidying, the clinic server and the service worker.
// None of it draws the first screen, and it brings Dexie and the session code along (~55 KB
// gzip), so it stays off the first load (docs/performance.md, "Issue 18").
import { handleError } from '$lib/app/errors';
import { watchDatabase } from '$lib/db/connection';
import { outboxEnabled } from '$lib/db/outbox';
import { pwa } from '$lib/pwa/pwa.svelte';
import { activeSession } from '$lib/session/active.svelte';
import { current } from '$lib/session/current.svelte';
import { otherTabs } from '$lib/session/other-tabs.svelte';
import { syncLink } from '$lib/sync/indicator.svelte';

// The shell's parts that show only what this work finds: a session to resume, one recorded in
// another tab.
export { default as OtherTabNotice } from '$lib/components/OtherTabNotice.svelte';
export { default as ResumePrompt } from '$lib/components/ResumePrompt.svelte';

/** Starts everything the shell runs in the background; called once. */
export function startApp(): void {
	watchDatabase();
	// Only a device connected to a clinic server loads sync's code here; its rounds then resume
	// on their own (the settings page loads it to connect).
	if (outboxEnabled())
		import('$lib/sync/sync.svelte')
			.then(({ clinicSync }) => clinicSync.start())
			.catch((e: unknown) => console.error('sync', e));
	// When another tab's session lock is let go (ended, closed or crashed), look again: a
	// session its tab left running is then offered for resume here.
	otherTabs.connect(() => {
		current.checkInterrupted().catch((e: unknown) => handleError(e, 'storage'));
	});
	// Each session this tab ends is tidied by Report (compaction, stored summaries), not by
	// Session; loaded then, not up front: it brings the report code along. Then its record goes
	// to the clinic server at once, whatever backoff an earlier failure left.
	// A running session's readings go to the clinic server as soon as they are stored.
	activeSession.onStored(() => syncLink.current?.nudge());
	activeSession.onEnded((sessionId) => {
		import('$lib/report/tidy')
			.then(({ tidyEndedSession }) => tidyEndedSession(sessionId))
			.catch((e: unknown) => handleError(e, 'tidy'))
			.finally(() => syncLink.current?.retry());
	});
	current
		.checkInterrupted()
		// Then, once the app has settled, finish any tidying a closed tab cut short.
		.then(() =>
			setTimeout(() => {
				import('$lib/report/tidy')
					.then(({ tidyLeftovers }) => tidyLeftovers(() => current.running))
					.catch((e: unknown) => handleError(e, 'tidy'));
			}, 5000)
		)
		.catch((e: unknown) => handleError(e, 'storage'));
	if (!import.meta.env.DEV) pwa.register().catch((e: unknown) => console.error(e));
}
