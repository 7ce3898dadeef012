import type { z } from 'zod';

/** What a node does in a graph; decides how the engine walks it. */
export type NodeKind = 'trigger' | 'condition' | 'action';

/** A named output of a node: a condition's `true`/`false`, an action's `ok`/`error`. */
export interface PortSpec {
  id: string;
  label: string;
  /** An unconnected optional port ends the run there (with a warning); a required one is an error. */
  optional: boolean;
}

/** A field of a trigger's event, as seen by JSON Logic: `{"var": "event.amountMinor"}`. */
export interface EventField {
  path: string;
  type: 'string' | 'integer' | 'date' | 'boolean' | 'object' | 'array' | 'string|null';
  label: string;
  example: unknown;
}

export type Widget =
  | 'text'
  | 'textarea'
  | 'account'
  | 'series'
  | 'json-logic'
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
  outputs: PortSpec[];
  form: FormField[];
  /** Triggers: the event the trigger delivers, and its fields for validation and autocomplete. */
  event?: { schema: z.ZodType; fields: EventField[]; example: Record<string, unknown> };
  /** The JSON Logic expressions inside a config, for validation. */
  expressions(config: Config): ConfigExpression[];
}

export function defineNode<Config>(descriptor: NodeDescriptor<Config>): NodeDescriptor<Config> {
  return descriptor;
}
