/** A new random UUID for a record. */
export function newId(): string {
	return crypto.randomUUID();
}
