/**
 * The company switcher at the foot of the navigation: the companies the
 * person may see, and "New company" for whoever may create one (the first
 * admin, GET /api/company-creation). Switching reloads the designer for the
 * chosen company.
 */
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Company, Me } from '../../shared/api.ts';
import { api, companyId, switchCompany } from '../api/client.ts';
import { Dialog, ErrorLine } from './parts.tsx';
import { t } from '../i18n/i18n.ts';

function NewCompanyDialog({ onClose }: { onClose(): void }) {
  const year = new Date().getFullYear();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [orgNumber, setOrgNumber] = useState('');
  const [start, setStart] = useState(`${year}-01-01`);
  const [end, setEnd] = useState(`${year}-12-31`);
  const [examples, setExamples] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await api.createCompany({ id: id.trim(), name: name.trim(), orgNumber: orgNumber.trim(), fiscalYear: { start, end }, examples });
      switchCompany(created.id);
    } catch (thrown) { setError(thrown); setBusy(false); }
  };
  return (
    <Dialog title={t('New company')} testId="new-company" onClose={onClose} onSubmit={() => void submit()}
      lead={t('With the BAS chart of accounts, VAT codes, voucher series and its first fiscal year, as the demo company has them. You become its admin.')}>
      <label className="kt-field__label" htmlFor="new-company-name">{t('Name')}</label>
      <input id="new-company-name" className="kt-input" value={name} required autoFocus data-testid="new-company-name" onChange={(e) => setName(e.target.value)} />
      <label className="kt-field__label kt-field__label--spaced" htmlFor="new-company-id">{t('Id')}</label>
      <input id="new-company-id" className="kt-input kt-input--code" value={id} required pattern="[a-z0-9][a-z0-9_\-]{0,39}" placeholder="acme"
        data-testid="new-company-id" onChange={(e) => setId(e.target.value)} />
      <p className="kt-field__help">{t('In every address of the company: lowercase letters, digits, "-" or "_".')}</p>
      <label className="kt-field__label kt-field__label--spaced" htmlFor="new-company-org">{t('Organisation number')}</label>
      <input id="new-company-org" className="kt-input" value={orgNumber} required placeholder="556123-4567" data-testid="new-company-org" onChange={(e) => setOrgNumber(e.target.value)} />
      <div className="kt-filters kt-filters--flat kt-new-company__year">
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="new-company-start">{t('Fiscal year from')}</label>
          <input id="new-company-start" type="date" className="kt-input" value={start} required data-testid="new-company-start" onChange={(e) => setStart(e.target.value)} />
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="new-company-end">{t('to')}</label>
          <input id="new-company-end" type="date" className="kt-input" value={end} required data-testid="new-company-end" onChange={(e) => setEnd(e.target.value)} />
        </div>
      </div>
      <label className="kt-check">
        <input type="checkbox" checked={examples} data-testid="new-company-examples" onChange={(e) => setExamples(e.target.checked)} />
        {t('Publish the example automations')}
      </label>
      <ErrorLine error={error} testId="new-company-error" />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="new-company-create">{busy ? t('Creating…') : t('Create company')}</button>
      </div>
    </Dialog>
  );
}

export function CompanySwitcher({ me, company }: { me: Me | null; company: Company | null }) {
  const [mayCreate, setMayCreate] = useState(false);
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    if (!me) return;
    let live = true;
    api.companyCreation().then((answer) => { if (live) setMayCreate(answer.allowed); }, () => { /* an older server: no button */ });
    return () => { live = false; };
  }, [me]);
  const companies = me?.companies ?? [];
  return (
    <>
      {companies.length > 1
        ? (
          <select className="kt-nav__switcher" aria-label={t('Company')} data-testid="company-switcher" value={companyId}
            onChange={(e) => switchCompany(e.target.value)}>
            {companies.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        )
        : company && <span className="kt-nav__company-name" data-testid="company-name">{company.name}</span>}
      {company && <span className="kt-nav__company-meta">{company.orgNumber}</span>}
      {mayCreate && (
        <button type="button" className="kt-nav__new-company" data-testid="new-company-open" onClick={() => setCreating(true)}>{t('+ New company')}</button>
      )}
      {/* outside the navigation, so it is styled as every other dialog */}
      {creating && createPortal(<NewCompanyDialog onClose={() => setCreating(false)} />, document.body)}
    </>
  );
}
