/**
 * The only place that speaks HTTP to the clinic server. Every answer is classified into a
 * problem the user can act on: an HTML page (a guest Wi-Fi login) is not a server, 401 means
 * sign in again, 403 means not a member, 5xx and timeouts are retried with backoff.
 */

/** Why a request to the clinic server failed, in words the settings screen can explain. */
export type SyncProblem =
	| 'other-origin'
	| 'wrong-password'
	| 'signed-out'
	| 'forbidden'
	| 'no-database'
	| 'not-couchdb'
	| 'server'
	| 'timeout'
	| 'offline';

/** A failed request, with its problem. */
export class SyncError extends Error {
	constructor(
		readonly problem: SyncProblem,
		readonly status = 0
	) {
		super(`sync: ${problem}${status ? ` (${status})` : ''}`);
	}
}

/** How long one request may take before it counts as a timeout [product choice]. */
export const REQUEST_TIMEOUT_MS = 20_000;

/** The `fetch` the client uses; tests pass one that keeps the session cookie in node. */
export type Fetch = typeof fetch;

/**
 * The clinic database's URL, or an `other-origin` error: the app talks only to its own origin,
 * so the CSP stays `connect-src 'self'` and the session cookie is first-party.
 */
export function databaseUrl(input: string, origin: string): URL {
	let url: URL;
	try {
		url = new URL(input.trim(), origin);
	} catch {
		throw new SyncError('other-origin');
	}
	if (url.origin !== new URL(origin).origin) throw new SyncError('other-origin');
	url.pathname = url.pathname.replace(/\/+$/, '');
	url.search = '';
	url.hash = '';
	return url;
}

/** The server's root (where `_session` lives): the database URL without its last segment. */
export function serverRoot(dbUrl: URL): string {
	return dbUrl.href.replace(/\/[^/]*$/, '');
}

/** Sends one request and returns its JSON body, or throws a classified `SyncError`. */
export async function requestJson(
	fetchFn: Fetch,
	url: string,
	init: RequestInit & { login?: boolean } = {},
	timeoutMs = REQUEST_TIMEOUT_MS
): Promise<unknown> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), timeoutMs);
	// The caller's own signal (a long wait for changes cut short) aborts the request too.
	const stop = () => controller.abort();
	init.signal?.addEventListener('abort', stop);
	let response: Response;
	let body: string;
	try {
		response = await fetchFn(url, {
			...init,
			credentials: 'same-origin',
			signal: controller.signal,
			headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...init.headers }
		});
		body = await response.text();
	} catch {
		throw new SyncError(controller.signal.aborted ? 'timeout' : 'offline');
	} finally {
		clearTimeout(timer);
		init.signal?.removeEventListener('abort', stop);
	}
	let json: unknown;
	try {
		json = JSON.parse(body);
	} catch {
		// A captive portal, a proxy's error page or anything else that is not CouchDB.
		if (response.status >= 500) throw new SyncError('server', response.status);
		throw new SyncError('not-couchdb', response.status);
	}
	if (response.ok) return json;
	if (response.status === 401) {
		if (init.login) throw new SyncError('wrong-password', 401);
		// No valid session cookie (expired, or never signed in). Right after a sign-in, the caller
		// reads it as "not a member": pouchdb-server answers a non-member 401 where CouchDB says 403.
		throw new SyncError('signed-out', 401);
	}
	if (response.status === 403) throw new SyncError('forbidden', 403);
	if (response.status === 404) throw new SyncError('no-database', 404);
	throw new SyncError('server', response.status);
}
