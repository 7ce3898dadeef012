/**
 * Text the server writes, in English and Swedish (issue 12). A message has a
 * stable code (stored data: never renamed) and named parameters; it is
 * rendered in a language where it is shown — by the runtime for the request's
 * `Accept-Language`, by the designer in the person's language. English stays
 * the API's default, so a client that asks for nothing reads what it always did.
 *
 * Parameters are `{name}` in both texts and must be the same names in both
 * (messages.test.ts checks). A parameter may itself be a message (rendered in
 * the same language) or a list of them (joined with "; ", or `{ items, join }`). Amounts and dates
 * are formatted before they are passed: the Swedish way in both languages, as
 * the designer shows them.
 */
import { messageCatalogue } from './catalogue.ts';

export type MessageLanguage = 'en' | 'sv';
export const messageLanguages: readonly MessageLanguage[] = ['en', 'sv'];

export type MessageCode = keyof typeof messageCatalogue;
/** A list joined by its own separator (e.g. names: ", "), where "; " between whole sentences does not fit. */
export interface MessageList { items: readonly (string | Message)[]; join: string }
export type MessageParam = string | number | Message | MessageList | readonly (string | Message)[];
export type MessageParams = Record<string, MessageParam>;

/** A sentence as data: what is stored beside the English text, so it can be shown in another language later. */
export interface Message {
  code: MessageCode;
  params?: MessageParams;
}

export function isMessageCode(code: unknown): code is MessageCode {
  return typeof code === 'string' && Object.hasOwn(messageCatalogue, code);
}

/** A message, checked: `message('validation.no_trigger')`. */
export function message(code: MessageCode, params?: MessageParams): Message {
  return params ? { code, params } : { code };
}

function renderParam(language: MessageLanguage, value: MessageParam): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => renderParam(language, v)).join('; ');
  if ('items' in value) return value.items.map((v) => renderParam(language, v)).join(value.join);
  return renderMessage(language, value as Message);
}

/** The message in `language`, parameters filled; an unknown placeholder is left as written, so a mistake shows. */
export function renderMessage(language: MessageLanguage, text: Message): string {
  const entry = messageCatalogue[text.code];
  const template = entry[language] ?? entry.en;
  const params = text.params ?? {};
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? renderParam(language, params[name]) : whole));
}

/** A branch id as a message: a condition's "true"/"false" are named as the canvas names them; any other id as it is. */
export function branchText(id: string): string | Message {
  return id === 'true' || id === 'false' ? { code: `branch.${id}` } : id;
}

/** English, the text stored and answered by default. */
export function english(code: MessageCode, params?: MessageParams): string {
  return renderMessage('en', message(code, params));
}

/** A reason as stored beside its English text (exceptions and runs, migration 0034): the code and its JSON parameters, or nulls. */
export function storedReason(text: Message | undefined): { reasonCode: string | null; reasonParams: string | null } {
  return text ? { reasonCode: text.code, reasonParams: text.params ? JSON.stringify(text.params) : null } : { reasonCode: null, reasonParams: null };
}

/**
 * A stored message (code and JSON parameters, migration 0034) in a language,
 * or the stored text when there is none or it is not a known code (rows
 * written before the codes, or by a newer version).
 */
export function renderStored(language: MessageLanguage, stored: { text: string; code: string | null; params: string | null }): string {
  if (language === 'en' || !stored.code || !isMessageCode(stored.code)) return stored.text;
  try {
    const params = stored.params ? (JSON.parse(stored.params) as MessageParams) : undefined;
    return renderMessage(language, { code: stored.code, params });
  } catch {
    return stored.text;
  }
}

/**
 * The language of an `Accept-Language` header: Swedish when the most
 * preferred language the server speaks is Swedish (sv, sv-SE, sv-FI), else
 * English (also for no header, or one naming neither).
 */
export function languageOfHeader(header: string | null | undefined): MessageLanguage {
  if (!header) return 'en';
  let best: { language: MessageLanguage; q: number } | null = null;
  for (const part of header.split(',').slice(0, 20)) {
    const [tag, ...rest] = part.trim().toLowerCase().split(';');
    const q = Number(rest.map((r) => r.trim()).find((r) => r.startsWith('q='))?.slice(2) ?? '1');
    const language: MessageLanguage | null = /^sv(-|$)/.test(tag) ? 'sv' : /^en(-|$)/.test(tag) ? 'en' : null;
    if (language && Number.isFinite(q) && q > 0 && (!best || q > best.q)) best = { language, q };
  }
  return best?.language ?? 'en';
}

/**
 * An automation's name as a message when it is one of the demo's examples
 * (rules-examples/*.json) still named as shipped, so a Swedish reader sees
 * its Swedish name; any other name is the person's own and stays as written.
 */
export function automationNameText(id: string, name: string): string | Message {
  const code = `example.${id}`;
  return isMessageCode(code) && messageCatalogue[code].en === name ? { code } : name;
}

/** automationNameText in a language. */
export function automationNameIn(language: MessageLanguage, id: string, name: string): string {
  const text = automationNameText(id, name);
  return typeof text === 'string' ? text : renderMessage(language, text);
}

/** An example's description in a language while it is as shipped (word for word); a person's own stays as written. */
export function automationDescriptionIn(language: MessageLanguage, id: string, description: string): string {
  const code = `example_description.${id}`;
  return isMessageCode(code) && messageCatalogue[code].en === description ? renderMessage(language, { code }) : description;
}
