/**
 * Issue 10, item 1: no rule can freeze the server. A dry run is allowed to a
 * read-only token, so a pattern or an expression in a draft must not be able
 * to stall the process for everyone (one such dry run froze it for 17 s).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
let readOnlyToken: string;
const year = new Date().getUTCFullYear();
const bankFees = JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8'));

beforeAll(async () => {
  testApp = await createTestApp();
  readOnlyToken = await testApp.tokenFor('demo', ['read']);
});
afterAll(() => testApp.close());

/** The bank-fees example with another expression in its condition, as a draft. */
function withCondition(expression: unknown) {
  const document = structuredClone(bankFees);
  document.status = 'draft';
  document.nodes.find((node: { id: string }) => node.id === 'is-fee').config.expression = expression;
  return document;
}

function dryRun(expression: unknown, text: string) {
  const event = { id: 'DRY-1', bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text, reference: null, counterparty: null, bankAccount: '1930' };
  return testApp.post('/api/companies/demo/automations/dry-run', { document: withCondition(expression), event }, { authorization: `Bearer ${readOnlyToken}` });
}

interface DryRunBody {
  status: string;
  reason: string | null;
  trace: { nodeId: string; branch: string | null; error?: { code: string; message: string } }[];
  vouchers: unknown[];
}

describe('dry run with a read-only token: patterns and expressions are bounded', () => {
  const catastrophic = { regex_test: ['^\\d*\\d*\\d*\\d*$', { var: 'event.text' }] };
  const digits = '1'.repeat(9_999);

  it('a catastrophic-backtracking pattern answers at once, with the right result', async () => {
    const noMatch = await dryRun(catastrophic, `${digits}x`);
    expect(noMatch.status).toBe(200);
    const refused = (await noMatch.json()) as DryRunBody;
    expect(refused.trace.find((step) => step.nodeId === 'is-fee')?.branch).toBe('false');
    expect(refused.vouchers).toEqual([]);

    const match = await dryRun(catastrophic, `${digits}1`);
    expect(match.status).toBe(200);
    const posted = (await match.json()) as DryRunBody;
    expect(posted.trace.find((step) => step.nodeId === 'is-fee')?.branch).toBe('true');
    expect(posted.vouchers).toHaveLength(1);
  });

  it('(a+)+$ and (a|aa)*$ on 10 000 characters answer with the right result', async () => {
    const letters = 'a'.repeat(9_999);
    for (const [pattern, text, branch] of [['(a+)+$', `${letters}!`, 'false'], ['^(a|aa)*$', `${letters}a`, 'true']]) {
      const response = await dryRun({ regex_test: [pattern, { var: 'event.text' }] }, text);
      expect(response.status).toBe(200);
      expect(((await response.json()) as DryRunBody).trace.find((step) => step.nodeId === 'is-fee')?.branch).toBe(branch);
    }
  });

  it('a pattern RE2 cannot run (back-reference, look-ahead) is refused at validation, on its node', async () => {
    for (const [pattern, what] of [['(a)\\1', /back-references/], ['fee(?=s)', /look-ahead/]] as const) {
      const response = await dryRun({ regex_test: [pattern, { var: 'event.text' }] }, 'fee');
      expect(response.status).toBe(422);
      const body = (await response.json()) as { error: string; issues: { path: string; message: string; code: string; nodeId: string }[] };
      expect(body.error).toBe('automation_invalid');
      expect(body.issues).toEqual([expect.objectContaining({ nodeId: 'is-fee', code: 'expression_invalid_argument' })]);
      expect(body.issues[0].message).toMatch(/"regex_test": /);
      expect(body.issues[0].message).toMatch(what);
      expect(body.issues[0].path).toMatch(/regex_test\.0$/);
    }
  });

  it('an expression over its budget fails the run on its node, and does not hang', async () => {
    const list = Array.from({ length: 1000 }, (_, i) => i);
    // 10^9 items visited: about half a minute of a frozen process without a budget
    const runaway = { and: [{ '<': [{ var: 'event.amountMinor' }, 0] }, { some: [list, { some: [list, { some: [list, { '==': [{ var: '' }, -1] }] }] }] }] };
    const response = await dryRun(runaway, 'AVGIFT');
    expect(response.status).toBe(200);
    const body = (await response.json()) as DryRunBody;
    expect(body.status).toBe('failed');
    const step = body.trace.find((s) => s.nodeId === 'is-fee');
    expect(step?.error?.code).toBe('expression_operations_exceeded');
    expect(step?.error?.message).toMatch(/more than 1000000 operations/);
    expect(body.reason).toMatch(/Is it a bank fee\?/);
    expect(body.vouchers).toEqual([]);
  });
});
