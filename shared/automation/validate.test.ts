import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAutomation, type ValidationContext } from './validate.ts';

const example = () => JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8'));
const errorsOf = (doc: unknown, context?: ValidationContext) => validateAutomation(doc, context).issues.filter((i) => i.severity === 'error');
const chart: ValidationContext = {
  accounts: new Map([['1930', { active: true }], ['6570', { active: true }], ['6991', { active: false }]]),
  series: new Set(['A', 'E']),
  vatCodes: new Set(['I25']),
  dimensionObjects: new Set(['1:100']),
};

describe('validateAutomation', () => {
  it('accepts the bank-fees example, with and without the company chart', () => {
    expect(errorsOf(example())).toEqual([]);
    const result = validateAutomation(example(), chart);
    expect(result.ok).toBe(true);
    expect(result.document?.nodes).toHaveLength(3);
  });

  it('names the node of an unknown node type', () => {
    const doc = example();
    doc.nodes[1].type = 'teleport';
    const errors = errorsOf(doc);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'unknown_node_type', nodeId: 'is-fee', path: ['nodes', 1, 'type'] }));
  });

  it('names the node of an unknown node version', () => {
    const doc = example();
    doc.nodes[2].version = 7;
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'unknown_node_version', nodeId: 'post-fee' }));
  });

  it('reports a dangling edge with the edge and the node', () => {
    const doc = example();
    doc.edges[1].target = 'nowhere';
    const errors = errorsOf(doc);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'dangling_edge', edgeId: 'e2', nodeId: 'is-fee' }));
    expect(errors).toContainEqual(expect.objectContaining({ code: 'unreachable_node', nodeId: 'post-fee' }));
  });

  it('reports an edge from a branch the node does not have', () => {
    const doc = example();
    doc.edges[1].sourceHandle = 'maybe';
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'unknown_branch', nodeId: 'is-fee' }));
  });

  it('requires a trigger, and only one', () => {
    const none = example();
    none.nodes.shift();
    none.edges.shift();
    expect(errorsOf(none)).toContainEqual(expect.objectContaining({ code: 'no_trigger' }));
    const two = example();
    two.nodes.push({ ...two.nodes[0], id: 'trigger-2', name: 'Second' });
    expect(errorsOf(two)).toContainEqual(expect.objectContaining({ code: 'several_triggers', nodeId: 'trigger-2' }));
  });

  it('names the node and the place of bad JSON Logic', () => {
    const doc = example();
    doc.nodes[1].config.expression = { and: [{ '<': [{ var: 'event.amountMinor' }, 0] }, { teleport: [1] }] };
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'expression_unknown_operator', nodeId: 'is-fee' });
    expect(errors[0].path.slice(0, 5)).toEqual(['nodes', 1, 'config', 'expression', 'and']);
    expect(errors[0].message).toMatch(/teleport/);
  });

  it('refuses a var the trigger does not provide', () => {
    const doc = example();
    doc.nodes[1].config.expression = { '>': [{ var: 'event.invoiceTotal' }, 0] };
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'unknown_variable', nodeId: 'is-fee' }));
  });

  it('detects a cycle', () => {
    const doc = example();
    doc.nodes.push({ id: 'again', type: 'condition', version: 1, name: 'Again', position: { x: 0, y: 0 }, config: { expression: { var: 'event.text' } } });
    doc.edges.push({ id: 'e3', source: 'post-fee', target: 'again', sourceHandle: 'ok' });
    doc.edges.push({ id: 'e4', source: 'again', target: 'post-fee', sourceHandle: 'true' });
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'cycle' }));
  });

  it('checks accounts, series, VAT codes and dimension objects against the chart', () => {
    const doc = example();
    doc.nodes[2].config.series = 'Q';
    doc.nodes[2].config.lines[0].account = '6991';
    doc.nodes[2].config.lines[1].account = '1999';
    doc.nodes[2].config.lines[1].vatCode = 'X99';
    doc.nodes[2].config.lines[0].dimensions = { '1': '999' };
    const codes = errorsOf(doc, chart).map((e) => e.code).sort();
    expect(codes).toEqual(['inactive_account', 'unknown_account', 'unknown_dimension_object', 'unknown_series', 'unknown_vat_code']);
    expect(errorsOf(doc, chart).every((e) => e.nodeId === 'post-fee')).toBe(true);
  });

  it('refuses a voucher template that can never balance', () => {
    const oneSided = example();
    oneSided.nodes[2].config.lines[1].side = 'debit';
    expect(errorsOf(oneSided)).toContainEqual(expect.objectContaining({ code: 'unbalanceable_template', nodeId: 'post-fee' }));
    const literal = example();
    literal.nodes[2].config.lines[0].amount = 100;
    literal.nodes[2].config.lines[1].amount = 90;
    expect(errorsOf(literal)[0].message).toMatch(/differ by 10 öre/);
    const twoBalancing = example();
    twoBalancing.nodes[2].config.lines[0].amount = null;
    twoBalancing.nodes[2].config.lines[1].amount = null;
    expect(errorsOf(twoBalancing)).toContainEqual(expect.objectContaining({ code: 'unbalanceable_template' }));
  });

  it('reports config that breaks the node schema with the field path', () => {
    const doc = example();
    doc.nodes[2].config.lines[0].account = '65';
    const errors = errorsOf(doc);
    expect(errors[0]).toMatchObject({ code: 'invalid_config', nodeId: 'post-fee', path: ['nodes', 2, 'config', 'lines', 0, 'account'] });
  });

  it('warns about a constant condition and the action it starves', () => {
    const doc = example();
    doc.nodes[1].config.expression = { '==': [1, 2] };
    const warnings = validateAutomation(doc).issues.filter((i) => i.severity === 'warning');
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'constant_condition', nodeId: 'is-fee' }));
    expect(warnings).toContainEqual(expect.objectContaining({ code: 'never_runs', nodeId: 'post-fee' }));
  });

  it('refuses what is not an automation at all, naming the field', () => {
    const result = validateAutomation({ id: 'X Y', nodes: 'no' });
    expect(result.ok).toBe(false);
    expect(result.issues.map((i) => i.path[0])).toEqual(expect.arrayContaining(['id', 'name', 'nodes', 'edges']));
  });
});
