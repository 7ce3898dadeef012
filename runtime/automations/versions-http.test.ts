/**
 * Versions over HTTP: history with who and when, reading a published version,
 * rollback as a new draft, pause and resume (the runner passes a paused
 * automation by), and deleting a draft that was never published.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AutomationDetail, AutomationHistory, AutomationSummary, AutomationVersion, BankLinesResponse } from '../../shared/api.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.close());

const base = '/api/companies/demo/automations';
const year = new Date().getUTCFullYear();
const feeLine = (id: string) => ({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null });
const put = (path: string, body: unknown) => t.request(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const detail = async (id = 'bank-fees') => (await (await t.request(`${base}/${id}`)).json()) as AutomationDetail;

/** The usual publish: four-eyes is on in the demo, so the token asks and a second person approves. */
async function publish(version: number) {
  const asked = await t.post(`${base}/bank-fees/publish`, {});
  expect(asked.status).toBe(202);
  const { requestId } = await asked.json();
  const second = await t.personToken('demo', `second-${version}@demo.se`);
  const approved = await t.app.request(`/api/companies/demo/publication-requests/${requestId}/approve`, { method: 'POST', headers: { authorization: `Bearer ${second}` } });
  expect(approved.status).toBe(200);
  expect(await approved.json()).toMatchObject({ status: 'published', version });
}

/** Saves the draft of bank-fees with a new description and publishes it: version 2. */
async function publishVersion2() {
  const { draft } = await detail();
  expect((await put(`${base}/bank-fees`, { ...draft, description: 'version two' })).status).toBe(200);
  await publish(2);
}

describe('history and reading a version', () => {
  it('lists the versions newest first with who and when, and the activity from the audit log', async () => {
    await publishVersion2();
    const response = await t.request(`${base}/bank-fees/versions`);
    expect(response.status).toBe(200);
    const history = (await response.json()) as AutomationHistory;
    expect(history.versions.map((v) => [v.version, v.inForce])).toEqual([[2, true], [1, false]]);
    expect(history.versions[0].publishedBy).toMatch(/^token:/); // the approver's token
    expect(history.versions[0].publishedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(history.activity.map((a) => a.action)).toEqual(expect.arrayContaining(['automation.save', 'automation.publish']));
  });

  it('reads a published version as frozen, and answers 404 for one never published', async () => {
    await publishVersion2();
    const v1 = (await (await t.request(`${base}/bank-fees/versions/1`)).json()) as AutomationVersion;
    expect(v1).toMatchObject({ version: 1, inForce: false, document: { id: 'bank-fees', status: 'published', version: 1 } });
    expect(v1.document.description).not.toBe('version two');
    const v2 = (await (await t.request(`${base}/bank-fees/versions/2`)).json()) as AutomationVersion;
    expect(v2).toMatchObject({ version: 2, inForce: true, document: { description: 'version two', version: 2 } });
    const missing = await t.request(`${base}/bank-fees/versions/9`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).message).toMatch(/no published version 9/);
    expect((await t.request(`${base}/bank-fees/versions/zero`)).status).toBe(400);
  });

  it('no longer ignores ?version= on the automation: 400 naming the versions route', async () => {
    const response = await t.request(`${base}/bank-fees?version=1`);
    expect(response.status).toBe(400);
    expect((await response.json()).message).toContain('/automations/bank-fees/versions/1');
  });
});

describe('rollback as a new draft', () => {
  it("makes the version's document the draft, publishes nothing, and audits it", async () => {
    await publishVersion2();
    const response = await t.post(`${base}/bank-fees/versions/1/restore`, {});
    expect(response.status).toBe(200);
    const restored = (await response.json()) as AutomationDetail;
    const v1 = (await (await t.request(`${base}/bank-fees/versions/1`)).json()) as AutomationVersion;
    const strip = ({ status: _s, version: _v, ...rest }: Record<string, unknown>) => rest;
    expect(strip(restored.draft)).toEqual(strip(v1.document));
    expect(restored.draft).toMatchObject({ status: 'draft', version: 3 });
    expect(restored.summary).toMatchObject({ publishedVersion: 2, hasUnpublishedChanges: true });
    const history = (await (await t.request(`${base}/bank-fees/versions`)).json()) as AutomationHistory;
    expect(history.activity[0]).toMatchObject({ action: 'automation.restore_as_draft', details: { fromVersion: 1 } });
    // publishing it is the usual publish: version 3 with version 1's rules
    await publish(3);
    expect((await detail()).published?.description).toBe(v1.document.description);
  });

  it('needs automations:publish', async () => {
    const editor = await t.tokenFor('demo', ['read', 'automations:edit']);
    const response = await t.app.request(`${base}/bank-fees/versions/1/restore`, { method: 'POST', headers: { authorization: `Bearer ${editor}` } });
    expect(response.status).toBe(403);
  });
});

describe('pause and resume', () => {
  it('a paused automation does not run on new events; resuming does not replay them; both are audited', async () => {
    const paused = await t.post(`${base}/bank-fees/pause`, {});
    expect(paused.status).toBe(200);
    const summary = (await paused.json()) as AutomationSummary;
    expect(summary.paused).toMatchObject({ by: expect.stringMatching(/^token:/) });
    expect(summary.publishedVersion).toBe(1); // no new version
    expect((await t.post(`${base}/bank-fees/pause`, {})).status).toBe(409);

    const whilePaused = (await (await t.post('/api/companies/demo/bank-lines', feeLine('FEE-P'))).json()) as BankLinesResponse;
    expect(whilePaused.results[0].runs.map((r) => r.automationId)).not.toContain('bank-fees');
    expect(whilePaused.results[0].exceptionId).not.toBeNull(); // nothing else books a fee line

    const list = (await (await t.request(base)).json()) as AutomationSummary[];
    expect(list.find((a) => a.id === 'bank-fees')?.paused).not.toBeNull();

    const resumed = await t.post(`${base}/bank-fees/resume`, {});
    expect(resumed.status).toBe(200);
    expect(((await resumed.json()) as AutomationSummary).paused).toBeNull();
    expect((await t.post(`${base}/bank-fees/resume`, {})).status).toBe(409);

    // the line that arrived while paused was not replayed on resume; a new one runs
    const runs = await (await t.request('/api/companies/demo/runs?automationId=bank-fees')).json();
    expect(runs.some((r: { sourceRef: string }) => r.sourceRef === 'bank-line:FEE-P')).toBe(false);
    const after = (await (await t.post('/api/companies/demo/bank-lines', feeLine('FEE-R'))).json()) as BankLinesResponse;
    expect(after.results[0].runs.find((r) => r.automationId === 'bank-fees')?.status).toBe('posted');

    const history = (await (await t.request(`${base}/bank-fees/versions`)).json()) as AutomationHistory;
    expect(history.activity.map((a) => a.action).slice(0, 2)).toEqual(['automation.resume', 'automation.pause']);
  });

  it('refuses to pause a draft never published (409) and needs automations:publish', async () => {
    const { draft } = await detail();
    expect((await put(`${base}/fresh`, { ...draft, id: 'fresh', name: 'Fresh' })).status).toBe(200);
    const response = await t.post(`${base}/fresh/pause`, {});
    expect(response.status).toBe(409);
    expect((await response.json()).error).toBe('not_published');
    const editor = await t.tokenFor('demo', ['read', 'automations:edit']);
    const refused = await t.app.request(`${base}/bank-fees/pause`, { method: 'POST', headers: { authorization: `Bearer ${editor}` } });
    expect(refused.status).toBe(403);
  });
});

describe('delete an unused draft', () => {
  it('deletes an automation never published, audited; a published one is a 409 that says why', async () => {
    const { draft } = await detail();
    expect((await put(`${base}/fresh`, { ...draft, id: 'fresh', name: 'Fresh' })).status).toBe(200);
    const deleted = await t.request(`${base}/fresh`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect((await t.request(`${base}/fresh`)).status).toBe(404);
    const audit = await t.services.database.client.execute(`SELECT action, actor FROM audit_events WHERE subject = 'automation:fresh' ORDER BY at DESC`);
    expect(audit.rows.map((r) => r.action)).toContain('automation.delete_draft');

    const refused = await t.request(`${base}/bank-fees`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body).toMatchObject({ error: 'automation_published' });
    expect(body.message).toMatch(/published versions.*Pause it instead/);
    expect((await t.request(`${base}/missing`, { method: 'DELETE' })).status).toBe(404);
  });

  it('needs automations:edit', async () => {
    const reader = await t.tokenFor('demo', ['read']);
    const response = await t.app.request(`${base}/bank-fees`, { method: 'DELETE', headers: { authorization: `Bearer ${reader}` } });
    expect(response.status).toBe(403);
  });
});
