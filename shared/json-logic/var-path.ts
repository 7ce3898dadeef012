/* eslint-disable @typescript-eslint/no-explicit-any -- data is arbitrary JSON */
import type { Evaluator } from './compiled-node.ts';

/**
 * `var` reads OWN properties only, so nothing on a prototype is reachable, and
 * these names are never followed even when the data has them as own keys (a
 * JSON.parse'd `{"__proto__": …}`): `__proto__`, `constructor`, `prototype`.
 * A function value is treated as absent, so no rule can ever return one.
 */
const hasOwn = Object.prototype.hasOwnProperty;
export const blockedKeys: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** json-logic-js: an empty, null or missing path means the whole data */
export function isWholeDataPath(path: unknown): boolean {
  return path === undefined || path === '' || path === null;
}

export function splitPath(path: unknown): string[] {
  return String(path).split('.');
}

export function readSegments(data: any, segments: readonly string[], notFound: unknown): unknown {
  let value = data;
  for (let i = 0; i < segments.length; i++) {
    if (value === null || value === undefined) return notFound;
    const key = segments[i];
    if (!hasOwn.call(value, key) || blockedKeys.has(key)) return notFound;
    value = value[key];
    if (value === undefined || typeof value === 'function') return notFound;
  }
  return value;
}

/** `{"var": [path, fallback]}` with both already evaluated. */
export function readVar(data: any, path: unknown, fallback: unknown): unknown {
  if (isWholeDataPath(path)) return data;
  return readSegments(data, splitPath(path), fallback === undefined ? null : fallback);
}

/** A specialised reader for a literal path and a constant fallback. */
export function compileVarReader(path: unknown, fallback: unknown): Evaluator {
  if (isWholeDataPath(path)) return (data) => data;
  const notFound = fallback === undefined ? null : fallback;
  const segments = splitPath(path);
  if (segments.some((key) => blockedKeys.has(key))) return () => notFound;
  if (segments.length === 1) {
    const key = segments[0];
    return (data) => {
      if (data === null || data === undefined || !hasOwn.call(data, key)) return notFound;
      const value = data[key];
      return value === undefined || typeof value === 'function' ? notFound : value;
    };
  }
  if (segments.length === 2) {
    const first = segments[0];
    const second = segments[1];
    return (data) => {
      if (data === null || data === undefined || !hasOwn.call(data, first)) return notFound;
      const parent = data[first];
      if (parent === null || parent === undefined || typeof parent === 'function' || !hasOwn.call(parent, second)) {
        return notFound;
      }
      const value = parent[second];
      return value === undefined || typeof value === 'function' ? notFound : value;
    };
  }
  return (data) => readSegments(data, segments, notFound);
}
