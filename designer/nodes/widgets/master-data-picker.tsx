/**
 * One searchable picker for master data (issue 12): accounts, series, VAT
 * codes, dimension objects, customers, suppliers, bank accounts. Closed it
 * reads "4010 Inköp material"; type to filter by number or name, ↑/↓ to
 * move, Enter to choose, Escape to give up. Text that names nothing is taken
 * as typed, and the picker says at once what is wrong with it ("Series X
 * does not exist in this company") — the same rule (shared/master-data.ts)
 * the validator applies on save. The company's master data is fetched once
 * per page (useMasterData).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { MasterDataKind } from '../../../shared/master-data.ts';
import { useMasterData } from '../../api/master-data.ts';
import { filterOptions, optionLabel, optionsOf, pickerProblem, valueFromText, type PickerOption } from './picker-filter.ts';
import { msg, t } from '../../i18n/i18n.ts';

const placeholders: Record<MasterDataKind, string> = {
  account: msg('Type an account number or name…'),
  series: msg('Type a series…'),
  'vat-code': msg('Type a VAT code…'),
  'dimension-object': msg('Type a cost centre or project…'),
  customer: msg('Type a customer number or name…'),
  supplier: msg('Type a supplier number or name…'),
  'bank-account': msg('Type a bank account…'),
};

export interface PickerProps {
  kind: MasterDataKind;
  value: string;
  onChange(value: string): void;
  id?: string;
  testId: string;
  ariaLabel?: string;
  /** an issue from elsewhere (the validator) marks the input too */
  invalid?: boolean;
  readOnly?: boolean;
  /** one more choice at the end of the list, e.g. "From the event (JSON Logic)…" */
  extra?: { label: string; testId: string; onSelect(): void };
  /** the picker shows its own problem line (default); false when the caller shows it */
  showProblem?: boolean;
  /** kind 'dimension-object' in one dimension: its objects, the value their code ("100", not "1:100") */
  dimension?: number;
}

export function MasterDataPicker({ kind, value, onChange, id, testId, ariaLabel, invalid, readOnly, extra, showProblem = true, dimension }: PickerProps) {
  const data = useMasterData((s) => s.data);
  const load = useMasterData((s) => s.load);
  useEffect(() => { void load(); }, [load]);
  const options = useMemo(() => {
    const all = optionsOf(kind, data);
    if (dimension === undefined) return all;
    const prefix = `${dimension}:`;
    return all.filter((o) => o.value.startsWith(prefix)).map((o) => ({ ...o, value: o.value.slice(prefix.length), detail: undefined }));
  }, [kind, data, dimension]);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [highlighted, setHighlighted] = useState(0);
  const listRef = useRef<HTMLUListElement>(null);
  const listId = useId();

  const matches = useMemo(() => (editing ? filterOptions(options, text, 50, value) : []), [editing, options, text, value]);
  const current = options.find((o) => o.value === value);
  const shown = editing ? text : value ? (current ? optionLabel(current) : value) : '';
  // As you type: what the typed text would be, judged when nothing in the list matches it.
  const typed = editing && text.trim() !== '' && matches.length === 0 ? valueFromText(options, text, kind) : null;
  const judged = typed ?? value;
  const problem = pickerProblem(kind, dimension !== undefined && judged ? `${dimension}:${judged}` : judged, data);
  const itemCount = matches.length + (extra ? 1 : 0);

  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${highlighted}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [highlighted]);

  const choose = (option: PickerOption) => { onChange(option.value); setEditing(false); };
  const commitText = () => {
    setEditing(false);
    if (text.trim() === '') return;
    const next = valueFromText(options, text, kind);
    if (next !== value) onChange(next);
  };
  const pickHighlighted = () => {
    if (matches.length > 0 && highlighted < matches.length) { choose(matches[highlighted]); return; }
    // the extra choice only when it is what is highlighted, never for text that matched nothing
    if (extra && highlighted === matches.length && (matches.length > 0 || text.trim() === '')) { setEditing(false); extra.onSelect(); return; }
    commitText();
  };

  return (
    <div className="kt-picker" data-testid={`${testId}-picker`}>
      <input id={id} className={`kt-input kt-picker__input ${invalid || problem ? 'is-invalid' : ''}`} value={shown} data-testid={testId}
        data-value={value} role="combobox" aria-expanded={editing} aria-controls={listId} aria-autocomplete="list" aria-label={ariaLabel}
        aria-invalid={invalid || !!problem} placeholder={current ? optionLabel(current) : t(placeholders[kind])} readOnly={readOnly}
        autoComplete="off" spellCheck={false}
        onFocus={() => { if (readOnly) return; setEditing(true); setText(''); setHighlighted(Math.max(0, filterOptions(options, '', 50, value).findIndex((o) => o.value === value))); }}
        onBlur={() => { if (editing) commitText(); }}
        onChange={(event) => { setText(event.target.value); setHighlighted(0); if (!editing) setEditing(true); }}
        onKeyDown={(event) => {
          if (!editing) return;
          if (event.key === 'ArrowDown') { event.preventDefault(); setHighlighted((h) => Math.min(itemCount - 1, h + 1)); }
          else if (event.key === 'ArrowUp') { event.preventDefault(); setHighlighted((h) => Math.max(0, h - 1)); }
          else if (event.key === 'Enter') { event.preventDefault(); pickHighlighted(); }
          else if (event.key === 'Escape') { event.preventDefault(); event.stopPropagation(); setEditing(false); }
        }} />
      {editing && (
        <ul className="kt-picker__list" role="listbox" id={listId} ref={listRef} data-testid={`${testId}-options`}>
          {matches.map((option, index) => (
            <li key={option.value} role="option" aria-selected={index === highlighted} data-index={index} data-value={option.value}
              data-testid={`${testId}-option`}
              className={`kt-picker__option ${index === highlighted ? 'is-highlighted' : ''} ${option.active ? '' : 'is-inactive'}`}
              onMouseDown={(event) => { event.preventDefault(); choose(option); }} onMouseEnter={() => setHighlighted(index)}>
              <span className="kt-picker__value">{option.value}</span>
              <span className="kt-picker__name">{option.name}</span>
              {(option.detail || !option.active) && <span className="kt-picker__detail">{option.active ? option.detail : 'inactive'}</span>}
            </li>
          ))}
          {matches.length === 0 && (
            <li className="kt-picker__empty" data-testid={`${testId}-no-match`}>
              {data ? t('Nothing matches "{text}". Enter keeps it as typed; add it under Master data.', { text: text.trim() }) : t('Loading master data…')}
            </li>
          )}
          {extra && (
            <li role="option" aria-selected={highlighted === matches.length} data-index={matches.length} data-testid={extra.testId}
              className={`kt-picker__option kt-picker__option--extra ${highlighted === matches.length ? 'is-highlighted' : ''}`}
              onMouseDown={(event) => { event.preventDefault(); setEditing(false); extra.onSelect(); }} onMouseEnter={() => setHighlighted(matches.length)}>
              {extra.label}
            </li>
          )}
        </ul>
      )}
      {showProblem && problem && (
        <p className="kt-field__issue kt-field__issue--error kt-picker__problem" data-testid={`${testId}-problem`} role="alert">{problem}</p>
      )}
    </div>
  );
}
