/**
 * SIE import warnings in the request's language (issue 12). The parser and
 * the import write them in English (their tests and the audit keep it);
 * POST …/sie answers them in Swedish when asked, each recognised by its
 * English text in the catalogue (shared/i18n/catalogue.ts, sie_warning.*), as
 * the matcher's reasons are. A warning the catalogue does not know (the
 * closing-balance check's list) is answered as written.
 */
import { recogniserOf } from '../../shared/i18n/match-reasons.ts';
import { renderMessage, type MessageLanguage } from '../../shared/i18n/messages.ts';

const recognise = recogniserOf('sie_warning.', 'sie_');

export function sieWarningsIn<T extends { message: string }>(language: MessageLanguage, warnings: readonly T[]): T[] {
  if (language === 'en') return [...warnings];
  return warnings.map((warning) => {
    const found = recognise(warning.message);
    return found ? { ...warning, message: renderMessage(language, found) } : warning;
  });
}
