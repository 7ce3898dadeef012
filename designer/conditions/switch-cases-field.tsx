/**
 * A switch's cases, one card each: the label shown on its branch, and its
 * condition in the builder or in JSON Logic. The case id is the branch's id
 * (stored in edges), so it is shown, not edited; new cases get a fresh one.
 */
import type { SwitchCase } from '../../shared/nodes/index.ts';
import { switchCasesMax } from '../../shared/nodes/switch.ts';
import type { WidgetProps } from '../nodes/widgets/types.ts';
import { ConditionEditor } from './condition-field.tsx';
import { toJsonLogic } from './model.ts';
import './conditions.css';
import { t } from '../i18n/i18n.ts';

function casesOf(value: unknown): SwitchCase[] | null {
  if (!Array.isArray(value)) return null;
  const ok = value.every((c) => c && typeof c === 'object' && !Array.isArray(c) && typeof (c as SwitchCase).id === 'string');
  return ok ? (value as SwitchCase[]) : null;
}

function freshId(cases: SwitchCase[]): string {
  const taken = new Set(cases.map((c) => c.id));
  for (let n = cases.length + 1; ; n += 1) if (!taken.has(`case-${n}`)) return `case-${n}`;
}

export function SwitchCasesField(props: WidgetProps) {
  const { value, onChange, context, node, inputId } = props;
  const cases = casesOf(value);
  if (!cases) {
    return <p className="kt-cb__note" data-testid="switch-cases-invalid">{t('The cases are not a list of {shape}; fix them in the automation\'s JSON.', { shape: '{id, label, expression}' })}</p>;
  }
  const readOnly = context.readOnly === true;
  const set = (next: SwitchCase[]) => onChange(next);
  const change = (index: number, patch: Partial<SwitchCase>) => set(cases.map((c, i) => (i === index ? { ...c, ...patch } : c)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...cases];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    set(next);
  };
  return (
    <div className="kt-cases" id={inputId} data-testid="switch-cases">
      {cases.map((c, index) => (
        <section key={c.id + index} className="kt-case" data-testid={`switch-case-${index}`} aria-label={`Case ${index + 1}`}>
          <div className="kt-case__head">
            <span className="kt-case__number">{index + 1}</span>
            <input className="kt-input kt-case__label" value={c.label} placeholder={c.id} aria-label={t('Label on the branch')} readOnly={readOnly}
              data-testid={`switch-case-${index}-label`} maxLength={120} onChange={(e) => change(index, { label: e.target.value })} />
            <code className="kt-case__id" title={t('The branch\'s id (edges refer to it)')}>{c.id}</code>
            {!readOnly && (
              <span className="kt-case__actions">
                <button type="button" className="kt-cb__remove" aria-label={t('Move up')} disabled={index === 0} onClick={() => move(index, -1)}>↑</button>
                <button type="button" className="kt-cb__remove" aria-label={t('Move down')} disabled={index === cases.length - 1} onClick={() => move(index, 1)}>↓</button>
                <button type="button" className="kt-cb__remove" aria-label={t('Remove this case')} disabled={cases.length === 1}
                  data-testid={`switch-case-${index}-remove`} onClick={() => set(cases.filter((_, i) => i !== index))}>×</button>
              </span>
            )}
          </div>
          <ConditionEditor {...props} key={c.id} value={c.expression} testIdPrefix={`switch-case-${index}`}
            field={{ key: `cases-${index}-expression`, label: `Condition of case ${index + 1}`, widget: 'json-logic' }}
            node={node} onChange={(expression) => change(index, { expression })}
            emptyText={t('No conditions yet: this case always holds, so later cases never run. Add a condition on a field of the event.')} />
        </section>
      ))}
      {!readOnly && cases.length < switchCasesMax && (
        <button type="button" className="kt-button kt-button--small" data-testid="switch-add-case"
          onClick={() => { const id = freshId(cases); set([...cases, { id, label: `Case ${cases.length + 1}`, expression: toJsonLogic({ type: 'always' }) }]); }}>
          {t('+ Case')}
        </button>
      )}
      <p className="kt-field__help">{t('Cases are tried from the top; no case holds → the "default" branch.')}</p>
    </div>
  );
}
