/**
 * A real CouchDB-protocol server for tests: pouchdb-server in its own temp directory and port,
 * set up as a clinic would set up CouchDB (an admin, a database, a user with a role, the
 * database's `_security` limited to that role). The unit tests import it; Playwright runs it as a
 * web server (`node scripts/couch-server.js PORT`). Plain JavaScript so node runs it as it is.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Names and passwords the test clinic is set up with. */
export const CLINIC = {
	admin: 'admin',
	adminPassword: 'admin-secret',
	db: 'pulsklar',
	role: 'clinic-staff',
	user: 'nurse',
	password: 'nurse-secret',
	/** A valid user who is not a member of the clinic database. */
	outsider: 'outsider',
	outsiderPassword: 'outsider-secret'
};

/**
 * A running test server; `admin` sends requests as the server admin (sets up what a test needs,
 * e.g. a hostile document).
 * @typedef {{ url: string, process: import('node:child_process').ChildProcess, dir: string,
 *   admin: (path: string, init?: RequestInit) => Promise<Response>, stop: () => Promise<void> }}
 *   CouchServer
 */

/** @param {string} url */
function adminFetch(url) {
	const auth = 'Basic ' + Buffer.from(`${CLINIC.admin}:${CLINIC.adminPassword}`).toString('base64');
	/** @param {string} path @param {RequestInit} [init] */
	return (path, init = {}) =>
		fetch(`${url}${path}`, {
			...init,
			headers: { Authorization: auth, 'Content-Type': 'application/json', ...init.headers }
		});
}

/**
 * Ports `fetch` refuses to talk to ("bad port", WHATWG Fetch §port blocking), so a test server
 * on one of them could never be reached: node's undici fails every request at once.
 */
const BAD_PORTS = new Set([
	1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102,
	103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465,
	512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993,
	995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668,
	6669, 6697, 10080
]);

/**
 * The port a unit test's server uses: `PULSKLAR_COUCH_UNIT_PORT` (default 5941) plus the test
 * file's own offset. engine.test +0..+3, class-host +5, recorded-on +7, listening +9: one
 * place, so two files never share a port. (The default was 5991 until +9 landed on 6000, a port
 * `fetch` refuses: CI went red on it.)
 * @param {number} offset
 */
export function unitCouchPort(offset) {
	return Number(process.env.PULSKLAR_COUCH_UNIT_PORT || 5941) + offset;
}

/** @param {string} url */
async function waitUntilUp(url) {
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

/** @param {Promise<Response>} response @param {string} what */
async function ok(response, what) {
	const r = await response;
	if (!r.ok) throw new Error(`${what}: ${r.status} ${await r.text()}`);
}

/**
 * Starts pouchdb-server on `port` and sets up the clinic.
 * @param {number} port
 * @returns {Promise<CouchServer>}
 */
export async function startCouchServer(port, root = process.cwd()) {
	if (BAD_PORTS.has(port))
		throw new Error(`port ${port} is one fetch refuses ("bad port"); choose another for tests`);
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
	]) {
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
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				child.kill('SIGKILL'); // a test server: nothing to keep, and it may ignore SIGTERM
				await exited;
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * A `fetch` for node that keeps the `_session` cookie, as a browser would.
 * @returns {typeof fetch}
 */
export function cookieFetch() {
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

// Run as a program: start, say so on stdout (Playwright waits for it), stop cleanly on a signal.
if (process.argv[1] && import.meta.url === new URL(`file://${resolve(process.argv[1])}`).href) {
	const server = await startCouchServer(Number(process.argv[2] ?? 5984));
	console.log(`clinic server ready at ${server.url}`);
	const stop = () => void server.stop().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
