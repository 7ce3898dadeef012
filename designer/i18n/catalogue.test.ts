import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeDescriptors } from '../../shared/nodes/index.ts';
import { en } from './en.ts';
import { sourceText } from './i18n.ts';
import { nodeTextsSv } from './nodes-sv.ts';
import { sv } from './sv.ts';

const designerRoot = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.endsWith('i18n') ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

const unescape = (literal: string) => literal.replace(/\\(.)/g, '$1');

/** Every message the code looks up with a literal: t('…'), msg('…'), and plural(n, '…', '…') where plural is the catalogue's. */
function messagesInCode(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sourceFiles(designerRoot)) {
    const text = readFileSync(file, 'utf8');
    const where = relative(designerRoot, file);
    for (const match of text.matchAll(/\b(?:t|msg)\(\s*'((?:[^'\\]|\\.)*)'/g)) found.set(unescape(match[1]), where);
    if (/import \{[^}]*\bplural\b[^}]*\} from '[./]*i18n\/i18n\.ts'/.test(text)) {
      for (const match of text.matchAll(/\bplural\([^,]+,\s*'((?:[^'\\]|\\.)*)',\s*'((?:[^'\\]|\\.)*)'/g)) {
        found.set(unescape(match[1]), where);
        found.set(unescape(match[2]), where);
      }
    }
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  const used = messagesInCode();

  it('finds the messages of the code (the scan works)', () => {
    expect(used.get('Sign out')).toBe('app.tsx');
    expect(used.size).toBeGreaterThan(50);
  });

  it('has every message the code uses in the English catalogue', () => {
    const missing = [...used].filter(([source]) => !(source in en)).map(([source, file]) => `${file}: ${source}`);
    expect(missing).toEqual([]);
  });

  it('English is the source text itself (after its context, "exception status::Open" → "Open")', () => {
    const differing = Object.entries(en).filter(([source, text]) => sourceText(source) !== text);
    expect(differing).toEqual([]);
  });

  it('has no Swedish message for a source the English catalogue does not know (a stale translation)', () => {
    expect(Object.keys(sv).filter((source) => !(source in en))).toEqual([]);
  });

  it('keeps the placeholders of each message in Swedish', () => {
    const broken = Object.entries(sv).filter(([source, text]) => placeholders(source).join() !== placeholders(text).join());
    expect(broken).toEqual([]);
  });

  it('reports Swedish coverage (missing messages fall back to English)', () => {
    const sources = Object.keys(en);
    const missing = sources.filter((source) => !(source in sv));
    const coverage = Math.round((1000 * (sources.length - missing.length)) / sources.length) / 10;
    console.info(`Swedish catalogue: ${sources.length - missing.length} of ${sources.length} messages (${coverage} %)`
      + (missing.length ? `; in English still:\n  ${missing.join('\n  ')}` : ''));
    const nodeTypes = Object.keys(nodeDescriptors);
    const nodeMissing = nodeTypes.filter((type) => !nodeTextsSv[type]);
    console.info(`Swedish node texts: ${nodeTypes.length - nodeMissing.length} of ${nodeTypes.length} node types${nodeMissing.length ? ` (missing: ${nodeMissing.join(', ')})` : ''}`);
    expect(coverage).toBeGreaterThan(0);
  });

  it('names only real node types, form fields, outputs and options in the Swedish node texts', () => {
    const unknown: string[] = [];
    for (const [type, texts] of Object.entries(nodeTextsSv)) {
      const descriptor = nodeDescriptors[type as keyof typeof nodeDescriptors];
      if (!descriptor) { unknown.push(type); continue; }
      const form = descriptor.form as readonly { key: string; options?: { value: string }[] }[];
      for (const [key, field] of Object.entries(texts.fields ?? {})) {
        const formField = form.find((f) => f.key === key);
        if (!formField) unknown.push(`${type}.fields.${key}`);
        for (const value of Object.keys(field.options ?? {})) {
          if (!formField?.options?.some((o) => o.value === value)) unknown.push(`${type}.fields.${key}.options.${value}`);
        }
      }
      const outputs = (descriptor.outputs as readonly { id: string }[]).map((o) => o.id);
      for (const id of Object.keys(texts.outputs ?? {})) if (!outputs.includes(id)) unknown.push(`${type}.outputs.${id}`);
    }
    expect(unknown).toEqual([]);
  });
});
