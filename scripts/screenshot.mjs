// Takes the README's screenshot of the designer: `node scripts/screenshot.mjs [baseURL]`
// against a running server started with KONTERA_ADMIN_PASSWORD='screenshot password 1' on an empty database.
import { chromium } from '@playwright/test';

const baseURL = process.argv[2] ?? 'http://127.0.0.1:8799';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 860 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
await page.goto(`${baseURL}/#/automations`);
await page.getByTestId('sign-in-email').fill(process.env.SCREENSHOT_EMAIL ?? 'admin@demo.kontera.local');
await page.getByTestId('sign-in-password').fill(process.env.SCREENSHOT_PASSWORD ?? 'screenshot password 1');
await page.getByTestId('sign-in-submit').click();
await page.goto(`${baseURL}/#/automations/bank-fees`);
await page.locator('.react-flow__node').filter({ hasText: 'Is it a bank fee?' }).click();
await page.locator('.view-lines').first().waitFor();
await page.waitForTimeout(1500);
await page.screenshot({ path: 'docs/designer.png' });
await browser.close();
console.log('wrote docs/designer.png');
