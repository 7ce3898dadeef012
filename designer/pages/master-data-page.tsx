/**
 * Master data (issue 13): accounts, voucher series, VAT codes, dimensions and
 * their objects, customers, suppliers and bank accounts — searchable tables,
 * create and edit dialogs whose fields say what is wrong as you type (the
 * shared request schemas) and after the server's answer (its `issues`), and
 * deactivation behind a confirmation. Nothing in use is ever deleted here.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { z } from 'zod';
import { bankAccountRequestSchema, customerRequestSchema } from '../../shared/api.ts';
import {
  accountCreateSchema, accountPatchSchema, dimensionCreateSchema, dimensionObjectCreateSchema, seriesCreateSchema, supplierRequestSchema,
  vatBaseBoxes, vatCodeCreateSchema, vatCodePatchSchema, vatVatBoxes, type MasterData, type MasterDataKind, type Supplier, type VatCode,
} from '../../shared/master-data.ts';
import { vatBoxes } from '../../shared/vat.ts';
import type { Account, Customer } from '../../shared/api.ts';
import { ApiRequestError } from '../api/client.ts';
import { masterDataApi, useMasterData } from '../api/master-data.ts';
import { useCan } from '../api/session.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { filterOptions, optionsOf } from '../nodes/widgets/picker-filter.ts';
import { MasterDataPicker } from '../nodes/widgets/master-data-picker.tsx';
import type { MasterDataTab } from '../router.ts';
import { ConfirmDialog, Dialog, ErrorLine, ReadOnlyNote, SectionTabs } from './parts.tsx';
import { msg, plural, t, useLanguage } from '../i18n/i18n.ts';

const tabs: { tab: MasterDataTab; label: string }[] = [
  { tab: 'accounts', label: msg('Accounts') }, { tab: 'series', label: msg('master data tab::Series') }, { tab: 'vat-codes', label: msg('VAT codes') },
  { tab: 'dimensions', label: msg('Dimensions') }, { tab: 'customers', label: msg('Customers') }, { tab: 'suppliers', label: msg('Suppliers') },
  { tab: 'bank-accounts', label: msg('Bank accounts') },
];

/** After a change: the pickers and the pages' chart see it. */
async function refresh(): Promise<void> {
  await Promise.all([useMasterData.getState().load(true), useReferenceData.getState().loadCompany()]);
}

// A form dialog whose fields show what is wrong: the schema's issues as you type, the server's after saving.

type FieldSpec = {
  key: string; label: string; help?: string; placeholder?: string; disabled?: boolean; wide?: boolean;
} & ({ type: 'text' | 'number' } | { type: 'select'; options: { value: string; label: string }[] } | { type: 'picker'; kind: MasterDataKind });

type Values = Record<string, string>;

/** Issues by field: "name" → "must not be empty" (an array request's "[0].name" counts as "name"). */
function issuesByField(issues: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.replace(/^\[\d+\]\./, '').split('.')[0];
    if (!(field in out)) out[field] = issue.message;
  }
  return out;
}

function schemaIssues(schema: z.ZodType, request: unknown): Record<string, string> {
  const parsed = schema.safeParse(request);
  return parsed.success ? {} : issuesByField(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
}

function FormDialog({ title, lead, fields, initial, schema, toRequest, submitLabel, onSubmit, onClose, testId }: {
  title: string; lead?: ReactNode; fields: FieldSpec[]; initial: Values; schema: z.ZodType; toRequest(values: Values): unknown;
  submitLabel: string; onSubmit(request: unknown): Promise<void>; onClose(): void; testId: string;
}) {
  const [values, setValues] = useState<Values>(initial);
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [tried, setTried] = useState(false);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const request = toRequest(values);
  const local = schemaIssues(schema, request);
  const shownIssue = (key: string) => ((tried || touched.has(key)) ? local[key] : undefined) ?? serverIssues[key];
  const set = (key: string, value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    setTouched((t) => new Set(t).add(key));
    setServerIssues(({ [key]: _gone, ...rest }) => rest);
  };
  const submit = async () => {
    setTried(true);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(request);
      onClose();
    } catch (thrown) {
      const body = thrown instanceof ApiRequestError ? thrown.body : null;
      const byField = issuesByField(body?.issues ?? []);
      const field = (body as { field?: string } | null)?.field?.replace(/^\[\d+\]\./, '');
      if (field && !byField[field]) byField[field] = (body?.message ?? '').replace(/^[^:]+: /, '');
      setServerIssues(byField);
      if (Object.keys(byField).length === 0) setError(thrown);
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} lead={lead} testId={testId} onClose={onClose} onSubmit={() => void submit()} wide={fields.length > 4}>
      <div className="kt-form-grid">
        {fields.map((field) => {
          const id = `${testId}-${field.key}`;
          const issue = shownIssue(field.key);
          const value = values[field.key] ?? '';
          return (
            <div key={field.key} className={`kt-field ${field.wide ? 'kt-field--wide' : ''}`}>
              <label className="kt-field__label" htmlFor={id}>{t(field.label)}</label>
              {field.type === 'select' ? (
                <select id={id} className={`kt-input kt-select ${issue ? 'is-invalid' : ''}`} value={value} disabled={field.disabled} data-testid={id}
                  onChange={(e) => set(field.key, e.target.value)}>
                  {field.options.map((o) => <option key={o.value} value={o.value}>{t(o.label)}</option>)}
                </select>
              ) : field.type === 'picker' ? (
                <MasterDataPicker kind={field.kind} id={id} testId={id} value={value} onChange={(v) => set(field.key, v)} invalid={!!issue} showProblem={!issue} />
              ) : (
                <input id={id} className={`kt-input ${issue ? 'is-invalid' : ''}`} value={value} disabled={field.disabled} placeholder={field.placeholder}
                  inputMode={field.type === 'number' ? 'decimal' : undefined} data-testid={id} aria-invalid={!!issue}
                  onChange={(e) => set(field.key, e.target.value)} onBlur={() => setTouched((t) => new Set(t).add(field.key))} />
              )}
              {field.help && !issue && <p className="kt-field__help">{t(field.help)}</p>}
              {issue && <p className="kt-field__issue kt-field__issue--error" data-testid={`${id}-issue`}>{issue}</p>}
            </div>
          );
        })}
      </div>
      <ErrorLine error={error} />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid={`${testId}-save`}>{busy ? t('Saving…') : submitLabel}</button>
      </div>
    </Dialog>
  );
}

const blankToUndefined = (text: string | undefined) => (text?.trim() ? text.trim() : undefined);
const blankToNull = (text: string | undefined) => (text?.trim() ? text.trim() : null);

function StatusChip({ active }: { active: boolean }) {
  return active ? <span className="kt-chip kt-chip--ok" data-testid="status">{t('Active')}</span> : <span className="kt-chip kt-chip--locked" data-testid="status">{t('Inactive')}</span>;
}

function SearchBar({ id, value, onChange, placeholder, children }: { id: string; value: string; onChange(v: string): void; placeholder: string; children?: ReactNode }) {
  return (
    <div className="kt-masterdata__bar">
      <div className="kt-filters__field kt-filters__field--grow">
        <label className="kt-field__label" htmlFor={id}>{t('Search')}</label>
        <input id={id} className="kt-input" type="search" value={value} placeholder={placeholder} data-testid={id} onChange={(e) => onChange(e.target.value)} />
      </div>
      {children}
    </div>
  );
}

function Empty({ children, testId = 'master-empty' }: { children: ReactNode; testId?: string }) {
  return <div className="kt-masterdata__empty" data-testid={testId}>{children}</div>;
}

// Accounts

const accountTypeOptions = [
  { value: '', label: msg('From the BAS class of the number') }, { value: 'asset', label: msg('Asset (1xxx)') }, { value: 'equity', label: msg('Equity (20xx)') },
  { value: 'liability', label: msg('Liability (2xxx)') }, { value: 'revenue', label: msg('Revenue (3xxx, 83xx)') }, { value: 'expense', label: msg('Expense (4xxx–8xxx)') },
];

/** The type column: the stored word in English, its Swedish name in Swedish. */
const accountTypeNames: Record<string, string> = {
  asset: msg('account type::asset'), equity: msg('account type::equity'), liability: msg('account type::liability'),
  revenue: msg('account type::revenue'), expense: msg('account type::expense'),
};

function AccountsTab({ data, canEdit }: { data: MasterData; canEdit: boolean }) {
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Account | 'new' | null>(null);
  const [toggling, setToggling] = useState<Account | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const rows = useMemo(() => {
    const all = optionsOf('account', data);
    const found = q.trim() ? filterOptions(all, q, 500) : all;
    const byNumber = new Map(data.accounts.map((a) => [a.number, a]));
    return found.map((o) => byNumber.get(o.value)!);
  }, [data, q]);
  return (
    <>
      <SearchBar id="account-search" value={q} onChange={setQ} placeholder={t('Number or name, e.g. 40 or inköp')}>
        {canEdit && <button type="button" className="kt-button kt-button--primary" data-testid="account-new" onClick={() => setEditing('new')}>{t('New account')}</button>}
      </SearchBar>
      {warnings.map((w) => <p key={w} className="kt-masterdata__warning" role="status" data-testid="account-warning">{w}</p>)}
      {rows.length === 0 ? (
        <Empty>{q ? <>{t('No account matches “{query}”.', { query: q })} {canEdit && t('Create it with New account.')}</> : t('The chart has no accounts yet: create one with New account, or import a SIE file under Ledger.')}</Empty>
      ) : (
        <table className="kt-table kt-table--middle" data-testid="accounts-table">
          <thead><tr><th>{t('Number')}</th><th>{t('Name')}</th><th>{t('Type')}</th><th>{t('VAT code')}</th><th>{t('Status')}</th><th /></tr></thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.number} data-testid="account-row" data-number={a.number}>
                <td className="kt-table__primary kt-mono">{a.number}</td><td>{a.name}</td><td>{t(accountTypeNames[a.type] ?? a.type)}</td><td>{a.vatCode ?? '—'}</td>
                <td><StatusChip active={a.active} /></td>
                <td className="kt-table__actions kt-nowrap">
                  {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="account-edit" onClick={() => setEditing(a)}>{t('Edit')}</button>}
                  {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="account-toggle" onClick={() => setToggling(a)}>{a.active ? t('Deactivate') : t('Reactivate')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <FormDialog testId="account-dialog" title={editing === 'new' ? t('New account') : t('Account {number}', { number: editing.number })} onClose={() => setEditing(null)}
          lead={editing === 'new' ? t('A BAS account number 1000–9999. The type follows the class of the number unless you choose one.') : t('The number never changes; rename it, or change its type or default VAT code.')}
          submitLabel={editing === 'new' ? t('Create account') : t('Save')}
          fields={[
            { key: 'number', label: msg('Number'), type: 'text', placeholder: '4011', disabled: editing !== 'new' },
            { key: 'name', label: msg('Name'), type: 'text', placeholder: 'Inköp material, projekt' },
            { key: 'type', label: msg('Type'), type: 'select', options: editing === 'new' ? accountTypeOptions : accountTypeOptions.slice(1) },
            { key: 'vatCode', label: msg('Default VAT code (optional)'), type: 'picker', kind: 'vat-code' },
          ]}
          initial={editing === 'new' ? { number: '', name: '', type: '', vatCode: '' } : { number: editing.number, name: editing.name, type: editing.type, vatCode: editing.vatCode ?? '' }}
          schema={editing === 'new' ? accountCreateSchema : accountPatchSchema}
          toRequest={(v) => editing === 'new'
            ? { number: v.number.trim(), name: v.name, ...(v.type ? { type: v.type } : {}), vatCode: blankToNull(v.vatCode) }
            : { name: v.name, type: v.type, vatCode: blankToNull(v.vatCode) }}
          onSubmit={async (request) => {
            if (editing === 'new') await masterDataApi.createAccount(request as z.infer<typeof accountCreateSchema>);
            else await masterDataApi.updateAccount(editing.number, request as z.infer<typeof accountPatchSchema>);
            await refresh();
          }} />
      )}
      {toggling && (
        <ConfirmDialog testId="account-toggle-dialog" danger={toggling.active} title={`${toggling.active ? t('Deactivate') : t('Reactivate')} ${toggling.number} ${toggling.name}?`}
          confirmLabel={toggling.active ? t('Deactivate') : t('Reactivate')}
          lead={toggling.active
            ? t('Nothing new can be posted to it, by hand or by an automation; its postings stay, and reversals still work. You can reactivate it later.')
            : t('It can be posted to again.')}
          onClose={() => setToggling(null)}
          onConfirm={async () => {
            const result = await masterDataApi.updateAccount(toggling.number, { active: !toggling.active });
            setWarnings(result.warnings);
            await refresh();
          }} />
      )}
    </>
  );
}

// Series

function SeriesTab({ data, canEdit }: { data: MasterData; canEdit: boolean }) {
  const [editing, setEditing] = useState<{ code: string; name: string } | 'new' | null>(null);
  return (
    <>
      <div className="kt-masterdata__bar">
        <p className="kt-muted">{t('A series numbers its vouchers without gaps. Its code, and so its numbering, never changes; rename it freely.')}</p>
        {canEdit && <button type="button" className="kt-button kt-button--primary" data-testid="series-new" onClick={() => setEditing('new')}>{t('New series')}</button>}
      </div>
      {data.series.length === 0 ? <Empty>{t('No series yet: create one with New series (e.g. A for manual vouchers).')}</Empty> : (
        <table className="kt-table kt-table--middle" data-testid="series-table">
          <thead><tr><th>{t('Code')}</th><th>{t('Name')}</th><th>{t('Vouchers')}</th><th /></tr></thead>
          <tbody>
            {data.series.map((s) => (
              <tr key={s.code} data-testid="series-row" data-code={s.code}>
                <td className="kt-table__primary kt-mono">{s.code}</td><td>{s.name}</td><td>{s.vouchers}</td>
                <td className="kt-table__actions kt-nowrap">
                  {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="series-edit" onClick={() => setEditing(s)}>{t('Rename')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <FormDialog testId="series-dialog" title={editing === 'new' ? t('New series') : t('Series {code}', { code: editing.code })} onClose={() => setEditing(null)}
          submitLabel={editing === 'new' ? t('Create series') : t('Save')}
          fields={[
            { key: 'code', label: msg('Code'), type: 'text', placeholder: 'F', disabled: editing !== 'new', help: msg('One or two capital letters') },
            { key: 'name', label: msg('Name'), type: 'text', placeholder: 'Löner' },
          ]}
          initial={editing === 'new' ? { code: '', name: '' } : { code: editing.code, name: editing.name }}
          schema={seriesCreateSchema}
          toRequest={(v) => ({ code: v.code.trim().toUpperCase(), name: v.name })}
          onSubmit={async (request) => {
            const body = request as { code: string; name: string };
            if (editing === 'new') await masterDataApi.createSeries(body);
            else await masterDataApi.renameSeries(editing.code, body.name);
            await refresh();
          }} />
      )}
    </>
  );
}

// VAT codes

const vatKinds = [
  { value: 'output', label: msg('Output VAT (sales)'), short: msg('VAT kind::Output') }, { value: 'input', label: msg('Input VAT (purchases)'), short: msg('VAT kind::Input') },
  { value: 'reverse_charge', label: msg('Reverse charge'), short: msg('VAT kind::Reverse charge') }, { value: 'eu_goods', label: msg('EU goods'), short: msg('EU goods') },
  { value: 'eu_services', label: msg('EU services'), short: msg('EU services') }, { value: 'exempt', label: msg('Exempt / 0 %'), short: msg('Exempt') },
];

/** The VAT return boxes a code's base and VAT may go to, labelled as on Skatteverket's form; blank: the default from kind and rate. */
const boxOptions = (boxes: readonly string[]) => [
  { value: '', label: msg('From kind and rate') },
  ...boxes.map((box) => {
    const found = vatBoxes.find((b) => b.box === box);
    const text = (useLanguage.getState().language === 'sv' ? found?.labelSv : found?.labelEn) ?? '';
    return { value: box, label: `${box} ${text}`.slice(0, 70) };
  }),
];

/** "25" or "12,5" percent → basis points; NaN when it is not a number. */
const basisPoints = (text: string) => Math.round(Number(text.trim().replace(',', '.')) * 100);

function VatCodesTab({ data, canEdit }: { data: MasterData; canEdit: boolean }) {
  const [editing, setEditing] = useState<VatCode | 'new' | null>(null);
  const [toggling, setToggling] = useState<VatCode | null>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  return (
    <>
      <div className="kt-masterdata__bar">
        <p className="kt-muted">{t('A code in use is deactivated, never deleted: new postings refuse it, what was posted keeps it. Its rate, accounts and boxes are fixed once vouchers carry it: create a new code instead.')}</p>
        {canEdit && <button type="button" className="kt-button kt-button--primary" data-testid="vat-new" onClick={() => setEditing('new')}>{t('New VAT code')}</button>}
      </div>
      {warnings.map((w) => <p key={w} className="kt-masterdata__warning" role="status" data-testid="vat-warning">{w}</p>)}
      {data.vatCodes.length === 0 ? <Empty>{t('No VAT codes yet: create one with New VAT code (e.g. MP1, output VAT 25 % to 2611).')}</Empty> : (
        <table className="kt-table kt-table--middle" data-testid="vat-table">
          <thead><tr><th>{t('Code')}</th><th>{t('Name')}</th><th>{t('Rate')}</th><th>{t('Kind')}</th><th title={t('Output / input VAT account')}>{t('VAT accounts')}</th><th title={t('VAT return boxes: base / VAT')}>{t('Boxes')}</th><th>{t('Lines')}</th><th>{t('Status')}</th><th /></tr></thead>
          <tbody>
            {data.vatCodes.map((v) => (
              <tr key={v.code} data-testid="vat-row" data-code={v.code}>
                <td className="kt-table__primary kt-mono">{v.code}</td><td>{v.name}</td><td className="kt-nowrap">{(v.rateBasisPoints / 100).toLocaleString('sv-SE')} %</td>
                <td className="kt-nowrap">{t(vatKinds.find((k) => k.value === v.kind)?.short ?? v.kind)}</td>
                <td className="kt-nowrap" title={t('Output / input VAT account')}>{v.outputAccount ?? '—'} / {v.inputAccount ?? '—'}</td>
                <td className="kt-nowrap kt-mono" title={t('VAT return boxes: base / VAT')} data-testid="vat-boxes">{v.baseBox ?? '—'} / {v.vatBox ?? '—'}</td><td>{v.lines}</td>
                <td><StatusChip active={v.active} /></td>
                <td className="kt-table__actions kt-nowrap">
                  {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="vat-edit" onClick={() => setEditing(v)}>{t('Edit')}</button>}
                  {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="vat-toggle" onClick={() => setToggling(v)}>{v.active ? t('Deactivate') : t('Reactivate')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <FormDialog testId="vat-dialog" title={editing === 'new' ? t('New VAT code') : t('VAT code {code}', { code: editing.code })} onClose={() => setEditing(null)}
          submitLabel={editing === 'new' ? t('Create VAT code') : t('Save')}
          fields={[
            { key: 'code', label: msg('Code'), type: 'text', placeholder: 'MP1', disabled: editing !== 'new' },
            { key: 'name', label: msg('Name'), type: 'text', placeholder: 'Utgående moms 25 %' },
            { key: 'rateBasisPoints', label: msg('Rate (%)'), type: 'number', placeholder: '25' },
            { key: 'kind', label: msg('Kind'), type: 'select', options: vatKinds },
            { key: 'outputAccount', label: msg('Output VAT account'), type: 'picker', kind: 'account' },
            { key: 'inputAccount', label: msg('Input VAT account'), type: 'picker', kind: 'account' },
            { key: 'baseBox', label: msg('VAT return box: base'), type: 'select', options: boxOptions(vatBaseBoxes), help: msg('Where the sale or purchase amount is declared, e.g. 05') },
            { key: 'vatBox', label: msg('VAT return box: VAT'), type: 'select', options: boxOptions(vatVatBoxes), help: msg('Where the VAT is declared, e.g. 10 (output 25 %) or 48 (input)') },
          ]}
          initial={editing === 'new'
            ? { code: '', name: '', rateBasisPoints: '25', kind: 'output', outputAccount: '', inputAccount: '', baseBox: '', vatBox: '' }
            : { code: editing.code, name: editing.name, rateBasisPoints: String(editing.rateBasisPoints / 100).replace('.', ','), kind: editing.kind,
              outputAccount: editing.outputAccount ?? '', inputAccount: editing.inputAccount ?? '', baseBox: editing.baseBox ?? '', vatBox: editing.vatBox ?? '' }}
          schema={editing === 'new' ? vatCodeCreateSchema : vatCodePatchSchema}
          toRequest={(v) => ({
            ...(editing === 'new' ? { code: v.code.trim().toUpperCase() } : {}), name: v.name, rateBasisPoints: basisPoints(v.rateBasisPoints), kind: v.kind,
            outputAccount: blankToNull(v.outputAccount), inputAccount: blankToNull(v.inputAccount),
            // blank: the server's default from kind and rate
            ...(v.baseBox ? { baseBox: v.baseBox } : {}), ...(v.vatBox ? { vatBox: v.vatBox } : {}),
          })}
          onSubmit={async (request) => {
            if (editing === 'new') await masterDataApi.createVatCode(request as z.infer<typeof vatCodeCreateSchema>);
            else await masterDataApi.updateVatCode(editing.code, request as z.infer<typeof vatCodePatchSchema>);
            await refresh();
          }} />
      )}
      {toggling && (
        <ConfirmDialog testId="vat-toggle-dialog" danger={toggling.active} title={toggling.active ? t('Deactivate VAT code {code}?', { code: toggling.code }) : t('Reactivate VAT code {code}?', { code: toggling.code })}
          confirmLabel={toggling.active ? t('Deactivate') : t('Reactivate')}
          lead={toggling.active ? plural(toggling.lines, 'New postings with {code} are refused; the {count} line that carries it keeps it.', 'New postings with {code} are refused; the {count} lines that carry it keep it.', { code: toggling.code }) : t('It can be used on new postings again.')}
          onClose={() => setToggling(null)}
          onConfirm={async () => {
            const result = await masterDataApi.updateVatCode(toggling.code, { active: !toggling.active });
            setWarnings(result.warnings);
            await refresh();
          }} />
      )}
    </>
  );
}

// Dimensions and objects

function DimensionsTab({ data, canEdit }: { data: MasterData; canEdit: boolean }) {
  const [newDimension, setNewDimension] = useState(false);
  const [editing, setEditing] = useState<{ dimension: number; dimensionName: string; code?: string; name?: string } | null>(null);
  const [toggling, setToggling] = useState<{ dimension: number; code: string; name: string; active: boolean } | null>(null);
  return (
    <>
      <div className="kt-masterdata__bar">
        <p className="kt-muted">{t('Dimensions as in SIE: 1 is cost centres, 6 projects. An object in use is deactivated, never deleted.')}</p>
        {canEdit && <button type="button" className="kt-button" data-testid="dimension-new" onClick={() => setNewDimension(true)}>{t('New dimension')}</button>}
      </div>
      {data.dimensions.length === 0 && <Empty>{t('No dimensions yet: create dimension 1 (cost centres) or 6 (projects) with New dimension.')}</Empty>}
      {data.dimensions.map((d) => (
        <section key={d.number} className="kt-section" data-testid={`dimension-${d.number}`}>
          <div className="kt-year-end__header">
            <h2>{d.name} <span className="kt-muted kt-h2-meta">{t('dimension {number}', { number: d.number })} · {plural(d.objects.length, '{count} object', '{count} objects')}</span></h2>
            {canEdit && <button type="button" className="kt-button kt-button--small" data-testid="object-new" onClick={() => setEditing({ dimension: d.number, dimensionName: d.name })}>{t('New object')}</button>}
          </div>
          {d.objects.length === 0 ? <Empty>{t('No {things} yet: add one with New object.', { things: d.name.toLowerCase() })}</Empty> : (
            <table className="kt-table kt-table--middle">
              <thead><tr><th>{t('Code')}</th><th>{t('Name')}</th><th>{t('Status')}</th><th /></tr></thead>
              <tbody>
                {d.objects.map((o) => (
                  <tr key={o.code} data-testid="object-row" data-code={o.code}>
                    <td className="kt-table__primary kt-mono">{o.code}</td><td>{o.name}</td><td><StatusChip active={o.active} /></td>
                    <td className="kt-table__actions kt-nowrap">
                      {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="object-edit"
                        onClick={() => setEditing({ dimension: d.number, dimensionName: d.name, code: o.code, name: o.name })}>{t('Rename')}</button>}
                      {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="object-toggle"
                        onClick={() => setToggling({ dimension: d.number, ...o })}>{o.active ? t('Deactivate') : t('Reactivate')}</button>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      {newDimension && (
        <FormDialog testId="dimension-dialog" title={t('New dimension')} onClose={() => setNewDimension(false)} submitLabel={t('Create dimension')}
          fields={[{ key: 'number', label: msg('Number (1–99)'), type: 'number', placeholder: '2' }, { key: 'name', label: msg('Name'), type: 'text', placeholder: 'Kostnadsbärare' }]}
          initial={{ number: '', name: '' }} schema={dimensionCreateSchema} toRequest={(v) => ({ number: Number(v.number), name: v.name })}
          onSubmit={async (request) => { await masterDataApi.createDimension(request as { number: number; name: string }); await refresh(); }} />
      )}
      {editing && (
        <FormDialog testId="object-dialog" title={editing.code ? `${editing.dimensionName} ${editing.code}` : t('New object in {dimension}', { dimension: editing.dimensionName })}
          onClose={() => setEditing(null)} submitLabel={editing.code ? t('Save') : t('Create object')}
          fields={[{ key: 'code', label: msg('Code'), type: 'text', placeholder: editing.dimension === 6 ? 'P3' : '400', disabled: !!editing.code },
            { key: 'name', label: msg('Name'), type: 'text' }]}
          initial={{ code: editing.code ?? '', name: editing.name ?? '' }} schema={dimensionObjectCreateSchema}
          toRequest={(v) => ({ code: v.code.trim(), name: v.name })}
          onSubmit={async (request) => {
            const body = request as { code: string; name: string };
            if (editing.code) await masterDataApi.updateObject(editing.dimension, editing.code, { name: body.name });
            else await masterDataApi.createObject(editing.dimension, body);
            await refresh();
          }} />
      )}
      {toggling && (
        <ConfirmDialog testId="object-toggle-dialog" danger={toggling.active} title={`${toggling.active ? t('Deactivate') : t('Reactivate')} ${toggling.code} ${toggling.name}?`}
          confirmLabel={toggling.active ? t('Deactivate') : t('Reactivate')}
          lead={toggling.active ? t('New postings to it are refused; what was posted keeps it.') : t('It can be posted to again.')}
          onClose={() => setToggling(null)}
          onConfirm={async () => { await masterDataApi.updateObject(toggling.dimension, toggling.code, { active: !toggling.active }); await refresh(); }} />
      )}
    </>
  );
}

// Customers and suppliers: searched on the server (there may be 10 000)

function useDebounced(value: string, ms = 250): string {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => { const t = setTimeout(() => setDebounced(value), ms); return () => clearTimeout(t); }, [value, ms]);
  return debounced;
}

const partyFields = (kind: 'customer' | 'supplier', isNew: boolean): FieldSpec[] => [
  { key: kind === 'customer' ? 'customerNo' : 'supplierNo', label: kind === 'customer' ? msg('Customer number') : msg('Supplier number'), type: 'text', disabled: !isNew,
    placeholder: kind === 'customer' ? 'K2001' : 'L3001' },
  { key: 'name', label: msg('Name'), type: 'text' },
  { key: 'orgNumber', label: msg('Organisation number'), type: 'text', placeholder: '556123-4567' },
  { key: 'vatNumber', label: msg('VAT number'), type: 'text', placeholder: 'SE556123456701' },
  { key: 'bankgiro', label: msg('Bankgiro'), type: 'text', placeholder: '5050-1055' },
  ...(kind === 'supplier' ? [
    { key: 'plusgiro', label: msg('Plusgiro'), type: 'text' as const },
    { key: 'iban', label: msg('IBAN'), type: 'text' as const, placeholder: 'SE45 5000 0000 0583 9825 7466' },
    { key: 'defaultExpenseAccount', label: msg('Default expense account'), type: 'picker' as const, kind: 'account' as const },
  ] : []),
  { key: 'email', label: msg('E-mail for invoices'), type: 'text', wide: kind === 'customer' },
];

function partyRequest(kind: 'customer' | 'supplier', v: Values, isNew: boolean): Record<string, unknown> {
  const optional = (key: string) => (isNew ? blankToUndefined(v[key]) : blankToNull(v[key]));
  return {
    [kind === 'customer' ? 'customerNo' : 'supplierNo']: (kind === 'customer' ? v.customerNo : v.supplierNo)?.trim() ?? '',
    name: v.name,
    orgNumber: optional('orgNumber'), vatNumber: optional('vatNumber'), bankgiro: optional('bankgiro'), email: optional('email'),
    ...(kind === 'supplier' ? { plusgiro: optional('plusgiro'), iban: optional('iban'), defaultExpenseAccount: optional('defaultExpenseAccount') } : {}),
  };
}

function PartiesTab({ kind, canEdit }: { kind: 'customer' | 'supplier'; canEdit: boolean }) {
  const [q, setQ] = useState('');
  const query = useDebounced(q);
  const [editing, setEditing] = useState<Customer | Supplier | 'new' | null>(null);
  const [toggling, setToggling] = useState<Supplier | null>(null);
  const page = useApi<{ rows: (Customer | Supplier)[]; total: number }>(async () => {
    if (kind === 'customer') { const found = await masterDataApi.customers(query); return { rows: found.customers, total: found.total }; }
    const found = await masterDataApi.suppliers(query);
    return { rows: found.suppliers, total: found.total };
  }, `${kind}:${query}`);
  const rows = page.data?.rows ?? [];
  const total = page.data?.total ?? 0;
  const numberOf = (row: Customer | Supplier) => ('customerNo' in row ? row.customerNo : row.supplierNo);
    return (
    <>
      <SearchBar id={`${kind}-search`} value={q} onChange={setQ} placeholder={t('Number, name or organisation number')}>
        {canEdit && <button type="button" className="kt-button kt-button--primary" data-testid={`${kind}-new`} onClick={() => setEditing('new')}>{kind === 'customer' ? t('New customer') : t('New supplier')}</button>}
      </SearchBar>
      {page.error && <ErrorLine error={page.error} />}
      {page.data && rows.length === 0 ? (
        <Empty>{query
          ? (kind === 'customer' ? t('No customer matches “{query}”.', { query }) : t('No supplier matches “{query}”.', { query }))
          : (kind === 'customer' ? t('No customers yet: create one with New customer, or send them to POST …/customers (up to 10 000 at a time).') : t('No suppliers yet: create one with New supplier, or send them to POST …/suppliers (up to 10 000 at a time).'))}</Empty>
      ) : (
        <table className="kt-table kt-table--middle" data-testid={`${kind}s-table`}>
          <thead><tr><th>{t('Number')}</th><th>{t('Name')}</th><th>{t('Organisation number')}</th><th>Bankgiro</th>{kind === 'supplier' ? <><th>{t('Default account')}</th><th>{t('Status')}</th></> : <th>{t('E-mail')}</th>}<th /></tr></thead>
          <tbody>
            {rows.map((row) => (
              <tr key={numberOf(row)} data-testid={`${kind}-row`} data-number={numberOf(row)}>
                <td className="kt-table__primary kt-mono">{numberOf(row)}</td><td>{row.name}</td><td className="kt-nowrap">{row.orgNumber ?? '—'}</td>
                <td className="kt-nowrap">{row.bankgiro ?? '—'}</td>
                {'supplierNo' in row ? <><td>{row.defaultExpenseAccount ?? '—'}</td><td><StatusChip active={row.active} /></td></> : <td>{row.email ?? '—'}</td>}
                <td className="kt-table__actions kt-nowrap">
                  {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid={`${kind}-edit`} onClick={() => setEditing(row)}>{t('Edit')}</button>}
                  {canEdit && 'supplierNo' in row && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="supplier-toggle" onClick={() => setToggling(row)}>{row.active ? t('Deactivate') : t('Reactivate')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.data && total > rows.length && <p className="kt-muted">{t('Showing {shown} of {total}: search to narrow it down.', { shown: rows.length, total })}</p>}
      {editing && (
        <FormDialog testId={`${kind}-dialog`} title={editing === 'new' ? (kind === 'customer' ? t('New customer') : t('New supplier')) : (kind === 'customer' ? t('Customer {number}', { number: numberOf(editing) }) : t('Supplier {number}', { number: numberOf(editing) }))}
          onClose={() => setEditing(null)} submitLabel={editing === 'new' ? (kind === 'customer' ? t('Create customer') : t('Create supplier')) : t('Save')}
          lead={t('Numbers are checked as Swedish ones are (organisation number and giro mod 10, IBAN mod 97) and stored in one form.')}
          fields={partyFields(kind, editing === 'new')}
          initial={editing === 'new' ? {} : {
            [kind === 'customer' ? 'customerNo' : 'supplierNo']: numberOf(editing), name: editing.name, orgNumber: editing.orgNumber ?? '', vatNumber: editing.vatNumber ?? '',
            bankgiro: editing.bankgiro ?? '', email: editing.email ?? '',
            ...('supplierNo' in editing ? { plusgiro: editing.plusgiro ?? '', iban: editing.iban ?? '', defaultExpenseAccount: editing.defaultExpenseAccount ?? '' } : {}),
          }}
          schema={kind === 'customer' ? customerRequestSchema : supplierRequestSchema}
          toRequest={(v) => partyRequest(kind, v, editing === 'new')}
          onSubmit={async (request) => {
            if (kind === 'customer') await masterDataApi.upsertCustomer(request as z.infer<typeof customerRequestSchema>);
            else await masterDataApi.upsertSupplier(request as z.infer<typeof supplierRequestSchema>);
            page.reload();
            await refresh();
          }} />
      )}
      {toggling && (
        <ConfirmDialog testId="supplier-toggle-dialog" danger={toggling.active} title={`${toggling.active ? t('Deactivate') : t('Reactivate')} ${toggling.supplierNo} ${toggling.name}?`}
          confirmLabel={toggling.active ? t('Deactivate') : t('Reactivate')}
          lead={toggling.active ? t('Pickers show it as inactive and automations that name it are flagged; its invoices stay.') : t('It can be chosen again.')}
          onClose={() => setToggling(null)}
          onConfirm={async () => {
            await masterDataApi.upsertSupplier({ supplierNo: toggling.supplierNo, name: toggling.name, active: !toggling.active });
            page.reload();
            await refresh();
          }} />
      )}
    </>
  );
}

// Bank accounts

function BankAccountsTab({ canEdit }: { canEdit: boolean }) {
  const accounts = useApi(masterDataApi.bankAccounts, 'bank-accounts');
  const [editing, setEditing] = useState<{ id: string; name: string } | 'new' | null>(null);
  return (
    <>
      <div className="kt-masterdata__bar">
        <p className="kt-muted">{t('Statements are matched to a bank account by its IBAN, bankgiro or plusgiro; those and its ledger account are fixed once created.')}</p>
        {canEdit && <button type="button" className="kt-button kt-button--primary" data-testid="bank-account-new" onClick={() => setEditing('new')}>{t('New bank account')}</button>}
      </div>
      {accounts.error && <ErrorLine error={accounts.error} />}
      {accounts.data && accounts.data.length === 0 ? <Empty>{t('No bank accounts yet: create one with New bank account to import statements.')}</Empty> : (
        <table className="kt-table kt-table--middle" data-testid="bank-accounts-table">
          <thead><tr><th>Id</th><th>{t('Name')}</th><th>{t('Ledger account')}</th><th>IBAN</th><th>Bankgiro</th><th>{t('Currency')}</th><th /></tr></thead>
          <tbody>
            {(accounts.data ?? []).map((b) => (
              <tr key={b.id} data-testid="bank-account-row" data-id={b.id}>
                <td className="kt-table__primary kt-mono">{b.id}</td><td>{b.name}</td><td>{b.ledgerAccount}</td><td className="kt-mono">{b.iban ?? '—'}</td>
                <td>{b.bankgiro ?? '—'}</td><td>{b.currency}</td>
                <td className="kt-table__actions kt-nowrap">
                  {canEdit && <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="bank-account-edit" onClick={() => setEditing(b)}>{t('Rename')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing && (
        <FormDialog testId="bank-account-dialog" title={editing === 'new' ? t('New bank account') : t('Bank account {id}', { id: editing.id })} onClose={() => setEditing(null)}
          submitLabel={editing === 'new' ? t('Create bank account') : t('Save')}
          fields={editing === 'new' ? [
            { key: 'id', label: msg('Id'), type: 'text', placeholder: 'savings' }, { key: 'name', label: msg('Name'), type: 'text' },
            { key: 'ledgerAccount', label: msg('Ledger account (19xx)'), type: 'picker', kind: 'account' }, { key: 'currency', label: msg('Currency'), type: 'text' },
            { key: 'iban', label: msg('IBAN'), type: 'text' }, { key: 'bankgiro', label: msg('Bankgiro'), type: 'text' },
          ] : [{ key: 'name', label: msg('Name'), type: 'text', wide: true }]}
          initial={editing === 'new' ? { id: '', name: '', ledgerAccount: '', currency: 'SEK', iban: '', bankgiro: '' } : { name: editing.name }}
          schema={editing === 'new' ? bankAccountRequestSchema : bankAccountRequestSchema.pick({ name: true })}
          toRequest={(v) => (editing === 'new'
            ? { id: v.id.trim(), name: v.name, ledgerAccount: v.ledgerAccount, currency: v.currency.trim().toUpperCase(), iban: blankToUndefined(v.iban), bankgiro: blankToUndefined(v.bankgiro) }
            : { name: v.name })}
          onSubmit={async (request) => {
            if (editing === 'new') await masterDataApi.createBankAccount(request as z.infer<typeof bankAccountRequestSchema>);
            else await masterDataApi.renameBankAccount(editing.id, (request as { name: string }).name);
            accounts.reload();
            await refresh();
          }} />
      )}
    </>
  );
}

export function MasterDataPage({ tab }: { tab: MasterDataTab }) {
  const data = useMasterData((s) => s.data);
  const error = useMasterData((s) => s.error);
  useEffect(() => { void useMasterData.getState().load(); }, []);
  const can = useCan();
  const chartEdit = can('admin');
  const partiesEdit = can('ledger:write');
  const readOnly = ['customers', 'suppliers'].includes(tab) ? !partiesEdit : !chartEdit;
  return (
    <div className="kt-page" data-testid="master-data-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Master data')}</h1>
          <p className="kt-page__lead">{t('What vouchers and automations refer to. Every change is in the audit log; nothing in use is deleted — deactivate it instead.')}</p>
        </div>
      </header>
      <SectionTabs label={msg('Master data')} active={`master-tab-${tab}`}
        tabs={tabs.map((item) => ({ label: item.label, route: { page: 'master-data', tab: item.tab }, testId: `master-tab-${item.tab}` }))} />
      {readOnly && <ReadOnlyNote>{['customers', 'suppliers'].includes(tab) ? t('Changing customers and suppliers needs the “ledger:write” permission.') : t('Changing the chart needs the “admin” permission.')}</ReadOnlyNote>}
      {error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load master data: {error}', { error })}</div>}
      {tab === 'customers' ? <PartiesTab key="customer" kind="customer" canEdit={partiesEdit} />
        : tab === 'suppliers' ? <PartiesTab key="supplier" kind="supplier" canEdit={partiesEdit} />
          : tab === 'bank-accounts' ? <BankAccountsTab canEdit={chartEdit} />
            : !data ? <div className="kt-loading">{t('Loading…')}</div>
              : tab === 'accounts' ? <AccountsTab data={data} canEdit={chartEdit} />
                : tab === 'series' ? <SeriesTab data={data} canEdit={chartEdit} />
                  : tab === 'vat-codes' ? <VatCodesTab data={data} canEdit={chartEdit} />
                    : <DimensionsTab data={data} canEdit={chartEdit} />}
    </div>
  );
}
