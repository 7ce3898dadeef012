/** Small pieces the pages share: section tabs, a dialog, a secret shown once, an error line, a date-range filter. */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { ApiRequestError } from '../api/client.ts';
import { href, type Route } from '../router.ts';
import { msg, t } from '../i18n/i18n.ts';

export function SectionTabs({ tabs, active, label }: { tabs: { label: string; route: Route; testId: string; hidden?: boolean }[]; active: string; label: string }) {
  return (
    <nav className="kt-tabs" aria-label={t(label)}>
      {tabs.filter((t) => !t.hidden).map((tab) => (
        <a key={tab.testId} href={href(tab.route)} data-testid={tab.testId}
          className={`kt-tabs__tab ${tab.testId === active ? 'is-active' : ''}`} aria-current={tab.testId === active ? 'page' : undefined}>
          {t(tab.label)}
        </a>
      ))}
    </nav>
  );
}

export const ledgerTabs = (active: 'vouchers' | 'periods' | 'sie' | 'rates') => (
  <SectionTabs label={msg('Ledger')} active={`ledger-tab-${active}`} tabs={[
    { label: msg('Vouchers'), route: { page: 'ledger' }, testId: 'ledger-tab-vouchers' },
    { label: msg('Periods'), route: { page: 'periods' }, testId: 'ledger-tab-periods' },
    { label: msg('SIE import & export'), route: { page: 'sie' }, testId: 'ledger-tab-sie' },
    { label: msg('Exchange rates'), route: { page: 'exchange-rates' }, testId: 'ledger-tab-rates' },
  ]} />
);

/** A modal form; Escape and the backdrop cancel. */
/**
 * A dialog that needs a reason (unlock a period, re-open a year, dismiss an exception): the reason as
 * typed, Submit refusing an empty one with `missing`, then `send(trimmed)`; a refusal is kept to show.
 * While sending, and after (the dialog closes on success), `busy` is true.
 */
export function useReasonSubmit(send: (reason: string) => Promise<void>, missing: string) {
  const [reason, setReasonText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const setReason = (value: string) => { setReasonText(value); setError(null); };
  const submit = async () => {
    if (!reason.trim()) { setError(new Error(missing)); return; }
    setBusy(true);
    try {
      await send(reason.trim());
    } catch (thrown) {
      setError(thrown);
      setBusy(false);
    }
  };
  return { reason, setReason, busy, error, submit };
}

/** The reason's label, text area and error line of such a dialog. */
export function ReasonField({ id, label, value, onChange, placeholder, maxLength, error, testId }: {
  id: string; label: string; value: string; onChange(value: string): void; placeholder: string; maxLength: number; error: unknown; testId: string;
}) {
  return (
    <>
      <label className="kt-field__label" htmlFor={id}>{label}</label>
      <textarea id={id} className="kt-input" rows={3} maxLength={maxLength} autoFocus value={value} data-testid={`${testId}-reason`}
        placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      <ErrorLine error={error} testId={`${testId}-error`} />
    </>
  );
}

export function Dialog({ title, lead, children, onClose, onSubmit, testId, wide }: {
  title: string; lead?: ReactNode; children: ReactNode; onClose(): void; onSubmit?(event: FormEvent): void; testId: string; wide?: boolean;
}) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const titleId = `${testId}-title`;
  return (
    <div className="kt-modal__backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <form className={`kt-modal ${wide ? 'kt-modal--wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}
        onSubmit={(e) => { e.preventDefault(); onSubmit?.(e); }}>
        <h2 id={titleId}>{title}</h2>
        {lead && <p className="kt-muted">{lead}</p>}
        {children}
      </form>
    </div>
  );
}

export function errorText(error: unknown): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 403) return t('Not allowed: {error}', { error: error.message });
    return error.message;
  }
  return (error as Error)?.message ?? String(error);
}

export function ErrorLine({ error, testId = 'form-error' }: { error: unknown; testId?: string }) {
  if (!error) return null;
  return <p className="kt-field__issue kt-field__issue--error" role="alert" data-testid={testId}>{errorText(error)}</p>;
}

/**
 * How each kind of secret is kept, said where it is shown: API tokens can be
 * hashed (only their hash is compared); a webhook signing secret cannot (the
 * server must sign with it), so it is kept encrypted.
 */
export const secretStorageText = {
  apiToken: msg('Kontera stores only a hash (SHA-256) of it; if it is lost, create a new one'),
  webhookSecret: msg('Kontera stores it encrypted (AES-256-GCM) with the server\'s secret key; rotate it if it leaks'),
} as const;

/** A secret shown exactly once, with a copy button and a warning that says so and how it is kept (`storage`). */
export function SecretOnce({ label, secret, testId, storage, children }: { label: string; secret: string; testId: string; storage: string; children?: ReactNode }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try { await navigator.clipboard.writeText(secret); setCopied(true); } catch { setCopied(false); }
  };
  return (
    <div className="kt-secret" data-testid={testId}>
      <p className="kt-secret__warning" role="alert"><strong>{t('Copy it now — it is shown only once.')}</strong> {t(storage)}{children ? '' : '.'}{children}</p>
      <label className="kt-field__label">{label}</label>
      <div className="kt-secret__row">
        <code className="kt-secret__value" data-testid={`${testId}-value`}>{secret}</code>
        <button type="button" className="kt-button kt-button--small" onClick={() => void copy()} data-testid={`${testId}-copy`}>
          {copied ? t('Copied') : t('Copy')}
        </button>
      </div>
    </div>
  );
}

/** "Read only" explained, for people without the permission a page's actions need. */
export function ReadOnlyNote({ children }: { children: ReactNode }) {
  return <p className="kt-readonly-note" data-testid="read-only-note">{children}</p>;
}

/** "Are you sure?" for an action that cannot be undone. */
export function ConfirmDialog({ title, lead, confirmLabel, danger, onConfirm, onClose, testId }: {
  title: string; lead: ReactNode; confirmLabel: string; danger?: boolean; onConfirm(): Promise<void>; onClose(): void; testId: string;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try { await onConfirm(); onClose(); } catch (thrown) { setError(thrown); setBusy(false); }
  };
  return (
    <Dialog title={title} lead={lead} testId={testId} onClose={onClose} onSubmit={() => void submit()}>
      <ErrorLine error={error} />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className={`kt-button ${danger ? 'kt-button--danger' : 'kt-button--primary'}`} disabled={busy} data-testid={`${testId}-confirm`} autoFocus>
          {busy ? t('Working…') : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/** The From/To date fields of a filter bar (runs, audit log, originals); an emptied field clears its bound. */
export function DateRangeFields({ idPrefix, from, to, fromLabel, onChange }: {
  idPrefix: string; from?: string; to?: string; fromLabel?: string; onChange: (change: { from?: string; to?: string }) => void;
}) {
  return (
    <>
      <div className="kt-filters__field">
        <label className="kt-field__label" htmlFor={`${idPrefix}-from`}>{fromLabel ?? t('From')}</label>
        <input id={`${idPrefix}-from`} type="date" className="kt-input" value={from ?? ''} data-testid={`${idPrefix}-from`} onChange={(e) => onChange({ from: e.target.value || undefined })} />
      </div>
      <div className="kt-filters__field">
        <label className="kt-field__label" htmlFor={`${idPrefix}-to`}>{t('To')}</label>
        <input id={`${idPrefix}-to`} type="date" className="kt-input" value={to ?? ''} data-testid={`${idPrefix}-to`} onChange={(e) => onChange({ to: e.target.value || undefined })} />
      </div>
    </>
  );
}

/** Hands a downloaded file to the browser as a save (SIE files, report CSVs). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
