/**
 * The payment matcher's detailed reasons in another language (issue 12).
 *
 * The matcher (runtime/domains/bank/matching/match-payment.ts) writes its
 * reasons as English sentences on its hot path, and they are stored so in a
 * decision (payment_decisions.reasons, a candidate's reasons, a run's end
 * reason). Rather than carry a message beside each, a reason is recognised
 * when it is shown: each `match_reason.*` entry of the catalogue is the
 * matcher's English word for word, with `{parameters}` where it fills in
 * invoice numbers, amounts and names. Decisions stored before this read in
 * Swedish too. A sentence no entry recognises (a new one, a person's note)
 * is shown as written; match-reasons.test.ts runs the matcher through every
 * kind of decision and checks that each reason it writes is recognised.
 */
import { messageCatalogue } from './catalogue.ts';
import { renderMessage, type Message, type MessageCode, type MessageLanguage, type MessageParams } from './messages.ts';

interface Pattern { code: MessageCode; regex: RegExp; names: string[]; literal: number }

const escape = (text: string) => text.replace(/[.*+?^$(){}|[\]\\]/g, '\\$&');

/** The entries whose code starts with `prefix` as patterns; the longest literal text first, so "OCR {ocr} (extra reference) matches …" wins over "OCR {ocr} matches …". */
function patternsOf(which: string | readonly MessageCode[]): Pattern[] {
  const patterns: Pattern[] = [];
  for (const [code, { en }] of Object.entries(messageCatalogue)) {
    if (typeof which === 'string' ? !code.startsWith(which) : !which.includes(code as MessageCode)) continue;
    const names: string[] = [];
    const parts = en.split(/\{(\w+)\}/);
    let source = '^';
    parts.forEach((part, i) => {
      if (i % 2 === 0) source += escape(part);
      else { names.push(part); source += '(.+?)'; }
    });
    patterns.push({ code: code as MessageCode, regex: new RegExp(`${source}$`, 's'), names, literal: parts.filter((_, i) => i % 2 === 0).join('').length });
  }
  return patterns.sort((a, b) => b.literal - a.literal);
}

let reasons: Pattern[] | null = null;
let parts: Pattern[] | null = null;

/** a sentence as the first pattern that reads it, its parameters recognised as parts where they are one */
function recognise(text: string, patterns: Pattern[], nested: Pattern[] | null): Message | null {
  for (const { code, regex, names } of patterns) {
    const found = regex.exec(text);
    if (!found) continue;
    const params: MessageParams = {};
    names.forEach((name, i) => {
      const value = found[i + 1];
      params[name] = (nested && recognise(value, nested, null)) ?? value;
    });
    return names.length > 0 ? { code, params } : { code };
  }
  return null;
}

/** longer texts are shown as written (a reason is at most a few hundred characters; a note could be long) */
const textLengthMax = 2_000;

/** A matcher reason as a message when it is one the catalogue knows, else the text as written. */
export function matchReasonMessage(text: string): string | Message {
  if (text.length > textLengthMax) return text;
  reasons ??= patternsOf('match_reason.');
  parts ??= patternsOf('match_part.');
  return recognise(text, reasons, parts) ?? recognise(text, parts, null) ?? text;
}

/** A matcher reason in a language: English as stored; Swedish when recognised. */
export function matchReasonIn(language: MessageLanguage, text: string): string {
  if (language === 'en') return text;
  const recognised = matchReasonMessage(text);
  return typeof recognised === 'string' ? recognised : renderMessage(language, recognised);
}

/** A decision's or a candidate's reasons in a language. */
export function matchReasonsIn(language: MessageLanguage, texts: readonly string[]): string[] {
  return language === 'en' ? [...texts] : texts.map((text) => matchReasonIn(language, text));
}

/**
 * A recogniser for other English sentences stored without their code: the
 * messages `codes` (or those whose code starts with it), their parameters
 * recognised among `partCodes` (e.g. a skipped run's "already booked by …",
 * runtime/kernel/stored-reasons.ts; JSON Logic's problems in the editor).
 */
export function recogniserOf(codes: string | readonly MessageCode[], partCodes: string | readonly MessageCode[]): (text: string) => Message | null {
  let whole: Pattern[] | null = null;
  let nested: Pattern[] | null = null;
  return (text) => {
    if (text.length > textLengthMax) return null;
    whole ??= patternsOf(codes);
    nested ??= patternsOf(partCodes);
    return recognise(text, whole, nested);
  };
}
