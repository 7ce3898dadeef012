import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { openSignedIn } from './helpers.ts';

// A laptop window, as canvas.spec: the tools must fit with the inspector open.
test.use({ viewport: { width: 1280, height: 800 } });

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not visible');
  return found;
}

async function newAutomation(page: Page, name: string, template?: string) {
  await page.getByTestId('nav-automations').click();
  await page.getByTestId('new-automation').click();
  if (template) await page.getByTestId(`template-${template}`).click();
  await page.getByTestId('new-automation-name').fill(name);
  await page.getByTestId('create-automation').click();
  await expect(page.getByTestId('automation-editor')).toBeVisible();
  await expect(page.getByTestId('automation-name')).toHaveValue(name);
}

test('canvas tools: a template, copy/paste between automations, a note, auto-layout, export and import, the shortcut sheet', async ({ page }, testInfo) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('dialog', (dialog) => void dialog.accept()); // leaving with unsaved changes
  await openSignedIn(page);
  const stamp = Date.now();

  // Start from a template: the interest-income example under a new name, as an unpublished draft.
  await newAutomation(page, `Interest from template ${stamp}`, 'interest-income');
  await expect(page.getByTestId('published-version')).toHaveText('Not published');
  await expect(page.locator('.react-flow__node')).toHaveCount(5);
  // Edges out of a condition carry their branch's name.
  await expect(page.locator('.react-flow__edge-text').filter({ hasText: 'false' })).toHaveCount(1);
  await expect(page.locator('.react-flow__edge-text').filter({ hasText: 'true' })).toHaveCount(2);

  // Select two connected steps (Ctrl+click adds to the selection) and copy them (Ctrl+C).
  await page.getByTestId('node-in-sek').click();
  await page.getByTestId('node-post-interest-income').click({ modifiers: ['Control'] });
  await expect(page.getByTestId('copy-selection')).toBeEnabled();
  await expect(page.locator('.react-flow__node.selected')).toHaveCount(2);
  await page.keyboard.press('Control+c');
  await expect(page.getByTestId('notice')).toContainText('Copied 2 steps');

  // With the inspector open, the canvas keeps ≥ 60 % of the window's width.
  await expect(page.getByTestId('side-toggle')).toHaveAttribute('aria-expanded', 'true');
  const canvasShare = (await box(page.getByTestId('canvas'))).width / 1280;
  testInfo.annotations.push({ type: 'canvas share (inspector open)', description: canvasShare.toFixed(3) });
  expect(canvasShare).toBeGreaterThanOrEqual(0.6);
  await testInfo.attach('template-copied', { body: await page.screenshot({ path: testInfo.outputPath('template-copied.png') }), contentType: 'image/png' });
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('notice')).toContainText('Draft saved');

  // Paste into another automation (Ctrl+V): both steps and the line between them, with its branch name.
  await newAutomation(page, `Pasted into ${stamp}`);
  await expect(page.getByTestId('canvas-empty')).toBeVisible();
  await page.locator('.react-flow__pane').click({ position: { x: 200, y: 200 } });
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('notice')).toContainText('Pasted 2 steps');
  await expect(page.getByTestId('node-in-sek')).toBeVisible();
  await expect(page.getByTestId('node-post-interest-income')).toBeVisible();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect(page.locator('.react-flow__edge-text')).toHaveText('true');
  // Pasting again in the same automation gives new ids.
  await page.getByTestId('paste').click();
  await expect(page.getByTestId('node-in-sek-2')).toBeVisible();
  await expect(page.locator('.react-flow__node')).toHaveCount(4);
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__node')).toHaveCount(2);

  // A note, typed into, saved with the automation.
  await page.getByTestId('add-note').click();
  const noteText = page.getByTestId('note-text');
  await expect(noteText).toBeFocused();
  await page.keyboard.type('Copied from the interest rule');
  await page.locator('.react-flow__pane').click({ position: { x: 600, y: 600 } });

  // Auto-layout (L): the steps left to right, the condition first.
  // First drag the voucher left of the condition, by its header.
  const voucherBox = await box(page.getByTestId('node-post-interest-income'));
  await page.mouse.move(voucherBox.x + 80, voucherBox.y + 20);
  await page.mouse.down();
  await page.mouse.move(voucherBox.x - 200, voucherBox.y + 200, { steps: 8 });
  await page.mouse.move(130, 640, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => (await box(page.getByTestId('node-post-interest-income'))).x).toBeLessThan((await box(page.getByTestId('node-in-sek'))).x);
  await page.locator('.react-flow__pane').click({ position: { x: 600, y: 650 } });
  await page.keyboard.press('l');
  await expect.poll(async () => {
    const condition = await box(page.getByTestId('node-in-sek'));
    const voucher = await box(page.getByTestId('node-post-interest-income'));
    return voucher.x >= condition.x + condition.width;
  }).toBe(true);
  await page.getByTestId('save').click();
  await expect(page.getByTestId('notice')).toContainText('Draft saved');
  await page.reload();
  await expect(page.getByTestId('note-text')).toHaveValue('Copied from the interest rule');
  await testInfo.attach('pasted-note-layout', { body: await page.screenshot({ path: testInfo.outputPath('pasted-note-layout.png') }), contentType: 'image/png' });

  // Export: the draft as JSON, notes included.
  const download = page.waitForEvent('download');
  await page.getByTestId('export').click();
  const file = await download;
  const exported = JSON.parse(readFileSync((await file.path())!, 'utf8'));
  expect(file.suggestedFilename()).toBe(`pasted-into-${stamp}.json`);
  expect(exported.nodes.map((n: { id: string }) => n.id)).toEqual(['in-sek', 'post-interest-income']);
  expect(exported.notes).toEqual([expect.objectContaining({ text: 'Copied from the interest rule' })]);

  // Import: a broken file is refused, naming the path of the problem; the draft is unchanged.
  const broken = { ...exported, nodes: [{ ...exported.nodes[0], position: { x: 'left', y: 0 } }] };
  await page.getByTestId('import-file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(broken)) });
  await expect(page.getByTestId('import-errors')).toContainText('nodes.0.position.x');
  await page.getByTestId('import-errors').getByRole('button', { name: 'OK' }).click();
  await expect(page.locator('.react-flow__node')).toHaveCount(3); // two steps and the note
  // A good file replaces the draft's graph (an undo step); the automation keeps its id.
  const bankFees = readFileSync(new URL('../rules-examples/bank-fees.json', import.meta.url));
  await page.getByTestId('import-file').setInputFiles({ name: 'bank-fees.json', mimeType: 'application/json', buffer: bankFees });
  await expect(page.getByTestId('notice')).toContainText('Imported bank-fees.json: 3 steps');
  await expect(page.getByTestId('node-is-fee')).toBeVisible();
  await expect(page.getByTestId('automation-name')).toHaveValue('Bank fees');
  await page.locator('.react-flow__pane').click({ position: { x: 600, y: 650 } });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-in-sek')).toBeVisible();
  await expect(page.getByTestId('automation-name')).toHaveValue(`Pasted into ${stamp}`);

  // The JSON view checks against the schema.
  await page.getByTestId('json-view-open').click();
  await expect(page.getByTestId('json-view-valid')).toBeVisible();
  await expect(page.getByTestId('json-view').locator('.monaco-editor')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('json-view')).toHaveCount(0);

  // "?" opens the sheet of every shortcut; Escape closes it.
  await page.keyboard.press('?');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  for (const id of ['save', 'undo', 'redo', 'copy', 'paste', 'delete', 'fit', 'layout', 'note', 'search', 'help']) {
    await expect(sheet.getByTestId(`shortcut-${id}`)).toBeVisible();
  }
  await testInfo.attach('shortcut-sheet', { body: await page.screenshot({ path: testInfo.outputPath('shortcut-sheet.png') }), contentType: 'image/png' });
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);

  expect(problems).toEqual([]);
});
