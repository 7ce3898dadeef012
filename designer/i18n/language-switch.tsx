import { api } from '../api/client.ts';
import { useSession } from '../api/session.ts';
import { leaveThen } from '../router.ts';
import { languages, useLanguage, type Language } from './i18n.ts';

/** The choice, in this browser and on the signed-in person (so another browser opens in it too). */
function choose(language: Language, setLanguage: (language: Language) => void): void {
  setLanguage(language);
  if (useSession.getState().me?.user) {
    api.setPreferences({ language }).catch((error: unknown) => console.warn('Could not keep the language on your user', error));
  }
}

/**
 * "Svenska / English" at the foot of the navigation. The choice is kept in
 * this browser (localStorage) and on the signed-in person (a fresh browser
 * opens in it); switching remounts the pages, so unsaved work asks first, as
 * leaving the page would.
 */
export function LanguageSwitch() {
  const current = useLanguage((s) => s.language);
  const setLanguage = useLanguage((s) => s.setLanguage);
  return (
    <div className="kt-language" role="group" aria-label="Språk / Language" data-testid="language-switch" data-language={current}>
      {languages.map((language, i) => (
        <span key={language.id}>
          {i > 0 && <span className="kt-language__sep" aria-hidden> / </span>}
          <button type="button" className={`kt-language__option ${language.id === current ? 'is-active' : ''}`} lang={language.id}
            aria-pressed={language.id === current} data-testid={`language-${language.id}`}
            onClick={() => { if (language.id !== current) leaveThen(() => choose(language.id, setLanguage)); }}>
            {language.name}
          </button>
        </span>
      ))}
    </div>
  );
}
