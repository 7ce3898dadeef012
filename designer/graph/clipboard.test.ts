import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationDocumentSchema, type AutomationDocument } from '../../shared/automation/schema.ts';
import { validateAutomation } from '../../shared/automation/validate.ts';
import { clipboardMarker, copyFragment, parseFragment, pasteFragment, serializeFragment } from './clipboard.ts';
import { emptyDocument } from './operations.ts';
import { createDesignerStore } from './store.ts';

const load = (name: string): AutomationDocument => automationDocumentSchema.parse(
  JSON.parse(readFileSync(new URL(`../../rules-examples/${name}.json`, import.meta.url), 'utf8')),
);
/** trigger → is-interest-income (true) → in-sek → true: post-interest-income / false: flag-currency */
const interest = () => ({ ...load('interest-income'), notes: [{ id: 'note', text: 'Ränta in', position: { x: 0, y: -120 } }] });

describe('copyFragment', () => {
  it('takes the selected nodes, only the edges between them, and the selected notes', () => {
    const fragment = copyFragment(interest(), ['in-sek', 'post-interest-income', 'note:note'])!;
    expect(fragment.kind).toBe(clipboardMarker);
    expect(fragment.from).toBe('interest-income');
    expect(fragment.nodes.map((n) => n.id)).toEqual(['in-sek', 'post-interest-income']);
    // e2 (from a node left out) and e4 (to one left out) stay behind
    expect(fragment.edges.map((e) => e.id)).toEqual(['e3']);
    expect(fragment.notes.map((n) => n.text)).toEqual(['Ränta in']);
  });

  it('is null when nothing (or nothing that exists) is selected', () => {
    expect(copyFragment(interest(), [])).toBeNull();
    expect(copyFragment(interest(), ['gone', 'note:gone'])).toBeNull();
  });
});

describe('serializeFragment / parseFragment', () => {
  it('round-trips a fragment through clipboard text', () => {
    const fragment = copyFragment(interest(), ['is-interest-income', 'in-sek'])!;
    const text = serializeFragment(fragment);
    expect(text).toContain(clipboardMarker);
    expect(parseFragment(text)).toEqual(fragment);
  });

  it('ignores text that is not a fragment: prose, other JSON, a damaged or oversized fragment', () => {
    expect(parseFragment('Bankavgift 25 kr')).toBeNull();
    expect(parseFragment(JSON.stringify({ nodes: [], edges: [] }))).toBeNull();
    expect(parseFragment(`{"kind":"${clipboardMarker}","version":1,"nodes":[`)).toBeNull();
    const fragment = copyFragment(interest(), ['in-sek'])!;
    expect(parseFragment(serializeFragment({ ...fragment, nodes: [{ ...fragment.nodes[0], id: 'has space' }] }))).toBeNull();
    expect(parseFragment(serializeFragment({ ...fragment, version: 2 as 1 }))).toBeNull();
    expect(parseFragment(`${serializeFragment(fragment)}${' '.repeat(2 * 1024 * 1024)}`)).toBeNull();
  });

  it('drops edges whose ends were not copied (a hand-made fragment)', () => {
    const fragment = copyFragment(interest(), ['in-sek', 'post-interest-income'])!;
    const edited = { ...fragment, edges: [...fragment.edges, { id: 'stray', source: 'in-sek', target: 'elsewhere', sourceHandle: 'false' }] };
    expect(parseFragment(serializeFragment(edited))!.edges.map((e) => e.id)).toEqual(['e3']);
  });
});

describe('pasteFragment', () => {
  it('into the same automation: new ids and names for taken ones, edges follow their nodes, positions offset', () => {
    const document = interest();
    const fragment = copyFragment(document, ['in-sek', 'post-interest-income', 'flag-currency', 'note:note'])!;
    const { document: next, selectedIds, nodeIdMap } = pasteFragment(document, fragment, { x: 40, y: 40 });
    expect([...nodeIdMap]).toEqual([['in-sek', 'in-sek-2'], ['post-interest-income', 'post-interest-income-2'], ['flag-currency', 'flag-currency-2']]);
    expect(selectedIds).toEqual(['in-sek-2', 'post-interest-income-2', 'flag-currency-2', 'note:note-2']);
    expect(next.nodes).toHaveLength(8);
    const copied = next.nodes.find((n) => n.id === 'in-sek-2')!;
    const original = document.nodes.find((n) => n.id === 'in-sek')!;
    expect(copied.position).toEqual({ x: original.position.x + 40, y: original.position.y + 40 });
    expect(copied.name).not.toBe(original.name);
    expect(copied.config).toEqual(original.config);
    const pastedEdges = next.edges.slice(document.edges.length);
    expect(pastedEdges.map((e) => [e.source, e.target, e.sourceHandle])).toEqual([
      ['in-sek-2', 'post-interest-income-2', 'true'], ['in-sek-2', 'flag-currency-2', 'false'],
    ]);
    expect(new Set(next.edges.map((e) => e.id)).size).toBe(next.edges.length);
    expect(next.notes!.map((n) => n.id)).toEqual(['note', 'note-2']);
    // the originals are untouched; the result passes the schema, and its only errors are that the copy is not connected yet
    expect(next.nodes.slice(0, 5)).toEqual(document.nodes);
    const errors = validateAutomation(next).issues.filter((i) => i.severity === 'error');
    expect(errors.map((i) => [i.code, i.nodeId])).toEqual([
      ['unreachable_node', 'in-sek-2'], ['unreachable_node', 'post-interest-income-2'], ['unreachable_node', 'flag-currency-2'],
    ]);
  });

  it('into another automation: free ids are kept, and the copy connects to nothing there', () => {
    const fragment = parseFragment(serializeFragment(copyFragment(interest(), ['in-sek', 'post-interest-income'])!))!;
    const target = load('bank-fees');
    const { document: next, nodeIdMap } = pasteFragment(target, fragment, { x: 0, y: 0 });
    expect([...nodeIdMap.values()]).toEqual(['in-sek', 'post-interest-income']);
    // bank-fees has edges e1 and e2 only: e3 is free there
    expect(next.edges.slice(target.edges.length)).toEqual([{ id: 'e3', source: 'in-sek', target: 'post-interest-income', sourceHandle: 'true' }]);
    expect(next.notes).toBeUndefined();
  });

  it('is one undo step in the store, and the pasted nodes are selected', () => {
    const store = createDesignerStore(emptyDocument('target', 'Target'));
    store.getState().addNode('bank-line-imported', { x: 0, y: 0 });
    const before = store.getState().document;
    const count = store.getState().paste(copyFragment(interest(), ['in-sek', 'post-interest-income'])!);
    expect(count).toBe(2);
    expect(store.getState().selection.nodeIds).toEqual(['in-sek', 'post-interest-income']);
    expect(store.getState().document!.nodes).toHaveLength(3);
    store.getState().undo();
    expect(store.getState().document).toBe(before);
  });
});
