import { describe, expect, it } from 'vitest';
import { nodeDescriptors } from '../../shared/nodes/index.ts';
import { filterNodeTypes } from './palette-filter.ts';

describe('palette search', () => {
  it('shows every node type for an empty query', () => {
    expect(filterNodeTypes('  ')).toEqual(Object.keys(nodeDescriptors));
  });

  it('matches the label and the description, case-insensitively, every word', () => {
    expect(filterNodeTypes('VOUCHER')).toContain('post-voucher');
    expect(filterNodeTypes('balanced ledger')).toEqual(['post-voucher']); // "Posts one balanced voucher to the ledger…"
    expect(filterNodeTypes('voucher')).not.toContain('condition');
  });

  it('finds nothing for words no node has', () => {
    expect(filterNodeTypes('no such step xyz')).toEqual([]);
  });
});
