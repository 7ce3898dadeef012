import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationDocumentSchema } from '../../shared/automation/schema.ts';
import { automationFileName, automationFileText, automationJsonSchema, readAutomationJson } from './automation-file.ts';

const text = readFileSync(new URL('../../rules-examples/interest-income.json', import.meta.url), 'utf8');
const example = automationDocumentSchema.parse(JSON.parse(text));

describe('export and import of the automation JSON', () => {
  it('exports pretty JSON named after the id, which imports back to the same document', () => {
    const withNote = { ...example, notes: [{ id: 'note', text: 'Ränta från banken', position: { x: 0, y: -100 } }] };
    const file = automationFileText(withNote);
    expect(file).toMatch(/^\{\n {2}"schemaVersion": 1,/);
    expect(automationFileName(withNote)).toBe('interest-income.json');
    expect(readAutomationJson(file)).toEqual({ ok: true, document: withNote });
  });

  it('imported into an open automation, keeps that automation\'s id and draft version', () => {
    const result = readAutomationJson(text, { id: 'my-interest', version: 4 });
    expect(result.ok && [result.document.id, result.document.version, result.document.status, result.document.nodes.length])
      .toEqual(['my-interest', 4, 'draft', example.nodes.length]);
  });

  it('refuses what is not an automation, naming the path of each problem', () => {
    expect(readAutomationJson('{ "name": ')).toEqual({ ok: false, errors: [expect.stringMatching(/^Not JSON: /)] });
    expect(readAutomationJson('[1, 2]')).toEqual({ ok: false, errors: [expect.stringMatching(/^document: expected an automation object/)] });
    const broken = JSON.parse(text);
    broken.nodes[2].position.x = 'left';
    broken.edges[0].source = 'has space';
    broken.notes = [{ id: 'n', text: 'x'.repeat(2001), position: { x: 0, y: 0 } }];
    broken.extra = true;
    const result = readAutomationJson(JSON.stringify(broken), { id: 'x', version: 1 });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^nodes\.2\.position\.x: /),
      expect.stringMatching(/^edges\.0\.source: ids are 1–64/),
      expect.stringMatching(/^notes\.0\.text: /),
      expect.stringMatching(/^document: .*extra/),
    ]));
  });

  it('the JSON Schema it checks against is the published one, and it knows notes', () => {
    const schema = automationJsonSchema() as { properties: Record<string, { maxItems?: number }>; required: string[] };
    expect(schema.properties.notes.maxItems).toBe(100);
    expect(schema.required).toEqual(expect.arrayContaining(['id', 'name', 'nodes', 'edges']));
    expect(schema.required).not.toContain('notes');
  });
});
