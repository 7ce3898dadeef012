/**
 * Walks an automation graph from its trigger with the event as data.
 * No HTTP, no database, no clock of its own: all of that comes in the context.
 *
 * Graph shape: every node follows at most one branch. Conditions and switches
 * pick a branch; actions pick `ok` or `error`; a for-each walks its body (the
 * nodes after `each`) once per item, then continues from `done`. A walk ends
 * where a branch leads nowhere; inside a body that ends the iteration.
 */
import type { TraceStep } from '../../shared/api.ts';
import type { AutomationDocument, AutomationNode } from '../../shared/automation/schema.ts';
import {
  analyze, balanceRequestKey, balanceValuesKey, compile, JsonLogicError, resolveBalanceCall, withLedgerBalances,
  type BalanceCall, type BalanceRequest, type LedgerBalances,
} from '../../shared/json-logic/index.ts';
import { descriptorOf, portsOf, type NodeDescriptor, type NodeType } from '../../shared/nodes/index.ts';
import { executors, warmers } from '../nodes/index.ts';
import type { VoucherDraft } from '../ledger/types.ts';
import type { DomainEffect } from '../kernel/effects.ts';
import type { ExecutorPorts } from '../kernel/ports.ts';
import { branchText, english, message, renderMessage, type Message } from '../../shared/i18n/messages.ts';
import {
  defaultRunLimits, type EngineContext, type Executor, type ExecutorContext, type Flag, type LedgerPort, type RunInput, type RunResult,
  type StepInput, type StepResult,
} from './types.ts';

const hasOwn = Object.prototype.hasOwnProperty;

type Compiled = (data: unknown) => unknown;
const compiledRules = new WeakMap<object, Compiled>();

/** Evaluates a JSON Logic rule, compiling each rule object once (documents are cached frozen). */
export function evaluateCached(rule: unknown, data: unknown): unknown {
  if (rule === null || typeof rule !== 'object') return compile(rule)(data);
  let compiled = compiledRules.get(rule);
  if (!compiled) {
    compiled = compile(rule) as Compiled;
    compiledRules.set(rule, compiled);
  }
  return compiled(data);
}

/** A var path an expression reads, split once. */
interface VarRead {
  path: string;
  segments: string[];
  /** "__proto__" must be defined as an own key, never assigned */
  reserved: boolean;
  /** goes through __proto__, constructor or prototype: never read (undefined) */
  blocked: boolean;
}

/** Never followed when reading a var for the trace (as in template.ts readSegments). */
const blockedKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** A node ready to run: its descriptor, executor, parsed config, the vars its expressions read, and where each branch leads. */
type PlannedNode =
  | {
    ok: true; node: AutomationNode; descriptor: NodeDescriptor; executor: Executor<never>; config: unknown; reads: VarReads;
    /**
     * Where each branch leads (filled in once every node is planned): `targets[i]` follows branch `ports[i]`;
     * null: an edge to a node that does not exist (the walk ends there). A node has a handful of
     * branches, so a scan beats a Map (branch names are usually the executor's own literals).
     */
    ports: string[];
    targets: (PlannedNode | null)[];
    /** describe(node), for reasons */
    label: string;
  }
  | { ok: false; node: AutomationNode; code: string; message: string };

type RunnableNode = Extract<PlannedNode, { ok: true }>;

interface Plan {
  trigger: PlannedNode;
  /** every `balance` in the document's expressions (read before the walk; see prefetchBalances) */
  balances: { call: BalanceCall; label: string }[];
  /** every node, planned (warmDocument) */
  nodes: PlannedNode[];
}

/**
 * Plans are computed once per document object (documents are frozen once
 * published; a draft is validated once before a dry run): each node's
 * descriptor, executor, config parsed by its schema, and its branches
 * resolved to planned nodes, so a step does no lookup by id and no parse.
 */
const plans = new WeakMap<AutomationDocument, Plan>();

function planNode(node: AutomationNode): PlannedNode {
  const descriptor = descriptorOf(node.type);
  if (!descriptor) return { ok: false, node, code: 'unknown_node_type', message: `${describe(node)} has the unknown type "${node.type}"` };
  const parsed = descriptor.configSchema.safeParse(node.config ?? {});
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, node, code: 'invalid_config', message: `${describe(node)}: ${first.path.join('.') || 'config'}: ${first.message}` };
  }
  const reads = new Set<string>();
  for (const expression of descriptor.expressions(parsed.data)) for (const path of analyze(expression.rule).vars) reads.add(path);
  return {
    ok: true, node, descriptor, executor: executors[node.type as NodeType], config: parsed.data,
    reads: varReads(reads),
    ports: [], targets: [], label: describe(node),
  };
}

function planOf(document: AutomationDocument): Plan {
  let plan = plans.get(document);
  if (plan) return plan;
  // (validation refuses duplicate ids; here, as with any Map built from the list, the last node of an id wins)
  const planned = new Map(document.nodes.map((n) => [n.id, planNode(n)]));
  for (const edge of document.edges) {
    const source = planned.get(edge.source);
    // a node that cannot run never follows a branch
    if (!source?.ok) continue;
    const outputs = portsOf(source.descriptor, source.config);
    const port = edge.sourceHandle ?? (outputs.length === 1 ? outputs[0].id : 'out');
    // a later edge from the same port replaces an earlier one
    const target = planned.get(edge.target) ?? null;
    const index = source.ports.indexOf(port);
    if (index >= 0) source.targets[index] = target;
    else {
      source.ports.push(port);
      source.targets.push(target);
    }
  }
  const trigger = document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger');
  if (!trigger) throw new Error(`Automation "${document.id}" has no trigger (it should have been refused by validation)`);
  const balances: Plan['balances'] = [];
  for (const node of planned.values()) {
    if (!node.ok) continue;
    for (const expression of node.descriptor.expressions(node.config)) {
      for (const call of analyze(expression.rule).balances) balances.push({ call, label: node.label });
    }
  }
  plan = { trigger: planned.get(trigger.id)!, balances, nodes: [...planned.values()] };
  plans.set(document, plan);
  return plan;
}

/** Where `branch` leads from `planned`: a node, null (an edge to no node) or undefined (no edge). */
function nextOf(planned: RunnableNode, branch: string): PlannedNode | null | undefined {
  const { ports } = planned;
  for (let i = 0; i < ports.length; i++) if (ports[i] === branch) return planned.targets[i];
  return undefined;
}

function describe(node: AutomationNode): string {
  return `"${node.name || node.id}"`;
}

/** A value small enough for a trace: long text is cut, big objects are summarised. */
export function compactValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'string') return value.length > 120 ? `${value.slice(0, 119)}…` : value;
  if (value !== null && typeof value === 'object') {
    if (JSON.stringify(value).length <= 200) return value;
    return Array.isArray(value) ? `[${value.length} items]` : `{${Object.keys(value).length} fields}`;
  }
  return value;
}

/** An own-property read of a path free of blocked keys (template.ts readSegments, without the blocked-key test). */
function readOwnPath(data: unknown, segments: readonly string[]): unknown {
  let current = data;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i];
    if (current === null || typeof current !== 'object' || !hasOwn.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The vars a step read, with their values: `{ "event.amountMinor": -2500 }`. */
function readsOf(reads: VarReads, data: StepInput): Record<string, unknown> | undefined {
  const { list, template } = reads;
  if (template === null) return undefined;
  // a copy of the template has every key already, in order: the stores below only overwrite
  const out: Record<string, unknown> = { ...template };
  for (let i = 0; i < list.length; i++) {
    const { path, segments, reserved, blocked } = list[i];
    const value = compactValue(blocked ? undefined : readOwnPath(data, segments));
    // a path such as "__proto__" must stay a plain own key, never set the prototype
    if (reserved) Object.defineProperty(out, path, { value, enumerable: true, writable: true, configurable: true });
    else out[path] = value;
  }
  return out;
}

/** The vars a node's expressions read, with a template of the trace's `input` object (null when there are none). */
interface VarReads {
  list: VarRead[];
  template: Record<string, unknown> | null;
}

function varReads(paths: Iterable<string>): VarReads {
  const list = [...paths].map((path): VarRead => {
    const segments = path.split('.');
    return { path, segments, reserved: path === '__proto__', blocked: segments.some((key) => blockedKeys.has(key)) };
  });
  if (list.length === 0) return { list, template: null };
  const template: Record<string, unknown> = {};
  for (const { path } of list) Object.defineProperty(template, path, { value: null, enumerable: true, writable: true, configurable: true });
  return { list, template };
}

function errorOf(thrown: unknown): { code: string; message: string } {
  if (thrown instanceof JsonLogicError) {
    const at = thrown.path.length ? ` at ${thrown.path.join('.')}` : '';
    return { code: `expression_${thrown.code}`, message: `${thrown.message}${at}` };
  }
  return { code: 'step_failed', message: thrown instanceof Error ? thrown.message : String(thrown) };
}

/** A context without ports (a unit test's engine): an executor that needs one says so. */
const noPorts: ExecutorPorts = {};

class Stop {
  /** `text`: the reason as a message, for another language (issue 12), when it has one */
  constructor(readonly reason: string, readonly text?: Message) {}
}

/** A stop whose reason is a catalogue message: its English as the reason, the message beside it. */
const stopWith = (text: Message) => new Stop(renderMessage('en', text), text);

/**
 * A walk that met an executor returning a promise: `resume` awaits it and
 * goes on. Walks are synchronous until then, so an automation whose
 * executors all return plain results (every built-in one) runs without a
 * single promise or microtask per step.
 */
class Suspended {
  constructor(readonly resume: () => Promise<Outcome>) {}
}

type Outcome = Stop | Suspended | null;

async function settle(outcome: Outcome): Promise<Stop | null> {
  while (outcome instanceof Suspended) outcome = await outcome.resume();
  return outcome;
}

class RunState {
  trace: TraceStep[] = [];
  flags: Flag[] = [];
  vouchers: RunResult['vouchers'] = [];
  effects: DomainEffect[] = [];
  /** the clock at the last step boundary: one read per step, reused as the next step's start */
  lastMs: number;
  /** why the last walk ended without an action, for the no_match reason */
  lastEnd: string | null = null;
  /** lastEnd as a message (shared/i18n), when there is one */
  lastEndText: Message | undefined = undefined;
  /** the balances read before the walk, when the document uses `balance` */
  balances: LedgerBalances | null = null;
  readonly startedMs: number;
  readonly executorContext: RunContext;

  /** the context's limits over the defaults (as `{ ...defaultRunLimits, ...ctx.limits }`, without a copy per run) */
  readonly stepsMax: number;
  readonly runTimeMs: number;

  constructor(readonly input: RunInput, readonly ctx: EngineContext, trigger: AutomationNode) {
    const limits = ctx.limits;
    this.stepsMax = limits !== undefined && hasOwn.call(limits, 'stepsMax') ? limits.stepsMax! : defaultRunLimits.stepsMax;
    this.runTimeMs = limits !== undefined && hasOwn.call(limits, 'runTimeMs') ? limits.runTimeMs! : defaultRunLimits.runTimeMs;
    this.startedMs = ctx.clock.elapsedMs();
    this.lastMs = this.startedMs;
    this.executorContext = new RunContext(this, trigger.id);
  }

  /** Reads the clock once: the end of the step that started at lastMs, and the start of the next. */
  tick(): number {
    const startedMs = this.lastMs;
    this.lastMs = this.ctx.clock.elapsedMs();
    return this.lastMs - startedMs;
  }
}

/**
 * One context per run (no closures per step); steps run one after another,
 * so the current node is set before each. It is also the ledger port the
 * executors see: accepted drafts are kept as the run's vouchers.
 */
class RunContext implements ExecutorContext, LedgerPort {
  readonly run: ExecutorContext['run'];
  readonly ledger: LedgerPort = this;

  constructor(private readonly state: RunState, triggerId: string) {
    const { input } = state;
    this.run = {
      id: input.runId, automationId: input.document.id, automationVersion: input.document.version,
      eventKey: input.eventKey, sourceRef: input.sourceRef, nodeId: triggerId, iteration: null,
    };
  }

  propose(draft: VoucherDraft): ReturnType<LedgerPort['propose']> {
    const result = this.state.ctx.ledger.propose(draft);
    if (!result.ok) return result;
    this.state.vouchers.push(draft);
    return { ok: true, ref: result.ref, index: this.state.vouchers.length - 1 };
  }

  flag(reason: string): void {
    this.state.flags.push({ nodeId: this.run.nodeId, reason });
  }

  effect(effect: DomainEffect): void {
    this.state.effects.push(effect);
  }

  get ports(): ExecutorPorts {
    return this.state.ctx.ports ?? noPorts;
  }

  evaluate(rule: unknown, data: unknown): unknown {
    const balances = this.state.balances;
    return balances === null ? evaluateCached(rule, data) : withLedgerBalances(balances, () => evaluateCached(rule, data));
  }

  now(): Date {
    return this.state.ctx.clock.now();
  }
}

/**
 * Checks the run's limits before a step; a limit is a kind-2 outcome that
 * fails the run. Time is the clock at the last step boundary.
 */
function checkLimits(state: RunState): Stop | null {
  if (state.trace.length >= state.stepsMax) {
    return stopWith(message('run.step_limit', { max: state.stepsMax }));
  }
  if (state.lastMs - state.startedMs > state.runTimeMs) {
    return stopWith(message('run.time_limit', { ms: state.runTimeMs }));
  }
  return null;
}

/** Records a step whose executor threw (or rejected). */
function failedStep(state: RunState, planned: RunnableNode, data: StepInput, thrown: unknown): Stop {
  const error = errorOf(thrown);
  const { node } = planned;
  state.trace.push({ nodeId: node.id, nodeType: node.type, input: readsOf(planned.reads, data), branch: null, error, durationMs: state.tick() });
  return stopWith(message('run.step_failed', { step: planned.label, code: error.code, problem: error.message }));
}

/**
 * Records a step's result and picks the next node: a planned node, undefined
 * when the branch leads nowhere (the walk ends), or a Stop.
 */
function finishStep(state: RunState, planned: RunnableNode, data: StepInput, result: StepResult): PlannedNode | undefined | Stop {
  const { node } = planned;
  const input = result.input ?? readsOf(planned.reads, data);
  const durationMs = state.tick();
  // one literal per shape (keys in the same order as ever: nodeId, nodeType, branch, output, durationMs, input, error)
  const step: TraceStep = input === undefined
    ? { nodeId: node.id, nodeType: node.type, branch: result.branch, output: result.output, durationMs }
    : { nodeId: node.id, nodeType: node.type, branch: result.branch, output: result.output, durationMs, input };
  if (result.error) step.error = result.error;
  state.trace.push(step);
  data.steps[node.id] = result.output ?? null;
  const following = result.branch === null ? undefined : nextOf(planned, result.branch);
  if (following === undefined) {
    if (result.error) return new Stop(`${planned.label}: ${result.error.code}: ${result.error.message}`);
    const kind = planned.descriptor.kind;
    const end = kind === 'condition' ? message('run.branch_leads_nowhere', { node: planned.label, branch: branchText(String(result.branch)) })
      : kind === 'trigger' ? message('run.trigger_not_connected')
        : undefined;
    if (end) {
      state.lastEnd = renderMessage('en', end);
      state.lastEndText = end;
    } else if (result.endReason !== undefined) {
      state.lastEnd = result.endReason;
      state.lastEndText = result.endReasonText;
    }
    return undefined;
  }
  return following ?? undefined;
}

/** Walks from `start` until a branch leads nowhere; synchronous until an executor returns a promise. */
function walk(state: RunState, start: PlannedNode | undefined, data: StepInput, iteration: number | null): Outcome {
  let planned = start;
  while (planned !== undefined) {
    const limited = checkLimits(state);
    if (limited) return limited;
    if (!planned.ok) {
      const { node } = planned;
      state.trace.push({ nodeId: node.id, nodeType: node.type, branch: null, error: { code: planned.code, message: planned.message }, durationMs: 0 });
      return new Stop(`${planned.code}: ${planned.message}`);
    }
    const current: RunnableNode = planned;
    const executorContext = state.executorContext;
    executorContext.run.nodeId = current.node.id;
    executorContext.run.iteration = iteration;
    if (current.descriptor.kind === 'loop') {
      const looped = runLoop(state, current, data);
      const done = nextOf(current, 'done') ?? undefined;
      if (looped instanceof Suspended) {
        return new Suspended(async () => {
          const stopped = await settle(looped);
          return stopped ?? walk(state, done, data, iteration);
        });
      }
      if (looped) return looped;
      planned = done;
      continue;
    }
    let result: StepResult | Promise<StepResult>;
    try {
      result = current.executor(executorContext, current.config as never, data);
    } catch (thrown) {
      return failedStep(state, current, data, thrown);
    }
    // Most executors are synchronous: only a real promise suspends the walk (a microtask per step is measurable).
    if (result instanceof Promise) {
      const pending = result;
      return new Suspended(async () => {
        let settled: StepResult;
        try {
          settled = await pending;
        } catch (thrown) {
          return failedStep(state, current, data, thrown);
        }
        const next = finishStep(state, current, data, settled);
        return next instanceof Stop ? next : walk(state, next, data, iteration);
      });
    }
    const next = finishStep(state, current, data, result);
    if (next instanceof Stop) return next;
    planned = next;
  }
  return null;
}

/** A for-each: its executor gives the items; one `each` step and a walk of the body per item, then a `done` step. */
function runLoop(state: RunState, planned: RunnableNode, data: StepInput): Outcome {
  const startedMs = state.lastMs;
  let result: StepResult | Promise<StepResult>;
  try {
    result = planned.executor(state.executorContext, planned.config as never, data);
  } catch (thrown) {
    result = { branch: null, error: errorOf(thrown) };
  }
  // awaited as before when it is a promise or any thenable; the built-in for-each executor is synchronous
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    const pending = result as PromiseLike<StepResult>;
    return new Suspended(async () => {
      let settled: StepResult;
      try {
        settled = await pending;
      } catch (thrown) {
        settled = { branch: null, error: errorOf(thrown) };
      }
      return loopItems(state, planned, data, settled, startedMs);
    });
  }
  return loopItems(state, planned, data, result as StepResult, startedMs);
}

function loopItems(state: RunState, planned: RunnableNode, data: StepInput, result: StepResult, startedMs: number): Outcome {
  const { node } = planned;
  const items = (result.output as { items?: unknown } | undefined)?.items;
  if (result.error || !Array.isArray(items)) {
    const error = result.error ?? { code: 'items_not_array', message: 'the items expression must give a list' };
    state.tick();
    state.trace.push({
      nodeId: node.id, nodeType: node.type, input: result.input ?? readsOf(planned.reads, data), branch: null, error,
      durationMs: state.lastMs - startedMs,
    });
    return new Stop(`${error.code}: ${planned.label}: ${error.message}`);
  }
  // the items are known: the body's first step starts now
  state.tick();
  return loopFrom(state, planned, data, items, startedMs, 0);
}

/** The iterations from `index` on, then the `done` step. */
function loopFrom(state: RunState, planned: RunnableNode, data: StepInput, items: unknown[], startedMs: number, index: number): Outcome {
  const { node } = planned;
  const bodyStart = nextOf(planned, 'each') ?? undefined;
  for (; index < items.length; index++) {
    const limited = checkLimits(state);
    if (limited) return limited;
    const item = items[index];
    state.trace.push({ nodeId: node.id, nodeType: node.type, input: { index }, branch: 'each', output: { index, item: compactValue(item) }, durationMs: 0 });
    const walked = walk(state, bodyStart, { event: data.event, steps: data.steps, item, index }, index);
    if (walked instanceof Suspended) {
      const next = index + 1;
      return new Suspended(async () => {
        const stopped = await settle(walked);
        return stopped ?? loopFrom(state, planned, data, items, startedMs, next);
      });
    }
    if (walked) return walked;
  }
  const limited = checkLimits(state);
  if (limited) return limited;
  state.tick();
  state.trace.push({
    nodeId: node.id, nodeType: node.type, input: readsOf(planned.reads, data) ?? { count: items.length }, branch: 'done', output: { count: items.length },
    durationMs: state.lastMs - startedMs,
  });
  data.steps[node.id] = { count: items.length };
  return null;
}

/**
 * Executes one run. Never throws for business outcomes: they end in the result's status.
 * Status, worst first: failed (nothing is posted) > flagged (vouchers proposed by other
 * steps stand, the run goes to the exceptions inbox) > posted > no_match.
 */
/**
 * Reads the balances the document's `balance` operators ask for, resolved against the event,
 * in one query through the ledger-read port: a Stop when one cannot be read.
 */
async function prefetchBalances(plan: Plan, input: RunInput, ctx: EngineContext): Promise<LedgerBalances | Stop> {
  // The keywords' day is the event's own date (eventDateOf); without one, the day it arrived.
  const arrivalDay = (input.arrivedAt ?? ctx.clock.now().toISOString()).slice(0, 10);
  const resolved: { values: [unknown, unknown, unknown]; key: string }[] = [];
  const requests = new Map<string, BalanceRequest>();
  for (const { call, label } of plan.balances) {
    const r = resolveBalanceCall(call, input.event, arrivalDay);
    if ('problem' in r) return new Stop(`balance_unreadable: ${label}: ${r.problem}`);
    const key = balanceRequestKey(r.request);
    requests.set(key, r.request);
    resolved.push({ values: r.values, key });
  }
  // The port refuses more than balanceRequestsMax distinct requests (balance_limit), once, beside its query.
  const port = ctx.ports?.ledgerRead;
  if (!port) return new Stop('balance_unreadable: this run has no ledger to read balances from');
  let read: ReadonlyMap<string, number>;
  try {
    read = await port.balances([...requests.values()]);
  } catch (thrown) {
    // the port's refusals (balance_unreadable, balance_limit, balance_out_of_range) fail the run, saying why
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    if (/^balance_[a-z_]+: /.test(message)) return new Stop(message);
    throw thrown;
  }
  const balances = new Map<string, number>();
  for (const { values, key } of resolved) balances.set(balanceValuesKey(...values), read.get(key) ?? 0);
  return balances;
}

/**
 * Gets a published document ready to run: its plan (configs parsed, branches resolved) and each node's ports
 * (`warmers`, e.g. match-payment's matcher), ahead of the first event. A node whose warmer fails only waits at its
 * first run instead.
 */
export async function warmDocument(document: AutomationDocument, ports: ExecutorPorts): Promise<void> {
  let plan: Plan;
  try {
    plan = planOf(document);
  } catch {
    return; // (the run itself reports what is wrong)
  }
  for (const node of plan.nodes) {
    if (!node.ok) continue;
    const warmer = warmers[node.node.type as NodeType];
    if (!warmer) continue;
    try {
      await warmer(ports, node.config as never);
    } catch {
      // (the run itself reports what is wrong)
    }
  }
}

export async function executeRun(input: RunInput, ctx: EngineContext): Promise<RunResult> {
  const plan = planOf(input.document);
  const state = new RunState(input, ctx, plan.trigger.node);
  if (plan.balances.length > 0) {
    const prefetched = await prefetchBalances(plan, input, ctx);
    if (prefetched instanceof Stop) return { status: 'failed', reason: prefetched.reason, trace: [], vouchers: [], flags: [] };
    state.balances = prefetched;
  }
  const data: StepInput = { event: input.event, steps: {} };
  const walked = walk(state, plan.trigger, data, null);
  const stopped = walked instanceof Suspended ? await settle(walked) : walked;
  const { trace, flags, vouchers, effects } = state;
  if (stopped) return { status: 'failed', reason: stopped.reason, ...(stopped.text ? { reasonText: stopped.text } : {}), trace, vouchers: [], flags };
  if (flags.length > 0) return { status: 'flagged', reason: flags.map((f) => f.reason).join('; '), trace, vouchers, flags, effects };
  if (vouchers.length > 0) return { status: 'posted', reason: null, trace, vouchers, flags, effects };
  const reasonText = state.lastEnd === null ? message('run.no_action_ran') : state.lastEndText;
  return { status: 'no_match', reason: state.lastEnd ?? english('run.no_action_ran'), ...(reasonText ? { reasonText } : {}), trace, vouchers, flags, effects };
}
