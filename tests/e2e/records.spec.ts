import Validator from '@asymmetrik/fhir-json-schema-validator';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { recordDemoSession } from './helpers';

test.use({ locale: 'en-GB', permissions: ['clipboard-read', 'clipboard-write'] });

test('a recorded session keeps what it was judged with; note, copy and FHIR for the record', async ({
	page: first
}) => {
	test.setTimeout(120_000);
	await recordDemoSession(first);
	const reportUrl = first.url();
	// The rest on the real clock, in a second tab, as a therapist would open it later.
	const page = await first.context().newPage();
	await page.goto(reportUrl);
	const judged = page.getByTestId('judged-with');
	await expect(judged).toHaveAttribute('data-origin', 'start');
	await expect(judged).toHaveAttribute('data-zones', '50 60 70 80 90');
	await expect(judged).toHaveAttribute('data-hold-s', '15');
	await page.getByTestId('choose-participant').selectOption({ label: 'Eik' });
	const note = page.getByTestId('journal-note');
	await expect(note).toContainText('Heart-rate interval training');
	await expect(note).toContainText('HRmax used: ');
	await expect(note).toContainText('(estimated, Nes: 211 − 0.64 × age)');
	await expect(note).toContainText('Judged with the settings when the session started');
	const noteBefore = await note.innerText();
	const overviewBefore = await page.getByTestId('class-overview').innerText();
	const detailBefore = await page.getByTestId('interval-table').innerText();

	// Change the flag thresholds and zone edges in settings.
	await page.goto('/settings');
	await page.getByTestId('flag-holdS').fill('40');
	await page.getByTestId('flag-holdS').dispatchEvent('change');
	await page.getByTestId('flag-graceFirstS').fill('0');
	await page.getByTestId('flag-graceFirstS').dispatchEvent('change');
	const zone5 = page.getByLabel('Zone 5 from');
	await zone5.fill('85');
	await zone5.dispatchEvent('change');
	await expect
		.poll(() => page.evaluate(() => localStorage.getItem('pulsklar.settings')))
		.toContain('"holdS":40');

	// The report and the note are unchanged, and say what they were judged with.
	await page.goto(reportUrl);
	await expect(judged).toHaveAttribute('data-zones', '50 60 70 80 90');
	await expect(judged).toHaveAttribute('data-hold-s', '15');
	await page.getByTestId('choose-participant').selectOption({ label: 'Eik' });
	await expect(note).toHaveText(noteBefore);
	expect(await page.getByTestId('class-overview').innerText()).toBe(overviewBefore);
	expect(await page.getByTestId('interval-table').innerText()).toBe(detailBefore);

	// Re-judging is an explicit action that shows both: the zone change moves no time-in-band,
	// but the flags (no grace, 40 s hold) and the table are today's.
	await page.getByTestId('rejudge').click();
	const table = page.getByTestId('rejudge-table');
	await expect(table).toBeVisible();
	await expect(table.locator('thead th')).toHaveText(['As judged', "With today's settings"]);
	await expect(table.locator('tbody tr')).toHaveCount(2 + 4 + 3);
	await expect(note).toHaveText(noteBefore);

	// Copy gives the note's text.
	await page.getByTestId('copy-journal-note').click();
	await expect(page.getByText('Copied.')).toBeVisible();
	expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(noteBefore);

	// The FHIR download validates against the R4 schema and carries the note's peak.
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId('export-fhir').click()
	]);
	expect(download.suggestedFilename()).toMatch(/-Eik\.fhir\.json$/);
	const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
		type: string;
		entry: {
			resource: {
				resourceType: string;
				component?: { code: { coding: { code: string }[] }; valueQuantity?: { value: number } }[];
			};
		}[];
	};
	expect(new Validator().validate(bundle)).toEqual([]);
	expect(bundle.type).toBe('collection');
	expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual([
		'Patient',
		'Observation',
		'Observation'
	]);
	const peak = bundle.entry[1]!.resource.component!.find(
		(c) => c.code.coding[0]!.code === '55426-1'
	);
	expect(noteBefore).toContain(`Session peak: ${peak!.valueQuantity!.value} bpm`);

	// The overview shows which way (▼ under, ▲ over), not "low" for both.
	const overview = page.getByTestId('class-overview');
	await expect(overview.locator('td[data-direction="under"]').first()).toContainText('▼');
	await expect(overview.locator('td[data-direction="over"]').first()).toContainText('▲');
	await expect(overview.locator('td[data-direction="under"]').first()).toContainText(
		'mostly under the band'
	);

	// Copying the table gives tab-separated rows, one line per participant.
	await overview.evaluate((table) => {
		const range = document.createRange();
		range.selectNodeContents(table.querySelector('tbody')!);
		document.getSelection()!.removeAllRanges();
		document.getSelection()!.addRange(range);
		document.execCommand('copy');
	});
	const tsv = (await page.evaluate(() => navigator.clipboard.readText())).split('\n');
	expect(tsv).toHaveLength(8);
	expect(tsv[0]!.split('\t')).toHaveLength(1 + 4 + 1);

	// "Print class overview": the overview alone, on one A4 landscape page.
	await page.evaluate(() => (window.print = () => {}));
	await page.getByTestId('print-overview').click();
	await page.emulateMedia({ media: 'print' });
	await expect(overview).toBeVisible();
	await expect(page.getByTestId('participant-report')).toBeHidden();
	const pdf = await page.pdf({ preferCSSPageSize: true });
	expect(pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length).toBe(1);
	// Landscape A4: 842 × 595 points.
	expect(pdf.toString('latin1')).toMatch(
		/\/MediaBox\s*\[\s*0 0 84[12](\.\d+)? 59[45](\.\d+)?\s*\]/
	);
});
