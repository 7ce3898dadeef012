import { leaveThen } from '../router.ts';
import { languages, useLanguage } from './i18n.ts';

/**
 * "Svenska / English" at the foot of the navigation. The choice is kept in
 * this browser (localStorage); switching remounts the pages, so unsaved work
 * asks first, as leaving the page would.
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
            onClick={() => { if (language.id !== current) leaveThen(() => setLanguage(language.id)); }}>
            {language.name}
          </button>
        </span>
      ))}
    </div>
  );
}
