import { z } from 'zod';

/**
 * What a node does in a graph; decides how the engine walks it:
 * a trigger starts the walk, a condition (condition, switch) picks one branch,
 * an action does something and picks `ok`/`error`, a loop (for-each) runs the
 * nodes after its `each` port once per item, then continues from `done`.
 */
export type NodeKind = 'trigger' | 'condition' | 'action' | 'loop';

/** A named output of a node: a condition's `true`/`false`, an action's `ok`/`error`. */
export interface PortSpec {
  id: string;
  label: string;
  /** An unconnected optional port ends the run there (with a warning); a required one is an error. */
  optional: boolean;
}

/**
 * A field of a trigger's event, as seen by JSON Logic: `{"var": "event.amountMinor"}`.
 * An `integer` whose path ends in `Minor` is money in minor units (the condition builder types it in kronor).
 */
export interface EventField {
  path: string;
  type: 'string' | 'integer' | 'date' | 'boolean' | 'object' | 'array' | 'string|null';
  label: string;
  example: unknown;
  /** Arrays: the fields of one element, as seen in a for-each body (`item.amountMinor`). */
  itemFields?: EventField[];
}

export type Widget =
  | 'text'
  | 'textarea'
  | 'number'
  | 'checkbox'
  | 'account'
  | 'series'
  // master-data pickers (issue 12): a searchable choice from the company's master data, checked as you type
  | 'vat-code'
  | 'dimension-object'
  | 'customer'
  | 'supplier'
  | 'bank-account'
  | 'json-logic'
  /** a yes/no JSON Logic expression: the visual builder and Monaco as two views of it */
  | 'condition'
  /** a switch's cases: id, label and a condition each */
  | 'switch-cases'
  | 'voucher-lines'
  | 'select';

export interface FormField {
  /** key in the node's config */
  key: string;
  label: string;
  help?: string;
  widget: Widget;
  options?: { value: string; label: string }[];
  placeholder?: string;
}

/** A JSON Logic expression found in a node's config, with its path for error reporting. */
export interface ConfigExpression {
  path: (string | number)[];
  rule: unknown;
  /** what the expression must produce */
  produces: 'boolean' | 'amount' | 'date' | 'any';
}

export interface NodeDescriptor<Config = unknown> {
  /** Stored data: never renamed; add a version instead. */
  type: string;
  version: number;
  kind: NodeKind;
  label: string;
  description: string;
  category: 'Triggers' | 'Logic' | 'Ledger' | 'Review';
  configSchema: z.ZodType<Config>;
  defaultConfig: Config;
  /** The ports of a node of this type; for dynamic ports, the ones every config has. */
  outputs: PortSpec[];
  /** Dynamic ports (a switch's cases): the ports of a node with this (valid) config. */
  outputsFor?(config: Config): PortSpec[];
  form: FormField[];
  /** Triggers: the event the trigger delivers, and its fields for validation and autocomplete. */
  event?: { schema: z.ZodType; fields: EventField[]; example: Record<string, unknown> };
  /** The JSON Logic expressions inside a config, for validation. */
  expressions(config: Config): ConfigExpression[];
}

export function defineNode<Config>(descriptor: NodeDescriptor<Config>): NodeDescriptor<Config> {
  return descriptor;
}

/**
 * A trigger without settings: it only delivers its event. Everything but the
 * type, the words and the event is the same for all of them.
 */
export function defineTrigger(trigger: Pick<NodeDescriptor<Record<string, never>>, 'type' | 'label' | 'description'> & {
  event: NonNullable<NodeDescriptor['event']>;
}): NodeDescriptor<Record<string, never>> {
  return {
    ...trigger,
    version: 1,
    kind: 'trigger',
    category: 'Triggers',
    configSchema: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
    defaultConfig: {},
    outputs: [{ id: 'out', label: 'then', optional: false }],
    form: [],
    expressions: () => [],
  };
}

/** The ports of a node: dynamic ones from its config when the type has them, else the static ones. */
export function portsOf<Config>(descriptor: NodeDescriptor<Config>, config: Config | undefined): PortSpec[] {
  return descriptor.outputsFor && config !== undefined ? descriptor.outputsFor(config) : descriptor.outputs;
}
