/**
 * "Book…" on an inbox item opens a voucher to edit, prefilled with what is
 * known: the voucher the run proposed, when it got that far (a post-voucher
 * step's output in the trace — a posting the ledger then refused), otherwise
 * the event: a supplier invoice's lines, VAT and total; or any event's
 * amount, date and text on two lines whose accounts the person chooses.
 */
import type { ExceptionItem, RunDetail } from '../../shared/api.ts';
import { emptyLine, formatKronor, type VoucherForm, type VoucherFormLine } from './voucher-form.ts';

type Loose = Record<string, unknown>;
const isObject = (v: unknown): v is Loose => !!v && typeof v === 'object' && !Array.isArray(v);
const minorOf = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);
const dateOf = (v: unknown): string | null => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : null);
const textOf = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** The accounts a supplier invoice is booked against (BAS): input VAT, and the supplier's payable. */
export const inputVatAccount = '2641';
export const payablesAccount = '2440';

const line = (account: string, minor: number, side: 'debit' | 'credit', vatCode = '', text = ''): VoucherFormLine => ({
  ...emptyLine(), account, vatCode, text, [side]: formatKronor(Math.abs(minor)),
});

/** The event an item is about: its payload, the first of a delivery's lines, or a webhook's body. */
function eventOf(item: ExceptionItem, run?: RunDetail | null): Loose | null {
  let payload: unknown = run?.event ?? item.payload;
  if (Array.isArray(payload)) payload = payload[0];
  if (!isObject(payload)) return null;
  if (isObject(payload.event)) payload = payload.event;
  else if (typeof payload.webhookId === 'string' && isObject(payload.payload)) payload = { receivedAt: payload.receivedAt, ...payload.payload };
  return payload as Loose;
}

/** The lines a post-voucher step of the run computed (the last one), if any. */
function proposedByRun(run: RunDetail | null | undefined): { date: string | null; lines: VoucherFormLine[] } | null {
  for (const step of [...(run?.trace ?? [])].reverse()) {
    if (step.nodeType !== 'post-voucher' || !isObject(step.output) || !Array.isArray(step.output.lines)) continue;
    const lines = step.output.lines.filter(isObject).map((l) => {
      const debit = minorOf(l.debitMinor) ?? 0;
      const credit = minorOf(l.creditMinor) ?? 0;
      return line(textOf(l.account), debit > 0 ? debit : credit, debit > 0 ? 'debit' : 'credit', textOf(l.vatCode), textOf(l.text));
    });
    if (lines.length >= 2) return { date: dateOf(step.output.date), lines };
  }
  return null;
}

export function proposeBooking(item: ExceptionItem, run: RunDetail | null | undefined, today: string): VoucherForm {
  const event = eventOf(item, run) ?? {};
  const date = dateOf(event.bookingDate) ?? dateOf(event.invoiceDate) ?? dateOf(event.date) ?? dateOf(event.scheduledAt) ?? dateOf(event.receivedAt) ?? today;
  const invoice = typeof event.invoiceNumber === 'string' ? event : null;
  const text = (invoice
    ? `${textOf(invoice.supplierName) || 'Leverantörsfaktura'} ${textOf(invoice.invoiceNumber)}`
    : textOf(event.text) || textOf(event.note) || textOf(event.description) || item.reason).slice(0, 200);
  const byRun = proposedByRun(run);
  if (byRun) return { date: byRun.date ?? date, series: 'A', text, lines: byRun.lines };

  if (invoice && Array.isArray(invoice.lines) && minorOf(invoice.totalMinor) !== null) {
    const lines = invoice.lines.filter(isObject).flatMap((l) => {
      const amount = minorOf(l.amountMinor);
      return amount ? [line(textOf(l.account), amount, amount > 0 ? 'debit' : 'credit', textOf(l.vatCode), textOf(l.description).slice(0, 200))] : [];
    });
    const vat = minorOf(invoice.vatMinor) ?? 0;
    if (vat) lines.push(line(inputVatAccount, vat, vat > 0 ? 'debit' : 'credit', '', 'Ingående moms'));
    const total = minorOf(invoice.totalMinor)!;
    lines.push(line(payablesAccount, total, total > 0 ? 'credit' : 'debit', '', textOf(invoice.supplierName).slice(0, 200)));
    if (lines.length >= 2) return { date, series: 'A', text, lines };
  }

  const amount = minorOf(event.amountMinor) ?? minorOf(event.totalMinor);
  if (amount) {
    return { date, series: 'A', text, lines: [line('', amount, 'debit'), line('', amount, 'credit')] };
  }
  return { date, series: 'A', text, lines: [emptyLine(), emptyLine()] };
}
