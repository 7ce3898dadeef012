/**
 * The designer at scale (issue 12): a 300-node automation in Chromium — the
 * time from opening it to every card drawn and measured, and the time to
 * apply 100 edits through the UI (renaming the automation in the toolbar; each edit
 * re-validates the draft and redraws the canvas). Baseline, same run, same
 * browser and server: the same shape of automation with 30 nodes, so the
 * ratio shows how the designer scales.
 *
 * Builds the designer first when dist/ is missing, starts `kontera serve` on
 * a throw-away database, saves both automations through the API and drives
 * the system Chromium (/usr/bin/chromium, or BENCH_CHROMIUM) with
 * playwright-core. Each figure is the median of BENCH_DESIGNER_RUNS (3) runs.
 *
 * `npm run bench designer`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { validateAutomation } from '../../shared/automation/validate.ts';
import { layoutPositions } from '../../designer/graph/layout.ts';
import type { Measurement, Scenario, ScenarioResult } from '../harness.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const runs = Number(process.env.BENCH_DESIGNER_RUNS ?? 3);
const editsPerRun = 100;
const sizes = { baseline: 30, subject: 300 } as const;
const adminPassword = 'bench-designer-password-123';
const token = 'bench-designer-token-0123456789abcdef';

/**
 * An automation of `count` nodes (count even): a bank-line trigger, then a
 * chain of conditions, each one's false branch to a flag and its true branch
 * to the next condition (the last one's to a flag) — laid out by the
 * designer's own auto-layout, so it opens as a person would see it.
 */
export function chainAutomation(id: string, count: number): AutomationDocument {
  const conditions = (count - 2) / 2;
  const nodes: AutomationDocument['nodes'] = [{ id: 'trigger', type: 'bank-line-imported', version: 1, name: 'Bank line imported', position: { x: 0, y: 0 }, config: {} }];
  const edges: AutomationDocument['edges'] = [];
  let previous = { id: 'trigger', branch: 'out' };
  for (let i = 1; i <= conditions; i += 1) {
    nodes.push({ id: `c${i}`, type: 'condition', version: 1, name: `Amount over ${i * 100} kr?`, position: { x: 0, y: 0 }, config: { expression: { '>': [{ var: 'event.amountMinor' }, i * 10_000] } } });
    nodes.push({ id: `f${i}`, type: 'flag-for-review', version: 1, name: `Up to ${i * 100} kr`, position: { x: 0, y: 0 }, config: { reason: `At most ${i * 100} kr: {{event.text}}` } });
    edges.push({ id: `e${i}`, source: previous.id, target: `c${i}`, sourceHandle: previous.branch });
    edges.push({ id: `e${i}-false`, source: `c${i}`, target: `f${i}`, sourceHandle: 'false' });
    previous = { id: `c${i}`, branch: 'true' };
  }
  nodes.push({ id: 'f-last', type: 'flag-for-review', version: 1, name: 'Large amount', position: { x: 0, y: 0 }, config: { reason: 'Large: {{event.text}}' } });
  edges.push({ id: 'e-last', source: previous.id, target: 'f-last', sourceHandle: 'true' });
  const document: AutomationDocument = { schemaVersion: 1, id, name: `Bench ${count} nodes`, description: '', version: 1, status: 'draft', priority: 900, nodes, edges };
  const positions = layoutPositions(document);
  return { ...document, nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id)! })) };
}

async function startServer(dir: string, port: number) {
  const server = spawn(process.execPath, ['bin/kontera.mjs', 'serve'], {
    cwd: root, stdio: ['ignore', process.env.BENCH_DEBUG ? 'inherit' : 'ignore', 'pipe'],
    env: { ...process.env, PORT: String(port), LIBSQL_URL: `file:${join(dir, 'k.db')}`,
      KONTERA_ADMIN_EMAIL: 'admin@demo.kontera.local', KONTERA_ADMIN_PASSWORD: adminPassword, KONTERA_BOOTSTRAP_TOKEN: token },
  });
  let stderr = '';
  server.stderr.on('data', (chunk) => { stderr += String(chunk); });
  server.on('exit', (code, signal) => { if (process.env.BENCH_DEBUG) console.error(`server exit ${code} ${signal}: ${stderr}`); });
  for (let i = 0; i < 120; i += 1) {
    if (server.exitCode !== null) throw new Error(`designer bench: the server exited: ${stderr}`);
    try { if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return server; } catch { /* not up yet */ }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  server.kill();
  throw new Error(`designer bench: the server did not answer on port ${port}: ${stderr}`);
}

/** Opens the automation from the list (the app already loaded) and waits until every card is drawn and measured. */
async function firstRenderMs(page: Page, base: string, id: string, count: number): Promise<number> {
  // A fresh load of the app (leaving the edited draft of the run before: its beforeunload is accepted).
  await page.goto('about:blank');
  await page.goto(`${base}/#/automations`);
  await page.getByTestId('automations-page').waitFor();
  const started = performance.now();
  await page.evaluate(`window.location.hash = '#/automations/${id}'`);
  await page.waitForFunction(`(() => {
    const cards = document.querySelectorAll('.react-flow__node');
    return cards.length === ${count} && [...cards].every((card) => card.style.visibility !== 'hidden');
  })()`, undefined, { polling: 'raf', timeout: 60_000 });
  return performance.now() - started;
}

/**
 * Renames the automation 100 times in the toolbar's name field, each edit
 * committed and drawn before the next; returns ms. Each edit is a new
 * document: the validator runs again and every card is mapped again.
 */
async function editsMs(page: Page): Promise<number> {
  await page.getByTestId('automation-name').waitFor();
  const ms = await page.evaluate(`(async (edits) => {
    const input = document.querySelector('[data-testid="automation-name"]');
    const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    // a macrotask between edits (unclamped, unlike setTimeout): React commits each one and React Flow redraws
    const channel = new MessageChannel();
    const nextTask = () => new Promise((resolve) => { channel.port1.onmessage = () => resolve(); channel.port2.postMessage(null); });
    const started = performance.now();
    for (let i = 0; i < edits; i += 1) {
      setValue.call(input, 'Renamed ' + i);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await nextTask();
    }
    await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - started;
  })(${editsPerRun})`) as number;
  const shown = await page.getByTestId('automation-name').inputValue();
  if (shown !== `Renamed ${editsPerRun - 1}` || !(await page.getByTestId('unsaved').isVisible())) throw new Error(`designer bench: the last edit is not shown (${shown})`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const scenario: Scenario = {
  name: 'designer canvas (Chromium)',
  async run(): Promise<ScenarioResult[]> {
    if (!existsSync(join(root, 'dist/index.html'))) {
      console.error('designer bench: building the designer (vite build) …');
      const built = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
      if (built.status !== 0) throw new Error('designer bench: vite build failed');
    }
    const dir = mkdtempSync(join(tmpdir(), 'kontera-bench-designer-'));
    const port = Number(process.env.BENCH_DESIGNER_PORT ?? 4590);
    const base = `http://127.0.0.1:${port}`;
    const server = await startServer(dir, port);
    let browser: Browser | null = null;
    try {
      const documents = { baseline: chainAutomation('bench-30-nodes', sizes.baseline), subject: chainAutomation('bench-300-nodes', sizes.subject) };
      for (const document of Object.values(documents)) {
        const errors = validateAutomation(document).issues.filter((i) => i.severity === 'error');
        if (errors.length) throw new Error(`designer bench: ${document.id} is not valid: ${errors[0].message}`);
        const put = () => fetch(`${base}/api/companies/demo/automations/${document.id}`, {
          method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(document),
        });
        // Once more on a socket error: a kept-alive connection the server was just closing ("other side closed").
        const saved = await put().catch(put);
        if (!saved.ok) throw new Error(`designer bench: saving ${document.id} answered ${saved.status}: ${await saved.text()}`);
      }
      browser = await chromium.launch({
        executablePath: process.env.BENCH_CHROMIUM ?? '/usr/bin/chromium', headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
      });
      // bypassCSP: the page's CSP forbids eval, and Playwright evaluates the bench's probes as text (see editsMs)
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(`${base}/#/automations`);
      await page.getByTestId('sign-in-email').fill('admin@demo.kontera.local');
      await page.getByTestId('sign-in-password').fill(adminPassword);
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('nav-automations').waitFor();
      page.on('dialog', (dialog) => void dialog.accept()); // leaving an edited draft

      const render = { baseline: [] as number[], subject: [] as number[] };
      const edit = { baseline: [] as number[], subject: [] as number[] };
      for (let run = 0; run < runs; run += 1) {
        for (const key of ['baseline', 'subject'] as const) {
          render[key].push(await firstRenderMs(page, base, documents[key].id, sizes[key]));
          edit[key].push(await editsMs(page));
        }
      }
      if (problems.length) throw new Error(`designer bench: errors in the page: ${problems.join('; ')}`);
      const renderOf = (key: 'baseline' | 'subject'): Measurement => {
        const ms = median(render[key]);
        return { name: `open ${sizes[key]}-node automation`, opsPerSec: 1000 / ms, detail: `first render ${ms.toFixed(0)} ms (median of ${runs})` };
      };
      const editOf = (key: 'baseline' | 'subject'): Measurement => {
        const ms = median(edit[key]);
        return { name: `${editsPerRun} edits, ${sizes[key]} nodes`, opsPerSec: (editsPerRun * 1000) / ms,
          detail: `${ms.toFixed(0)} ms for ${editsPerRun} renames (${(ms / editsPerRun).toFixed(1)} ms each)` };
      };
      return [
        { scenario: 'designer: time to first render', baseline: renderOf('baseline'), others: [renderOf('subject')], goal: '300 nodes drawn in < 2 s' },
        { scenario: 'designer: 100 edits', baseline: editOf('baseline'), others: [editOf('subject')], goal: 'an edit at 300 nodes < 50 ms (20 edits/s)' },
      ];
    } finally {
      await browser?.close();
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default [scenario];
