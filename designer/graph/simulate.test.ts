import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationDocumentSchema } from '../../shared/automation/schema.ts';
import { simulate } from './simulate.ts';

const bankFees = automationDocumentSchema.parse(
  JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8')),
);

describe('simulate', () => {
  it('follows the bank-fees path with the example event (a fee)', () => {
    const { steps, outcome } = simulate(bankFees);
    expect(steps).toEqual([
      { nodeId: 'trigger', branch: 'out' },
      { nodeId: 'is-fee', branch: 'true' },
      { nodeId: 'post-fee', branch: 'ok' },
    ]);
    expect(outcome).toBe('Ends after "Book the fee"');
  });

  it('stops on a branch that leads nowhere', () => {
    const { steps, outcome } = simulate(bankFees, { amountMinor: 100000, text: 'INSÄTTNING' });
    expect(steps.map((s) => s.branch)).toEqual(['out', 'false']);
    expect(outcome).toContain('Exceptions');
  });

  it('needs a trigger', () => {
    expect(simulate({ ...bankFees, nodes: bankFees.nodes.slice(1) }).steps).toEqual([]);
  });
});
