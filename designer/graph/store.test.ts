import { describe, expect, it } from 'vitest';
import { emptyDocument, slugify, uniqueId } from './operations.ts';
import { createDesignerStore, isDirty } from './store.ts';

function threeNodeStore() {
  const store = createDesignerStore(emptyDocument('my-bank-fees', 'My bank fees'));
  const { addNode } = store.getState();
  const trigger = addNode('bank-line-imported', { x: 0, y: 0 });
  const condition = addNode('condition', { x: 300, y: 0 });
  const post = addNode('post-voucher', { x: 600, y: 0 });
  return { store, trigger, condition, post };
}

describe('designer store', () => {
  it('adds a node at the drop position and selects it; a new voucher starts with lines without accounts', () => {
    const store = createDesignerStore(emptyDocument('a', 'A'));
    const id = store.getState().addNode('post-voucher', { x: 12.4, y: 99.6 });
    const { document, selection } = store.getState();
    expect(id).toBe('post-voucher');
    expect(document!.nodes[0]).toMatchObject({
      id: 'post-voucher', type: 'post-voucher', version: 1, name: 'Post voucher', position: { x: 12, y: 100 },
      config: { series: 'E', lines: [{ account: '', side: 'debit', amount: null }, { account: '', side: 'credit', amount: null }] },
    });
    expect(selection.nodeIds).toEqual(['post-voucher']);
  });

  it('gives a second node of the same type a new id and name, and its own copy of the config', () => {
    const store = createDesignerStore(emptyDocument('a', 'A'));
    store.getState().addNode('condition');
    store.getState().addNode('condition');
    const [first, second] = store.getState().document!.nodes;
    expect([second.id, second.name]).toEqual(['condition-2', 'Condition 2']);
    expect(second.config).not.toBe(first.config);
    expect(second.position.x).toBeGreaterThan(first.position.x);
  });

  it('connect creates an edge with the sourceHandle of the branch', () => {
    const { store, trigger, condition, post } = threeNodeStore();
    store.getState().connect({ source: trigger, target: condition, sourceHandle: 'out' });
    store.getState().connect({ source: condition, target: post, sourceHandle: 'true' });
    expect(store.getState().document!.edges).toEqual([
      { id: 'bank-line-imported-out', source: trigger, target: condition, sourceHandle: 'out' },
      { id: 'condition-true', source: condition, target: post, sourceHandle: 'true' },
    ]);
  });

  it('connect fills in the only branch, replaces an edge from the same branch, and refuses nonsense', () => {
    const { store, trigger, condition, post } = threeNodeStore();
    const { connect } = store.getState();
    connect({ source: trigger, target: condition });
    expect(store.getState().document!.edges[0].sourceHandle).toBe('out');
    connect({ source: trigger, target: post, sourceHandle: 'out' });
    expect(store.getState().document!.edges.map((e) => e.target)).toEqual([post]);
    expect(connect({ source: condition, target: trigger, sourceHandle: 'true' })).toBeNull(); // into a trigger
    expect(connect({ source: condition, target: condition, sourceHandle: 'true' })).toBeNull(); // to itself
    expect(connect({ source: condition, target: post, sourceHandle: 'maybe' })).toBeNull(); // no such branch
    expect(connect({ source: condition, target: post })).toBeNull(); // which branch?
    expect(store.getState().document!.edges).toHaveLength(1);
  });

  it('deleting a node removes its edges and its selection', () => {
    const { store, trigger, condition, post } = threeNodeStore();
    store.getState().connect({ source: trigger, target: condition });
    store.getState().connect({ source: condition, target: post, sourceHandle: 'true' });
    store.getState().selectNode(condition);
    store.getState().deleteNodes([condition]);
    const { document, selection } = store.getState();
    expect(document!.nodes.map((n) => n.id)).toEqual([trigger, post]);
    expect(document!.edges).toEqual([]);
    expect(selection.nodeIds).toEqual([]);
  });

  it('deleteSelection removes selected edges and nodes', () => {
    const { store, trigger, condition, post } = threeNodeStore();
    const e1 = store.getState().connect({ source: trigger, target: condition })!;
    store.getState().connect({ source: condition, target: post, sourceHandle: 'false' });
    store.getState().select({ nodeIds: [], edgeIds: [e1] });
    store.getState().deleteSelection();
    expect(store.getState().document!.edges.map((e) => e.sourceHandle)).toEqual(['false']);
    expect(store.getState().document!.nodes).toHaveLength(3);
  });

  it('renaming a node keeps its id and its edges', () => {
    const { store, trigger, condition } = threeNodeStore();
    store.getState().connect({ source: trigger, target: condition });
    const edgesBefore = store.getState().document!.edges;
    store.getState().renameNode(condition, 'Is it a bank fee?');
    const { document } = store.getState();
    expect(document!.nodes[1]).toMatchObject({ id: condition, name: 'Is it a bank fee?' });
    expect(document!.edges).toBe(edgesBefore);
  });

  it('sets config values, moves nodes, tracks unsaved changes and undoes', () => {
    const { store, condition } = threeNodeStore();
    store.getState().markSaved(store.getState().document!);
    expect(isDirty(store.getState())).toBe(false);
    const rule = { '<': [{ var: 'event.amountMinor' }, 0] };
    store.getState().setConfigValue(condition, 'expression', rule);
    store.getState().moveNode(condition, { x: 5, y: 6 });
    expect(store.getState().document!.nodes[1]).toMatchObject({ config: { expression: rule }, position: { x: 5, y: 6 } });
    expect(isDirty(store.getState())).toBe(true);
    store.getState().undo();
    store.getState().undo();
    expect(isDirty(store.getState())).toBe(false);
    store.getState().redo();
    expect(store.getState().document!.nodes[1].config).toEqual({ expression: rule });
  });

  it('clears server issues on the next edit', () => {
    const { store, condition } = threeNodeStore();
    store.getState().setServerIssues([{ severity: 'error', code: 'x', message: 'no', path: [], nodeId: condition }]);
    store.getState().renameNode(condition, 'Same?');
    expect(store.getState().serverIssues).toEqual([]);
  });
});

describe('ids', () => {
  it('slugifies names to document ids', () => {
    expect(slugify('My bank fees')).toBe('my-bank-fees');
    expect(slugify('  Bankavgifter & ränta, Q4! ')).toBe('bankavgifter-ranta-q4');
    expect(slugify('Öresavrundning')).toBe('oresavrundning');
  });
  it('finds a free id', () => {
    expect(uniqueId('a', ['a', 'a-2'])).toBe('a-3');
    expect(uniqueId('b', ['a'])).toBe('b');
  });
});

describe('designer store: notes', () => {
  it('adds a selected note, edits its text and position, deletes it with the selection — each one undo step', () => {
    const store = createDesignerStore(emptyDocument('a', 'A'));
    const trigger = store.getState().addNode('bank-line-imported', { x: 0, y: 0 });
    const noteId = store.getState().addNote({ x: 100.4, y: 50 })!;
    expect(store.getState().selection.nodeIds).toEqual([`note:${noteId}`]);
    store.getState().setNoteText(noteId, 'Why: the bank books fees monthly');
    store.getState().moveNote(noteId, { x: 300, y: 40 });
    expect(store.getState().document!.notes).toEqual([{ id: 'note', text: 'Why: the bank books fees monthly', position: { x: 300, y: 40 } }]);
    store.getState().select({ nodeIds: [`note:${noteId}`, trigger] });
    store.getState().deleteSelection();
    expect(store.getState().document!.notes).toEqual([]);
    expect(store.getState().document!.nodes).toEqual([]);
    store.getState().undo();
    expect(store.getState().document!.notes![0].position).toEqual({ x: 300, y: 40 });
    store.getState().undo();
    store.getState().undo();
    expect(store.getState().document!.notes).toEqual([{ id: 'note', text: '', position: { x: 100, y: 50 } }]);
  });

  it('cuts a note\'s text at the limit, and stops adding notes at the limit', () => {
    const store = createDesignerStore(emptyDocument('a', 'A'));
    const id = store.getState().addNote({ x: 0, y: 0 })!;
    store.getState().setNoteText(id, 'x'.repeat(5000));
    expect(store.getState().document!.notes![0].text).toHaveLength(2000);
    for (let i = 1; i < 100; i += 1) expect(store.getState().addNote({ x: i, y: 0 })).not.toBeNull();
    expect(store.getState().addNote({ x: 0, y: 0 })).toBeNull();
    expect(store.getState().document!.notes).toHaveLength(100);
  });

  it('replaceDocument (an import) is one undo step and clears the selection', () => {
    const { store, trigger } = threeNodeStore();
    store.getState().selectNode(trigger);
    const before = store.getState().document!;
    store.getState().replaceDocument(emptyDocument('a', 'Imported'));
    expect(store.getState().selection.nodeIds).toEqual([]);
    store.getState().undo();
    expect(store.getState().document).toBe(before);
  });
});
