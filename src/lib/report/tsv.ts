/** Tab-separated text of table rows: what a spreadsheet or a journal takes as rows and columns. */
export function toTsv(rows: readonly (readonly string[])[]): string {
	// Tabs and line breaks inside a cell would split it: they become spaces.
	return rows.map((row) => row.map((c) => c.replace(/\s+/g, ' ').trim()).join('\t')).join('\n');
}

/**
 * Svelte action: copying a selection inside the table puts the selected rows on the clipboard as
 * tab-separated text (a browser otherwise gives one cell per line), whole rows at a time.
 */
export function tsvCopy(table: HTMLTableElement) {
	const onCopy = (event: ClipboardEvent) => {
		const selection = document.getSelection();
		if (!selection || selection.isCollapsed || !event.clipboardData) return;
		const rows = [...table.rows].filter((row) => selection.containsNode(row, true));
		if (rows.length === 0) return;
		const cells = rows.map((row) => [...row.cells].map((cell) => cell.innerText));
		event.clipboardData.setData('text/plain', toTsv(cells));
		event.preventDefault();
	};
	document.addEventListener('copy', onCopy);
	return { destroy: () => document.removeEventListener('copy', onCopy) };
}
