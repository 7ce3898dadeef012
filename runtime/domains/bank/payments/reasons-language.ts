/**
 * A bank line's outcome and decisions with the matcher's reasons in the
 * request's language (issue 12): they are stored in English
 * (payment_decisions.reasons, each candidate's reasons) and recognised as
 * messages when read (shared/i18n/match-reasons.ts). English is returned as stored.
 */
import { matchReasonsIn } from '../../../../shared/i18n/match-reasons.ts';
import type { MessageLanguage } from '../../../../shared/i18n/messages.ts';

interface WithReasons { reasons?: string[]; candidates?: { reasons: string[] }[] }

/** The reasons of an outcome or a decision, and of its candidates, in `language`. */
export function reasonsIn<T extends WithReasons>(language: MessageLanguage, item: T): T {
  if (language === 'en') return item;
  return {
    ...item,
    ...(item.reasons ? { reasons: matchReasonsIn(language, item.reasons) } : {}),
    ...(item.candidates ? { candidates: item.candidates.map((c) => ({ ...c, reasons: matchReasonsIn(language, c.reasons) })) } : {}),
  };
}

/** A bank line with its outcome's reasons in `language`. */
export function lineIn<T extends { outcome: WithReasons }>(language: MessageLanguage, line: T): T {
  return language === 'en' ? line : { ...line, outcome: reasonsIn(language, line.outcome) };
}
