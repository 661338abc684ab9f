// The clinic server as the benchmarks use it (issue 14): a fresh database of a run's own, a
// device connecting through Settings, and the server process's CPU time.
import { readFileSync } from 'node:fs';
import { CLINIC } from '../../scripts/couch-server.js';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function processCpuS(pid) {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100)
	} catch {
		return null;
	}
}

/** A fresh clinic database on the server, members limited to the clinic role. */
export async function clinicDatabase(couch, name) {
	const created = await couch.admin(`/${name}`, { method: 'PUT' });
	if (!created.ok) throw new Error(`database ${name}: ${created.status}`);
	await couch.admin(`/${name}/_security`, {
		method: 'PUT',
		body: JSON.stringify({
			admins: { names: [], roles: [] },
			members: { names: [], roles: [CLINIC.role] }
		})
	});
	return `/couchdb/${name}`;
}

/** Fills Settings → Clinic server; the caller clicks Connect. */
export async function fillConnect(page, url, address, device) {
	await page.goto(`${url}/settings`);
	await page.getByTestId('sync-url').fill(address);
	await page.getByTestId('sync-user').fill(CLINIC.user);
	await page.getByTestId('sync-password').fill(CLINIC.password);
	await page.getByTestId('sync-device').fill(device);
}

/** Waits until nothing is waiting to be sent and the last round went through. */
export async function settled(page, timeout = 300_000) {
	await page.waitForFunction(
		() => {
			const s = document.querySelector('[data-testid=sync-status]');
			return s?.getAttribute('data-state') === 'synced' && s.getAttribute('data-pending') === '0';
		},
		null,
		{ timeout, polling: 50 }
	);
}

/** Connects the page's device and waits until it is in step; milliseconds from the click. */
export async function connectAndSettle(page, url, address, device) {
	await fillConnect(page, url, address, device);
	const t0 = Date.now();
	await page.getByTestId('sync-connect').click();
	await settled(page);
	return Date.now() - t0;
}
