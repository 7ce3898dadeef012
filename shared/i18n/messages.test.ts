import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateAutomation } from '../automation/validate.ts';
import { messageCatalogue } from './catalogue.ts';
import { automationDescriptionIn, automationNameIn, english, isMessageCode, languageOfHeader, message, renderMessage, renderStored } from './messages.ts';

const root = join(import.meta.dirname, '..', '..');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the server message catalogue', () => {
  it('has every message in English and Swedish, with the same parameter names in both', () => {
    const entries = Object.entries(messageCatalogue);
    expect(entries.length).toBeGreaterThan(40);
    for (const [code, texts] of entries) {
      expect(texts.en.trim(), code).not.toBe('');
      expect(texts.sv.trim(), code).not.toBe('');
      expect(placeholders(texts.sv), `${code}: Swedish parameters`).toEqual(placeholders(texts.en));
    }
  });

  // a code is a literal '<namespace>.<name>' (message('…'), say('…'), a ternary between two); `prefix.${kind}` names a family
  const namespaces = new Set(Object.keys(messageCatalogue).map((code) => code.split('.')[0]));
  const used = new Map<string, string>();
  const families = new Set<string>();
  for (const dir of ['shared', 'runtime', 'designer']) {
    for (const file of sourceFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/'([a-z_]+)\.([a-z_.-]+)'/g)) if (namespaces.has(match[1])) used.set(`${match[1]}.${match[2]}`, relative(root, file));
      for (const match of text.matchAll(/`([a-z_]+\.[a-z_.-]*)\$\{/g)) if (namespaces.has(match[1].split('.')[0])) families.add(match[1]);
    }
  }

  it('knows every code the server and the designer name', () => {
    expect(used.size).toBeGreaterThan(30);
    const unknown = [...used].filter(([code]) => !isMessageCode(code)).map(([code, file]) => `${code} (${file})`);
    expect(unknown).toEqual([]);
  });

  it('has no message nothing names (a stale one would be translated for nothing)', () => {
    const stale = Object.keys(messageCatalogue).filter((code) => !used.has(code) && ![...families].some((prefix) => code.startsWith(prefix)));
    expect(stale).toEqual([]);
  });

  it('renders parameters, nested messages and lists in the language asked for', () => {
    const problem = message('master_data.inactive', { what: message('master_data.account', { value: '6570' }) });
    expect(renderMessage('en', message('validation.line', { line: 2, problem }))).toBe('Line 2: Account 6570 is inactive');
    expect(renderMessage('sv', message('validation.line', { line: 2, problem }))).toBe('Rad 2: Konto 6570 har inaktiverats');
    expect(english('validation.no_trigger')).toBe('The automation has no trigger: add one (e.g. "Bank line imported")');
  });

  it('shows a stored message in Swedish, and a row without a code as it was stored', () => {
    const stored = { text: 'The automation has no trigger: add one (e.g. "Bank line imported")', code: 'validation.no_trigger', params: null };
    expect(renderStored('sv', stored)).toBe('Automatiseringen har ingen utlösare: lägg till en (t.ex. "Bankrad importerad")');
    expect(renderStored('en', stored)).toBe(stored.text);
    expect(renderStored('sv', { text: 'an old reason', code: null, params: null })).toBe('an old reason');
    expect(renderStored('sv', { text: 'a newer reason', code: 'not.a_code', params: null })).toBe('a newer reason');
  });

  it('reads the language from Accept-Language: Swedish only when preferred, English otherwise', () => {
    expect(languageOfHeader(undefined)).toBe('en');
    expect(languageOfHeader('sv-SE')).toBe('sv');
    expect(languageOfHeader('sv-SE,sv;q=0.9,en;q=0.8')).toBe('sv');
    expect(languageOfHeader('en-GB,sv;q=0.5')).toBe('en');
    expect(languageOfHeader('de-DE,sv;q=0.7')).toBe('sv');
    expect(languageOfHeader('de-DE')).toBe('en');
    expect(languageOfHeader('svx')).toBe('en');
  });
});

describe('the demo\'s example automations', () => {
  const examples = readdirSync(join(root, 'rules-examples')).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(root, 'rules-examples', f), 'utf8')) as { id: string; name: string; description: string });

  it('each has a Swedish name, its English the name it ships with', () => {
    expect(examples.length).toBeGreaterThan(5);
    for (const example of examples) {
      expect(isMessageCode(`example.${example.id}`), example.id).toBe(true);
      expect(automationNameIn('en', example.id, example.name)).toBe(example.name);
      expect(automationNameIn('sv', example.id, example.name), example.id).not.toBe(example.name);
    }
    expect(automationNameIn('sv', 'bank-fees', 'Bank fees')).toBe('Bankavgifter');
  });

  it('each has a Swedish description, its English the description it ships with word for word', () => {
    for (const example of examples) {
      expect(isMessageCode(`example_description.${example.id}`), example.id).toBe(true);
      expect(automationDescriptionIn('en', example.id, example.description)).toBe(example.description);
      expect(automationDescriptionIn('sv', example.id, example.description), example.id).not.toBe(example.description);
    }
    expect(automationDescriptionIn('sv', 'monthly-depreciation', messageCatalogue['example_description.monthly-depreciation'].en)).toMatch(/^Körs en gång i månaden/);
    // a description a person changed, or another automation's, stays as written
    expect(automationDescriptionIn('sv', 'bank-fees', 'Våra avgifter')).toBe('Våra avgifter');
    expect(automationDescriptionIn('sv', 'my-rule', messageCatalogue['example_description.bank-fees'].en)).toBe(messageCatalogue['example_description.bank-fees'].en);
  });

  it('keeps a name a person gave, and any other automation\'s name, as written', () => {
    expect(automationNameIn('sv', 'bank-fees', 'Våra bankavgifter')).toBe('Våra bankavgifter');
    expect(automationNameIn('sv', 'my-rule', 'Bank fees')).toBe('Bank fees');
  });
});

describe('validation issues in Swedish', () => {
  const doc = (nodes: unknown[], edges: unknown[] = []) => ({ id: 'a', name: 'A', version: 1, nodes, edges });
  const trigger = { id: 't', type: 'bank-line-imported', version: 1, name: 'Bank line', position: { x: 0, y: 0 }, config: {} };

  it('says the same issues, with the same codes, in the language asked for', () => {
    const input = doc([{ id: 'c', type: 'condition', version: 1, name: 'Fee?', position: { x: 0, y: 0 }, config: { expression: true } }]);
    const en = validateAutomation(input).issues;
    const sv = validateAutomation(input, {}, 'sv').issues;
    expect(sv.map((i) => i.code)).toEqual(en.map((i) => i.code));
    expect(en.find((i) => i.code === 'no_trigger')?.message).toBe('The automation has no trigger: add one (e.g. "Bank line imported")');
    expect(sv.find((i) => i.code === 'no_trigger')?.message).toBe('Automatiseringen har ingen utlösare: lägg till en (t.ex. "Bankrad importerad")');
    expect(sv.find((i) => i.code === 'constant_condition')?.message).toBe('"Fee?" är alltid sant: det läser inget fält i händelsen');
  });

  it('says zod\'s own checks of a node\'s settings in Swedish, a missing value plainly', () => {
    const input = doc([trigger, { id: 'p', type: 'post-voucher', version: 1, name: 'Post', position: { x: 0, y: 0 }, config: { lines: 'x' } }],
      [{ id: 'e', source: 't', target: 'p' }]);
    const en = validateAutomation(input).issues.filter((i) => i.code === 'invalid_config');
    const sv = validateAutomation(input, {}, 'sv').issues.filter((i) => i.code === 'invalid_config');
    expect(sv.length).toBe(en.length);
    expect(en.length).toBeGreaterThan(0);
    expect(sv.map((i) => i.message).join('\n')).toMatch(/Ogiltig inmatning|måste fyllas i/);
    expect(en.map((i) => i.message).join('\n')).not.toMatch(/Ogiltig|måste/);
  });

  it('says a master-data problem in the words of the picker, in Swedish', () => {
    const input = doc([trigger, {
      id: 'p', type: 'post-voucher', version: 1, name: 'Post', position: { x: 0, y: 0 },
      config: { series: 'E', text: 'x', lines: [{ account: '6570', side: 'debit', amount: { var: 'event.amountMinor' } }, { account: '1930', side: 'credit', amount: null }] },
    }], [{ id: 'e', source: 't', target: 'p' }]);
    const context = { accounts: new Map([['6570', { active: false }], ['1930', { active: true }]]), series: new Set(['E']) };
    const issue = validateAutomation(input, context, 'sv').issues.find((i) => i.code === 'inactive_account');
    expect(issue?.message).toBe('Rad 1: Konto 6570 har inaktiverats');
    expect(validateAutomation(input, context).issues.find((i) => i.code === 'inactive_account')?.message).toBe('Line 1: Account 6570 is inactive');
  });
});
