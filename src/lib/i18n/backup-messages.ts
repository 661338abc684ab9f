import type { RestoreProblem } from '$lib/db/backup';
import { m } from '$lib/paraglide/messages';

/** A restore problem in the user's language: what is wrong, and that nothing changed. */
export function restoreProblemMessage(problem: RestoreProblem): string {
	switch (problem.code) {
		case 'too-large':
			return m.backup_too_large();
		case 'not-json':
			return m.backup_not_json();
		case 'wrong-format':
			return m.backup_wrong_format();
		case 'wrong-version':
			return m.backup_wrong_version({ version: problem.version });
		case 'version-not-number':
			return m.backup_version_not_number({ version: problem.version });
		case 'version-missing':
			return m.backup_version_missing();
		case 'invalid':
			return m.backup_invalid({ path: problem.path });
		case 'duplicate-id':
			return m.backup_duplicate_id(problem);
		case 'duplicate-strap':
			return m.backup_duplicate_strap(problem);
		case 'not-base64':
			return m.backup_not_base64({ path: problem.path });
		case 'readings-mismatch':
			return m.backup_readings_mismatch({ path: problem.path });
		case 'storage':
			return problem.problem === 'quota' ? m.backup_storage_quota() : m.backup_storage_other();
	}
}
