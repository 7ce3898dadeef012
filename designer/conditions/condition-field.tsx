/**
 * A yes/no condition with two views of one expression: the visual builder and
 * the JSON Logic editor (Monaco). The stored value is always JSON Logic. An
 * expression the builder cannot show stays in Monaco, with the reason.
 */
import { useMemo, useState } from 'react';
import { JsonLogicField } from '../nodes/widgets/json-logic-field.tsx';
import { analyze, evaluate } from '../../shared/json-logic/index.ts';
import { describeValue, previewRule, type Preview } from '../nodes/widgets/preview.ts';
import type { FormContext, WidgetProps } from '../nodes/widgets/types.ts';
import { ConditionBuilder } from './condition-builder.tsx';
import { builderFields, describePath, fromJsonLogic, toJsonLogic } from './model.ts';
import './conditions.css';
import { t } from '../i18n/i18n.ts';

type View = 'builder' | 'json';

/**
 * The preview with the trigger's example event; a condition on a for-each item (`item.…`)
 * is tried on the example's first element of the array that has item fields.
 */
function previewCondition(value: unknown, context: FormContext): Preview & { what: string } {
  const readsItem = analyze(value).vars.some((path) => path.startsWith('item.'));
  const array = context.eventFields.find((f) => f.itemFields?.length);
  const items = array && context.eventExample ? context.eventExample[array.path.replace(/^event\./, '')] : undefined;
  if (readsItem && array && Array.isArray(items) && items.length > 0) {
    try {
      return { ok: true, text: describeValue(evaluate(value, { event: context.eventExample, item: items[0], index: 0 }), 'boolean'), what: t("the example's first of {list}", { list: t(array.label).toLowerCase() }) };
    } catch (thrown) {
      return { ok: false, text: t('Cannot evaluate: {message}', { message: (thrown as Error).message }), what: '' };
    }
  }
  return { ...previewRule(value, context.eventExample, 'boolean'), what: t('the example event') };
}

/** The view chosen last, for the next condition opened (a power user stays in JSON). */
let lastView: View | null = null;

export function ConditionField(props: WidgetProps) {
  return <ConditionEditor {...props} />;
}

export function ConditionEditor(props: WidgetProps & { testIdPrefix?: string; emptyText?: string }) {
  const { value, onChange, context, testIdPrefix = 'condition', emptyText } = props;
  const fields = useMemo(() => builderFields(context.eventFields), [context.eventFields]);
  const parsed = useMemo(() => fromJsonLogic(value, fields), [value, fields]);
  const [view, setView] = useState<View>(() => (parsed.ok ? lastView ?? 'builder' : 'json'));
  const [draftValid, setDraftValid] = useState(true);
  const choose = (next: View) => { setView(next); lastView = next; };

  let note: string | null = null;
  if (view === 'builder') {
    if (!draftValid) note = t('The JSON Logic is not valid JSON yet. Fix it here, or undo, to see it in the builder.');
    else if (fields.length === 0) note = t('Add a trigger first: the builder offers the fields of its event.');
    else if (!parsed.ok) note = t('The builder cannot show this expression: {reason} (at {path}). It stays here in JSON Logic, where it runs as written.', { reason: parsed.reason, path: describePath(parsed.path) });
  }
  const showBuilder = view === 'builder' && note === null && parsed.ok;
  const preview = previewCondition(value, context);
  // Not <button>s: the inspector disables its fieldset for people who may only look, and they may still switch views.
  const tab = (id: View, label: string) => (
    <span role="tab" tabIndex={0} aria-selected={view === id} className={`kt-cb__tab ${view === id ? 'is-on' : ''}`}
      data-testid={`${testIdPrefix}-tab-${id}`} onClick={() => choose(id)}
      onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); choose(id); } }}>{label}</span>
  );
  return (
    <div className="kt-cb__field" data-view={view}>
      <div className="kt-cb__tabs" role="tablist" aria-label={t('How to edit the condition')}>
        {tab('builder', t('Builder'))}
        {tab('json', 'JSON Logic')}
      </div>
      {note && <p className="kt-cb__note" role="note" data-testid={`${testIdPrefix}-builder-note`}>{note}</p>}
      {showBuilder ? (
        <>
          <ConditionBuilder model={parsed.model} fields={fields} readOnly={context.readOnly} emptyText={emptyText}
            onChange={(model) => onChange(toJsonLogic(model))} />
          <div className={`kt-preview ${preview.ok ? 'is-ok' : 'is-error'}`} data-testid={`${testIdPrefix}-preview`}>
            {preview.ok ? <>{t('With {what}:', { what: preview.what })} <strong>{preview.text}</strong></> : preview.text}
          </div>
        </>
      ) : (
        <JsonLogicField {...props} onDraftValid={setDraftValid} />
      )}
    </div>
  );
}
