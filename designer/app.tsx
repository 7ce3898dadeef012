import { useEffect } from 'react';
import { useSession } from './api/session.ts';
import { useReferenceData } from './api/use-api.ts';
import { Icon, type IconName } from './nodes/icons.tsx';
import { AutomationEditorPage } from './pages/automation-editor-page.tsx';
import { AutomationsPage } from './pages/automations-page.tsx';
import { ExceptionsPage } from './pages/exceptions-page.tsx';
import { LedgerPage } from './pages/ledger-page.tsx';
import { RunPage } from './pages/run-page.tsx';
import { RunsPage } from './pages/runs-page.tsx';
import { SignInPage } from './pages/sign-in-page.tsx';
import { href, useRoute, type Route } from './router.ts';

const navigation: { label: string; route: Route; icon: IconName; pages: Route['page'][] }[] = [
  { label: 'Automations', route: { page: 'automations' }, icon: 'flow', pages: ['automations', 'automation'] },
  { label: 'Ledger', route: { page: 'ledger' }, icon: 'ledger', pages: ['ledger'] },
  { label: 'Runs', route: { page: 'runs' }, icon: 'runs', pages: ['runs', 'run'] },
  { label: 'Exceptions', route: { page: 'exceptions' }, icon: 'inbox', pages: ['exceptions'] },
];

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'automations': return <AutomationsPage />;
    case 'automation': return <AutomationEditorPage key={route.id} id={route.id} />;
    case 'ledger': return <LedgerPage voucherId={route.voucherId} />;
    case 'runs': return <RunsPage automationId={route.automationId} />;
    case 'run': return <RunPage key={route.id} id={route.id} />;
    case 'exceptions': return <ExceptionsPage />;
  }
}

export function App() {
  const route = useRoute();
  const company = useReferenceData((s) => s.company);
  const error = useReferenceData((s) => s.error);
  const session = useSession((s) => s.status);
  const me = useSession((s) => s.me);
  useEffect(() => { void useSession.getState().check(); }, []);
  useEffect(() => {
    if (session === 'signed-in' || session === 'open') {
      void useReferenceData.getState().loadCompany();
      void useReferenceData.getState().loadAutomations();
    }
  }, [session]);
  if (session === 'checking') return <div className="kt-page kt-loading">Loading…</div>;
  if (session === 'signed-out') return <SignInPage />;
  return (
    <div className={`kt-app ${route.page === 'automation' ? 'kt-app--editor' : ''}`}>
      <nav className="kt-nav" aria-label="Main">
        <a className="kt-brand" href={href({ page: 'automations' })}>
          <span className="kt-brand__mark">K</span>
          <span className="kt-brand__name">Kontera</span>
        </a>
        <ul className="kt-nav__list">
          {navigation.map((item) => (
            <li key={item.label}>
              <a className={`kt-nav__link ${item.pages.includes(route.page) ? 'is-active' : ''}`} href={href(item.route)}
                data-testid={`nav-${item.label.toLowerCase()}`} aria-current={item.pages.includes(route.page) ? 'page' : undefined}>
                <Icon name={item.icon} size={17} />
                <span>{item.label}</span>
              </a>
            </li>
          ))}
        </ul>
        <div className="kt-nav__company" title={company ? `${company.name} · ${company.orgNumber}` : undefined}>
          {company
            ? <><span className="kt-nav__company-name">{company.name}</span><span className="kt-nav__company-meta">{company.orgNumber}</span></>
            : error ? <span className="kt-nav__offline" role="status">Server unreachable</span> : null}
          {me && (
            <div className="kt-nav__user">
              <span className="kt-nav__company-meta" data-testid="signed-in-as">{me.user?.email ?? me.token?.name}</span>
              <button type="button" className="kt-nav__signout" onClick={() => void useSession.getState().signOut()}>Sign out</button>
            </div>
          )}
        </div>
      </nav>
      <main className="kt-main">
        <Page route={route} />
      </main>
    </div>
  );
}
