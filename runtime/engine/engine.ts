/**
 * Walks an automation graph from its trigger with the event as data.
 * No HTTP, no database, no clock of its own: all of that comes in the context.
 */
import type { TraceStep } from '../../shared/api.ts';
import type { AutomationDocument, AutomationNode } from '../../shared/automation/schema.ts';
import { compile } from '../../shared/json-logic/index.ts';
import { descriptorOf, type NodeType } from '../../shared/nodes/index.ts';
import { executors } from '../nodes/index.ts';
import { defaultRunLimits, type EngineContext, type Flag, type RunInput, type RunResult, type StepInput } from './types.ts';

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

interface Plan {
  byId: Map<string, AutomationNode>;
  next: Map<string, Map<string, string>>;
  trigger: AutomationNode;
}
const plans = new WeakMap<AutomationDocument, Plan>();

function planOf(document: AutomationDocument): Plan {
  let plan = plans.get(document);
  if (plan) return plan;
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const next = new Map<string, Map<string, string>>();
  for (const edge of document.edges) {
    const source = byId.get(edge.source);
    const descriptor = source && descriptorOf(source.type);
    const port = edge.sourceHandle ?? (descriptor && descriptor.outputs.length === 1 ? descriptor.outputs[0].id : 'out');
    const ports = next.get(edge.source) ?? new Map<string, string>();
    ports.set(port, edge.target);
    next.set(edge.source, ports);
  }
  const trigger = document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger');
  if (!trigger) throw new Error(`Automation "${document.id}" has no trigger (it should have been refused by validation)`);
  plan = { byId, next, trigger };
  plans.set(document, plan);
  return plan;
}

function describe(node: AutomationNode): string {
  return `"${node.name || node.id}"`;
}

/** Executes one run. Never throws for business outcomes: they end in the result's status. */
export async function executeRun(input: RunInput, ctx: EngineContext): Promise<RunResult> {
  const limits = { ...defaultRunLimits, ...ctx.limits };
  const { document } = input;
  const plan = planOf(document);
  const trace: TraceStep[] = [];
  const flags: Flag[] = [];
  const data: StepInput = { event: input.event, steps: {} };
  const vouchers: RunResult['vouchers'] = [];
  const ledger = {
    propose: (draft: Parameters<typeof ctx.ledger.propose>[0]) => {
      const result = ctx.ledger.propose(draft);
      if (result.ok) vouchers.push(draft);
      return result;
    },
  };
  const startedMs = ctx.clock.elapsedMs();
  let node: AutomationNode | undefined = plan.trigger;
  let lastEnd: string | null = null;

  while (node) {
    if (trace.length >= limits.stepsMax) {
      return { status: 'failed', reason: `step_limit: the run took more than ${limits.stepsMax} steps`, trace, vouchers: [], flags };
    }
    if (ctx.clock.elapsedMs() - startedMs > limits.runTimeMs) {
      return { status: 'failed', reason: `time_limit: the run took longer than ${limits.runTimeMs} ms`, trace, vouchers: [], flags };
    }
    const current: AutomationNode = node;
    const descriptor = descriptorOf(current.type);
    if (!descriptor) {
      return { status: 'failed', reason: `unknown_node_type: ${describe(current)} has type "${current.type}"`, trace, vouchers: [], flags };
    }
    const executor = executors[current.type as NodeType];
    const stepStartedMs = ctx.clock.elapsedMs();
    const executorContext = {
      run: {
        id: input.runId, automationId: document.id, automationVersion: document.version,
        eventKey: input.eventKey, sourceRef: input.sourceRef, nodeId: current.id,
      },
      ledger,
      flag: (reason: string) => flags.push({ nodeId: current.id, reason }),
      evaluate: evaluateCached,
      now: () => ctx.clock.now(),
    };
    let result;
    try {
      const config = descriptor.configSchema.parse(current.config ?? {});
      result = await executor(executorContext, config as never, data);
    } catch (thrown) {
      const message = thrown instanceof Error ? thrown.message : String(thrown);
      trace.push({ nodeId: current.id, nodeType: current.type, branch: null, error: { code: 'step_failed', message },
        durationMs: ctx.clock.elapsedMs() - stepStartedMs });
      return { status: 'failed', reason: `${describe(current)} failed: ${message}`, trace, vouchers: [], flags };
    }
    trace.push({
      nodeId: current.id, nodeType: current.type, branch: result.branch, output: result.output,
      ...(result.error ? { error: result.error } : {}), durationMs: ctx.clock.elapsedMs() - stepStartedMs,
    });
    data.steps[current.id] = result.output ?? null;
    const following = result.branch === null ? undefined : plan.next.get(current.id)?.get(result.branch);
    if (following === undefined) {
      if (result.error) {
        return { status: 'failed', reason: `${describe(current)}: ${result.error.message}`, trace, vouchers: [], flags };
      }
      if (descriptor.kind === 'condition') lastEnd = `${describe(current)} took the "${result.branch}" branch, which leads nowhere`;
      else if (descriptor.kind === 'trigger') lastEnd = 'the trigger is not connected to anything';
    }
    node = following === undefined ? undefined : plan.byId.get(following);
  }

  if (vouchers.length > 0) return { status: 'posted', reason: null, trace, vouchers, flags };
  if (flags.length > 0) return { status: 'flagged', reason: flags.map((f) => f.reason).join('; '), trace, vouchers, flags };
  return { status: 'no_match', reason: lastEnd ?? 'no action ran', trace, vouchers, flags };
}
