/**
 * A real CouchDB-protocol server for tests: pouchdb-server in its own temp directory and port,
 * set up as a clinic would set up CouchDB (an admin, a database, a user with a role, the
 * database's `_security` limited to that role). Used by the unit tests and the e2e global setup.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Names and passwords the test clinic is set up with. */
export const CLINIC = {
	admin: 'admin',
	adminPassword: 'admin-secret',
	db: 'clinic',
	role: 'clinic-staff',
	user: 'nurse',
	password: 'nurse-secret',
	/** A valid user who is not a member of the clinic database. */
	outsider: 'outsider',
	outsiderPassword: 'outsider-secret'
} as const;

/** A running test server. */
export interface CouchServer {
	url: string;
	process: ChildProcess;
	dir: string;
	/** Requests as the server admin (sets up data a test needs, e.g. a hostile document). */
	admin(path: string, init?: RequestInit): Promise<Response>;
	stop(): Promise<void>;
}

function adminFetch(url: string) {
	const auth = 'Basic ' + Buffer.from(`${CLINIC.admin}:${CLINIC.adminPassword}`).toString('base64');
	return (path: string, init: RequestInit = {}) =>
		fetch(`${url}${path}`, {
			...init,
			headers: { Authorization: auth, 'Content-Type': 'application/json', ...init.headers }
		});
}

async function waitUntilUp(url: string): Promise<void> {
	for (let i = 0; i < 200; i++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`pouchdb-server did not start at ${url}`);
}

async function ok(response: Promise<Response>, what: string): Promise<void> {
	const r = await response;
	if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`);
}

/** Starts pouchdb-server on `port` and sets up the clinic. */
export async function startCouchServer(port: number, root = process.cwd()): Promise<CouchServer> {
	const dir = mkdtempSync(join(tmpdir(), 'pulsklar-couch-'));
	const bin = resolve(root, 'node_modules/.bin/pouchdb-server');
	// Through `npx` the flags are swallowed (TESTING.md); it writes config and log into its cwd.
	const child = spawn(process.execPath, [bin, '--port', String(port), '--dir', dir], {
		cwd: dir,
		stdio: 'ignore'
	});
	const url = `http://127.0.0.1:${port}`;
	await waitUntilUp(url);
	await ok(
		fetch(`${url}/_config/admins/${CLINIC.admin}`, {
			method: 'PUT',
			body: JSON.stringify(CLINIC.adminPassword)
		}),
		'admin'
	);
	const admin = adminFetch(url);
	await ok(admin(`/${CLINIC.db}`, { method: 'PUT' }), 'database');
	for (const [name, password, roles] of [
		[CLINIC.user, CLINIC.password, [CLINIC.role]],
		[CLINIC.outsider, CLINIC.outsiderPassword, []]
	] as const) {
		await ok(
			admin(`/_users/org.couchdb.user:${name}`, {
				method: 'PUT',
				body: JSON.stringify({ name, password, roles, type: 'user' })
			}),
			`user ${name}`
		);
	}
	await ok(
		admin(`/${CLINIC.db}/_security`, {
			method: 'PUT',
			body: JSON.stringify({
				admins: { names: [], roles: [] },
				members: { names: [], roles: [CLINIC.role] }
			})
		}),
		'_security'
	);
	return {
		url,
		process: child,
		dir,
		admin,
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill();
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/** A `fetch` for node that keeps the `_session` cookie, as a browser would. */
export function cookieFetch(): typeof fetch {
	let cookie = '';
	return async (input, init = {}) => {
		const headers = new Headers(init.headers);
		if (cookie) headers.set('Cookie', cookie);
		const response = await fetch(input, { ...init, headers });
		const set = response.headers.get('set-cookie');
		if (set) cookie = set.split(';')[0] ?? '';
		return response;
	};
}
