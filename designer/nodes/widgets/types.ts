import type { Account } from '../../../shared/api.ts';
import type { AutomationNode } from '../../../shared/automation/schema.ts';
import type { ConfigExpression, EventField, FormField } from '../../../shared/nodes/index.ts';

/** What a settings widget knows beyond its own value. */
export interface FormContext {
  accounts: Account[];
  /** fields of the automation's trigger event ([] without a trigger) */
  eventFields: EventField[];
  /** the trigger's example event, for previews */
  eventExample: Record<string, unknown> | null;
  /** the person may not edit automations: show, do not change */
  readOnly?: boolean;
}

export interface WidgetProps {
  field: FormField;
  value: unknown;
  onChange(value: unknown): void;
  node: AutomationNode;
  context: FormContext;
  /** what a json-logic value must produce, from the descriptor */
  produces: ConfigExpression['produces'];
  inputId: string;
  invalid: boolean;
}
