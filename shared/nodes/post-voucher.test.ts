import { describe, expect, it } from 'vitest';
import { validateAutomation } from '../automation/validate.ts';
import { postVoucher } from './post-voucher.ts';

/** A trigger and a voucher whose lines have no accounts yet (what the designer's new node starts with). */
function withEmptyLines() {
  return {
    schemaVersion: 1, id: 'a', name: 'A', description: '', version: 1, status: 'draft',
    nodes: [
      { id: 'trigger', type: 'bank-line-imported', version: 1, name: 'Trigger', position: { x: 0, y: 0 }, config: {} },
      { id: 'post', type: 'post-voucher', version: 1, name: 'Post', position: { x: 300, y: 0 }, config: {
        series: 'E', text: '{{event.text}}', date: { var: 'event.bookingDate' },
        lines: [{ account: '', side: 'debit', amount: null }, { account: '', side: 'credit', amount: null }],
      } },
    ],
    edges: [{ id: 'e1', source: 'trigger', target: 'post', sourceHandle: 'out' }],
  };
}

describe('post-voucher lines without an account', () => {
  it('are an error on each line: choose the account', () => {
    const issues = validateAutomation(withEmptyLines() as never).issues.filter((i) => i.severity === 'error');
    expect(issues).toEqual([0, 1].map((line) => expect.objectContaining({
      code: 'invalid_config', nodeId: 'post', path: ['nodes', 1, 'config', 'lines', line, 'account'],
      message: `lines.${line}.account: no account chosen: choose the line's account`,
    })));
  });

  it('leave the default config (the runtime\'s) valid', () => {
    expect(postVoucher.configSchema.safeParse(postVoucher.defaultConfig).success).toBe(true);
  });
});
