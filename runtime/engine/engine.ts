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
import { analyze, compile, JsonLogicError } from '../../shared/json-logic/index.ts';
import { descriptorOf, portsOf, type NodeDescriptor, type NodeType } from '../../shared/nodes/index.ts';
import { executors } from '../nodes/index.ts';
import { readSegments } from '../nodes/template.ts';
import {
  defaultRunLimits, type EngineContext, type Executor, type ExecutorContext, type Flag, type RunInput, type RunLimits, type RunResult, type StepInput,
} from './types.ts';

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
}

/** A node ready to run: its descriptor, executor, parsed config and the vars its expressions read. */
type PlannedNode =
  | { ok: true; node: AutomationNode; descriptor: NodeDescriptor; executor: Executor<never>; config: unknown; reads: VarRead[] }
  | { ok: false; node: AutomationNode; code: string; message: string };

interface Plan {
  byId: Map<string, AutomationNode>;
  next: Map<string, Map<string, string>>;
  trigger: AutomationNode;
  planned: Map<string, PlannedNode>;
}
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
    reads: [...reads].map((path) => ({ path, segments: path.split('.') })),
  };
}

function planOf(document: AutomationDocument): Plan {
  let plan = plans.get(document);
  if (plan) return plan;
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const planned = new Map(document.nodes.map((n) => [n.id, planNode(n)]));
  const next = new Map<string, Map<string, string>>();
  for (const edge of document.edges) {
    const source = planned.get(edge.source);
    const outputs = source?.ok ? portsOf(source.descriptor, source.config) : [];
    const port = edge.sourceHandle ?? (outputs.length === 1 ? outputs[0].id : 'out');
    const ports = next.get(edge.source) ?? new Map<string, string>();
    ports.set(port, edge.target);
    next.set(edge.source, ports);
  }
  const trigger = document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger');
  if (!trigger) throw new Error(`Automation "${document.id}" has no trigger (it should have been refused by validation)`);
  plan = { byId, next, trigger, planned };
  plans.set(document, plan);
  return plan;
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

/** The vars a step read, with their values: `{ "event.amountMinor": -2500 }`. */
function readsOf(reads: VarRead[], data: StepInput): Record<string, unknown> | undefined {
  if (reads.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < reads.length; i++) {
    const { path, segments } = reads[i];
    const value = compactValue(readSegments(data, segments));
    // a path such as "__proto__" must stay a plain own key, never set the prototype
    if (path === '__proto__') Object.defineProperty(out, path, { value, enumerable: true, writable: true, configurable: true });
    else out[path] = value;
  }
  return out;
}

function errorOf(thrown: unknown): { code: string; message: string } {
  if (thrown instanceof JsonLogicError) {
    const at = thrown.path.length ? ` at ${thrown.path.join('.')}` : '';
    return { code: `expression_${thrown.code}`, message: `${thrown.message}${at}` };
  }
  return { code: 'step_failed', message: thrown instanceof Error ? thrown.message : String(thrown) };
}

class Stop {
  constructor(readonly reason: string) {}
}

interface RunState {
  input: RunInput;
  ctx: EngineContext;
  plan: Plan;
  limits: RunLimits;
  trace: TraceStep[];
  flags: Flag[];
  vouchers: RunResult['vouchers'];
  ledger: ExecutorContext['ledger'];
  startedMs: number;
  /** why the last walk ended without an action, for the no_match reason */
  lastEnd: string | null;
  executorContext: ExecutorContext;
}

/** Checks the run's limits before a step; a limit is a kind-2 outcome that fails the run. */
function checkLimits(state: RunState): Stop | null {
  const { limits } = state;
  if (state.trace.length >= limits.stepsMax) {
    return new Stop(`step_limit: the run took more than ${limits.stepsMax} steps (stepsMax); nothing was posted`);
  }
  if (state.ctx.clock.elapsedMs() - state.startedMs > limits.runTimeMs) {
    return new Stop(`time_limit: the run took longer than ${limits.runTimeMs} ms (runTimeMs); nothing was posted`);
  }
  return null;
}

/** Walks from `startId` until a branch leads nowhere. */
async function walk(state: RunState, startId: string | undefined, data: StepInput, iteration: number | null): Promise<Stop | null> {
  const { plan, ctx } = state;
  let node = startId === undefined ? undefined : plan.byId.get(startId);
  while (node) {
    const limited = checkLimits(state);
    if (limited) return limited;
    const current: AutomationNode = node;
    const planned = plan.planned.get(current.id)!;
    if (!planned.ok) {
      state.trace.push({ nodeId: current.id, nodeType: current.type, branch: null, error: { code: planned.code, message: planned.message }, durationMs: 0 });
      return new Stop(`${planned.code}: ${planned.message}`);
    }
    const stepStartedMs = ctx.clock.elapsedMs();
    // One context per run (no closures per step); steps run one after another, so the current node is set here.
    const executorContext = state.executorContext;
    executorContext.run.nodeId = current.id;
    executorContext.run.iteration = iteration;
    if (planned.descriptor.kind === 'loop') {
      const stopped = await runLoop(state, planned, data, executorContext);
      if (stopped) return stopped;
      const following = plan.next.get(current.id)?.get('done');
      node = following === undefined ? undefined : plan.byId.get(following);
      continue;
    }
    let result;
    try {
      const pending = planned.executor(executorContext, planned.config as never, data);
      // Most executors are synchronous: await only a real promise (a microtask per step is measurable).
      result = pending instanceof Promise ? await pending : pending;
    } catch (thrown) {
      const error = errorOf(thrown);
      state.trace.push({
        nodeId: current.id, nodeType: current.type, input: readsOf(planned.reads, data), branch: null, error,
        durationMs: ctx.clock.elapsedMs() - stepStartedMs,
      });
      return new Stop(`${describe(current)} failed: ${error.code}: ${error.message}`);
    }
    const input = result.input ?? readsOf(planned.reads, data);
    const step: TraceStep = { nodeId: current.id, nodeType: current.type, branch: result.branch, output: result.output, durationMs: 0 };
    if (input !== undefined) step.input = input;
    if (result.error) step.error = result.error;
    step.durationMs = ctx.clock.elapsedMs() - stepStartedMs;
    state.trace.push(step);
    data.steps[current.id] = result.output ?? null;
    const following = result.branch === null ? undefined : plan.next.get(current.id)?.get(result.branch);
    if (following === undefined) {
      if (result.error) return new Stop(`${describe(current)}: ${result.error.code}: ${result.error.message}`);
      const kind = planned.descriptor.kind;
      if (kind === 'condition') state.lastEnd = `${describe(current)} took the "${result.branch}" branch, which leads nowhere`;
      else if (kind === 'trigger') state.lastEnd = 'the trigger is not connected to anything';
    }
    node = following === undefined ? undefined : plan.byId.get(following);
  }
  return null;
}

/** A for-each: its executor gives the items; one `each` step and a walk of the body per item, then a `done` step. */
async function runLoop(state: RunState, planned: Extract<PlannedNode, { ok: true }>, data: StepInput, executorContext: ExecutorContext): Promise<Stop | null> {
  const { node } = planned;
  const startedMs = state.ctx.clock.elapsedMs();
  let result;
  try {
    result = await planned.executor(executorContext, planned.config as never, data);
  } catch (thrown) {
    result = { branch: null, error: errorOf(thrown) };
  }
  const items = (result.output as { items?: unknown } | undefined)?.items;
  if (result.error || !Array.isArray(items)) {
    const error = result.error ?? { code: 'items_not_array', message: 'the items expression must give a list' };
    state.trace.push({
      nodeId: node.id, nodeType: node.type, input: result.input ?? readsOf(planned.reads, data), branch: null, error,
      durationMs: state.ctx.clock.elapsedMs() - startedMs,
    });
    return new Stop(`${error.code}: ${describe(node)}: ${error.message}`);
  }
  const bodyStart = state.plan.next.get(node.id)?.get('each');
  for (let index = 0; index < items.length; index++) {
    const limited = checkLimits(state);
    if (limited) return limited;
    const item = items[index];
    state.trace.push({ nodeId: node.id, nodeType: node.type, input: { index }, branch: 'each', output: { index, item: compactValue(item) }, durationMs: 0 });
    const stopped = await walk(state, bodyStart, { event: data.event, steps: data.steps, item, index }, index);
    if (stopped) return stopped;
  }
  const limited = checkLimits(state);
  if (limited) return limited;
  state.trace.push({
    nodeId: node.id, nodeType: node.type, input: readsOf(planned.reads, data) ?? { count: items.length }, branch: 'done', output: { count: items.length },
    durationMs: state.ctx.clock.elapsedMs() - startedMs,
  });
  data.steps[node.id] = { count: items.length };
  return null;
}

/**
 * Executes one run. Never throws for business outcomes: they end in the result's status.
 * Status, worst first: failed (nothing is posted) > flagged (vouchers proposed by other
 * steps stand, the run goes to the exceptions inbox) > posted > no_match.
 */
export async function executeRun(input: RunInput, ctx: EngineContext): Promise<RunResult> {
  const limits = { ...defaultRunLimits, ...ctx.limits };
  const vouchers: RunResult['vouchers'] = [];
  const state: RunState = {
    input, ctx, plan: planOf(input.document), limits, trace: [], flags: [], vouchers,
    ledger: {
      propose: (draft) => {
        const result = ctx.ledger.propose(draft);
        if (result.ok) vouchers.push(draft);
        return result;
      },
    },
    startedMs: ctx.clock.elapsedMs(),
    lastEnd: null,
    executorContext: undefined as unknown as ExecutorContext,
  };
  state.executorContext = {
    run: {
      id: input.runId, automationId: input.document.id, automationVersion: input.document.version,
      eventKey: input.eventKey, sourceRef: input.sourceRef, nodeId: state.plan.trigger.id, iteration: null,
    },
    ledger: state.ledger,
    flag(reason: string) { state.flags.push({ nodeId: state.executorContext.run.nodeId, reason }); },
    evaluate: evaluateCached,
    now() { return ctx.clock.now(); },
  };
  const data: StepInput = { event: input.event, steps: {} };
  const stopped = await walk(state, state.plan.trigger.id, data, null);
  const { trace, flags } = state;
  if (stopped) return { status: 'failed', reason: stopped.reason, trace, vouchers: [], flags };
  if (flags.length > 0) return { status: 'flagged', reason: flags.map((f) => f.reason).join('; '), trace, vouchers, flags };
  if (vouchers.length > 0) return { status: 'posted', reason: null, trace, vouchers, flags };
  return { status: 'no_match', reason: state.lastEnd ?? 'no action ran', trace, vouchers, flags };
}
