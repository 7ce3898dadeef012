const blockedKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Reads a dotted path from data, own properties only (never the prototype chain, never __proto__/constructor/prototype). */
export function readPath(data: unknown, path: string): unknown {
  return readSegments(data, path.split('.'));
}

/** readPath with the path already split. */
export function readSegments(data: unknown, segments: readonly string[]): unknown {
  let current: unknown = data;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i];
    if (current === null || typeof current !== 'object' || blockedKeys.has(key) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** "Bankavgift: {{event.text}}" → "Bankavgift: AVGIFT BANKGIRO". Only variable look-ups, no code. */
export function interpolate(template: string, data: unknown): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_, path: string) => {
    const value = readPath(data, path);
    return value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

/** The variable paths a template reads: "Avgift {{event.text}}" → ["event.text"]. */
export function templatePaths(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g)].map((m) => m[1]))];
}
