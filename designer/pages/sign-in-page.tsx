import { useState, type FormEvent } from 'react';
import { useSession } from '../api/session.ts';
import { t } from '../i18n/i18n.ts';

export function SignInPage() {
  const signIn = useSession((s) => s.signIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(email.trim(), password);
    } catch (thrown) {
      setError((thrown as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="kt-signin">
      <form className="kt-signin__card" onSubmit={submit} data-testid="sign-in">
        <div className="kt-brand kt-brand--dark">
          <span className="kt-brand__mark">K</span>
          <span className="kt-brand__name">Kontera</span>
        </div>
        <h1>{t('Sign in')}</h1>
        <p className="kt-muted">{t('Rules and automations for your bookkeeping.')}</p>
        <label className="kt-field__label" htmlFor="sign-in-email">{t('E-mail')}</label>
        <input id="sign-in-email" className="kt-input" type="email" autoComplete="username" autoFocus required value={email}
          data-testid="sign-in-email" onChange={(e) => setEmail(e.target.value)} />
        <label className="kt-field__label" htmlFor="sign-in-password">{t('Password')}</label>
        <input id="sign-in-password" className="kt-input" type="password" autoComplete="current-password" required value={password}
          data-testid="sign-in-password" onChange={(e) => setPassword(e.target.value)} />
        {error && <p className="kt-field__issue kt-field__issue--error" role="alert">{error}</p>}
        <button type="submit" className="kt-button kt-button--primary kt-signin__submit" disabled={busy} data-testid="sign-in-submit">
          {busy ? t('Signing in…') : t('Sign in')}
        </button>
      </form>
    </div>
  );
}
