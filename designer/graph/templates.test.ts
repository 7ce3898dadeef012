import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAutomation } from '../../shared/automation/validate.ts';
import { automationTemplates, documentFromTemplate } from './templates.ts';

describe('automation templates', () => {
  it('offers every file in rules-examples/, by name, with its trigger', () => {
    const files = readdirSync(new URL('../../rules-examples/', import.meta.url)).filter((f) => f.endsWith('.json')).map((f) => f.replace(/\.json$/, ''));
    expect(automationTemplates.map((t) => t.id).sort()).toEqual(files.sort());
    const names = automationTemplates.map((t) => t.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'sv')));
    expect(automationTemplates.find((t) => t.id === 'bank-fees')).toMatchObject({ trigger: 'Bank line imported', nodeCount: 3 });
  });

  it('a new automation from a template is an unpublished draft under the new id and name, with the same graph', () => {
    const template = automationTemplates.find((t) => t.id === 'interest-income')!;
    const document = documentFromTemplate(template.document, 'my-interest', 'My interest');
    expect([document.id, document.name, document.version, document.status]).toEqual(['my-interest', 'My interest', 1, 'draft']);
    expect(document.nodes).toEqual(template.document.nodes);
    expect(document.nodes).not.toBe(template.document.nodes);
    expect(validateAutomation(document).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });
});
