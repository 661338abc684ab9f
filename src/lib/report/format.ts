/** Report formatting that does not depend on the language. */

/** A duration as m:ss (or h:mm:ss), rounded to the nearest second. */
export function duration(ms: number): string {
	const total = Math.max(0, Math.round(ms / 1000));
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = String(total % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A share 0..1 as a whole percentage, or null. */
export function percent(fraction: number | null): number | null {
	return fraction === null ? null : Math.round(fraction * 100);
}

/** A number rounded to whole units (or one decimal), or null. */
export function round(value: number | null, decimals = 0): number | null {
	if (value === null) return null;
	const f = 10 ** decimals;
	return Math.round(value * f) / f;
}

/** Minutes from the start as a short label ("12.5"). */
export function minutes(value: number): string {
	return String(Math.round(value * 10) / 10);
}

/** A file-name-safe slug of user text (aliases can hold anything). */
export function fileSlug(text: string): string {
	const slug = text
		.normalize('NFKD')
		.replace(/[^\w-]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40);
	return slug || 'export';
}

/** The local date of an instant as YYYY-MM-DD (file names, plan start dates). */
export function localDate(at: number): string {
	const d = new Date(at);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight of a YYYY-MM-DD date, or null when the text is not such a date. */
export function parseLocalDate(text: string): number | null {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
	if (!match) return null;
	const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const date = new Date(y, m - 1, d);
	return date.getMonth() === m - 1 && date.getDate() === d ? date.getTime() : null;
}
