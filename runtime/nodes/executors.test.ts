/** Every executor: its default config is valid, bad config is refused, and on any input it names one of its own branches. */
import { describe, expect, it } from 'vitest';
import { nodeDescriptors, portsOf, type NodeDescriptor, type NodeType } from '../../shared/nodes/index.ts';
import { evaluateCached } from '../engine/engine.ts';
import type { ExecutorContext, StepInput } from '../engine/types.ts';
import { executors } from './index.ts';

const ctx = (): ExecutorContext & { flags: string[] } => {
  const flags: string[] = [];
  return {
    flags,
    run: { id: 'r', automationId: 'a', automationVersion: 1, eventKey: 'k', sourceRef: null, nodeId: 'n', iteration: null },
    ledger: { propose: () => ({ ok: true, ref: 'p' }) },
    flag: (reason) => flags.push(reason),
    effect: () => {},
    ports: {},
    evaluate: evaluateCached,
    now: () => new Date('2026-11-30T12:00:00Z'),
  };
};

const examples = Object.values(nodeDescriptors).flatMap((d) => (d.event ? [d.event.example] : []));
const inputs: StepInput[] = [
  { event: {}, steps: {} },
  ...examples.map((event) => ({ event, steps: {} })),
  { event: { lines: [] }, steps: {}, item: { amountMinor: 100 }, index: 0 },
];

describe.each(Object.keys(nodeDescriptors) as NodeType[])('executor %s', (type) => {
  const descriptor = nodeDescriptors[type] as unknown as NodeDescriptor;

  it('has a valid default config and refuses a bad one', () => {
    expect(descriptor.configSchema.safeParse(descriptor.defaultConfig).success).toBe(true);
    expect(descriptor.configSchema.safeParse({ unexpected: true }).success).toBe(false);
    expect(descriptor.configSchema.safeParse('config').success).toBe(false);
  });

  it.each(inputs.map((input, i) => [i, input] as const))('names one of its branches (or ends) on input %i', async (_i, input) => {
    const config = descriptor.configSchema.parse(descriptor.defaultConfig);
    const result = await executors[type](ctx(), config as never, input);
    const ports = portsOf(descriptor, config).map((p) => p.id);
    if (result.branch === null) expect(result.error).toBeDefined();
    else expect(ports).toContain(result.branch);
  });
});

describe('switch and for-each executors', () => {
  it('switch: the first truthy case wins, else default', () => {
    const config = { cases: [{ id: 'a', label: '', expression: { '>': [{ var: 'x' }, 1] } }, { id: 'b', label: '', expression: { '>': [{ var: 'x' }, 0] } }] };
    const input = (x: number) => ({ event: {}, steps: {}, x }) as unknown as StepInput;
    expect(executors.switch(ctx(), config as never, input(5))).toEqual({ branch: 'a', output: { case: 'a' } });
    expect(executors.switch(ctx(), config as never, input(1))).toEqual({ branch: 'b', output: { case: 'b' } });
    expect(executors.switch(ctx(), config as never, input(0))).toEqual({ branch: 'default', output: { case: null } });
  });

  it('for-each: gives the items, refuses a non-list and a list over itemsMax', () => {
    const input = (lines: unknown) => ({ event: { lines }, steps: {} });
    const config = { items: { var: 'event.lines' }, itemsMax: 2 };
    expect(executors['for-each'](ctx(), config as never, input([1, 2]))).toEqual({ branch: 'each', output: { items: [1, 2] } });
    expect(executors['for-each'](ctx(), config as never, input(null))).toMatchObject({ branch: null, error: { code: 'items_not_array' } });
    expect(executors['for-each'](ctx(), config as never, input([1, 2, 3]))).toMatchObject({ branch: null, error: { code: 'loop_limit' } });
  });
});
