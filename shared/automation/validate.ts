import type { z } from 'zod';
import { analyze, balanceRequestsMax, compile, evaluate } from '../json-logic/index.ts';
import { descriptorOf, portsOf, type ConfigExpression, type EventField, type NodeDescriptor } from '../nodes/index.ts';
import type { VoucherLineTemplate } from '../nodes/post-voucher.ts';
import { masterDataMessage, type KnownValues, type MasterDataKind } from '../master-data.ts';
import { branchText, message, renderMessage, type Message, type MessageCode, type MessageLanguage, type MessageParams } from '../i18n/messages.ts';
import { zodParseOptions } from '../i18n/zod-errors.ts';
import { automationDocumentSchema, automationLimits, type AutomationDocument, type ValidationIssue } from './schema.ts';

/** What the company knows; every part is optional (the designer may not have loaded it yet). */
export interface ValidationContext {
  /** account number → active */
  accounts?: Map<string, { active: boolean }>;
  vatCodes?: Set<string>;
  series?: Set<string>;
  /** "dimension:object" keys, e.g. "1:100" (cost centre 100) */
  dimensionObjects?: Set<string>;
  /** customer, supplier and bank-account numbers (the designer's master data; the runtime leaves them out) */
  customers?: KnownValues;
  suppliers?: KnownValues;
  bankAccounts?: KnownValues;
}

/** The widget kinds that pick master data, and the issue codes of a value that is unknown or inactive. */
const pickerKinds: Partial<Record<string, { kind: MasterDataKind; unknown: string; inactive: string }>> = {
  account: { kind: 'account', unknown: 'unknown_account', inactive: 'inactive_account' },
  series: { kind: 'series', unknown: 'unknown_series', inactive: 'inactive_series' },
  'vat-code': { kind: 'vat-code', unknown: 'unknown_vat_code', inactive: 'inactive_vat_code' },
  'dimension-object': { kind: 'dimension-object', unknown: 'unknown_dimension_object', inactive: 'inactive_dimension_object' },
  customer: { kind: 'customer', unknown: 'unknown_customer', inactive: 'inactive_customer' },
  supplier: { kind: 'supplier', unknown: 'unknown_supplier', inactive: 'inactive_supplier' },
  'bank-account': { kind: 'bank-account', unknown: 'unknown_bank_account', inactive: 'inactive_bank_account' },
};

const allActive = (values: Set<string> | undefined): KnownValues | undefined =>
  values && new Map([...values].map((v) => [v, { active: true }]));

/** The values the context knows for a picker kind (a dimension object's value is "dimension:object", e.g. "1:100"). */
export function knownValuesOf(kind: MasterDataKind, context: ValidationContext): KnownValues | undefined {
  switch (kind) {
    case 'account': return context.accounts;
    case 'series': return allActive(context.series);
    case 'vat-code': return allActive(context.vatCodes);
    case 'dimension-object': return allActive(context.dimensionObjects);
    case 'customer': return context.customers;
    case 'supplier': return context.suppliers;
    case 'bank-account': return context.bankAccounts;
  }
}

export interface ValidationResult {
  ok: boolean;
  document?: AutomationDocument;
  issues: ValidationIssue[];
}

type Path = (string | number)[];

function zodIssues(error: z.ZodError, prefix: Path, nodeId?: string): ValidationIssue[] {
  return error.issues.map((issue) => ({
    severity: 'error' as const,
    code: 'invalid_config',
    message: `${[...issue.path].join('.') || 'value'}: ${issue.message}`,
    path: [...prefix, ...(issue.path as Path)],
    nodeId,
  }));
}

/**
 * The one validator: used by the designer as you draw and by the runtime
 * before it saves, publishes or runs a document. Every issue names its node.
 * The messages are in `language` (the designer's, or the request's; English
 * unless told); the codes are the same in every language.
 */
export function validateAutomation(input: unknown, context: ValidationContext = {}, language: MessageLanguage = 'en'): ValidationResult {
  const say = (code: MessageCode, params?: MessageParams): string => renderMessage(language, message(code, params));
  const parseOptions = zodParseOptions(language);
  const parsed = automationDocumentSchema.safeParse(input, parseOptions);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue): ValidationIssue => {
      const path = issue.path as Path;
      const nodeIndex = path[0] === 'nodes' && typeof path[1] === 'number' ? path[1] : undefined;
      const rawNodes = (input as { nodes?: { id?: unknown }[] } | null)?.nodes;
      const rawId = nodeIndex !== undefined && Array.isArray(rawNodes) ? rawNodes[nodeIndex]?.id : undefined;
      const list = path.length === 1 && (path[0] === 'nodes' || path[0] === 'edges') && issue.code === 'too_big' ? path[0] : undefined;
      const custom = issue.code === 'custom' ? (issue.params as { code?: string } | undefined)?.code : undefined;
      if (custom === 'config_too_deep') {
        const where = path.slice(0, 3).join('.');
        return {
          severity: 'error', code: 'config_too_deep', nodeId: typeof rawId === 'string' ? rawId : undefined, path: path.slice(0, 4),
          message: say('validation.config_too_deep', { where: `${where}.${String(path[3] ?? '')}`, problem: issue.message }),
        };
      }
      if (list) {
        const count = (input as Record<string, unknown[]>)[list].length;
        const max = list === 'nodes' ? automationLimits.nodesMax : automationLimits.edgesMax;
        return { severity: 'error', code: `too_many_${list}`, message: say('validation.too_many', { count, list: message(`validation.list.${list}`), max }), path };
      }
      return {
        severity: 'error', code: 'invalid_document', message: say('validation.at', { where: path.join('.') || 'document', problem: issue.message }),
        path, nodeId: typeof rawId === 'string' ? rawId : undefined,
      };
    });
    return { ok: false, issues };
  }
  const document = parsed.data;
  const issues: ValidationIssue[] = [];
  const error = (code: string, message: string, path: Path, ids: { nodeId?: string; edgeId?: string } = {}) =>
    issues.push({ severity: 'error', code, message, path, ...ids });
  const warning = (code: string, message: string, path: Path, ids: { nodeId?: string; edgeId?: string } = {}) =>
    issues.push({ severity: 'warning', code, message, path, ...ids });

  const nameOf = (id: string): string => document.nodes.find((n) => n.id === id)?.name || id;

  // Nodes: known types, valid config, unique ids.
  const nodeIndexById = new Map<string, number>();
  const descriptors = new Map<string, NodeDescriptor>();
  const configs = new Map<string, unknown>();
  document.nodes.forEach((node, index) => {
    const where: Path = ['nodes', index];
    if (nodeIndexById.has(node.id)) {
      error('duplicate_node_id', say('validation.duplicate_node_id', { id: node.id }), [...where, 'id'], { nodeId: node.id });
      return;
    }
    nodeIndexById.set(node.id, index);
    const descriptor = descriptorOf(node.type);
    if (!descriptor) {
      error('unknown_node_type', say('validation.unknown_node_type', { type: node.type }), [...where, 'type'], { nodeId: node.id });
      return;
    }
    if (descriptor.version !== node.version) {
      error('unknown_node_version', say('validation.unknown_node_version', { type: node.type, version: node.version, current: descriptor.version }),
        [...where, 'version'], { nodeId: node.id });
      return;
    }
    descriptors.set(node.id, descriptor);
    const config = descriptor.configSchema.safeParse(node.config ?? {}, parseOptions);
    if (!config.success) {
      // The node still takes part in the graph checks; its expressions and dynamic ports are not checked.
      issues.push(...zodIssues(config.error, [...where, 'config'], node.id));
      return;
    }
    configs.set(node.id, config.data);
  });

  // Exactly one trigger.
  const triggers = document.nodes.filter((node) => descriptors.get(node.id)?.kind === 'trigger');
  if (triggers.length === 0) error('no_trigger', say('validation.no_trigger'), ['nodes']);
  for (const extra of triggers.slice(1)) {
    error('several_triggers', say('validation.several_triggers', { name: extra.name || extra.id }),
      ['nodes', nodeIndexById.get(extra.id)!], { nodeId: extra.id });
  }
  const trigger = triggers[0];

  // Edges: existing nodes and ports, one edge per port, none into a trigger.
  const next = new Map<string, Map<string, string>>(); // nodeId → port → target
  const edgeIds = new Set<string>();
  document.edges.forEach((edge, index) => {
    const where: Path = ['edges', index];
    const ids = { edgeId: edge.id, nodeId: edge.source };
    if (edgeIds.has(edge.id)) error('duplicate_edge_id', say('validation.duplicate_edge_id', { id: edge.id }), [...where, 'id'], ids);
    edgeIds.add(edge.id);
    if (!nodeIndexById.has(edge.source)) {
      error('dangling_edge', say('validation.dangling_edge_source', { edge: edge.id, node: edge.source }), [...where, 'source'], { edgeId: edge.id });
      return;
    }
    if (!nodeIndexById.has(edge.target)) {
      error('dangling_edge', say('validation.dangling_edge_target', { edge: edge.id, node: edge.target }), [...where, 'target'], ids);
      return;
    }
    const source = descriptors.get(edge.source);
    const target = descriptors.get(edge.target);
    if (target?.kind === 'trigger') {
      error('edge_into_trigger', say('validation.edge_into_trigger'), [...where, 'target'], { edgeId: edge.id, nodeId: edge.target });
    }
    if (!source) return;
    const outputs = portsOf(source, configs.get(edge.source));
    const port = edge.sourceHandle ?? (outputs.length === 1 ? outputs[0].id : undefined);
    const portsUnknown = source.outputsFor !== undefined && !configs.has(edge.source); // dynamic ports of an invalid config
    if (port === undefined) {
      error('missing_branch', say('validation.missing_branch', { edge: edge.id, branches: outputs.map((p) => p.id).join(', ') }),
        [...where, 'sourceHandle'], ids);
      return;
    }
    if (!portsUnknown && !outputs.some((p) => p.id === port)) {
      error('unknown_branch', say('validation.unknown_branch', { branch: branchText(port), type: source.label, node: edge.source, branches: outputs.map((p) => p.id).join(', ') }),
        [...where, 'sourceHandle'], ids);
      return;
    }
    const ports = next.get(edge.source) ?? new Map<string, string>();
    if (ports.has(port)) {
      error('branch_already_connected', say('validation.branch_already_connected', { branch: branchText(port), node: edge.source }),
        [...where, 'sourceHandle'], ids);
      return;
    }
    ports.set(port, edge.target);
    next.set(edge.source, ports);
  });

  // Cycles (iterative DFS, colours: 1 = on stack, 2 = done).
  const colour = new Map<string, number>();
  for (const start of nodeIndexById.keys()) {
    if (colour.get(start)) continue;
    const stack: [string, string[]][] = [[start, [...(next.get(start)?.values() ?? [])]]];
    colour.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const child = top[1].pop();
      if (child === undefined) { colour.set(top[0], 2); stack.pop(); continue; }
      const c = colour.get(child);
      if (c === 1) {
        error('cycle', say('validation.cycle', { node: child }),
          ['nodes', nodeIndexById.get(child)!], { nodeId: child });
      } else if (!c) {
        colour.set(child, 1);
        stack.push([child, [...(next.get(child)?.values() ?? [])]]);
      }
    }
  }

  // Reachability and unconnected ports.
  const reachable = new Set<string>();
  if (trigger) {
    const queue = [trigger.id];
    while (queue.length) {
      const id = queue.pop()!;
      if (reachable.has(id)) continue;
      reachable.add(id);
      queue.push(...(next.get(id)?.values() ?? []));
    }
  }
  for (const node of document.nodes) {
    const descriptor = descriptors.get(node.id);
    const index = nodeIndexById.get(node.id)!;
    if (trigger && !reachable.has(node.id)) {
      error('unreachable_node', say('validation.unreachable_node', { node: node.name || node.id }),
        ['nodes', index], { nodeId: node.id });
    }
    if (!descriptor || (descriptor.outputsFor && !configs.has(node.id))) continue;
    for (const port of portsOf(descriptor, configs.get(node.id))) {
      if (next.get(node.id)?.has(port.id)) continue;
      if (port.optional) {
        if (descriptor.kind === 'condition') {
          warning('unconnected_branch', say('validation.unconnected_branch', { branch: branchText(port.id), node: node.name || node.id }),
            ['nodes', index], { nodeId: node.id });
        }
      } else {
        error('unconnected_port', say('validation.unconnected_port', { node: node.name || node.id, port: port.id }), ['nodes', index], { nodeId: node.id });
      }
    }
  }

  // Loops: the body of a for-each is every node reachable from its "each" port.
  // Only that port may lead into the body; bodies do not nest.
  const loopOf = new Map<string, string>(); // body node id → for-each node id
  for (const node of document.nodes) {
    if (descriptors.get(node.id)?.kind !== 'loop') continue;
    const start = next.get(node.id)?.get('each');
    if (start === undefined) continue; // reported as unconnected_port
    const body = new Set<string>();
    const queue = [start];
    while (queue.length) {
      const id = queue.pop()!;
      if (body.has(id) || id === node.id) continue; // a path back to the loop is reported as a cycle
      body.add(id);
      queue.push(...(next.get(id)?.values() ?? []));
    }
    for (const id of body) {
      const index = nodeIndexById.get(id)!;
      if (descriptors.get(id)?.kind === 'loop') {
        error('nested_loop', say('validation.nested_loop', { node: nameOf(id), loop: nameOf(node.id) }),
          ['nodes', index], { nodeId: id });
      }
      const owner = loopOf.get(id);
      if (owner === undefined) loopOf.set(id, node.id);
    }
    document.edges.forEach((edge, index) => {
      if (!body.has(edge.target) || body.has(edge.source)) return;
      if (edge.source === node.id && next.get(node.id)?.get('each') === edge.target) return;
      if (!nodeIndexById.has(edge.source)) return;
      error('loop_body_entered', say('validation.loop_body_entered', { node: nameOf(edge.target), loop: nameOf(node.id), edge: edge.id, source: nameOf(edge.source) }),
        ['edges', index, 'target'], { edgeId: edge.id, nodeId: edge.target });
    });
  }

  // Ancestors of a node (the nodes that may have run before it), for `steps.<nodeId>` paths; computed on demand.
  const previous = new Map<string, string[]>();
  for (const [source, ports] of next) for (const target of ports.values()) previous.set(target, [...(previous.get(target) ?? []), source]);
  const ancestorsOf = (id: string): Set<string> => {
    const seen = new Set<string>();
    const queue = [...(previous.get(id) ?? [])];
    while (queue.length) {
      const at = queue.pop()!;
      if (seen.has(at)) continue;
      seen.add(at);
      queue.push(...(previous.get(at) ?? []));
    }
    return seen;
  };

  // Expressions: compile, operators, var paths the trigger provides; constant conditions.
  const triggerDescriptor = trigger ? descriptors.get(trigger.id) : undefined;
  const eventFields = triggerDescriptor?.event?.fields ?? [];
  const eventPaths = new Set(eventFields.map((f) => f.path));
  const constantFalse = new Set<string>(); // node ids behind a branch that is never taken
  // Settings that pick master data (the descriptor's widget says which): one rule with the designer's pickers,
  // checked even when another setting of the node is invalid (the picker says it as you type, whatever else is wrong).
  for (const node of document.nodes) {
    const descriptor = descriptors.get(node.id);
    if (!descriptor) continue;
    const index = nodeIndexById.get(node.id)!;
    const config = (configs.get(node.id) ?? node.config) as Record<string, unknown> | undefined;
    for (const field of descriptor.form) {
      const picker = pickerKinds[field.widget];
      const value = config?.[field.key];
      if (!picker || typeof value !== 'string') continue;
      const known = knownValuesOf(picker.kind, context);
      const problem = masterDataMessage(picker.kind, value, known);
      if (problem) {
        error(known?.has(value) ? picker.inactive : picker.unknown, renderMessage(language, problem), ['nodes', index, 'config', field.key], { nodeId: node.id });
      }
    }
  }
  // The balances a run reads are counted over the whole document (the engine reads them all before the walk):
  // distinct argument lists, at most balanceRequestsMax; the node whose call crosses the limit says so.
  const balanceArgs = new Set<string>();
  let balanceLimitSaid = false;
  for (const node of document.nodes) {
    const descriptor = descriptors.get(node.id);
    if (!descriptor || !configs.has(node.id)) continue;
    const index = nodeIndexById.get(node.id)!;
    const expressions: ConfigExpression[] = descriptor.expressions(configs.get(node.id));
    for (const expression of expressions) {
      const where: Path = ['nodes', index, 'config', ...expression.path];
      const analysis = analyze(expression.rule);
      for (const problem of analysis.errors) {
        error(`expression_${problem.code}`, `${expression.path.join('.')}: ${problem.message}`,
          [...where, ...(problem.path ?? [])], { nodeId: node.id });
      }
      if (analysis.errors.length) continue;
      for (const call of analysis.balances) {
        balanceArgs.add(JSON.stringify(call.args));
        if (balanceArgs.size > balanceRequestsMax && !balanceLimitSaid) {
          balanceLimitSaid = true;
          error('balance_limit', say('validation.balance_limit', { where: expression.path.join('.'), max: balanceRequestsMax, count: balanceArgs.size }),
            [...where, ...call.path], { nodeId: node.id });
        }
      }
      try {
        compile(expression.rule);
      } catch (thrown) {
        const problem = thrown as { code?: string; message: string; path?: Path };
        error(`expression_${problem.code ?? 'invalid'}`, `${expression.path.join('.')}: ${problem.message}`,
          [...where, ...(problem.path ?? [])], { nodeId: node.id });
        continue;
      }
      for (const path of analysis.vars) {
        const problem = unknownPath(path, node.id);
        if (problem) error(problem.code, say('validation.at', { where: expression.path.join('.'), problem: problem.message }), where, { nodeId: node.id });
      }
      if (descriptor.kind === 'condition' && analysis.vars.length === 0 && !analysis.dynamicVars) {
        let value: unknown;
        try { value = evaluate(expression.rule, {}); } catch { continue; }
        const truthy = Array.isArray(value) ? value.length > 0 : Boolean(value);
        const always = message(truthy ? 'branch.true' : 'branch.false');
        warning('constant_condition', expression.path.length > 1
          ? say('validation.constant_condition_case', { case: expression.path.slice(0, -1).join('.'), node: nameOf(node.id), value: always })
          : say('validation.constant_condition', { node: nameOf(node.id), value: always }), where, { nodeId: node.id });
        const dead = node.type === 'condition' ? next.get(node.id)?.get(truthy ? 'false' : 'true') : undefined;
        if (dead) constantFalse.add(dead);
      }
    }
    if (node.type === 'post-voucher') {
      checkVoucherTemplate(configs.get(node.id) as { series: string; lines: VoucherLineTemplate[] }, ['nodes', index, 'config'], node.id, context,
        (code, text, path, ids) => error(code, renderMessage(language, text), path, ids));
    }
  }
  /** Why a var path is not available at this node, or null when it is. */
  function unknownPath(path: string, nodeId: string): { code: string; message: string } | null {
    const [head, second] = path.split('.');
    if (head === 'item' || head === 'index') {
      const loop = loopOf.get(nodeId);
      if (loop === undefined) {
        return { code: 'item_outside_loop', message: say('validation.item_outside_loop', { path }) };
      }
      if (path === 'item' || path === 'index') return null;
      if (head === 'index') return { code: 'unknown_variable', message: say('validation.index_has_no_fields', { path }) };
      const fields = itemFieldsOf(loop);
      if (fields && !knownPath(path, new Set(fields.map((f) => f.path)))) {
        return { code: 'unknown_variable', message: say('validation.not_an_item_field', { path, loop: nameOf(loop), available: fields.map((f) => f.path).join(', ') }) };
      }
      return null;
    }
    if (head === 'steps') {
      if (second === undefined || !nodeIndexById.has(second)) {
        return { code: 'unknown_variable', message: say('validation.no_such_step', { path, node: second ?? '' }) };
      }
      if (!ancestorsOf(nodeId).has(second)) {
        return { code: 'unknown_variable', message: say('validation.step_never_before', { path, node: second, here: nameOf(nodeId) }) };
      }
      return null;
    }
    if (!triggerDescriptor || knownPath(path, eventPaths)) return null;
    return { code: 'unknown_variable', message: say('validation.not_provided_by_trigger', { path, trigger: triggerDescriptor.label, available: [...eventPaths].join(', ') }) };
  }

  /** The declared item fields when a for-each iterates over a declared array field of the event. */
  function itemFieldsOf(loopId: string): EventField[] | undefined {
    const items = (configs.get(loopId) as { items?: unknown } | undefined)?.items;
    const over = items !== null && typeof items === 'object' && !Array.isArray(items) && 'var' in items ? (items as { var: unknown }).var : undefined;
    const path = Array.isArray(over) ? over[0] : over;
    return typeof path === 'string' ? eventFields.find((f) => f.path === path)?.itemFields : undefined;
  }

  for (const dead of constantFalse) {
    const onlyWay = document.edges.filter((e) => e.target === dead).length === 1;
    if (onlyWay) {
      warning('never_runs', say('validation.never_runs', { node: dead }), ['nodes', nodeIndexById.get(dead)!], { nodeId: dead });
    }
  }

  return { ok: !issues.some((i) => i.severity === 'error'), document, issues };
}

/** A path is known when it is a declared field or lies inside an object/array field. */
function knownPath(path: string, known: Set<string>): boolean {
  if (known.has(path)) return true;
  for (const field of known) if (path.startsWith(field + '.')) return true;
  return false;
}

/** What an account expression that reads no data gives (undefined when it reads data, or does not compile: reported elsewhere). */
function constantAccount(rule: unknown): unknown {
  const analysis = analyze(rule);
  if (analysis.errors.length || analysis.vars.length || analysis.dynamicVars) return undefined;
  try {
    return evaluate(rule, {});
  } catch {
    return undefined;
  }
}

function checkVoucherTemplate(
  config: { series: string; lines: VoucherLineTemplate[] },
  where: Path,
  nodeId: string,
  context: ValidationContext,
  error: (code: string, text: Message, path: Path, ids: { nodeId?: string }) => void,
): void {
  const { lines } = config;
  // the series is a picker field: checked with the other picker fields above
  lines.forEach((line, i) => {
    const at: Path = [...where, 'lines', i];
    // A fixed account is checked here; an expression only when it reads nothing (else at run time, with the event).
    const number = typeof line.account === 'string' ? line.account : constantAccount(line.account);
    const lineNumber = i + 1;
    if (number !== undefined && context.accounts) {
      const account = typeof number === 'string' ? context.accounts.get(number) : undefined;
      // a fixed account in the words of the account picker (shared/master-data.ts), an expression's result in its own
      const fixed = typeof line.account === 'string' ? masterDataMessage('account', line.account, context.accounts) : null;
      const value = JSON.stringify(number);
      if (!account) {
        error('unknown_account', message('validation.line', { line: lineNumber, problem: fixed ?? (typeof line.account === 'string' ? message('validation.account_unknown', { value: String(number) }) : message('validation.account_expression_unknown', { value })) }), [...at, 'account'], { nodeId });
      } else if (!account.active) {
        error('inactive_account', message('validation.line', { line: lineNumber, problem: fixed ?? message('validation.account_expression_inactive', { value }) }), [...at, 'account'], { nodeId });
      }
    }
    // in the words of the line's pickers (shared/master-data.ts): the context holds the active codes and objects
    const vatProblem = line.vatCode && context.vatCodes && !context.vatCodes.has(line.vatCode)
      ? masterDataMessage('vat-code', line.vatCode, knownValuesOf('vat-code', context)) : null;
    if (vatProblem) error('unknown_vat_code', message('validation.line', { line: lineNumber, problem: vatProblem }), [...at, 'vatCode'], { nodeId });
    for (const [dimension, object] of Object.entries(line.dimensions ?? {})) {
      const problem = context.dimensionObjects && !context.dimensionObjects.has(`${dimension}:${object}`)
        ? masterDataMessage('dimension-object', `${dimension}:${object}`, knownValuesOf('dimension-object', context)) : null;
      if (problem) error('unknown_dimension_object', message('validation.line', { line: lineNumber, problem }), [...at, 'dimensions', dimension], { nodeId });
    }
  });
  const balancing = lines.filter((l) => l.amount === null || l.amount === undefined);
  if (balancing.length > 1) {
    error('unbalanceable_template', message('validation.one_balancing_line'), [...where, 'lines'], { nodeId });
    return;
  }
  const debits = lines.filter((l) => l.side === 'debit').length;
  if (debits === 0 || debits === lines.length) {
    error('unbalanceable_template', message(debits === 0 ? 'validation.only_credit_lines' : 'validation.only_debit_lines'), [...where, 'lines'], { nodeId });
    return;
  }
  if (balancing.length === 0) {
    // Literal amounts must net to zero; identical expressions on both sides cancel.
    const pending = new Map<string, number>();
    for (const line of lines) {
      const key = typeof line.amount === 'number' ? '#literal' : JSON.stringify(line.amount);
      const weight = typeof line.amount === 'number' ? line.amount : 1;
      pending.set(key, (pending.get(key) ?? 0) + (line.side === 'debit' ? weight : -weight));
    }
    const literal = pending.get('#literal') ?? 0;
    const allLiteral = lines.every((l) => typeof l.amount === 'number');
    if (allLiteral && literal !== 0) {
      error('unbalanceable_template', message('validation.literal_difference', { difference: Math.abs(literal) }), [...where, 'lines'], { nodeId });
    }
  }
}
