/**
 * zod's own sentences ("Invalid input: expected string, received undefined")
 * in a language, for a parse whose issues a person reads: zod's Swedish
 * locale, with a missing value said plainly. A schema's own message (e.g.
 * "must be a 4-digit account number") is the schema's and stays as written.
 */
import { z } from 'zod';
import type { MessageLanguage } from './messages.ts';

let swedish: z.core.$ZodErrorMap | null = null;

function swedishErrors(): z.core.$ZodErrorMap {
  if (swedish) return swedish;
  const locale = z.locales.sv().localeError;
  swedish = (issue) => {
    if (issue.code === 'invalid_type' && issue.input === undefined) return 'måste fyllas i';
    return locale(issue);
  };
  return swedish;
}

/** The parse options that make zod speak `language` (none for English: zod's default). */
export function zodParseOptions(language: MessageLanguage): { error?: z.core.$ZodErrorMap } {
  return language === 'sv' ? { error: swedishErrors() } : {};
}

type FinishedIssue = z.core.$ZodIssue;
const textOf = (said: ReturnType<z.core.$ZodErrorMap>): string | undefined => (typeof said === 'string' ? said : said?.message);

/**
 * A finished issue (its input no longer attached) in `language`: zod's own
 * sentence in the locale, the schema's own message as written. zod's English
 * is recognised by rendering the issue again in English.
 */
export function zodIssueMessage(issue: FinishedIssue, language: MessageLanguage): string {
  if (language === 'en') return issue.message;
  if (issue.code === 'invalid_type') {
    const said = /^Invalid input: expected (\S+), received (\S+)$/.exec(issue.message);
    if (!said) return issue.message;
    return said[2] === 'undefined' ? 'måste fyllas i' : `Ogiltig inmatning: förväntat ${said[1]}, fick ${said[2]}`;
  }
  const raw = issue as unknown as z.core.$ZodRawIssue;
  if (textOf(z.locales.en().localeError(raw)) !== issue.message) return issue.message;
  return textOf(swedishErrors()(raw)) ?? issue.message;
}
