/**
 * Walks an automation in the browser with the trigger's example event, to
 * show on the canvas which path an event like it would take. Conditions are
 * evaluated with the shared JSON Logic evaluator (the one the runtime uses);
 * actions are not performed, they are assumed to succeed ("ok").
 */
import type { AutomationDocument, AutomationNode } from '../../shared/automation/schema.ts';
import { evaluate, truthy } from '../../shared/json-logic/index.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import type { TraceInput } from './mapping.ts';
import { edgeBranch } from './mapping.ts';

export interface Simulation {
  steps: TraceInput[];
  /** why the walk stopped, for people */
  outcome: string;
}

const stepsMax = 200;

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export function simulate(document: AutomationDocument, event?: Record<string, unknown>): Simulation {
  const trigger = document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger');
  if (!trigger) return { steps: [], outcome: 'Add a trigger to preview a path' };
  const example = event ?? descriptorOf(trigger.type)?.event?.example ?? {};
  const steps: TraceInput[] = [];
  const byId = new Map(document.nodes.map((n) => [n.id, n]));
  const next = (node: AutomationNode, branch: string) =>
    document.edges.find((e) => e.source === node.id && edgeBranch(document, e) === branch)?.target;
  let outcome = '';

  const walk = (start: AutomationNode | undefined, data: Record<string, unknown>, inLoop: boolean): boolean => {
    let node = start;
    while (node) {
      const current: AutomationNode = node;
      if (steps.length >= stepsMax) { outcome = `Stopped after ${stepsMax} steps`; return false; }
      const descriptor = descriptorOf(node.type);
      const config = record(node.config);
      let branch: string;
      try {
        if (!descriptor) { steps.push({ nodeId: node.id, branch: null, error: { code: 'unknown_node_type', message: node.type } }); outcome = `Unknown step "${node.name || node.id}"`; return false; }
        if (descriptor.kind === 'trigger') branch = descriptor.outputs[0].id;
        else if (node.type === 'condition') branch = truthy(evaluate(config.expression, data)) ? 'true' : 'false';
        else if (node.type === 'switch') {
          const cases = Array.isArray(config.cases) ? config.cases.map(record) : [];
          branch = String(cases.find((c) => truthy(evaluate(c.expression, data)))?.id ?? 'default');
        } else if (descriptor.kind === 'loop') {
          const items = evaluate(config.items, data);
          steps.push({ nodeId: node.id, branch: 'each' });
          const body = next(node, 'each');
          if (Array.isArray(items) && items.length > 0 && body && !inLoop) {
            if (!walk(byId.get(body), { ...data, item: items[0], index: 0 }, true)) return false;
          }
          branch = 'done';
          const after = next(node, branch);
          if (!after) { outcome = `Done after "${node.name || node.id}"`; return true; }
          node = byId.get(after);
          continue;
        } else branch = descriptor.outputs.find((p) => p.id === 'ok')?.id ?? descriptor.outputs[0]?.id ?? 'ok';
      } catch (thrown) {
        steps.push({ nodeId: current.id, branch: null, error: { code: 'evaluation_failed', message: (thrown as Error).message } });
        outcome = `"${current.name || current.id}" could not be evaluated: ${(thrown as Error).message}`;
        return false;
      }
      steps.push({ nodeId: node.id, branch });
      const target = next(node, branch);
      if (!target) {
        outcome = descriptor.kind === 'action'
          ? `Ends after "${node.name || node.id}"`
          : `"${node.name || node.id}" takes "${branch}", which leads nowhere: the event would go to Exceptions`;
        return true;
      }
      node = byId.get(target);
    }
    return true;
  };
  walk(trigger, { event: example }, false);
  return { steps, outcome };
}
