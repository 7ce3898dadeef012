import { test } from '@playwright/test';
test('scratch', async ({ page }) => {
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  for (const id of ['supplier-invoice-coding', 'monthly-depreciation']) {
    await page.goto(`/#/automations/${id}`);
    await page.locator('.react-flow__node').first().waitFor();
    await page.waitForTimeout(600);
    console.log(id, await page.getByTestId('validation-status').innerText());
    await page.screenshot({ path: `/tmp/shots/${id}.png` });
  }
});
