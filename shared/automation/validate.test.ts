import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationLimits } from './schema.ts';
import { validateAutomation, type ValidationContext } from './validate.ts';

const load = (name: string) => JSON.parse(readFileSync(new URL(`../../rules-examples/${name}.json`, import.meta.url), 'utf8'));
/** trigger → for-each → line-is-large → switch on VAT code → post / flag (rules-examples/supplier-invoice-coding.json) */
const invoiceExample = () => load('supplier-invoice-coding');
const indexOf = (doc: { nodes: { id: string }[] }, id: string) => doc.nodes.findIndex((n) => n.id === id);
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

  it('takes an account from an expression: its vars checked like any rule, a constant one against the chart', () => {
    const doc = example();
    expect(doc.nodes[2].config.lines[1].account).toEqual({ var: 'event.bankAccount' });
    expect(errorsOf(doc, chart)).toEqual([]); // the bank line's own account: known only when it runs
    doc.nodes[2].config.lines[1].account = { var: 'event.bankAcount' };
    expect(errorsOf(doc, chart)).toContainEqual(expect.objectContaining({
      code: 'unknown_variable', nodeId: 'post-fee', path: ['nodes', 2, 'config', 'lines', 1, 'account'],
    }));
    doc.nodes[2].config.lines[1].account = { teleport: [1] };
    expect(errorsOf(doc, chart)).toContainEqual(expect.objectContaining({ code: 'expression_unknown_operator', nodeId: 'post-fee' }));
    doc.nodes[2].config.lines[1].account = { cat: ['19', '99'] };
    expect(errorsOf(doc, chart)).toEqual([expect.objectContaining({
      code: 'unknown_account', nodeId: 'post-fee', path: ['nodes', 2, 'config', 'lines', 1, 'account'],
      message: 'Line 2: the account expression gives "1999", which does not exist in the chart of accounts',
    })]);
    doc.nodes[2].config.lines[1].account = { cat: ['19', '30'] };
    expect(errorsOf(doc, chart)).toEqual([]);
  });

  it('says what an account must be: four digits, or one JSON Logic operation', () => {
    for (const [account, message] of [
      ['19300', 'lines.1.account: must be a 4-digit BAS account'],
      [1930, 'lines.1.account: must be a 4-digit BAS account ("1930") or a JSON Logic expression giving one ({"var": "event.bankAccount"})'],
      [{}, 'lines.1.account: an account expression is one JSON Logic operation, e.g. {"var": "event.bankAccount"}'],
    ] as const) {
      const doc = example();
      doc.nodes[2].config.lines[1].account = account;
      expect(errorsOf(doc)).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'post-fee', message, path: ['nodes', 2, 'config', 'lines', 1, 'account'] })]);
    }
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

  it('counts the nodes of an automation', () => {
    const doc = example();
    for (let i = 0; i < automationLimits.nodesMax; i++) doc.nodes.push({ id: `n${i}`, type: 'flag-for-review', config: { reason: 'x' } });
    const errors = errorsOf(doc);
    expect(errors).toEqual([expect.objectContaining({ code: 'too_many_nodes', path: ['nodes'] })]);
    expect(errors[0].message).toBe(`The automation has ${automationLimits.nodesMax + 3} nodes; at most ${automationLimits.nodesMax} are allowed`);
  });

  it('names the node and the expression path of a rule over the depth limit', () => {
    const doc = example();
    let rule: unknown = { var: 'event.amountMinor' };
    for (let i = 0; i < 70; i++) rule = { '+': [rule, 1] };
    doc.nodes[1].config.expression = { '<': [rule, 0] };
    const [problem] = errorsOf(doc);
    expect(problem).toMatchObject({ code: 'expression_depth_exceeded', nodeId: 'is-fee' });
    expect(problem.path.slice(0, 6)).toEqual(['nodes', 1, 'config', 'expression', '<', 0]);
    expect(problem.message).toMatch(/^expression: .*deeper than 64/);
  });

  it('names the node and the expression path of a rule over the size limit', () => {
    const doc = example();
    doc.nodes[2].config.lines[0].amount = { '+': Array.from({ length: 10_001 }, () => 1) };
    const [problem] = errorsOf(doc);
    expect(problem).toMatchObject({ code: 'expression_size_exceeded', nodeId: 'post-fee' });
    expect(problem.path.slice(0, 7)).toEqual(['nodes', 2, 'config', 'lines', 0, 'amount', '+']);
    expect(problem.message).toMatch(/^lines\.0\.amount: .*more than 10000 nodes/);
  });

  it('refuses 10 000-deep nesting as a validation error naming the node, not a stack overflow', () => {
    for (const depth of [100, 10_000, 100_000]) {
      const doc = example();
      let rule: unknown = 1;
      for (let i = 0; i < depth; i++) rule = { '!': [rule] };
      doc.nodes[1].config.expression = rule;
      const doc2 = example();
      let array: unknown = 1;
      for (let i = 0; i < depth; i++) array = [array];
      doc2.nodes[2].config.lines[0].amount = array;
      // Up to the document's nesting limit the JSON Logic limit speaks, with the rule path; beyond it the document is refused as a whole.
      const code = depth < 150 ? 'expression_depth_exceeded' : 'config_too_deep';
      expect(errorsOf(doc)).toEqual([expect.objectContaining({ code, nodeId: 'is-fee' })]);
      expect(errorsOf(doc2)).toEqual([expect.objectContaining({ code, nodeId: 'post-fee' })]);
      expect(errorsOf(doc)[0].path.slice(0, 4)).toEqual(['nodes', 1, 'config', 'expression']);
    }
  });

  it.each(['__proto__', 'constructor.constructor', 'event.__proto__', 'event.text.constructor'])('refuses {"var": "%s"} as an unknown variable', (path) => {
    const doc = example();
    doc.nodes[1].config.expression = { '==': [{ var: path }, 1] };
    // event.text.constructor lies "inside" a string field, so only the evaluator's own-property rule stops it
    const expected = path === 'event.text.constructor' ? [] : [expect.objectContaining({ code: 'unknown_variable', nodeId: 'is-fee' })];
    expect(errorsOf(doc)).toEqual(expected);
  });

  it('accepts steps.<nodeId> of a node that runs before, and refuses one that does not', () => {
    const doc = example();
    doc.nodes.push({ id: 'note', type: 'flag-for-review', config: { reason: 'x' } });
    doc.nodes.push({ id: 'after', type: 'condition', config: { expression: { '!!': { var: 'steps.post-fee.voucherRef' } } } });
    doc.edges.push({ id: 'e3', source: 'post-fee', target: 'after', sourceHandle: 'ok' }, { id: 'e4', source: 'after', target: 'note', sourceHandle: 'true' });
    expect(errorsOf(doc)).toEqual([]);
    doc.nodes[1].config.expression = { '!!': { var: 'steps.post-fee.voucherRef' } };
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'unknown_variable', nodeId: 'is-fee', message: expect.stringMatching(/never runs before/) }));
    doc.nodes[1].config.expression = { '!!': { var: 'steps.ghost.voucherRef' } };
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'unknown_variable', nodeId: 'is-fee', message: expect.stringMatching(/no node "ghost"/) }));
  });
});

describe('switch', () => {
  it('accepts edges from its case ids and from default (the ports come from its config)', () => {
    expect(validateAutomation(invoiceExample(), chart).issues.filter((i) => i.code !== 'unknown_account' && i.code !== 'unknown_vat_code' && i.code !== 'unknown_series')).toEqual([]);
  });

  it('refuses duplicate case ids and the id "default", naming the field', () => {
    const doc = invoiceExample();
    const at = indexOf(doc, 'vat-code');
    doc.nodes[at].config.cases[1].id = 'i25';
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'vat-code', path: ['nodes', at, 'config', 'cases', 1, 'id'] }));
    const other = invoiceExample();
    other.nodes[at].config.cases[0].id = 'default';
    const errors = errorsOf(other);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'invalid_config', nodeId: 'vat-code', path: ['nodes', at, 'config', 'cases', 0, 'id'] }));
    expect(errors.find((e) => e.code === 'invalid_config')!.message).toMatch(/"default" is the branch taken when no case matches/);
  });

  it('refuses an edge from a case it does not have, listing its branches', () => {
    const doc = invoiceExample();
    doc.edges.find((e: { id: string }) => e.id === 'e8').sourceHandle = 'i6';
    const errors = errorsOf(doc);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'unknown_branch', nodeId: 'vat-code', edgeId: 'e8' }));
    expect(errors.find((e) => e.code === 'unknown_branch')!.message).toMatch(/\(i25, i12, default\)/);
    const missing = invoiceExample();
    missing.edges.find((e: { id: string }) => e.id === 'e8').sourceHandle = undefined;
    expect(errorsOf(missing)).toContainEqual(expect.objectContaining({ code: 'missing_branch', nodeId: 'vat-code', edgeId: 'e8' }));
  });

  it('warns about an unconnected case and a constant case', () => {
    const doc = invoiceExample();
    const at = indexOf(doc, 'vat-code');
    doc.edges = doc.edges.filter((e: { id: string }) => e.id !== 'e8');
    doc.nodes.splice(indexOf(doc, 'post-i12'), 1);
    doc.nodes[indexOf(doc, 'vat-code')].config.cases[0].expression = true;
    const issues = validateAutomation(doc).issues;
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'unconnected_branch', nodeId: 'vat-code', message: expect.stringMatching(/"i12" branch/) }));
    expect(issues).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'constant_condition', nodeId: 'vat-code', path: ['nodes', at, 'config', 'cases', 0, 'expression'] }));
  });

  it('reports bad JSON Logic in a case with its path', () => {
    const doc = invoiceExample();
    const at = indexOf(doc, 'vat-code');
    doc.nodes[at].config.cases[1].expression = { teleport: [1] };
    expect(errorsOf(doc)).toEqual([expect.objectContaining({ code: 'expression_unknown_operator', nodeId: 'vat-code', path: ['nodes', at, 'config', 'cases', 1, 'expression'] })]);
  });
});

describe('for-each', () => {
  it('allows item.* and index inside its body only', () => {
    const doc = invoiceExample();
    const at = indexOf(doc, 'is-large');
    doc.nodes[at].config.expression = { '>': [{ var: 'item.amountMinor' }, 0] };
    expect(errorsOf(doc)).toEqual([expect.objectContaining({ code: 'item_outside_loop', nodeId: 'is-large', path: ['nodes', at, 'config', 'expression'] })]);
    const inside = invoiceExample();
    inside.nodes[indexOf(inside, 'line-is-large')].config.expression = { and: [{ '>': [{ var: 'item.amountMinor' }, 0] }, { '<': [{ var: 'index' }, 3] }] };
    expect(errorsOf(inside)).toEqual([]);
  });

  it('checks item fields against the trigger\'s declared item fields', () => {
    const doc = invoiceExample();
    const at = indexOf(doc, 'line-is-large');
    doc.nodes[at].config.expression = { '>': [{ var: 'item.netMinor' }, 0] };
    const [problem] = errorsOf(doc);
    expect(problem).toMatchObject({ code: 'unknown_variable', nodeId: 'line-is-large' });
    expect(problem.message).toMatch(/item\.amountMinor/);
  });

  it('refuses an edge from outside into its body', () => {
    const doc = invoiceExample();
    doc.edges.find((e: { id: string }) => e.id === 'e2').target = 'vat-code';
    doc.nodes.splice(indexOf(doc, 'review-invoice'), 1);
    const errors = errorsOf(doc);
    expect(errors).toContainEqual(expect.objectContaining({ code: 'loop_body_entered', nodeId: 'vat-code', edgeId: 'e2', path: ['edges', 1, 'target'] }));
  });

  it('refuses a body that connects back (a cycle) or a done branch leading into the body', () => {
    const doc = invoiceExample();
    doc.edges.push({ id: 'back', source: 'post-i25', target: 'lines', sourceHandle: 'ok' });
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'cycle' }));
    const done = invoiceExample();
    done.edges.push({ id: 'done', source: 'lines', target: 'review-vat', sourceHandle: 'done' });
    expect(errorsOf(done)).toContainEqual(expect.objectContaining({ code: 'loop_body_entered', nodeId: 'review-vat', edgeId: 'done' }));
  });

  it('refuses a for-each inside another', () => {
    const doc = invoiceExample();
    doc.nodes.push({ id: 'inner', type: 'for-each', config: { items: { var: 'event.lines' } } });
    doc.nodes.push({ id: 'inner-flag', type: 'flag-for-review', config: { reason: 'x' } });
    doc.edges.push({ id: 'x1', source: 'post-i25', target: 'inner', sourceHandle: 'ok' }, { id: 'x2', source: 'inner', target: 'inner-flag', sourceHandle: 'each' });
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'nested_loop', nodeId: 'inner' }));
  });

  it('requires its each port and caps itemsMax at 1000', () => {
    const doc = invoiceExample();
    const at = indexOf(doc, 'lines');
    doc.edges = doc.edges.filter((e: { id: string }) => e.id !== 'e4');
    expect(errorsOf(doc)).toContainEqual(expect.objectContaining({ code: 'unconnected_port', nodeId: 'lines', message: expect.stringMatching(/"each"/) }));
    const capped = invoiceExample();
    capped.nodes[at].config.itemsMax = 5000;
    expect(errorsOf(capped)).toEqual([expect.objectContaining({ code: 'invalid_config', nodeId: 'lines', path: ['nodes', at, 'config', 'itemsMax'] })]);
  });
});
