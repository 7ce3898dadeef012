import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the built designer (dist/, served by the runtime) in
 * the system Chromium. `npm run test:e2e` builds first. Set E2E_BASE_URL to
 * run against a server that is already up (then no server is started).
 */
const external = process.env.E2E_BASE_URL;
// E2E_PORT lets two checkouts run their e2e suites side by side.
const port = Number(process.env.E2E_PORT ?? 4173);
const baseURL = external ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL,
    headless: true,
    viewport: { width: 1600, height: 1000 },
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    // The specs select by English text: the designer starts in English (designer/i18n; e2e/swedish.spec.ts clears this).
    storageState: { cookies: [], origins: [{ origin: baseURL, localStorage: [{ name: 'kontera.language', value: 'en' }] }] },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: external ? undefined : {
    // The admin's password and API token are for the e2e run only (see e2e/helpers.ts).
    command: `rm -f data/e2e.db* && PORT=${port} LIBSQL_URL=file:data/e2e.db node bin/kontera.mjs serve`,
    env: {
      KONTERA_ADMIN_EMAIL: 'admin@demo.kontera.local',
      KONTERA_ADMIN_PASSWORD: 'e2e-admin-password-123',
      KONTERA_BOOTSTRAP_TOKEN: 'e2e-bootstrap-token-0123456789abcdef',
    },
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
