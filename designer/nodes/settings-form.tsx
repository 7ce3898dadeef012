/**
 * The settings form of a node, generated from its descriptor's form fields.
 * Only json-logic (Monaco) and voucher-lines (a table) are hand-written widgets;
 * every setting that takes master data is one searchable picker (master-data-picker.tsx).
 */
import type { ComponentType } from 'react';
import type { AutomationNode, ValidationIssue } from '../../shared/automation/schema.ts';
import type { NodeDescriptor, Widget } from '../../shared/nodes/index.ts';
import { ConditionField } from '../conditions/condition-field.tsx';
import { SwitchCasesField } from '../conditions/switch-cases-field.tsx';
import { JsonLogicField } from './widgets/json-logic-field.tsx';
import type { FormContext, WidgetProps } from './widgets/types.ts';
import { VoucherLinesField } from './widgets/voucher-lines-field.tsx';
import { MasterDataPicker } from './widgets/master-data-picker.tsx';
import type { MasterDataKind } from '../../shared/master-data.ts';
import { useMasterData } from '../api/master-data.ts';
import { configRecord } from './registry.ts';
import { fieldText, t } from '../i18n/i18n.ts';

function TextWidget({ value, onChange, inputId, field, invalid }: WidgetProps) {
  return (
    <input id={inputId} className={`kt-input ${invalid ? 'is-invalid' : ''}`} value={typeof value === 'string' ? value : ''}
      placeholder={field.placeholder} data-testid={`field-${field.key}`} onChange={(e) => onChange(e.target.value)} />
  );
}

function TextareaWidget({ value, onChange, inputId, field, invalid }: WidgetProps) {
  return (
    <textarea id={inputId} rows={3} className={`kt-input ${invalid ? 'is-invalid' : ''}`} value={typeof value === 'string' ? value : ''}
      placeholder={field.placeholder} data-testid={`field-${field.key}`} onChange={(e) => onChange(e.target.value)} />
  );
}

function NumberWidget({ value, onChange, inputId, field, invalid }: WidgetProps) {
  return (
    <input id={inputId} type="number" step="any" className={`kt-input kt-input--short ${invalid ? 'is-invalid' : ''}`}
      value={typeof value === 'number' ? String(value) : ''} data-testid={`field-${field.key}`}
      onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />
  );
}

function CheckboxWidget({ value, onChange, inputId, field }: WidgetProps) {
  return (
    <input id={inputId} type="checkbox" className="kt-checkbox" checked={value === true} data-testid={`field-${field.key}`}
      onChange={(e) => onChange(e.target.checked)} />
  );
}

/** A setting that takes master data: the searchable picker of its kind (the descriptor's widget says which). */
function pickerWidget(kind: MasterDataKind) {
  return function PickerWidget({ value, onChange, inputId, field, context, invalid }: WidgetProps) {
    return (
      <MasterDataPicker kind={kind} id={inputId} value={typeof value === 'string' ? value : ''} onChange={onChange} testId={`field-${field.key}`}
        invalid={invalid} readOnly={context.readOnly} />
    );
  };
}

/** Widget kinds that are pickers, and the validator's codes their picker already shows (not repeated below the field). */
const pickerWidgets: Partial<Record<Widget, MasterDataKind>> = {
  account: 'account', series: 'series', 'vat-code': 'vat-code', 'dimension-object': 'dimension-object',
  customer: 'customer', supplier: 'supplier', 'bank-account': 'bank-account',
};
const pickerIssueCodes = /^(unknown|inactive)_(account|series|vat_code|dimension_object|customer|supplier|bank_account)$/;

function SelectWidget({ value, onChange, inputId, field, invalid }: WidgetProps) {
  return (
    <select id={inputId} className={`kt-input kt-select ${invalid ? 'is-invalid' : ''}`} value={typeof value === 'string' ? value : ''}
      data-testid={`field-${field.key}`} onChange={(e) => onChange(e.target.value)}>
      {(field.options ?? []).map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
    </select>
  );
}

/** One component per widget kind; a widget without a component is a compile error. */
const widgets: Record<Widget, ComponentType<WidgetProps>> = {
  text: TextWidget,
  textarea: TextareaWidget,
  number: NumberWidget,
  checkbox: CheckboxWidget,
  series: pickerWidget('series'),
  account: pickerWidget('account'),
  'vat-code': pickerWidget('vat-code'),
  'dimension-object': pickerWidget('dimension-object'),
  customer: pickerWidget('customer'),
  supplier: pickerWidget('supplier'),
  'bank-account': pickerWidget('bank-account'),
  select: SelectWidget,
  'json-logic': JsonLogicField,
  condition: ConditionField,
  'switch-cases': SwitchCasesField,
  'voucher-lines': VoucherLinesField,
};

export interface SettingsFormProps {
  node: AutomationNode;
  descriptor: NodeDescriptor;
  /** issues of this node, with their document paths */
  issues: ValidationIssue[];
  nodeIndex: number;
  context: FormContext;
  onChange(key: string, value: unknown): void;
}

export function SettingsForm({ node, descriptor, issues, nodeIndex, context, onChange }: SettingsFormProps) {
  const config = configRecord(node.config);
  const masterDataLoaded = useMasterData((s) => s.data !== undefined);
  let expressions: ReturnType<NodeDescriptor['expressions']> = [];
  try { expressions = descriptor.expressions(config); } catch { /* invalid config: no expression hints */ }
  if (descriptor.form.length === 0) {
    return <p className="kt-muted kt-form__empty">{t('This node has no settings.')}</p>;
  }
  return (
    <div className="kt-form">
      {descriptor.form.map((descriptorField) => {
        const field = fieldText(node.type, descriptorField);
        const Widget = widgets[field.widget];
        const inputId = `field-${node.id}-${field.key}`;
        const fieldIssues = issues.filter((issue) =>
          issue.path[0] === 'nodes' && issue.path[1] === nodeIndex && issue.path[2] === 'config' && issue.path[3] === field.key
          // a picker says itself that its value is unknown or inactive, as you type
          && !(pickerWidgets[field.widget] && masterDataLoaded && issue.path.length === 4 && pickerIssueCodes.test(issue.code)));
        const produces = expressions.find((e) => e.path.length === 1 && e.path[0] === field.key)?.produces ?? 'any';
        return (
          <div className={`kt-field kt-field--${field.widget}`} key={`${node.id}/${field.key}`}>
            <label className="kt-field__label" htmlFor={inputId}>{field.label}</label>
            <Widget field={field} value={config[field.key]} onChange={(value) => onChange(field.key, value)} node={node}
              context={context} produces={produces} inputId={inputId} invalid={fieldIssues.some((i) => i.severity === 'error')} />
            {field.help && <p className="kt-field__help">{field.help}</p>}
            {fieldIssues.map((issue, i) => (
              <p key={i} className={`kt-field__issue kt-field__issue--${issue.severity}`} data-testid="field-issue">{issue.message}</p>
            ))}
          </div>
        );
      })}
    </div>
  );
}
