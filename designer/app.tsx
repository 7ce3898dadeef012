import { useEffect } from 'react';
import { companyId, switchCompany } from './api/client.ts';
import { roleIn } from './api/permissions.ts';
import { useCan, useSession } from './api/session.ts';
import { useReferenceData } from './api/use-api.ts';
import { Icon, type IconName } from './nodes/icons.tsx';
import { AdminPage } from './pages/admin-page.tsx';
import { CompanySwitcher } from './pages/company-switcher.tsx';
import { AuditPage } from './pages/audit-page.tsx';
import { AutomationEditorPage } from './pages/automation-editor-page.tsx';
import { OriginalsPage } from './pages/originals-page.tsx';
import { AutomationsPage } from './pages/automations-page.tsx';
import { BankPage, BankReconciliationPage } from './pages/bank-page.tsx';
import { ExceptionsPage } from './pages/exceptions-page.tsx';
import { LedgerPage } from './pages/ledger-page.tsx';
import { MasterDataPage } from './pages/master-data-page.tsx';
import { NewVoucherPage } from './pages/new-voucher-page.tsx';
import { PeriodsPage } from './pages/periods-page.tsx';
import { ExchangeRatesPage } from './pages/exchange-rates-page.tsx';
import { BalanceSheetPage, GeneralLedgerPage, IncomeStatementPage, OpenItemsPage, TrialBalancePage } from './pages/reports-page.tsx';
import { VatReturnPage } from './pages/vat-return-page.tsx';
import { RunPage } from './pages/run-page.tsx';
import { RunsPage } from './pages/runs-page.tsx';
import { SiePage } from './pages/sie-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { VoucherPage } from './pages/voucher-page.tsx';
import { href, leaveThen, usePendingLeave, useRoute, type PendingLeave, type Route } from './router.ts';
import { Dialog } from './pages/parts.tsx';
import { LanguageSwitch } from './i18n/language-switch.tsx';
import { msg, t, useLanguage } from './i18n/i18n.ts';

/** Roles as a person reads them, for the catalogue (t(role) below). */
export const roleMessages = [msg('viewer'), msg('designer'), msg('publisher'), msg('approver'), msg('admin')];

const navigation: { label: string; testId: string; route: Route; icon: IconName; pages: Route['page'][]; adminOnly?: boolean }[] = [
  { label: msg('Automations'), testId: 'nav-automations', route: { page: 'automations' }, icon: 'flow', pages: ['automations', 'automation'] },
  { label: msg('Ledger'), testId: 'nav-ledger', route: { page: 'ledger' }, icon: 'ledger', pages: ['ledger', 'voucher', 'new-voucher', 'periods', 'sie', 'exchange-rates'] },
  { label: msg('Reports'), testId: 'nav-reports', route: { page: 'trial-balance' }, icon: 'chart', pages: ['trial-balance', 'general-ledger', 'open-items', 'balance-sheet', 'income-statement', 'vat-return'] },
  { label: msg('Runs'), testId: 'nav-runs', route: { page: 'runs' }, icon: 'runs', pages: ['runs', 'run'] },
  { label: msg('Bank'), testId: 'nav-bank', route: { page: 'bank' }, icon: 'bank', pages: ['bank', 'bank-reconciliation'] },
  { label: msg('Exceptions'), testId: 'nav-exceptions', route: { page: 'exceptions' }, icon: 'inbox', pages: ['exceptions'] },
  { label: msg('Master data'), testId: 'nav-master-data', route: { page: 'master-data', tab: 'accounts' }, icon: 'book', pages: ['master-data'] },
  { label: msg('Audit log'), testId: 'nav-audit', route: { page: 'audit' }, icon: 'shield', pages: ['audit', 'originals'] },
  { label: msg('Administration'), testId: 'nav-admin', route: { page: 'admin', tab: 'members' }, icon: 'gear', pages: ['admin'], adminOnly: true },
];

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'automations': return <AutomationsPage />;
    case 'automation': return <AutomationEditorPage key={route.id} id={route.id} />;
    case 'ledger': return <LedgerPage voucherId={route.voucherId} />;
    case 'voucher': return <VoucherPage key={route.id} id={route.id} />;
    case 'new-voucher': return <NewVoucherPage />;
    case 'periods': return <PeriodsPage />;
    case 'exchange-rates': return <ExchangeRatesPage />;
    case 'sie': return <SiePage />;
    case 'trial-balance': return <TrialBalancePage from={route.from} to={route.to} />;
    case 'general-ledger': return <GeneralLedgerPage account={route.account} from={route.from} to={route.to} />;
    case 'open-items': return <OpenItemsPage kind={route.kind} asOf={route.asOf} />;
    case 'balance-sheet': return <BalanceSheetPage to={route.to} dimension={route.dimension} />;
    case 'income-statement': return <IncomeStatementPage from={route.from} to={route.to} dimension={route.dimension} />;
    case 'vat-return': return <VatReturnPage from={route.from} to={route.to} box={route.box} />;
    case 'runs': {
      const { page: _page, ...filters } = route;
      return <RunsPage filters={filters} />;
    }
    case 'run': return <RunPage key={route.id} id={route.id} />;
    case 'exceptions': {
      const { page: _page, ...filters } = route;
      return <ExceptionsPage filters={filters} />;
    }
    case 'bank': {
      const { page: _page, ...filters } = route;
      return <BankPage filters={filters} />;
    }
    case 'bank-reconciliation': return <BankReconciliationPage bankAccount={route.bankAccount} date={route.date} />;
    case 'audit': {
      const { page: _page, ...filters } = route;
      return <AuditPage filters={filters} />;
    }
    case 'originals': {
      const { page: _page, ...filters } = route;
      return <OriginalsPage filters={filters} />;
    }
    case 'admin': return <AdminPage tab={route.tab} />;
    case 'master-data': return <MasterDataPage tab={route.tab} />;
  }
}

/** "Leave without saving?" when a link (or Back) would drop unsaved work; Stay is the default (Enter, Escape). */
function LeaveDialog({ pending }: { pending: PendingLeave }) {
  return (
    <Dialog title={pending.message} testId="leave-dialog" onClose={pending.stay} onSubmit={pending.stay}
      lead={t('Your edits since the last save will be lost. Stay to keep them, then save.')}>
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" data-testid="leave-dialog-leave" onClick={pending.leave}>{t('Leave')}</button>
        <button type="submit" className="kt-button kt-button--primary" data-testid="leave-dialog-stay" autoFocus>{t('Stay')}</button>
      </div>
    </Dialog>
  );
}

export function App() {
  const route = useRoute();
  const pendingLeave = usePendingLeave();
  const company = useReferenceData((s) => s.company);
  const error = useReferenceData((s) => s.error);
  const session = useSession((s) => s.status);
  const me = useSession((s) => s.me);
  const can = useCan();
  const role = roleIn(me, companyId);
  const language = useLanguage((s) => s.language);
  useEffect(() => { document.documentElement.lang = language; }, [language]);
  useEffect(() => { void useSession.getState().check(); }, []);
  // The company kept in this browser is not (or no longer) one of this person's: show their first.
  const firstCompany = me?.companies[0]?.id;
  const shownHere = !me || me.companies.some((c) => c.id === companyId);
  useEffect(() => { if (!shownHere && firstCompany) switchCompany(firstCompany); }, [shownHere, firstCompany]);
  useEffect(() => {
    if (session === 'signed-in' || session === 'open') {
      void useReferenceData.getState().loadCompany();
      void useReferenceData.getState().loadAutomations();
    }
  }, [session, language]); // a language's names of the demo's examples
  if (session === 'checking') return <div className="kt-page kt-loading">{t('Loading…')}</div>;
  if (session === 'signed-out') return <SignInPage key={language} />;
  return (
    // key: a change of language remounts the pages, so every t() reads the new one
    <div className={`kt-app ${route.page === 'automation' ? 'kt-app--editor' : ''}`} key={language}>
      <nav className="kt-nav" aria-label={t('Main')}>
        <a className="kt-brand" href={href({ page: 'automations' })}>
          <span className="kt-brand__mark">K</span>
          <span className="kt-brand__name">Kontera</span>
        </a>
        <ul className="kt-nav__list">
          {navigation.filter((item) => !item.adminOnly || can('admin')).map((item) => (
            <li key={item.label}>
              <a className={`kt-nav__link ${item.pages.includes(route.page) ? 'is-active' : ''}`} href={href(item.route)}
                data-testid={item.testId} title={t(item.label)} aria-current={item.pages.includes(route.page) ? 'page' : undefined}>
                <Icon name={item.icon} size={17} />
                <span>{t(item.label)}</span>
              </a>
            </li>
          ))}
        </ul>
        <div className="kt-nav__company" title={company ? `${company.name} · ${company.orgNumber}` : undefined}>
          <CompanySwitcher me={me} company={company ?? null} />
          {!company && error ? <span className="kt-nav__offline" role="status">{t('Server unreachable')}</span> : null}
          {me && (
            <div className="kt-nav__user">
              <span className="kt-nav__who">
                <span className="kt-nav__company-meta" data-testid="signed-in-as">{me.user?.email ?? me.token?.name}</span>
                {role && <span className="kt-nav__role" data-testid="signed-in-role">{t(role)}</span>}
              </span>
              <button type="button" className="kt-nav__signout" onClick={() => leaveThen(() => void useSession.getState().signOut())}>{t('Sign out')}</button>
              <LanguageSwitch />
            </div>
          )}
        </div>
      </nav>
      <main className="kt-main">
        <Page route={route} />
      </main>
      {pendingLeave && <LeaveDialog pending={pendingLeave} />}
    </div>
  );
}
