import { useEffect, useRef, useState } from 'react';
import type { Account } from '../../../shared/api.ts';
import { evaluate } from '../../../shared/json-logic/index.ts';
import { formatMinor } from '../../../shared/money.ts';
import type { VoucherLineTemplate } from '../../../shared/nodes/index.ts';
import { isAccountExpression } from '../../../shared/nodes/post-voucher.ts';
import { Icon } from '../icons.tsx';
import { MasterDataPicker } from './master-data-picker.tsx';
import { useMasterData } from '../../api/master-data.ts';
import type { WidgetProps } from './types.ts';
import { t } from '../../i18n/i18n.ts';

type Line = VoucherLineTemplate;

function asLines(value: unknown): Line[] {
  return Array.isArray(value) ? (value as Line[]) : [];
}

function amountText(amount: unknown): string {
  return amount === null || amount === undefined ? '' : JSON.stringify(amount);
}

/** The amount a line gives for the example event, or null when it cannot be worked out. */
function exampleAmount(amount: unknown, example: Record<string, unknown> | null): number | null {
  if (!example || amount === null || amount === undefined) return null;
  try {
    const value = evaluate(amount, { event: example });
    return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
  } catch {
    return null;
  }
}

export function AccountSelect({ id, value, accounts, onChange, testId, invalid }: {
  id?: string; value: string; accounts: Account[]; onChange(value: string): void; testId?: string; invalid?: boolean;
}) {
  const known = accounts.some((a) => a.number === value);
  return (
    <select id={id} className={`kt-input kt-select ${invalid ? 'is-invalid' : ''}`} value={value} data-testid={testId}
      onChange={(event) => onChange(event.target.value)}>
      {!value && <option value="">{t('Choose an account…')}</option>}
      {value && !known && <option value={value}>{value} (not in the chart of accounts)</option>}
      {accounts.filter((a) => a.active || a.number === value).map((account) => (
        <option key={account.number} value={account.number}>{account.number} {account.name}</option>
      ))}
    </select>
  );
}

/** What an account expression gives for the example event, e.g. "1930", or null. */
function exampleAccount(rule: unknown, example: Record<string, unknown> | null): string | null {
  if (!example) return null;
  try {
    const value = evaluate(rule, { event: example });
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  } catch {
    return null;
  }
}

/**
 * A line's account: a fixed account from the chart (as before), or a JSON
 * Logic expression shown as JSON text (e.g. {"var": "event.bankAccount"}, the
 * bank line's own account), with what it gives for the example event.
 */
function AccountCell({ account, index, context, onChange }: {
  account: unknown; index: number; context: WidgetProps['context']; onChange(account: unknown): void;
}) {
  const expression = isAccountExpression(account);
  const [text, setText] = useState(expression ? JSON.stringify(account) : '');
  const [invalid, setInvalid] = useState(false);
  const textRef = useRef(text);
  textRef.current = text;
  useEffect(() => {
    if (!expression) return;
    let same = false;
    try { same = JSON.stringify(JSON.parse(textRef.current)) === JSON.stringify(account); } catch { /* replace */ }
    if (!same) { setText(JSON.stringify(account)); setInvalid(false); }
  }, [account, expression]);
  if (!expression) {
    const bankField = context.eventFields.some((f) => f.path === 'event.bankAccount');
    return (
      <MasterDataPicker kind="account" value={typeof account === 'string' ? account : ''} testId={`voucher-line-${index}-account`}
        ariaLabel={t('Line {line}: account', { line: index + 1 })} readOnly={context.readOnly} onChange={onChange}
        extra={{ label: t('From the event (JSON Logic)…'), testId: `voucher-line-${index}-account-from-event`,
          onSelect: () => onChange({ var: bankField ? 'event.bankAccount' : 'event.account' }) }} />
    );
  }
  const example = exampleAccount(account, context.eventExample);
  const known = example !== null && context.accounts.some((a) => a.number === example);
  return (
    <div className="kt-line__account-expression">
      <input className={`kt-input kt-input--code ${invalid ? 'is-invalid' : ''}`} value={text} spellCheck={false}
        data-testid={`voucher-line-${index}-account-expression`} aria-label={t('Line {line}: account (JSON Logic)', { line: index + 1 })}
        title={invalid ? t('Not a JSON Logic expression') : t('The account, worked out when the automation runs')}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          try {
            const parsed: unknown = JSON.parse(next);
            if (!isAccountExpression(parsed)) throw new Error('not an expression');
            setInvalid(false);
            onChange(parsed);
          } catch { setInvalid(true); }
        }} />
      <span className="kt-line__account-example" data-testid={`voucher-line-${index}-account-example`}
        title={t('What the expression gives for the example event')}>
        {example === null ? '—' : known ? `→ ${example}` : `→ ${example} ${t('(not in the chart)')}`}
      </span>
      <button type="button" className="kt-button kt-button--ghost kt-button--small" data-testid={`voucher-line-${index}-account-fixed`}
        title={t('Use a fixed account of the chart instead (the one the expression gives for the example event)')} onClick={() => onChange(example !== null && known ? example : '')}>{t('Fixed')}</button>
    </div>
  );
}

/**
 * A line's VAT code and dimension objects (a cost centre, a project), each a picker; folded behind
 * one link until the line has one, so a plain two-line voucher stays small.
 */
function LineExtras({ line, index, readOnly, onChange }: { line: Line; index: number; readOnly?: boolean; onChange(patch: Partial<Line>): void }) {
  const dimensions = useMasterData((s) => s.data?.dimensions) ?? [];
  const used = !!line.vatCode || Object.keys(line.dimensions ?? {}).length > 0;
  const [open, setOpen] = useState(used);
  if (!open && !used) {
    if (readOnly) return null;
    return (
      <button type="button" className="kt-button kt-button--ghost kt-button--small kt-line__more" data-testid={`voucher-line-${index}-more`} onClick={() => setOpen(true)}>
        {dimensions.length ? t('+ VAT code, {dimensions}', { dimensions: dimensions.map((d) => d.name.toLowerCase()).join(', ') }) : t('+ VAT code')}
      </button>
    );
  }
  const setDimension = (dimension: number, code: string) => {
    const next = { ...(line.dimensions ?? {}) };
    if (code) next[String(dimension)] = code;
    else delete next[String(dimension)];
    onChange({ dimensions: Object.keys(next).length ? next : undefined });
  };
  return (
    <div className="kt-line__extras" data-testid={`voucher-line-${index}-extras`}>
      <label className="kt-line__extra">
        <span className="kt-line__extra-label">{t('VAT code')}</span>
        <MasterDataPicker kind="vat-code" value={line.vatCode ?? ''} testId={`voucher-line-${index}-vat`} ariaLabel={t('Line {line}: VAT code', { line: index + 1 })}
          readOnly={readOnly} onChange={(code) => onChange({ vatCode: code || undefined })} />
      </label>
      {dimensions.map((d) => (
        <label key={d.number} className="kt-line__extra">
          <span className="kt-line__extra-label">{d.name}</span>
          <MasterDataPicker kind="dimension-object" dimension={d.number} value={line.dimensions?.[String(d.number)] ?? ''}
            testId={`voucher-line-${index}-dimension-${d.number}`} ariaLabel={`Line ${index + 1}: ${d.name}`} readOnly={readOnly}
            onChange={(code) => setDimension(d.number, code)} />
        </label>
      ))}
    </div>
  );
}

/** A small JSON Logic input for one amount; empty means "the balancing remainder". */
function AmountInput({ amount, onChange, testId, balancingPreview }: {
  amount: unknown; onChange(amount: unknown): void; testId: string; balancingPreview: string | null;
}) {
  const [text, setText] = useState(amountText(amount));
  const [invalid, setInvalid] = useState(false);
  const textRef = useRef(text);
  textRef.current = text;
  useEffect(() => {
    let same = false;
    try { same = textRef.current.trim() === '' ? amount === null : JSON.stringify(JSON.parse(textRef.current)) === JSON.stringify(amount); } catch { /* replace */ }
    if (!same) { setText(amountText(amount)); setInvalid(false); }
  }, [amount]);
  return (
    <input className={`kt-input kt-input--code ${invalid ? 'is-invalid' : ''}`} value={text} data-testid={testId}
      spellCheck={false} aria-label={t('Amount (JSON Logic, öre)')} title={invalid ? t('Not valid JSON') : text || t('Empty: takes the balancing remainder')}
      placeholder={balancingPreview ? t('balancing remainder') : '{"var": "event.amountMinor"}'}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        if (next.trim() === '') { setInvalid(false); onChange(null); return; }
        try { const parsed = JSON.parse(next); setInvalid(false); onChange(parsed); } catch { setInvalid(true); }
      }} />
  );
}

/** The voucher template: account, debit/credit and amount expression per line. */
export function VoucherLinesField({ value, onChange, context }: WidgetProps) {
  const lines = asLines(value);
  const update = (index: number, patch: Partial<Line>) =>
    onChange(lines.map((line, i) => (i === index ? { ...line, ...patch } : line)));
  const example = context.eventExample;
  const amounts = lines.map((line) => exampleAmount(line.amount, example));
  const net = lines.reduce((sum, line, i) => sum + (amounts[i] ?? 0) * (line.side === 'debit' ? 1 : -1), 0);

  return (
    <div className="kt-lines" data-testid="voucher-lines">
      {lines.map((line, index) => {
        const balancing = line.amount === null || line.amount === undefined;
        const exampleValue = balancing ? Math.abs(net) : amounts[index];
        return (
          <div key={index} className={`kt-line kt-line--${line.side}`} data-testid={`voucher-line-${index}`}>
            <span className="kt-line__number" aria-hidden="true">{index + 1}</span>
            <div className="kt-line__account">
              <AccountCell account={line.account} index={index} context={context}
                onChange={(account) => update(index, { account: account as Line['account'] })} />
            </div>
            <button type="button" className="kt-icon-button kt-line__remove" aria-label={t('Remove line {line}', { line: index + 1 })}
              data-testid={`voucher-line-${index}-remove`} onClick={() => onChange(lines.filter((_, i) => i !== index))}>
              <Icon name="trash" size={14} />
            </button>
            <select className="kt-input kt-select kt-line__side" value={line.side} data-testid={`voucher-line-${index}-side`}
              aria-label={t('Line {line}: debit or credit', { line: index + 1 })}
              onChange={(event) => update(index, { side: event.target.value as Line['side'] })}>
              <option value="debit">{t('Debit')}</option>
              <option value="credit">{t('Credit')}</option>
            </select>
            <div className="kt-line__amount">
              <AmountInput amount={line.amount} testId={`voucher-line-${index}-amount`}
                balancingPreview={balancing ? 'yes' : null}
                onChange={(amount) => update(index, { amount })} />
            </div>
            <span className="kt-line__example" title={t('With the example event')} data-testid={`voucher-line-${index}-example`}>
              {example && exampleValue !== null ? formatMinor(exampleValue, 'SEK') : '—'}
            </span>
            <LineExtras line={line} index={index} readOnly={context.readOnly} onChange={(patch) => update(index, patch)} />
          </div>
        );
      })}
      <button type="button" className="kt-button kt-button--ghost kt-button--small" data-testid="voucher-line-add"
        onClick={() => onChange([...lines, { account: '', side: net > 0 ? 'credit' : 'debit', amount: null }])}>
        <Icon name="plus" size={14} /> {t('Add line')}
      </button>
    </div>
  );
}
