/**
 * The VAT return (momsdeklaration): Skatteverket's boxes for a month, a calendar quarter or a fiscal year,
 * in the form's order with Swedish and English labels, in whole kronor (öre dropped). A box opens to the
 * accounts, VAT codes and voucher lines behind it. "Post settlement" books the period's VAT to 2650
 * (runtime/ledger/vat-return.ts); the EU sales list (periodisk sammanställning) shows when boxes 35, 38 or 39 are not zero.
 */
import { Fragment, useMemo, useState } from 'react';
import { vatSections, type VatReturn, type VatReturnBox } from '../../shared/vat.ts';
import { api } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { formatDate, formatMinor } from '../format.ts';
import { todayLocal } from '../ledger/periods.ts';
import { defaultVatPeriod, vatPeriodOptions, type VatPeriodOption } from '../ledger/vat-periods.ts';
import { href, navigate } from '../router.ts';
import { Dialog, ErrorLine, ReadOnlyNote, saveFile } from './parts.tsx';
import { ReportsHeader } from './reports-page.tsx';
import { t } from '../i18n/i18n.ts';

const kronor = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
const kr = (value: number) => `${kronor.format(value)} kr`;

function PeriodPicker({ options, value, onChange }: { options: VatPeriodOption[]; value: VatPeriodOption; onChange(option: VatPeriodOption): void }) {
  const groups: [VatPeriodOption['kind'], string][] = [['quarter', t('Quarters')], ['month', t('Months')], ['year', t('Fiscal years')]];
  const key = (o: VatPeriodOption) => `${o.from}..${o.to}`;
  return (
    <select id="vat-period" className="kt-input kt-select" value={key(value)} data-testid="vat-period"
      onChange={(e) => { const next = options.find((o) => key(o) === e.target.value); if (next) onChange(next); }}>
      {groups.map(([kind, label]) => (
        <optgroup key={kind} label={label}>
          {options.filter((o) => o.kind === kind).map((o) => <option key={key(o)} value={key(o)}>{o.label}</option>)}
        </optgroup>
      ))}
    </select>
  );
}

function BoxDetail({ box, currency }: { box: VatReturnBox; currency: string }) {
  if (!box.sources.length) return <p className="kt-muted">{t('Nothing was booked to this box in the period.')}</p>;
  return (
    <div className="kt-vat__detail" data-testid={`vat-box-detail-${box.box}`}>
      <p className="kt-muted">
        {t('From {sources} — exact {exact}, declared {declared}.', {
          sources: box.sources.map((s) => `${s.account}${s.vatCode ? ` (${s.vatCode})` : ''} ${formatMinor(s.amountMinor, currency)}`).join(' · '),
          exact: formatMinor(box.amountMinor, currency), declared: kr(box.kronor),
        })}
      </p>
      <table className="kt-table kt-table--compact">
        <thead><tr><th>{t('Date')}</th><th>{t('Voucher')}</th><th>{t('Account')}</th><th>{t('VAT code')}</th><th>{t('Text')}</th><th className="kt-num">{t('Amount')}</th></tr></thead>
        <tbody>
          {box.lines.map((line, i) => (
            <tr key={`${line.voucherId}-${i}`} data-testid="vat-box-line">
              <td className="kt-nowrap">{formatDate(line.date)}</td>
              <td className="kt-nowrap"><a href={href({ page: 'voucher', id: line.voucherId })}>{line.voucher}</a></td>
              <td>{line.account}</td>
              <td>{line.vatCode ?? ''}</td>
              <td>{line.text ?? ''}</td>
              <td className="kt-num">{formatMinor(line.amountMinor, currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {box.linesTruncated && <p className="kt-muted">{t('Only the first lines are listed; the sum is over all of them.')}</p>}
    </div>
  );
}

function BoxesTable({ data, open, onToggle }: { data: VatReturn; open?: string; onToggle(box: string): void }) {
  const sections = useMemo(() => {
    const out: { section: string; boxes: VatReturnBox[] }[] = [];
    for (const box of data.boxes) {
      const last = out[out.length - 1];
      if (last?.section === box.section) last.boxes.push(box); else out.push({ section: box.section, boxes: [box] });
    }
    return out;
  }, [data]);
  return (
    <table className="kt-table kt-report kt-vat" data-testid="vat-return-table">
      <thead><tr><th className="kt-vat__box">Ruta</th><th>Benämning · Label</th><th className="kt-num">Belopp (kr)</th></tr></thead>
      {sections.map(({ section, boxes }) => {
        const heading = vatSections[section as keyof typeof vatSections];
        return (
          <tbody key={section}>
            <tr className="kt-report__group"><td colSpan={3}>{section}. {heading.sv} <span className="kt-table__secondary">· {heading.en}</span></td></tr>
            {boxes.map((box) => {
              const isResult = box.box === '49';
              const expanded = open === box.box;
              return (
                <Fragment key={box.box}>
                  <tr data-testid="vat-box" data-box={box.box} data-kronor={box.kronor}
                    className={`${isResult ? 'kt-report__subtotal kt-vat__result' : ''} ${box.kronor === 0 && !isResult ? 'kt-vat__zero' : ''}`}>
                    <td className="kt-vat__box">
                      {isResult ? box.box : (
                        <button type="button" className="kt-vat__toggle" aria-expanded={expanded} data-testid={`vat-box-toggle-${box.box}`}
                          title={t('Show the accounts and lines behind this box')} onClick={() => onToggle(box.box)}>{expanded ? '▾' : '▸'} {box.box}</button>
                      )}
                    </td>
                    <td>{box.labelSv}<div className="kt-table__secondary">{box.labelEn}</div></td>
                    <td className={`kt-num ${isResult ? 'kt-report__strong' : ''}`}>{box.kronor === 0 && !isResult ? '—' : kronor.format(box.kronor)}</td>
                  </tr>
                  {expanded && <tr className="kt-vat__drill"><td /><td colSpan={2}><BoxDetail box={box} currency={data.currency} /></td></tr>}
                </Fragment>
              );
            })}
          </tbody>
        );
      })}
    </table>
  );
}

function SettleDialog({ data, onClose, onDone }: { data: VatReturn; onClose(): void; onDone(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    try {
      await api.settleVatReturn(data.fromPeriod, data.toPeriod);
      onDone();
    } catch (thrown) {
      setError(thrown);
      setBusy(false);
    }
  };
  const toPay = data.box49Kronor >= 0;
  return (
    <Dialog title={t('Post the VAT settlement for {period}?', { period: data.fromPeriod === data.toPeriod ? data.fromPeriod : `${data.fromPeriod} – ${data.toPeriod}` })} testId="vat-settle-dialog"
      onClose={onClose} onSubmit={() => void submit()}
      lead={t('A voucher dated {date} takes the period\'s balance off every VAT account and books box 49 to 2650 (Redovisningskonto för moms). Post it when the return is filed. It can be undone by reversing the voucher.', { date: formatDate(data.to) })}>
      <p data-testid="vat-settle-summary">
        {toPay ? t('VAT to pay') : t('VAT to get back')}: <strong>{kr(Math.abs(data.box49Kronor))}</strong> — {toPay ? t('credit 2650.') : t('debit 2650.')}
        {data.roundingMinor !== 0 && <> {t('The öre dropped, {amount}, go to 3740 (öres- och kronutjämning).', { amount: formatMinor(data.roundingMinor, data.currency) })}</>}
      </p>
      <ErrorLine error={error} testId="vat-settle-error" />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="vat-settle-confirm">{busy ? t('Posting…') : t('Post settlement')}</button>
      </div>
    </Dialog>
  );
}

function EuSalesList({ data }: { data: VatReturn }) {
  const [contactName, setContactName] = useState('');
  const [contactPhone, setContactPhone] = useState('');
  const [error, setError] = useState<unknown>(null);
  const download = async (format: 'eu-csv' | 'skv574') => {
    setError(null);
    try {
      const file = await api.downloadVatFile(data.fromPeriod, data.toPeriod, format, format === 'skv574' ? { contactName, contactPhone } : {});
      saveFile(file.blob, file.fileName ?? `periodisk-sammanstallning-${data.fromPeriod}.csv`);
    } catch (thrown) { setError(thrown); }
  };
  // Skatteverket takes the list for a month or a calendar quarter only.
  const months = (Number(data.toPeriod.slice(0, 4)) - Number(data.fromPeriod.slice(0, 4))) * 12 + Number(data.toPeriod.slice(5)) - Number(data.fromPeriod.slice(5)) + 1;
  const isYear = months !== 1 && months !== 3;
  return (
    <section className="kt-section" data-testid="eu-sales-list">
      <h2>{t('EU sales list')} <span className="kt-muted kt-h2-meta">{t('Periodisk sammanställning: boxes 35, 38 and 39 per buyer')}</span></h2>
      <table className="kt-table kt-report">
        <thead><tr><th>{t('Buyer\'s VAT number')}</th><th>{t('Customer')}</th><th className="kt-num">{t('Goods (kr)')}</th><th className="kt-num">{t('Triangulation (kr)')}</th><th className="kt-num">{t('Services (kr)')}</th><th>{t('Vouchers')}</th></tr></thead>
        <tbody>
          {data.euSalesList.rows.map((row, i) => (
            <tr key={`${row.vatNumber}-${i}`} data-testid="eu-sales-row">
              <td>{row.vatNumber ?? <span className="kt-chip kt-chip--error">{t('No VAT number')}</span>}</td>
              <td>{row.customerName ?? '—'}</td>
              <td className="kt-num">{row.goodsMinor ? kronor.format(row.goodsKronor) : ''}</td>
              <td className="kt-num">{row.triangulationMinor ? kronor.format(row.triangulationKronor) : ''}</td>
              <td className="kt-num">{row.servicesMinor ? kronor.format(row.servicesKronor) : ''}</td>
              <td className="kt-muted">{row.vouchers.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="kt-filters kt-vat__files" role="group" aria-label={t('EU sales list files')}>
        <button type="button" className="kt-button" data-testid="eu-csv" onClick={() => void download('eu-csv')}>{t('Download CSV')}</button>
        {!isYear && (
          <>
            <div className="kt-filters__field">
              <label className="kt-field__label" htmlFor="skv-name">{t('Contact person')}</label>
              <input id="skv-name" className="kt-input" maxLength={35} value={contactName} data-testid="skv-name" onChange={(e) => setContactName(e.target.value)} />
            </div>
            <div className="kt-filters__field">
              <label className="kt-field__label" htmlFor="skv-phone">{t('Phone')}</label>
              <input id="skv-phone" className="kt-input" maxLength={17} value={contactPhone} placeholder="08-123456" data-testid="skv-phone" onChange={(e) => setContactPhone(e.target.value)} />
            </div>
            <button type="button" className="kt-button" data-testid="skv574" disabled={!contactName.trim() || !contactPhone.trim()} onClick={() => void download('skv574')}
              title={t('Skatteverket\'s file format for the file transfer service (SKV574008)')}>{t('Download SKV574008 file')}</button>
          </>
        )}
      </div>
      <ErrorLine error={error} testId="eu-file-error" />
    </section>
  );
}

export function VatReturnPage({ from, to, box }: { from?: string; to?: string; box?: string }) {
  const periods = useApi(api.periods, 'periods');
  const currency = useReferenceData((s) => s.company?.baseCurrency) ?? 'SEK';
  const can = useCan();
  const options = useMemo(() => (periods.data ? vatPeriodOptions(periods.data) : []), [periods.data]);
  const chosen = useMemo(() => {
    if (from && to) return options.find((o) => o.from === from && o.to === to) ?? { from, to, label: `${from} – ${to}`, kind: 'quarter' as const };
    return defaultVatPeriod(options, todayLocal());
  }, [from, to, options]);
  const report = useApi(() => (chosen ? api.vatReturn(chosen.from, chosen.to) : Promise.resolve(null)), `vat:${chosen?.from}:${chosen?.to}`);
  const data = report.error ? undefined : report.data;
  const [settling, setSettling] = useState(false);
  const [fileError, setFileError] = useState<unknown>(null);
  const go = (next: { from: string; to: string; box?: string }) => navigate({ page: 'vat-return', ...next }, { replace: next.from === chosen?.from && next.to === chosen?.to });
  const downloadCsv = async () => {
    if (!chosen) return;
    setFileError(null);
    try {
      const file = await api.downloadVatFile(chosen.from, chosen.to, 'csv');
      saveFile(file.blob, file.fileName ?? `momsdeklaration-${chosen.from}-${chosen.to}.csv`);
    } catch (thrown) { setFileError(thrown); }
  };
  const settledOther = data?.overlappingSettlements ?? [];
  return (
    <div className="kt-page kt-page--wide" data-testid="vat-return-page">
      <ReportsHeader active="vat-return" lead={t('Momsdeklaration: Skatteverket\'s boxes for a month, a quarter or a fiscal year, in whole kronor with the öre dropped. Open a box to see the lines behind it; post the settlement to 2650 once the return is filed.')} />
      <div className="kt-filters" role="group" aria-label={t('VAT return')}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="vat-period">{t('VAT period')}</label>
          {chosen && <PeriodPicker options={options} value={chosen} onChange={(o) => go({ from: o.from, to: o.to })} />}
        </div>
        {data && (
          <p className="kt-filters__note" data-testid="vat-status">
            {formatDate(data.from)} – {formatDate(data.to)} · {data.settlement
              ? <>{t('Settled by voucher')} <a href={href({ page: 'voucher', id: data.settlement.voucherId })} data-testid="vat-settlement-voucher">{data.settlement.voucher}</a> ({formatDate(data.settlement.at)})</>
              : t('Not settled')}
          </p>
        )}
        {chosen && <div className="kt-filters__download"><button type="button" className="kt-button" data-testid="vat-csv" onClick={() => void downloadCsv()}>{t('Download CSV')}</button></div>}
        {data && !data.settlement && settledOther.length === 0 && can('periods:manage') && (
          <button type="button" className="kt-button kt-button--primary" data-testid="vat-settle" onClick={() => setSettling(true)}>{t('Post settlement…')}</button>
        )}
      </div>
      <ErrorLine error={fileError} testId="vat-file-error" />
      {data && !data.settlement && !can('periods:manage') && <ReadOnlyNote>{t('Posting the settlement needs the “periods:manage” permission.')}</ReadOnlyNote>}
      {(periods.error || report.error) && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load the VAT return: {error}', { error: (periods.error ?? report.error)!.message })}</div>}
      {!data && !report.error && <div className="kt-loading">{t('Loading…')}</div>}
      {data && (
        <>
          {settledOther.map((s) => (
            <div key={s.id} className="kt-notice kt-notice--info" data-testid="vat-overlap">
              {t('{from} – {to} is settled by voucher', { from: formatDate(s.fromDate), to: formatDate(s.toDate) })} <a href={href({ page: 'voucher', id: s.voucherId })}>{s.voucher}</a>{t(': this period overlaps it and cannot be settled as well.')}
            </div>
          ))}
          {data.warnings.map((w, i) => <div key={i} className="kt-notice kt-notice--error" data-testid="vat-warning">{w.message}</div>)}
          <div className="kt-vat__summary" data-testid="vat-box49">
            <span className="kt-muted">{data.box49Kronor >= 0 ? 'Moms att betala · VAT to pay' : 'Moms att få tillbaka · VAT to get back'}</span>
            <strong>{kr(Math.abs(data.box49Kronor))}</strong>
            <span className="kt-muted">{t('VAT accounts exactly {exact}; öre dropped {rounding}', { exact: formatMinor(data.netVatMinor, currency), rounding: formatMinor(data.roundingMinor, currency) })}</span>
          </div>
          <BoxesTable data={data} open={box} onToggle={(b) => go({ from: data.fromPeriod, to: data.toPeriod, box: box === b ? undefined : b })} />
          {(data.euSalesList.required || data.euSalesList.rows.length > 0) && <EuSalesList data={data} />}
        </>
      )}
      {settling && data && <SettleDialog data={data} onClose={() => setSettling(false)} onDone={() => { setSettling(false); report.reload(); }} />}
    </div>
  );
}
