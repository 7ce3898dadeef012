import { expect, test } from '@playwright/test';
import { openSignedIn } from './helpers.ts';

// Issue 10, item 12: leaving the editor by the app's own links asks first while there are unsaved changes.
test('leaving the editor with unsaved changes asks first: Stay keeps the edit, Leave goes', async ({ page }, testInfo) => {
  await openSignedIn(page, '#/automations');
  await page.evaluate(() => { window.location.hash = '#/automations/bank-fees'; }); // so that Back has a page of the app to go to
  await expect(page.getByTestId('automation-editor')).toBeVisible();

  // Nothing unsaved: the nav link just goes, no question.
  await page.getByTestId('nav-ledger').click();
  await expect(page).toHaveURL(/#\/ledger$/);
  await expect(page.getByTestId('leave-dialog')).toHaveCount(0);
  await page.goBack();
  await expect(page.getByTestId('automation-editor')).toBeVisible();

  // Edit a node's name: now there are unsaved changes.
  await page.getByTestId('node-is-fee').click();
  await page.getByTestId('node-name-input').fill('Is it a bank fee? (edited)');
  await expect(page.getByTestId('unsaved')).toBeVisible();

  // A nav link: the question, and the editor stays where it was meanwhile.
  await page.getByTestId('nav-ledger').click();
  const dialog = page.getByTestId('leave-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('You have unsaved changes — leave without saving?');
  await expect(page).toHaveURL(/#\/automations\/bank-fees$/);
  await expect(page.getByTestId('automation-editor')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('leave-dialog.png') });

  // Stay: the edit is still there, still unsaved.
  await page.getByTestId('leave-dialog-stay').click();
  await expect(dialog).toHaveCount(0);
  await expect(page).toHaveURL(/#\/automations\/bank-fees$/);
  await expect(page.getByTestId('node-name-input')).toHaveValue('Is it a bank fee? (edited)');
  await expect(page.getByTestId('unsaved')).toBeVisible();

  // The breadcrumb asks too; Escape is Stay.
  await page.getByRole('link', { name: 'Back to automations' }).click();
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('node-name-input')).toHaveValue('Is it a bank fee? (edited)');

  // So does the browser's Back button (to the list).
  await page.goBack();
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('automation-editor')).toBeVisible();
  await page.getByTestId('leave-dialog-stay').click();
  await expect(page).toHaveURL(/#\/automations\/bank-fees$/);
  await expect(page.getByTestId('node-name-input')).toHaveValue('Is it a bank fee? (edited)');

  // Leave: on to the ledger; the draft on the server is unchanged.
  await page.getByTestId('nav-ledger').click();
  await page.getByTestId('leave-dialog-leave').click();
  await expect(page).toHaveURL(/#\/ledger$/);
  await expect(page.getByTestId('automation-editor')).toHaveCount(0);
  await page.goto('/#/automations/bank-fees');
  await page.getByTestId('node-is-fee').click();
  await expect(page.getByTestId('node-name-input')).toHaveValue('Is it a bank fee?');
  await expect(page.getByTestId('unsaved')).toHaveCount(0);
});

test('a saved editor leaves without asking', async ({ page }) => {
  await openSignedIn(page, '#/automations/bank-fees');
  await page.getByTestId('node-is-fee').click();
  await page.getByTestId('node-name-input').fill('Is it a bank fee?!');
  await page.getByTestId('node-name-input').fill('Is it a bank fee?'); // back to what is saved: nothing to lose
  await expect(page.getByTestId('unsaved')).toHaveCount(0);
  await page.getByTestId('nav-runs').click();
  await expect(page).toHaveURL(/#\/runs$/);
  await expect(page.getByTestId('leave-dialog')).toHaveCount(0);
});
