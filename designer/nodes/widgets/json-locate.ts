/**
 * A small JSON parser that remembers where every value is in the text, so a
 * JSON Logic error path such as `['and', 1]` can be shown as a squiggle under
 * the right part of what the user typed. Returns null for text that is not
 * JSON (the editor's JSON mode reports syntax errors itself).
 */

export type LocatedValue =
  | { kind: 'object'; start: number; end: number; properties: { key: string; keyStart: number; keyEnd: number; value: LocatedValue }[] }
  | { kind: 'array'; start: number; end: number; items: LocatedValue[] }
  | { kind: 'primitive'; start: number; end: number; value: string | number | boolean | null };

export function locateJson(text: string): LocatedValue | null {
  let at = 0;
  const fail = (): never => { throw new SyntaxError(`Unexpected input at ${at}`); };
  const space = () => { while (at < text.length && /\s/.test(text[at])) at += 1; };
  const string = (): string => {
    const start = at;
    if (text[at] !== '"') fail();
    at += 1;
    while (at < text.length && text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    if (text[at] !== '"') fail();
    at += 1;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (): LocatedValue => {
    space();
    const start = at;
    const char = text[at];
    if (char === '{') {
      at += 1;
      const properties: { key: string; keyStart: number; keyEnd: number; value: LocatedValue }[] = [];
      space();
      if (text[at] === '}') { at += 1; return { kind: 'object', start, end: at, properties }; }
      for (;;) {
        space();
        const keyStart = at;
        const key = string();
        const keyEnd = at;
        space();
        if (text[at] !== ':') fail();
        at += 1;
        properties.push({ key, keyStart, keyEnd, value: value() });
        space();
        if (text[at] === ',') { at += 1; continue; }
        if (text[at] === '}') { at += 1; return { kind: 'object', start, end: at, properties }; }
        fail();
      }
    }
    if (char === '[') {
      at += 1;
      const items: LocatedValue[] = [];
      space();
      if (text[at] === ']') { at += 1; return { kind: 'array', start, end: at, items }; }
      for (;;) {
        items.push(value());
        space();
        if (text[at] === ',') { at += 1; continue; }
        if (text[at] === ']') { at += 1; return { kind: 'array', start, end: at, items }; }
        fail();
      }
    }
    if (char === '"') return { kind: 'primitive', start, end: (string(), at), value: JSON.parse(text.slice(start, at)) as string };
    const literal = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(at));
    if (!literal) fail();
    at += literal![0].length;
    return { kind: 'primitive', start, end: at, value: JSON.parse(literal![0]) as string | number | boolean | null };
  };
  try {
    const root = value();
    space();
    return at === text.length ? root : null;
  } catch {
    return null;
  }
}

/**
 * The value at `path` (keys and indices from the root). When the path leads
 * nowhere, the deepest value found on the way, so the squiggle is still close.
 */
export function valueAtPath(root: LocatedValue, path: ReadonlyArray<string | number>): LocatedValue {
  let current = root;
  for (const step of path) {
    let next: LocatedValue | undefined;
    if (current.kind === 'object') next = current.properties.find((p) => p.key === String(step))?.value;
    else if (current.kind === 'array' && typeof step === 'number') next = current.items[step];
    if (!next) return current;
    current = next;
  }
  return current;
}

/** Every `{"var": "path"}` (or `{"var": ["path", fallback]}`) with a literal path, with where it is. */
export function findVars(root: LocatedValue): { path: string; start: number; end: number }[] {
  const found: { path: string; start: number; end: number }[] = [];
  const visit = (value: LocatedValue) => {
    if (value.kind === 'object') {
      for (const property of value.properties) {
        if (property.key === 'var') {
          const argument = property.value.kind === 'array' ? property.value.items[0] : property.value;
          if (argument?.kind === 'primitive' && typeof argument.value === 'string') {
            found.push({ path: argument.value, start: argument.start, end: argument.end });
          }
        }
        visit(property.value);
      }
    } else if (value.kind === 'array') {
      value.items.forEach(visit);
    }
  };
  visit(root);
  return found;
}
