/**
 * One bank line, worked by a person: its outcome (invoices settled, the rule or person that booked it,
 * or why it is an exception), the ranked candidates with a one-click Match, a Split over several
 * invoices (the rest to a customer credit account) and Book to an account. Shared by the Bank page's
 * detail panel and the Exceptions page (an item whose source is "bank-line:<id>").
 */
import { useEffect, useMemo, useState } from 'react';
import type { Account, BankLineListItem, BankLineOutcome, CustomerInvoice } from '../../shared/api.ts';
import { api, type BankLineActionResponse, type BankLineDetail } from '../api/client.ts';
import { actorOf, useCan, useSession } from '../api/session.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { describeActor, formatDate, formatDateTime, formatMinor } from '../format.ts';
import { formatKronor, parseKronor } from '../ledger/voucher-form.ts';
import { useMasterData } from '../api/master-data.ts';
import { normaliseRate } from '../../shared/exchange.ts';
import { splitGross } from '../../shared/money.ts';
import { AccountSelect } from '../nodes/widgets/voucher-lines-field.tsx';
import { href } from '../router.ts';
import { ErrorLine, ReadOnlyNote } from './parts.tsx';
import { msg, t } from '../i18n/i18n.ts';

export const bankOutcomeLabels: Record<BankLineOutcome['kind'], string> = {
  matched: msg('Matched'), partial: msg('Partial'), overpaid: msg('Overpaid'), multi: msg('Several invoices'), exception: msg('Exception'),
  bank_rule: msg('Bank rule'), booked_by_hand: msg('Booked by hand'), pending: msg('Pending'),
};

/** Why no automation settled or booked the line, in words. */
export const exceptionReasonLabels: Record<string, string> = {
  no_match: msg('no invoice matches'),
  ambiguous: msg('two invoices match equally well'),
  currency_mismatch: msg('another currency than the invoice'),
  reversal: msg('a returned payment'),
  below_threshold: msg('no candidate is certain enough'),
  no_rule: msg('no rule booked it'),
  already_paid: msg('the invoice is already paid'),
  not_incoming: msg('money out, not a payment in'),
  partial_not_allowed: msg('less than the invoice, and partial payments are off'),
  overpayment_not_allowed: msg('more than the invoice, and overpayments are off'),
  too_many_invoices: msg('more invoices than one payment may settle'),
};

export function exceptionReasonText(reason: string | undefined | null): string {
  return reason ? t(exceptionReasonLabels[reason] ?? reason.replace(/_/g, ' ')) : t('needs a person');
}

/** "Exception: no invoice matches", "Bank rule (6570)", "Matched". */
export function outcomeText(outcome: BankLineOutcome): string {
  switch (outcome.kind) {
    case 'exception': return t('Exception: {reason}', { reason: exceptionReasonText(outcome.exceptionReason) });
    case 'bank_rule': return outcome.account ? t('Bank rule ({account})', { account: outcome.account }) : t('Bank rule');
    case 'booked_by_hand': return outcome.account ? t('Booked by hand ({account})', { account: outcome.account }) : t('Booked by hand');
    default: return t(bankOutcomeLabels[outcome.kind]);
  }
}

export function BankOutcomeBadge({ outcome }: { outcome: BankLineOutcome }) {
  return (
    <span className={`kt-pill kt-pill--bank-${outcome.kind}`} data-testid="bank-outcome" data-kind={outcome.kind}
      title={outcome.reasons?.join('\n') || undefined}>{outcomeText(outcome)}</span>
  );
}

/** The line can still be worked: nothing booked it yet. */
export function isOpenLine(line: BankLineListItem): boolean {
  return (line.outcome.kind === 'exception' || line.outcome.kind === 'pending') && !line.outcome.voucherId;
}

/** A reason as the server wrote it, with "user:<id>" and "token:<id>" said as people read them. */
function readable(text: string, self: string | null): string {
  return text.replace(/\b(user|token):[0-9a-zA-Z_-]+/g, (actor) => {
    const who = describeActor(actor, { self });
    return who === t('You') ? t('you') : who;
  });
}

/** "automation:customer-payments" → its name; "user:<id>" → "You" or the person. */
function decider(decidedBy: string, self: string | null, names: ReadonlyMap<string, string>): string {
  if (decidedBy.startsWith('automation:')) {
    const id = decidedBy.slice('automation:'.length);
    return names.get(id) ?? id;
  }
  return describeActor(decidedBy, { self });
}

const percent = (score: number) => `${Math.round(score * 100)} %`;

/** What a one-click Match on a candidate does, for its title. */
export function matchTitle(paymentMinor: number, invoiceNumber: string, openMinor: number, currency: string, excessAccount: string): string {
  const allocated = Math.min(paymentMinor, openMinor);
  const base = t('Settle invoice {invoice} with {amount}', { invoice: invoiceNumber, amount: formatMinor(allocated, currency) });
  if (paymentMinor > openMinor) return t('{base}; the excess {amount} becomes a customer credit on {account}', { base, amount: formatMinor(paymentMinor - openMinor, currency), account: excessAccount });
  if (paymentMinor < openMinor) return t('{base}; {amount} stays open on the invoice', { base, amount: formatMinor(openMinor - paymentMinor, currency) });
  return t('{base}: the invoice is paid in full', { base });
}

const defaultExcessAccount = '2420';

/** The whole line, loaded by id: facts, outcome, actions, history. `onChanged` after a match or booking (refresh lists). */
export function BankLinePanel({ lineId, onChanged, history = true }: { lineId: string; onChanged?(result: BankLineActionResponse): void; history?: boolean }) {
  const detail = useApi(() => api.bankLine(lineId), `bank-line:${lineId}`);
  const [notice, setNotice] = useState<string | null>(null);
  // what the server said about the booking (e.g. the rate given was set aside for the company's own)
  const [notes, setNotes] = useState<string[]>([]);
  useEffect(() => { setNotice(null); setNotes([]); }, [lineId]);
  if (detail.error && !detail.data) return <div className="kt-empty kt-empty--error" role="alert">{t('Could not load bank line {id}: {error}', { id: lineId, error: detail.error.message })}</div>;
  if (!detail.data) return <div className="kt-loading">{t('Loading…')}</div>;
  const line = detail.data;
  const done = (result: BankLineActionResponse) => {
    setNotice(result.line.outcome.kind === 'booked_by_hand' ? t('Booked.') : `${outcomeText(result.line.outcome)}.`);
    setNotes((result.notes ?? []).map((n) => n.message));
    detail.reload();
    onChanged?.(result);
  };
  return (
    <div className="kt-bank-line" data-testid="bank-line-panel" data-line-id={line.id}>
      <LineFacts line={line} />
      {notice && <div className="kt-notice kt-notice--success" role="status" data-testid="bank-line-notice">{notice}</div>}
      {notes.map((n) => <div key={n} className="kt-notice kt-notice--info" role="status" data-testid="bank-line-note">{n}</div>)}
      <OutcomeView line={line} />
      {isOpenLine(line) && <BankLineActions line={line} onDone={done} />}
      {history && <Decisions line={line} />}
    </div>
  );
}

function LineFacts({ line }: { line: BankLineDetail }) {
  return (
    <dl className="kt-facts kt-bank-line__facts">
      <div><dt>{t('Amount')}</dt><dd className={line.amountMinor < 0 ? 'kt-amount--out' : ''} data-testid="bank-line-amount">{formatMinor(line.amountMinor, line.currency)}</dd></div>
      <div><dt>{t('Booked')}</dt><dd>{formatDate(line.bookingDate)}</dd></div>
      <div><dt>{t('Bank account')}</dt><dd>{line.bankAccount}</dd></div>
      <div><dt>{t('Counterparty')}</dt><dd>{line.counterparty ?? '—'}</dd></div>
      <div><dt>{t('Reference')}</dt><dd className="kt-mono">{line.reference ?? '—'}</dd></div>
      <div><dt>{t('Text')}</dt><dd>{line.text || '—'}</dd></div>
      <div className="kt-bank-line__wide"><dt>{t('Line')}</dt><dd className="kt-mono kt-break">{line.id}{line.statementId ? ` · ${t('statement {id}', { id: line.statementId })}` : ''}</dd></div>
    </dl>
  );
}

function OutcomeView({ line }: { line: BankLineDetail }) {
  const { outcome } = line;
  const me = useSession((s) => s.me);
  const automations = useReferenceData((s) => s.automations);
  const names = new Map((automations ?? []).map((a) => [a.id, a.name]));
  const self = actorOf(me);
  const who = outcome.decidedBy ? decider(outcome.decidedBy, self, names) : null;
  return (
    <section className="kt-bank-line__section" data-testid="bank-line-outcome">
      <h3>{t('Outcome')} <BankOutcomeBadge outcome={outcome} /></h3>
      {who && <p className="kt-muted kt-bank-line__by">{t('Decided by {who}', { who })}{outcome.score !== undefined && outcome.kind !== 'bank_rule' ? ` · ${t('score {score}', { score: percent(outcome.score) })}` : ''}</p>}
      {outcome.allocations.length > 0 && (
        <table className="kt-table kt-table--compact" data-testid="bank-line-allocations">
          <thead><tr><th>{t('Invoice')}</th><th className="kt-num">{t('Settled')}</th></tr></thead>
          <tbody>
            {outcome.allocations.map((a) => (
              <tr key={a.invoiceNumber} data-testid="bank-line-allocation" data-invoice={a.invoiceNumber}>
                <td>{a.invoiceNumber}{a.customerNo && <span className="kt-muted"> · {a.customerNo}</span>}</td>
                <td className="kt-num">{formatMinor(a.amountMinor, line.currency)}</td>
              </tr>
            ))}
          </tbody>
          {(outcome.excessMinor !== undefined || outcome.remainingMinor !== undefined) && (
            <tfoot>
              {outcome.excessMinor !== undefined && <tr><td>{outcome.account ? t('Customer credit on {account}', { account: outcome.account }) : t('Customer credit')}</td><td className="kt-num">{formatMinor(outcome.excessMinor, line.currency)}</td></tr>}
              {outcome.remainingMinor !== undefined && <tr><td>{t('Still open on the invoice')}</td><td className="kt-num">{formatMinor(outcome.remainingMinor, line.currency)}</td></tr>}
            </tfoot>
          )}
        </table>
      )}
      {outcome.reasons && outcome.reasons.length > 0 && (
        <ul className="kt-bank-line__reasons" data-testid="bank-line-reasons">{outcome.reasons.map((r, i) => <li key={i}>{readable(r, self)}</li>)}</ul>
      )}
      <p className="kt-bank-line__links">
        {outcome.voucherId && <a href={href({ page: 'voucher', id: outcome.voucherId })} data-testid="bank-line-voucher">{t('Open the voucher')}</a>}
        <a href={href({ page: 'runs', sourceRef: `bank-line:${line.id}` })}>{t('Runs of this line')}</a>
      </p>
    </section>
  );
}

/** Candidates with Match, and the Split and Book forms; read-only without ledger:write. */
export function BankLineActions({ line, onDone }: { line: BankLineListItem; onDone(result: BankLineActionResponse): void }) {
  const can = useCan();
  const mayWrite = can('ledger:write');
  const incoming = line.amountMinor > 0;
  const candidates = line.outcome.candidates ?? [];
  const [form, setForm] = useState<'split' | 'book' | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  // A line in another currency is booked at the company's rate for its day; without one, at the rate given here.
  const baseCurrency = useReferenceData((s) => s.company?.baseCurrency) ?? 'SEK';
  const foreign = line.currency !== baseCurrency;
  const [rateText, setRateText] = useState('');
  const rate = foreign ? normaliseRate(rateText) : null;
  const matchOne = async (invoiceNumber: string, openMinor: number) => {
    setBusy(invoiceNumber);
    setError(null);
    try {
      const amountMinor = Math.min(line.amountMinor, openMinor);
      onDone(await api.matchBankLine(line.id, {
        allocations: [{ invoiceNumber, amountMinor }],
        ...(line.amountMinor > amountMinor ? { excessAccount: defaultExcessAccount } : {}),
        ...(rate ? { rate } : {}),
      }));
    } catch (thrown) { setError(thrown); } finally { setBusy(null); }
  };
  return (
    <section className="kt-bank-line__section" data-testid="bank-line-actions">
      <h3>{incoming ? t('Candidates') : t('What to do')}</h3>
      {incoming && (candidates.length > 0 ? (
        <table className="kt-table kt-table--compact" data-testid="bank-candidates">
          <thead><tr><th>{t('Invoice and customer')}</th><th className="kt-num">{t('open amount::Open')}</th><th className="kt-num">{t('Score')}</th>{mayWrite && <th />}</tr></thead>
          <tbody>
            {candidates.map((c) => (
              <tr key={c.invoiceNumber} data-testid="bank-candidate" data-invoice={c.invoiceNumber}>
                <td>
                  <span className="kt-table__primary">{c.invoiceNumber}</span> · {c.customerName} <span className="kt-muted">{c.customerNo}</span>
                  {c.reasons.length > 0 && <p className="kt-bank-line__meta" data-testid="bank-candidate-reasons">{c.reasons.join('; ')}</p>}
                </td>
                <td className="kt-num">{formatMinor(c.openMinor, c.currency)}</td>
                <td className="kt-num" data-testid="bank-candidate-score">{percent(c.score)}</td>
                {mayWrite && (
                  <td className="kt-table__actions">
                    <button type="button" className="kt-button kt-button--small kt-button--primary" data-testid="bank-candidate-match"
                      disabled={busy !== null || c.currency !== line.currency}
                      title={c.currency !== line.currency ? t('The invoice is in {invoiceCurrency}, the payment in {paymentCurrency}: book it by hand', { invoiceCurrency: c.currency, paymentCurrency: line.currency })
                        : matchTitle(line.amountMinor, c.invoiceNumber, c.openMinor, line.currency, defaultExcessAccount)}
                      onClick={() => void matchOne(c.invoiceNumber, c.openMinor)}>{busy === c.invoiceNumber ? t('Matching…') : t('Match')}</button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : <p className="kt-muted" data-testid="bank-no-candidates">{t('No open invoice came close. Split it over invoices you know, or book it to an account.')}</p>)}
      <ErrorLine error={error} testId="bank-match-error" />
      {!mayWrite ? <ReadOnlyNote>{t('Matching and booking a bank line posts a voucher: it needs the “Post and reverse vouchers” permission.')}</ReadOnlyNote> : (
        <>
          {foreign && <RateField id={`bank-rate-${line.id}`} value={rateText} onChange={setRateText} currency={line.currency} baseCurrency={baseCurrency} date={line.bookingDate} />}
          <div className="kt-bank-line__buttons">
            {incoming && (
              <button type="button" className={`kt-button kt-button--small ${form === 'split' ? 'is-active' : ''}`} data-testid="bank-split-open"
                aria-expanded={form === 'split'} onClick={() => setForm(form === 'split' ? null : 'split')}>{candidates.length ? t('Split…') : t('Match to invoices…')}</button>
            )}
            <button type="button" className={`kt-button kt-button--small ${form === 'book' ? 'is-active' : ''}`} data-testid="bank-book-open"
              aria-expanded={form === 'book'} onClick={() => setForm(form === 'book' ? null : 'book')}>{t('Book to account…')}</button>
          </div>
          {form === 'split' && <SplitForm line={line} rate={rate} baseCurrency={baseCurrency} onDone={onDone} onCancel={() => setForm(null)} />}
          {form === 'book' && <BookForm line={line} rate={rate} onDone={onDone} onCancel={() => setForm(null)} />}
        </>
      )}
    </section>
  );
}

interface SplitRow { invoiceNumber: string; amount: string }

/** Open invoices to pick from: GET …/customer-invoices?status=open when the server has it, else the line's candidates. */
function useOpenInvoices(line: BankLineListItem): { invoiceNumber: string; customerName: string; openMinor: number; currency: string }[] {
  const open = useApi(() => api.customerInvoices({ status: 'open', limit: 500 }), 'customer-invoices:open');
  return useMemo(() => {
    const fromServer: CustomerInvoice[] = open.data?.invoices ?? [];
    const known = new Map<string, { invoiceNumber: string; customerName: string; openMinor: number; currency: string }>();
    for (const c of line.outcome.candidates ?? []) known.set(c.invoiceNumber, c);
    for (const i of fromServer) if (i.openMinor > 0) known.set(i.invoiceNumber, i);
    return [...known.values()];
  }, [open.data, line.outcome.candidates]);
}

/**
 * The day's rate, optional: used only when the company has none for the line's day (the server says
 * no_exchange_rate otherwise). "11,45" or "11.45"; sent as "11.45".
 */
function RateField({ id, value, onChange, currency, baseCurrency, date }: {
  id: string; value: string; onChange(value: string): void; currency: string; baseCurrency: string; date: string;
}) {
  const invalid = value.trim() !== '' && !normaliseRate(value);
  return (
    <div className="kt-bank-form__field kt-bank-rate" data-testid="bank-rate">
      <label className="kt-field__label" htmlFor={id}>{t('Rate, {base} per {currency}', { base: baseCurrency, currency })} <span className="kt-muted">{t('(optional)')}</span></label>
      <input id={id} className={`kt-input kt-num ${invalid ? 'is-invalid' : ''}`} inputMode="decimal" value={value} placeholder={t('e.g. 11,45')}
        data-testid="bank-rate-input" onChange={(e) => onChange(e.target.value)} />
      <p className="kt-field__help">{invalid ? t('Not a rate — write e.g. 11,45') : t('Used only when no {currency} rate is set for {date} (Exchange rates).', { currency, date: formatDate(date) })}</p>
    </div>
  );
}

function SplitForm({ line, rate: lineRate, baseCurrency, onDone, onCancel }: {
  line: BankLineListItem; rate: string | null; baseCurrency: string; onDone(result: BankLineActionResponse): void; onCancel(): void;
}) {
  const accounts = useReferenceData((s) => s.accounts) ?? [];
  const invoices = useOpenInvoices(line);
  const openOf = new Map(invoices.map((i) => [i.invoiceNumber, i]));
  const first = line.outcome.candidates?.[0];
  const [rows, setRows] = useState<SplitRow[]>(() => first
    ? [{ invoiceNumber: first.invoiceNumber, amount: formatKronor(Math.min(first.openMinor, line.amountMinor)) }]
    : [{ invoiceNumber: '', amount: '' }]);
  const [excessAccount, setExcessAccount] = useState(defaultExcessAccount);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const parsed = rows.map((r) => parseKronor(r.amount));
  const issues = rows.map((r, i) => {
    const p = parsed[i];
    if (!p.ok) return p.message;
    if (!r.invoiceNumber.trim() && p.minor !== null) return t('Which invoice?');
    if (r.invoiceNumber.trim() && (p.minor === null || p.minor === 0)) return t('Enter the amount to settle');
    const open = openOf.get(r.invoiceNumber.trim());
    if (open && p.minor !== null && p.minor > open.openMinor) return t('Only {amount} is open on {invoice}', { amount: formatMinor(open.openMinor, open.currency), invoice: r.invoiceNumber.trim() });
    return null;
  });
  const allocations = rows.flatMap((r, i) => {
    const p = parsed[i];
    return p.ok && p.minor && r.invoiceNumber.trim() ? [{ invoiceNumber: r.invoiceNumber.trim(), amountMinor: p.minor }] : [];
  });
  const allocatedMinor = allocations.reduce((sum, a) => sum + a.amountMinor, 0);
  const restMinor = line.amountMinor - allocatedMinor;
  const duplicate = new Set(allocations.map((a) => a.invoiceNumber)).size !== allocations.length;
  const problem = issues.find(Boolean) ?? (duplicate ? t('Each invoice once') : null)
    ?? (restMinor < 0 ? t('The invoices take {amount} more than the payment', { amount: formatMinor(-restMinor, line.currency) }) : null)
    ?? (allocations.length === 0 ? t('Add at least one invoice') : null);
  const set = (index: number, patch: Partial<SplitRow>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  // A base-currency line paying invoices in another currency (the bank converted): the day's rate checks what it brings.
  const convertedFrom = line.currency === baseCurrency ? allocations.map((a) => openOf.get(a.invoiceNumber)?.currency).find((c) => c && c !== baseCurrency) : undefined;
  const [convertedRateText, setConvertedRateText] = useState('');
  const rate = convertedFrom ? normaliseRate(convertedRateText) : lineRate;
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await api.matchBankLine(line.id, {
        allocations, ...(restMinor > 0 ? { excessAccount } : {}), ...(note.trim() ? { note: note.trim() } : {}), ...(rate ? { rate } : {}),
      }));
    } catch (thrown) { setError(thrown); } finally { setBusy(false); }
  };
  const listId = `bank-open-invoices-${line.id}`;
  return (
    <form className="kt-bank-form" data-testid="bank-split-form" onSubmit={(e) => { e.preventDefault(); if (!problem) void submit(); }}>
      <p className="kt-muted">{t('Settle invoices with this payment of {amount}; what is left over becomes a customer credit.', { amount: formatMinor(line.amountMinor, line.currency) })}</p>
      <datalist id={listId}>
        {invoices.map((i) => <option key={i.invoiceNumber} value={i.invoiceNumber}>{t('{customer} · {amount} open', { customer: i.customerName, amount: formatMinor(i.openMinor, i.currency) })}</option>)}
      </datalist>
      <div className="kt-bank-form__rows">
        {rows.map((row, index) => (
          <div key={index} className="kt-bank-form__row" data-testid="bank-split-row">
            <div>
              <label className="kt-field__label" htmlFor={`split-${index}-invoice`}>{t('Invoice')}</label>
              <input id={`split-${index}-invoice`} className="kt-input" list={listId} value={row.invoiceNumber} placeholder={t('e.g. F1002')} autoComplete="off"
                data-testid={`bank-split-${index}-invoice`} onChange={(e) => set(index, { invoiceNumber: e.target.value })} />
            </div>
            <div>
              <label className="kt-field__label" htmlFor={`split-${index}-amount`}>{line.currency === baseCurrency ? t('Amount (kr)') : t('Amount ({currency})', { currency: line.currency })}</label>
              <input id={`split-${index}-amount`} className={`kt-input kt-num ${issues[index] && row.amount ? 'is-invalid' : ''}`} value={row.amount} inputMode="decimal"
                placeholder="0,00" data-testid={`bank-split-${index}-amount`} onChange={(e) => set(index, { amount: e.target.value })}
                onBlur={() => { const p = parsed[index]; if (p.ok && p.minor !== null) set(index, { amount: formatKronor(p.minor) }); }} />
            </div>
            <button type="button" className="kt-icon-button" aria-label={t('Remove invoice {line}', { line: index + 1 })} disabled={rows.length === 1}
              onClick={() => setRows(rows.filter((_, i) => i !== index))}>×</button>
            {openOf.get(row.invoiceNumber.trim()) && (
              <p className="kt-field__help kt-bank-form__hint">{openOf.get(row.invoiceNumber.trim())!.customerName} · {formatMinor(openOf.get(row.invoiceNumber.trim())!.openMinor, line.currency)} open</p>
            )}
          </div>
        ))}
      </div>
      <button type="button" className="kt-button kt-button--ghost kt-button--small" data-testid="bank-split-add"
        onClick={() => setRows([...rows, { invoiceNumber: '', amount: restMinor > 0 ? formatKronor(restMinor) : '' }])}>{t('+ Another invoice')}</button>
      <p className="kt-bank-form__sum" data-testid="bank-split-sum" data-rest={restMinor}>
        {t('Allocated {allocated} of {amount}', { allocated: formatMinor(allocatedMinor, line.currency), amount: formatMinor(line.amountMinor, line.currency) })}
        {restMinor > 0 ? t(' · the rest, {rest}, to the account below', { rest: formatMinor(restMinor, line.currency) }) : restMinor === 0 ? t(' · all of it') : ''}
      </p>
      {restMinor > 0 && (
        <div className="kt-bank-form__field">
          <label className="kt-field__label" htmlFor={`split-excess-${line.id}`}>{t('The rest to (customer credit)')}</label>
          <AccountSelect id={`split-excess-${line.id}`} value={excessAccount} accounts={accounts} onChange={setExcessAccount} testId="bank-split-excess" />
        </div>
      )}
      {convertedFrom && <RateField id={`split-rate-${line.id}`} value={convertedRateText} onChange={setConvertedRateText} currency={convertedFrom} baseCurrency={baseCurrency} date={line.bookingDate} />}
      <NoteField id={`split-note-${line.id}`} value={note} onChange={setNote} testId="bank-split-note" />
      {problem && allocations.length + rows.filter((r) => r.amount || r.invoiceNumber).length > 0 && <p className="kt-field__issue kt-field__issue--warning" data-testid="bank-split-problem">{problem}</p>}
      <ErrorLine error={error} testId="bank-split-error" />
      <div className="kt-bank-form__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onCancel}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy || problem !== null} data-testid="bank-split-submit">
          {busy ? t('Posting…') : allocations.length > 1 ? t('Settle {count} invoices', { count: allocations.length }) : t('Settle the invoice')}
        </button>
      </div>
    </form>
  );
}

function BookForm({ line, rate, onDone, onCancel }: { line: BankLineListItem; rate: string | null; onDone(result: BankLineActionResponse): void; onCancel(): void }) {
  const accounts: Account[] = useReferenceData((s) => s.accounts) ?? [];
  const vatCodes = useMasterData((s) => s.data?.vatCodes)?.filter((v) => v.active) ?? [];
  useEffect(() => { void useMasterData.getState().load(); }, []);
  const [account, setAccount] = useState('');
  // The account's default VAT code until the person picks one: the server splits it out of the gross amount.
  const [vatCode, setVatCode] = useState<string | null>(null);
  const defaultCode = accounts.find((a) => a.number === account)?.vatCode ?? '';
  const chosenCode = vatCode ?? (vatCodes.some((v) => v.code === defaultCode) ? defaultCode : '');
  const rule = vatCodes.find((v) => v.code === chosenCode);
  const [text, setText] = useState(line.text || line.counterparty || '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onDone(await api.bookBankLine(line.id, {
        account, ...(chosenCode ? { vatCode: chosenCode } : {}), ...(rate ? { rate } : {}),
        ...(text.trim() ? { text: text.trim().slice(0, 200) } : {}), ...(note.trim() ? { note: note.trim() } : {}),
      }));
    } catch (thrown) { setError(thrown); } finally { setBusy(false); }
  };
  const incoming = line.amountMinor > 0;
  const amount = Math.abs(line.amountMinor);
  const vatAccounts = rule ? [rule.inputAccount, rule.outputAccount].filter((a): a is string => !!a) : [];
  const split = rule && rule.rateBasisPoints > 0 && vatAccounts.length === 1 ? splitGross(amount, rule.rateBasisPoints) : null;
  return (
    <form className="kt-bank-form" data-testid="bank-book-form" onSubmit={(e) => { e.preventDefault(); if (account) void submit(); }}>
      <p className="kt-muted">{incoming
        ? t('The whole line, {amount}, against bank account {bankAccount}: the account below is credited.', { amount: formatMinor(line.amountMinor, line.currency), bankAccount: line.bankAccount })
        : t('The whole line, {amount}, against bank account {bankAccount}: the account below is debited.', { amount: formatMinor(line.amountMinor, line.currency), bankAccount: line.bankAccount })}</p>
      <div className="kt-bank-form__field">
        <label className="kt-field__label" htmlFor={`book-account-${line.id}`}>{t('Account')}</label>
        <AccountSelect id={`book-account-${line.id}`} value={account} accounts={accounts} onChange={setAccount} testId="bank-book-account" />
      </div>
      <div className="kt-bank-form__field">
        <label className="kt-field__label" htmlFor={`book-vat-${line.id}`}>{t('VAT code')}</label>
        <select id={`book-vat-${line.id}`} className="kt-input kt-select" value={chosenCode} data-testid="bank-book-vat" onChange={(e) => setVatCode(e.target.value)}>
          <option value="">{t('No VAT')}</option>
          {vatCodes.map((v) => <option key={v.code} value={v.code}>{`${v.code} — ${v.name}`}</option>)}
        </select>
        {split && split.vatMinor > 0 && (
          <p className="kt-field__help" data-testid="bank-book-vat-split">
            {t('{net} to {account}, {vat} VAT to {vatAccount} (split out of the amount)', {
              net: formatMinor(split.netMinor, line.currency), account: account || '…', vat: formatMinor(split.vatMinor, line.currency), vatAccount: vatAccounts[0],
            })}
          </p>
        )}
        {rule && rule.rateBasisPoints > 0 && vatAccounts.length === 2 && (
          <p className="kt-field__help" data-testid="bank-book-vat-split">{t('The whole amount is the base; its VAT is booked both on {inputAccount} and {outputAccount} (reverse charge).', { inputAccount: vatAccounts[0], outputAccount: vatAccounts[1] })}</p>
        )}
      </div>
      <div className="kt-bank-form__field">
        <label className="kt-field__label" htmlFor={`book-text-${line.id}`}>{t('Voucher text')}</label>
        <input id={`book-text-${line.id}`} className="kt-input" value={text} maxLength={200} data-testid="bank-book-text" onChange={(e) => setText(e.target.value)} />
      </div>
      <NoteField id={`book-note-${line.id}`} value={note} onChange={setNote} testId="bank-book-note" />
      <ErrorLine error={error} testId="bank-book-error" />
      <div className="kt-bank-form__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onCancel}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy || !account} data-testid="bank-book-submit">{busy ? t('Posting…') : t('Book')}</button>
      </div>
    </form>
  );
}

function NoteField({ id, value, onChange, testId }: { id: string; value: string; onChange(value: string): void; testId: string }) {
  return (
    <div className="kt-bank-form__field">
      <label className="kt-field__label" htmlFor={id}>{t('Note')} <span className="kt-muted">{t('(optional, kept in the audit log)')}</span></label>
      <input id={id} className="kt-input" value={value} maxLength={500} placeholder={t('e.g. The customer confirmed by phone')} data-testid={testId} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

const decisionLabels: Record<string, string> = { ...bankOutcomeLabels, account: msg('Booked by hand') };

/** Every decision about the line, oldest first: what each found, by whom. */
function Decisions({ line }: { line: BankLineDetail }) {
  const me = useSession((s) => s.me);
  const automations = useReferenceData((s) => s.automations);
  const names = new Map((automations ?? []).map((a) => [a.id, a.name]));
  const self = actorOf(me);
  if (line.decisions.length === 0) return null;
  return (
    <section className="kt-bank-line__section" data-testid="bank-line-decisions">
      <h3>{t('History')}</h3>
      <ol className="kt-bank-line__history">
        {line.decisions.map((d) => (
          <li key={d.id} data-testid="bank-line-decision" data-kind={d.kind}>
            <div>
              <strong>{t(decisionLabels[d.kind] ?? d.kind)}</strong>
              {d.exceptionReason && <> — {exceptionReasonText(d.exceptionReason)}</>}
              {d.allocations.length > 0 && <> · {d.allocations.map((a) => `${a.invoiceNumber} ${formatMinor(a.amountMinor, line.currency)}`).join(', ')}</>}
              {d.account && <> · {t('account {account}', { account: d.account })}</>}
              {d.voucherId && <> · <a href={href({ page: 'voucher', id: d.voucherId })}>{t('voucher')}</a></>}
            </div>
            <p className="kt-bank-line__meta">
              {formatDateTime(d.decidedAt)} · {decider(d.decidedBy, self, names)}
              {d.reasons.length > 0 && <> · {d.reasons.map((r) => readable(r, self)).join('; ')}</>}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}
