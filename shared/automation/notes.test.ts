import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationDocumentSchema, automationLimits } from './schema.ts';
import { validateAutomation } from './validate.ts';

const example = () => JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8'));
const note = (id: string, text = 'Avgifter från Handelsbanken') => ({ id, text, position: { x: 10, y: -80 } });

describe('notes in the automation document', () => {
  it('are optional: a document without them parses as before, with no notes key added', () => {
    const parsed = automationDocumentSchema.parse(example());
    expect('notes' in parsed).toBe(false);
  });

  it('are kept with their text, position and width, and change nothing the validator says', () => {
    const withNotes = { ...example(), notes: [note('a'), { ...note('b'), width: 300 }] };
    const result = validateAutomation(withNotes);
    expect(result.issues).toEqual(validateAutomation(example()).issues);
    expect(result.document!.notes).toEqual(withNotes.notes);
  });

  it('are limited: text length, count, width, unique ids, no unknown keys — each issue names its path', () => {
    const paths = (notes: unknown) => validateAutomation({ ...example(), notes }).issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.path.join('.')]);
    expect(paths([note('a', 'x'.repeat(automationLimits.noteTextLengthMax + 1))])).toEqual([['invalid_document', 'notes.0.text']]);
    expect(paths([note('a', 'x'.repeat(automationLimits.noteTextLengthMax))])).toEqual([]);
    expect(paths(Array.from({ length: automationLimits.notesMax + 1 }, (_, i) => note(`n${i}`)))).toEqual([['invalid_document', 'notes']]);
    expect(paths([{ ...note('a'), width: 5000 }])).toEqual([['invalid_document', 'notes.0.width']]);
    expect(paths([note('a'), note('a')])).toEqual([['invalid_document', 'notes.1.id']]);
    expect(paths([{ ...note('a'), colour: 'red' }])).toEqual([['invalid_document', 'notes.0']]);
    expect(paths([{ ...note('a'), id: 'not an id' }])).toEqual([['invalid_document', 'notes.0.id']]);
  });

  it('allow a 300-node automation (the designer stays usable at that size: npm run bench designer)', () => {
    expect(automationLimits.nodesMax).toBeGreaterThanOrEqual(300);
  });
});
