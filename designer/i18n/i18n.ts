/**
 * The designer's languages: English (the source) and Swedish. A message is
 * looked up by its English source text (`t('Save')`), so a diff shows the
 * words a person reads, a missing translation falls back to the readable
 * English, and there is no key name to invent or keep in sync. Parameters are
 * written `{name}` in the source and filled from `params`.
 *
 * The current language lives in a small store; the shell remounts the pages
 * when it changes (see designer/app.tsx), so plain `t()` calls in render code
 * stay correct without each component subscribing.
 */
import { create } from 'zustand';
import { en, type Catalogue } from './en.ts';
import { sv } from './sv.ts';
import { nodeTextsSv, type NodeTexts } from './nodes-sv.ts';

export type Language = 'en' | 'sv';
export const languages: { id: Language; name: string }[] = [
  { id: 'sv', name: 'Svenska' },
  { id: 'en', name: 'English' },
];
/** The localStorage key holding the chosen language ("sv" or "en"); e2e sets it to "en". */
export const languageStorageKey = 'kontera.language';

const catalogues: Record<Language, Catalogue> = { en, sv };

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'sv';
}

/**
 * The language before a person has chosen one: the company's locale when it
 * has one, else Swedish for the demo company or a Swedish browser, else English.
 */
export function defaultLanguage(input: { companyLocale?: string | null; companyId?: string | null; browserLanguages?: readonly string[] }): Language {
  if (input.companyLocale) return input.companyLocale.toLowerCase().startsWith('sv') ? 'sv' : 'en';
  if (input.companyId === 'demo') return 'sv';
  if ((input.browserLanguages ?? []).some((tag) => tag.toLowerCase().startsWith('sv'))) return 'sv';
  return 'en';
}

function storage(): Storage | null {
  try { return typeof localStorage === 'undefined' ? null : localStorage; } catch { return null; }
}

/** The language remembered in this browser, if any. */
export function storedLanguage(): Language | null {
  const value = storage()?.getItem(languageStorageKey);
  return isLanguage(value) ? value : null;
}

function initialLanguage(): Language {
  // Outside a browser (unit tests, the bench) the source language, so results do not depend on the machine.
  if (!storage()) return 'en';
  const stored = storedLanguage();
  if (stored) return stored;
  const companyId = storage()?.getItem('kontera.company');
  const browserLanguages = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  return defaultLanguage({ companyId: companyId ?? 'demo', browserLanguages });
}

export const useLanguage = create<{ language: Language; setLanguage(language: Language): void }>()((set) => ({
  language: initialLanguage(),
  setLanguage(language) {
    storage()?.setItem(languageStorageKey, language);
    set({ language });
  },
}));

/**
 * A signed-in person's own language (kept on the user, GET /api/auth/me):
 * taken when this browser has no choice of its own — a fresh browser opens in
 * the person's language. A choice made in this browser (the switch, or the
 * e2e tests' "en") stays; the switch keeps both.
 */
export function adoptUserLanguage(language: unknown): void {
  if (isLanguage(language) && storedLanguage() === null) useLanguage.getState().setLanguage(language);
}

/** Fills `{name}` placeholders; an unknown one is left as written, so a mistake shows. */
export function fill(text: string, params?: Record<string, string | number>): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * A source may name its context before "::" when one English word means two
 * things ("exception status::Open" is "Att hantera", the button "Open" is
 * "Öppna"); the English shown is the part after it.
 */
export function sourceText(source: string): string {
  const at = source.indexOf('::');
  return at < 0 ? source : source.slice(at + 2);
}

/** The message in `language` (English when Swedish has none), parameters filled. */
export function translate(language: Language, source: string, params?: Record<string, string | number>): string {
  const text = catalogues[language][source] ?? en[source] ?? sourceText(source);
  return fill(text, params);
}

/** The message in the current language. */
export function t(source: string, params?: Record<string, string | number>): string {
  return translate(useLanguage.getState().language, source, params);
}

/** `one` for a count of 1, else `other` (English and Swedish agree); `{count}` is filled. */
export function plural(count: number, one: string, other: string, params?: Record<string, string | number>): string {
  return t(count === 1 ? one : other, { count, ...params });
}

/** A node type's texts for display: its Swedish catalogue entry when Swedish is on, else the descriptor's own English. */
export function nodeTexts(type: string): NodeTexts | undefined {
  return useLanguage.getState().language === 'sv' ? nodeTextsSv[type] : undefined;
}

/** A node type's label in the current language. */
export function nodeLabel(type: string, english: string): string {
  return nodeTexts(type)?.label ?? english;
}

/** A node type's description in the current language. */
export function nodeDescription(type: string, english: string): string {
  return nodeTexts(type)?.description ?? english;
}

/** A settings field's label, help and option labels in the current language (the descriptor's English where Swedish has none). */
export function fieldText<F extends { key: string; label: string; help?: string; placeholder?: string; options?: { value: string; label: string }[] }>(type: string, field: F): F {
  const texts = nodeTexts(type)?.fields?.[field.key];
  if (!texts) return field;
  return {
    ...field,
    label: texts.label ?? field.label,
    help: texts.help ?? field.help,
    placeholder: texts.placeholder ?? field.placeholder,
    options: field.options?.map((o) => ({ ...o, label: texts.options?.[o.value] ?? o.label })),
  };
}

/** An output's label on the canvas; a switch case's own label is the person's and stays as written. */
export function outputLabel(type: string, id: string, label: string): string {
  if (label !== id && type === 'switch' && id !== 'default') return label;
  return nodeTexts(type)?.outputs?.[id] ?? label;
}

/** Marks a source text that is translated later through a variable (`t(item.label)`), so the catalogue test finds it. */
export function msg(source: string): string {
  return source;
}
