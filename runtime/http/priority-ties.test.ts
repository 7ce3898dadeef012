/**
 * Priority ties on the automations list and an automation's detail: two
 * published, running automations on one trigger at one priority.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationDetail, AutomationSummary } from '../../shared/api.ts';
import { rulesExamplesDir } from '../seed/demo.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const list = async () => (await (await t.request('/api/companies/demo/automations')).json()) as AutomationSummary[];

describe('Priority ties', () => {
  it('the demo has none; a copy of "Bank fees" at its priority ties with it, both ways; paused, it no longer does', async () => {
    const before = await list();
    expect(before.every((a) => (a.priorityTies ?? []).length === 0)).toBe(true);
    expect(before.find((a) => a.id === 'bank-fees')).toMatchObject({ priority: 60 });

    const fees = JSON.parse(readFileSync(join(rulesExamplesDir, 'bank-fees.json'), 'utf8'));
    const copy = { ...fees, id: 'bank-fees-copy', name: 'Bank fees (copy)', status: 'draft' };
    await t.services.store.saveDraft('demo', copy.id, copy, 'user:test');
    // a draft does not run: no tie yet
    expect((await list()).find((a) => a.id === 'bank-fees')!.priorityTies).toEqual([]);
    await t.services.store.publish('demo', copy.id, 'user:test');

    const after = await list();
    expect(after.find((a) => a.id === 'bank-fees')!.priorityTies).toEqual([{ id: 'bank-fees-copy', name: 'Bank fees (copy)' }]);
    expect(after.find((a) => a.id === 'bank-fees-copy')!.priorityTies).toEqual([{ id: 'bank-fees', name: 'Bank fees' }]);
    expect(after.filter((a) => (a.priorityTies ?? []).length > 0).map((a) => a.id).sort()).toEqual(['bank-fees', 'bank-fees-copy']);
    const detail = (await (await t.request('/api/companies/demo/automations/bank-fees')).json()) as AutomationDetail;
    expect(detail.summary).toMatchObject({ priority: 60, priorityTies: [{ id: 'bank-fees-copy', name: 'Bank fees (copy)' }] });

    await t.services.store.pause('demo', copy.id, 'user:test');
    expect((await list()).find((a) => a.id === 'bank-fees')!.priorityTies).toEqual([]);
  });
});
