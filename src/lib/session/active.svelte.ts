/** Whether a session is running in this tab: the update prompt waits while it is. */
class ActiveSession {
	running = $state(false);
}

/** The tab's one running-session flag. */
export const activeSession = new ActiveSession();
