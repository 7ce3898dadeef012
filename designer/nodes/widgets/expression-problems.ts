/**
 * JSON Logic's expression problems in the person's language (issue 12). The
 * analyzer (shared/json-logic) writes English — its tests, the API and the
 * run traces keep it — and the editor's squiggles recognise each problem by
 * its English text in the catalogue (shared/i18n/catalogue.ts, expression.*),
 * as the matcher's reasons are (shared/i18n/match-reasons.ts). A problem the
 * catalogue does not know is shown as written.
 */
import { recogniserOf } from '../../../shared/i18n/match-reasons.ts';
import { renderMessage } from '../../../shared/i18n/messages.ts';
import type { Language } from '../../i18n/i18n.ts';

const recognise = recogniserOf('expression.', 'expression_part.');

export function expressionProblemText(language: Language, text: string): string {
  if (language === 'en') return text;
  const found = recognise(text);
  return found ? renderMessage(language, found) : text;
}
