import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationDocumentSchema, type AutomationDocument } from '../../shared/automation/schema.ts';
import { autoLayout, defaultCardSize, layoutPositions } from './layout.ts';
import { createDesignerStore } from './store.ts';

const dir = new URL('../../rules-examples/', import.meta.url);
const examples: AutomationDocument[] = readdirSync(dir).filter((f) => f.endsWith('.json'))
  .map((f) => automationDocumentSchema.parse(JSON.parse(readFileSync(new URL(f, dir), 'utf8'))));

/** Every node at (0, 0): the worst start for a layout. */
const piledUp = (document: AutomationDocument): AutomationDocument => ({ ...document, nodes: document.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) });

function overlaps(document: AutomationDocument, size = defaultCardSize): [string, string][] {
  const found: [string, string][] = [];
  for (const [i, a] of document.nodes.entries()) {
    for (const b of document.nodes.slice(i + 1)) {
      const apart = a.position.x + size.width <= b.position.x || b.position.x + size.width <= a.position.x
        || a.position.y + size.height <= b.position.y || b.position.y + size.height <= a.position.y;
      if (!apart) found.push([a.id, b.id]);
    }
  }
  return found;
}

describe('autoLayout', () => {
  it.each(examples.map((e) => [e.id, e] as const))('%s: no two cards overlap, and every edge goes left to right', (_id, example) => {
    const laidOut = autoLayout(piledUp(example));
    expect(overlaps(laidOut)).toEqual([]);
    const x = new Map(laidOut.nodes.map((n) => [n.id, n.position.x]));
    for (const edge of laidOut.edges) expect(x.get(edge.target)!, `${edge.source} → ${edge.target}`).toBeGreaterThanOrEqual(x.get(edge.source)! + defaultCardSize.width);
  });

  it('puts each rank in one column: the trigger first, then each step one column right of what leads to it', () => {
    const document = examples.find((e) => e.id === 'interest-income')!; // trigger → is-interest-income → in-sek → post / flag
    const positions = layoutPositions(piledUp(document));
    const x = (id: string) => positions.get(id)!.x;
    expect(x('trigger')).toBeLessThan(x('is-interest-income'));
    expect(x('is-interest-income')).toBeLessThan(x('in-sek'));
    expect(x('post-interest-income')).toBe(x('flag-currency'));
    // a true branch is drawn above its false one
    expect(positions.get('post-interest-income')!.y).toBeLessThan(positions.get('flag-currency')!.y);
    for (const p of positions.values()) expect([p.x % 10, p.y % 10]).toEqual([0, 0]); // on the canvas grid
  });

  it('uses measured card sizes: taller cards are spaced further apart', () => {
    const document = piledUp(examples.find((e) => e.id === 'interest-income')!);
    const tall = new Map(document.nodes.map((n) => [n.id, { width: 232, height: 400 }]));
    const laidOut = autoLayout(document, tall);
    expect(overlaps(laidOut, { width: 232, height: 400 })).toEqual([]);
  });

  it('leaves notes where they are and returns the same document when nothing moves; one undo step in the store', () => {
    const document = { ...piledUp(examples[0]), notes: [{ id: 'n', text: 'hello', position: { x: -300, y: 5 } }] };
    const laidOut = autoLayout(document);
    expect(laidOut.notes).toEqual(document.notes);
    expect(autoLayout(laidOut)).toBe(laidOut);
    const store = createDesignerStore(document);
    store.getState().autoLayout();
    expect(store.getState().document!.nodes.map((n) => n.position)).toEqual(laidOut.nodes.map((n) => n.position));
    store.getState().undo();
    expect(store.getState().document).toBe(document);
  });
});
