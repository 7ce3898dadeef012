/**
 * The visual condition builder: rows of field, operator and value in "all
 * of" / "any of" groups. It edits a model (./model.ts) and hands back a new
 * one; the caller turns it into JSON Logic. Values are typed as people write
 * them (kronor with Swedish decimals, dates, texts) and kept as typed until
 * they are valid; only valid values reach the model.
 */
import { useEffect, useState } from 'react';
import {
  appendItem, editableRoot, formatKronorAmount, fromEditableRoot, groupDepthMax, newRule, operatorSpecs, operatorsFor,
  parseKronorAmount, replaceItem, setJoin, withField, withOperator,
  type BuilderField, type ConditionGroup, type ConditionModel, type ConditionRule, type EditableRoot, type ItemPath, type Literal, type OperatorId,
} from './model.ts';
import { t } from '../i18n/i18n.ts';

export interface ConditionBuilderProps {
  model: ConditionModel;
  fields: BuilderField[];
  onChange(model: ConditionModel): void;
  readOnly?: boolean;
  /** what "no conditions" means where the builder is used */
  emptyText?: string;
}

export function ConditionBuilder({ model, fields, onChange, readOnly = false, emptyText }: ConditionBuilderProps) {
  const root = editableRoot(model);
  const update = (next: EditableRoot) => onChange(fromEditableRoot(next));
  return (
    <div className="kt-cb" data-testid="condition-builder">
      <GroupView group={root} path={[]} depth={0} fields={fields} root={root} update={update} readOnly={readOnly} emptyText={emptyText} />
    </div>
  );
}

interface GroupViewProps {
  group: EditableRoot;
  path: ItemPath;
  depth: number;
  fields: BuilderField[];
  root: EditableRoot;
  update(root: EditableRoot): void;
  readOnly: boolean;
  onRemove?(): void;
  emptyText?: string;
}

const keyOf = (path: ItemPath) => (path.length ? path.join('-') : 'root');

function GroupView({ group, path, depth, fields, root, update, readOnly, onRemove, emptyText }: GroupViewProps) {
  const key = keyOf(path);
  const first = fields[0];
  const canNest = depth + 1 < groupDepthMax;
  return (
    <div className={`kt-cb__group ${depth > 0 ? 'kt-cb__group--nested' : ''}`} data-testid={`condition-group-${key}`}>
      {group.items.length === 0 ? (
        <p className="kt-cb__empty" data-testid="condition-empty">{emptyText ?? t('No conditions yet: this step always takes the "true" branch. Add a condition on a field of the event.')}</p>
      ) : depth === 0 && group.items.length === 1 ? null : (
        <div className="kt-cb__join">
          {depth === 0 && <span>{t('Holds when')}</span>}
          <div className="kt-cb__segmented" role="radiogroup" aria-label={t('All or any')} data-testid={`condition-join-${key}`}>
            {(['and', 'or'] as const).map((join) => (
              <button key={join} type="button" role="radio" aria-checked={group.join === join} disabled={readOnly}
                className={group.join === join ? 'is-on' : ''} data-testid={`condition-join-${key}-${join}`}
                onClick={() => update(setJoin(root, path, join))}>
                {join === 'and' ? t('all') : t('any')}
              </button>
            ))}
          </div>
          <span>{depth === 0 ? t('of these:') : t('of this group:')}</span>
          {onRemove && !readOnly && (
            <button type="button" className="kt-cb__remove kt-cb__remove--group" aria-label={t('Remove this group')}
              data-testid={`condition-group-${key}-remove`} onClick={onRemove}>×</button>
          )}
        </div>
      )}
      <div className="kt-cb__items">
        {group.items.map((item, index) => {
          const itemPath = [...path, index];
          const remove = () => update(replaceItem(root, itemPath, null));
          return item.type === 'group'
            ? <GroupView key={index} group={item} path={itemPath} depth={depth + 1} fields={fields} root={root} update={update} readOnly={readOnly} onRemove={remove} />
            : <RuleRow key={index} rule={item} path={itemPath} fields={fields} readOnly={readOnly}
              onChange={(rule) => update(replaceItem(root, itemPath, rule))} onRemove={remove} />;
        })}
      </div>
      {!readOnly && first && (
        <div className="kt-cb__add">
          <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid={`condition-add-rule-${key}`}
            onClick={() => update(appendItem(root, path, newRule(first)))}>{t('+ Condition')}</button>
          {canNest && (
            <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid={`condition-add-group-${key}`}
              onClick={() => update(appendItem(root, path, { type: 'group', join: group.join === 'and' ? 'or' : 'and', items: [newRule(first)] } satisfies ConditionGroup))}>
              {group.join === 'and' ? t('+ Group (any of)') : t('+ Group (all of)')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

interface RuleRowProps {
  rule: ConditionRule;
  path: ItemPath;
  fields: BuilderField[];
  readOnly: boolean;
  onChange(rule: ConditionRule): void;
  onRemove(): void;
}

function RuleRow({ rule, path, fields, readOnly, onChange, onRemove }: RuleRowProps) {
  const key = keyOf(path);
  const field = fields.find((f) => f.path === rule.field)!;
  const groups = [...new Set(fields.map((f) => f.group))];
  const arity = operatorSpecs[rule.operator].arity;
  const [problem, setProblem] = useState<string | null>(null);
  const setValue = (index: number, value: Literal) => onChange({ ...rule, values: rule.values.map((v, i) => (i === index ? value : v)) });
  const valueInput = (index: number, suffix: string) => (
    <ValueInput key={`${rule.field}/${rule.operator}/${index}`} field={field} operator={rule.operator} value={rule.values[index]}
      testId={`condition-row-${key}-${suffix}`} readOnly={readOnly} onValue={(v) => setValue(index, v)} onProblem={setProblem} />
  );
  return (
    <div className={`kt-cb__row ${problem ? 'is-invalid' : ''}`} data-testid={`condition-row-${key}`}>
      <select className="kt-input kt-select kt-cb__field" value={rule.field} disabled={readOnly} aria-label={t('Field')}
        data-testid={`condition-row-${key}-field`}
        onChange={(e) => { setProblem(null); onChange(withField(rule, fields.find((f) => f.path === e.target.value)!, fields)); }}>
        {groups.map((group) => (
          <optgroup key={group} label={t(group)}>
            {fields.filter((f) => f.group === group).map((f) => <option key={f.path} value={f.path}>{t(f.label)}</option>)}
          </optgroup>
        ))}
      </select>
      {!readOnly && (
        <button type="button" className="kt-cb__remove" aria-label={t('Remove this condition')} data-testid={`condition-row-${key}-remove`}
          onClick={onRemove}>×</button>
      )}
      <select className="kt-input kt-select kt-cb__operator" value={rule.operator} disabled={readOnly} aria-label={t('Operator')}
        data-testid={`condition-row-${key}-operator`}
        onChange={(e) => { setProblem(null); onChange(withOperator(rule, e.target.value as OperatorId, field)); }}>
        {operatorsFor(field.kind).map((o) => <option key={o.id} value={o.id}>{t(o.label)}</option>)}
      </select>
      <div className="kt-cb__values">
        {arity === 'one' && valueInput(0, 'value')}
        {arity === 'two' && <>{valueInput(0, 'value')}<span className="kt-cb__and">{t('and')}</span>{valueInput(1, 'value2')}</>}
        {arity === 'list' && (
          <ListInput values={rule.values} testId={`condition-row-${key}-value`} readOnly={readOnly}
            onValues={(values) => onChange({ ...rule, values })} onProblem={setProblem} />
        )}
      </div>
      {problem && <p className="kt-cb__problem" data-testid={`condition-row-${key}-problem`}>{problem}</p>}
    </div>
  );
}

interface ValueInputProps {
  field: BuilderField;
  operator: OperatorId;
  value: Literal | undefined;
  testId: string;
  readOnly: boolean;
  onValue(value: Literal): void;
  onProblem(message: string | null): void;
}

/** How a stored value is shown in its input, and how typed text becomes a value (or why not). */
function codecOf(field: BuilderField, operator: OperatorId): { show(value: Literal | undefined): string; read(text: string): { ok: true; value: Literal } | { ok: false; message: string } } {
  if (field.kind === 'money') {
    return {
      show: (v) => (typeof v === 'number' ? formatKronorAmount(v) : ''),
      read: (text) => { const p = parseKronorAmount(text); return p.ok ? { ok: true, value: p.minor } : p; },
    };
  }
  if (field.kind === 'number') {
    return {
      show: (v) => (v === undefined ? '' : String(v)),
      read: (text) => {
        const n = Number(text.trim().replace(',', '.'));
        return text.trim() !== '' && Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: t('"{text}" is not a number', { text }) };
      },
    };
  }
  if (field.kind === 'date') {
    return {
      show: (v) => (typeof v === 'string' ? v : ''),
      read: (text) => (/^\d{4}-\d{2}-\d{2}$/.test(text) ? { ok: true, value: text } : { ok: false, message: t('Choose a date') }),
    };
  }
  const pattern = operator === 'matches' || operator === 'matches_case';
  return {
    show: (v) => (typeof v === 'string' ? v : ''),
    read: (text) => (pattern && text === '' ? { ok: false, message: t('Write a pattern, e.g. ^BG') } : { ok: true, value: text }),
  };
}

function ValueInput({ field, operator, value, testId, readOnly, onValue, onProblem }: ValueInputProps) {
  const codec = codecOf(field, operator);
  const [text, setText] = useState(() => codec.show(value));
  const [invalid, setInvalid] = useState(false);
  // Follow the expression when it changes elsewhere (Monaco, undo), unless the text already means it.
  useEffect(() => {
    const read = codec.read(text);
    if (!read.ok || read.value !== value) { setText(codec.show(value)); setInvalid(false); }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the stored value changes
  }, [value]);
  const change = (next: string) => {
    setText(next);
    const read = codec.read(next);
    setInvalid(!read.ok);
    onProblem(read.ok ? null : read.message);
    if (read.ok && read.value !== value) onValue(read.value);
  };
  const pattern = operator === 'matches' || operator === 'matches_case';
  return (
    <span className={`kt-cb__value ${field.kind === 'money' ? 'kt-cb__value--money' : ''}`}>
      <input className={`kt-input ${invalid ? 'is-invalid' : ''} ${pattern ? 'kt-input--code' : ''}`} value={text} readOnly={readOnly}
        type={field.kind === 'date' ? 'date' : 'text'} inputMode={field.kind === 'money' || field.kind === 'number' ? 'decimal' : undefined}
        placeholder={field.kind === 'money' ? '0,00' : pattern ? t('pattern') : field.kind === 'text' ? t('text') : ''}
        aria-label={field.kind === 'money' ? t('Amount in kronor') : t('Value')} data-testid={testId}
        onChange={(e) => change(e.target.value)}
        onBlur={() => { const read = codec.read(text); if (read.ok && field.kind === 'money') setText(codec.show(read.value)); }} />
      {field.kind === 'money' && <span className="kt-cb__unit">kr</span>}
    </span>
  );
}

function ListInput({ values, testId, readOnly, onValues, onProblem }: {
  values: Literal[]; testId: string; readOnly: boolean; onValues(values: Literal[]): void; onProblem(message: string | null): void;
}) {
  const show = (list: Literal[]) => list.join(', ');
  const read = (text: string) => text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const [text, setText] = useState(() => show(values));
  useEffect(() => {
    if (show(read(text)) !== show(values)) setText(show(values));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the stored values change
  }, [values]);
  return (
    <input className="kt-input" value={text} readOnly={readOnly} placeholder="SEK, EUR" aria-label={t('Values, separated by commas')} data-testid={testId}
      onChange={(e) => {
        setText(e.target.value);
        const list = read(e.target.value);
        onProblem(list.length ? null : t('Write one or more values, separated by commas'));
        if (list.length && show(list) !== show(values)) onValues(list);
      }} />
  );
}
