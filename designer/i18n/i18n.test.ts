import { afterEach, describe, expect, it } from 'vitest';
import { nodeDescriptors } from '../../shared/nodes/index.ts';
import { adoptUserLanguage, defaultLanguage, fieldText, fill, nodeLabel, outputLabel, plural, t, translate, useLanguage } from './i18n.ts';

afterEach(() => useLanguage.setState({ language: 'en' }));

describe('t', () => {
  it('gives the English source in English and the Swedish message in Swedish', () => {
    useLanguage.setState({ language: 'en' });
    expect(t('Sign out')).toBe('Sign out');
    useLanguage.setState({ language: 'sv' });
    expect(t('Sign out')).toBe('Logga ut');
  });

  it('fills parameters in both languages', () => {
    expect(translate('en', 'Could not load automations: {error}', { error: 'offline' })).toBe('Could not load automations: offline');
    expect(translate('sv', 'Could not load automations: {error}', { error: 'offline' })).toBe('Kunde inte ladda automatiseringar: offline');
    expect(translate('sv', '{count} steps', { count: 3 })).toBe('3 steg');
  });

  it('falls back to the English source for a message with no translation, and leaves unknown placeholders visible', () => {
    expect(translate('sv', 'A message nobody translated, {name}', { name: 'Ada' })).toBe('A message nobody translated, Ada');
    expect(fill('{known} and {unknown}', { known: 1 })).toBe('1 and {unknown}');
  });

  it('tells one English word in two meanings apart by a context that English does not show', () => {
    expect(translate('en', 'exception status::Open')).toBe('Open');
    expect(translate('sv', 'exception status::Open')).toBe('Att hantera');
    expect(translate('sv', 'Open')).toBe('Öppna');
  });

  it('picks the singular for one and the plural otherwise', () => {
    expect(plural(1, '{count} step', '{count} steps')).toBe('1 step');
    expect(plural(0, '{count} step', '{count} steps')).toBe('0 steps');
  });
});

describe('defaultLanguage', () => {
  it('follows the company locale first, then the demo company, then the browser', () => {
    expect(defaultLanguage({ companyLocale: 'en-GB', companyId: 'demo', browserLanguages: ['sv-SE'] })).toBe('en');
    expect(defaultLanguage({ companyLocale: 'sv-SE', companyId: 'acme', browserLanguages: ['en-US'] })).toBe('sv');
    expect(defaultLanguage({ companyId: 'demo', browserLanguages: ['en-US'] })).toBe('sv');
    expect(defaultLanguage({ companyId: 'acme', browserLanguages: ['en-US', 'sv'] })).toBe('sv');
    expect(defaultLanguage({ companyId: 'acme', browserLanguages: ['en-US', 'de'] })).toBe('en');
  });
});

describe('node texts', () => {
  it('shows the descriptor in English and the Swedish catalogue keyed by node type in Swedish', () => {
    const descriptor = nodeDescriptors['post-voucher'];
    expect(nodeLabel('post-voucher', descriptor.label)).toBe('Post voucher');
    useLanguage.setState({ language: 'sv' });
    expect(nodeLabel('post-voucher', descriptor.label)).toBe('Bokför verifikation');
    const series = descriptor.form.find((f) => f.key === 'series')!;
    expect(fieldText('post-voucher', series)).toMatchObject({ key: 'series', widget: 'series', label: 'Verifikationsserie' });
    expect(outputLabel('post-voucher', 'ok', 'posted')).toBe('bokförd');
  });

  it('translates select options, and keeps a switch case label as the person wrote it', () => {
    useLanguage.setState({ language: 'sv' });
    const mode = nodeDescriptors.schedule.form.find((f) => f.key === 'mode')!;
    expect(fieldText('schedule', mode).options?.map((o) => o.value)).toEqual(['cron', 'fiscal']);
    expect(fieldText('schedule', mode).options?.[0].label).toBe('Enligt ett cron-mönster');
    expect(outputLabel('switch', 'case-1', 'Refunds')).toBe('Refunds');
    expect(outputLabel('switch', 'default', 'default')).toBe('annars');
  });
});

describe('adoptUserLanguage', () => {
  const memory = new Map<string, string>();
  const fakeStorage = { getItem: (k: string) => memory.get(k) ?? null, setItem: (k: string, v: string) => void memory.set(k, v) };
  afterEach(() => { memory.clear(); Reflect.deleteProperty(globalThis, 'localStorage'); });

  it('takes the person\'s language in a browser that has chosen none, and keeps it there', () => {
    Object.defineProperty(globalThis, 'localStorage', { value: fakeStorage, configurable: true });
    adoptUserLanguage('sv');
    expect(useLanguage.getState().language).toBe('sv');
    expect(memory.get('kontera.language')).toBe('sv');
  });

  it('leaves a choice this browser made (the e2e tests\' "en"), and ignores no or an unknown language', () => {
    Object.defineProperty(globalThis, 'localStorage', { value: fakeStorage, configurable: true });
    memory.set('kontera.language', 'en');
    adoptUserLanguage('sv');
    expect(useLanguage.getState().language).toBe('en');
    memory.clear();
    adoptUserLanguage(null);
    adoptUserLanguage('de');
    expect(useLanguage.getState().language).toBe('en');
  });
});
