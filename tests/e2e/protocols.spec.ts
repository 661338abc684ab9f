import { expect, test } from './fixtures';

test('a copied protocol is validated, saved, and offered when setting up a class', async ({
	page
}) => {
	await page.goto('/protocols');
	await page.getByTestId('copy-4x4').click();
	const editor = page.getByTestId('protocol-editor');
	await editor.getByTestId('protocol-name').fill('');
	await expect(page.getByTestId('protocol-errors')).toContainText('Give the protocol a name');
	await expect(page.getByTestId('save-protocol')).toBeDisabled();
	await editor.getByTestId('protocol-name').fill('Clinic 4x4 long warm-up');
	// An impossible band is refused with a plain message.
	await editor.getByRole('spinbutton', { name: 'Target from %' }).first().fill('80');
	await editor.getByRole('spinbutton', { name: 'to %' }).first().fill('70');
	await expect(page.getByTestId('protocol-errors')).toContainText('lower target must be below');
	await editor.getByRole('spinbutton', { name: 'to %' }).first().fill('90');
	await editor.getByRole('spinbutton', { name: 'Minutes' }).first().fill('15');
	await page.getByTestId('save-protocol').click();
	await expect(page.getByTestId('own-protocol')).toContainText('Clinic 4x4 long warm-up, 45 min');
	await page.goto('/class');
	await expect(page.getByTestId('protocol').locator('option')).toContainText([
		'Clinic 4x4 long warm-up, 45 min'
	]);
});
