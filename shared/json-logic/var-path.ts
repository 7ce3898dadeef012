/* eslint-disable @typescript-eslint/no-explicit-any -- data is arbitrary JSON */
import type { Evaluator } from './compiled-node.ts';

/**
 * `var` never reaches a prototype's properties, and these names are never
 * followed even when the data has them as own keys (a JSON.parse'd
 * `{"__proto__": …}`): `__proto__`, `constructor`, `prototype`. A function
 * value is treated as absent, so no rule can ever return one.
 *
 * Two ways to read, with the same guarantee:
 *
 * - checked (`readOwn`, `readSegments`): an own-property test
 *   (`hasOwnProperty`) per segment; used for computed paths, `missing*`, and
 *   any object that is not a plain object or array;
 * - direct (the compiled readers below): a literal path has its blocked keys
 *   rejected at compile time; then an object whose prototype is exactly
 *   `Object.prototype` or `Array.prototype` (what JSON gives) is read with a
 *   plain `obj[key]`. The only properties such an object inherits are
 *   functions (treated as absent), `length` (own on arrays anyway) and the
 *   `__proto__` accessor (a blocked key), so the result is the same as the
 *   checked read, without a `hasOwnProperty` call. Anything else (class
 *   instances, `Object.create(proto)`, null-prototype objects, strings) goes
 *   the checked way, so no prototype getter ever runs. (A program that adds
 *   a non-function property to `Object.prototype` itself would make it
 *   visible here; a prototype that redefines `__proto__` is not supported.)
 */
const hasOwn = Object.prototype.hasOwnProperty;
const objectProto: unknown = Object.prototype;
const arrayProto: unknown = Array.prototype;
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

/** The checked read of one or two segments (`b` null: one), free of blocked keys. */
function readOwn(d: any, a: string, b: string | null, notFound: unknown): unknown {
  if (d === null || d === undefined || !hasOwn.call(d, a)) return notFound;
  const v = d[a];
  if (v === undefined || typeof v === 'function') return notFound;
  if (b === null) return v;
  if (v === null || !hasOwn.call(v, b)) return notFound;
  const w = v[b];
  return w === undefined || typeof w === 'function' ? notFound : w;
}

/** `{"var": [path, fallback]}` with both already evaluated. */
export function readVar(data: any, path: unknown, fallback: unknown): unknown {
  if (isWholeDataPath(path)) return data;
  return readSegments(data, splitPath(path), fallback === undefined ? null : fallback);
}

type ReaderFactory = (a: string, b: string | null, notFound: unknown) => Evaluator;

/**
 * Sixty-four textually identical readers of one or two segments. V8 keeps its
 * inline caches per function literal, not per closure: if every `var` in
 * every rule shared one literal, `d[a]` would see every key and go
 * megamorphic (a hash-table probe per read). Each distinct path gets its own
 * copy (round robin), so up to 64 paths read with a monomorphic inline cache,
 * like code written for them; more paths share copies and are no slower than
 * a single literal. The copies are plain source, written once (a test checks
 * that they are identical): nothing is generated at run time. (Issue 14: 16
 * copies for the ~40 paths of the bench's rules gave a geometric mean of
 * 0.45x json-logic-engine `build` per rule, 64 copies 0.79x. `d.__proto__`
 * stays: `Object.getPrototypeOf(d)` measured 0.49x against 0.76x.)
 */
export const readerCopies: readonly ReaderFactory[] = [
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
  (a: string, b: string | null, notFound: unknown): Evaluator => (d) => {
    if (d === null || d === undefined) return notFound;
    let proto = d.__proto__;
    if (proto !== objectProto && proto !== arrayProto) return readOwn(d, a, b, notFound);
    let v = d[a];
    if (b !== null) {
      if (typeof v !== 'object' || v === null) return typeof v === 'string' ? readOwn(v, b, null, notFound) : notFound;
      proto = v.__proto__;
      if (proto !== objectProto && proto !== arrayProto) return readOwn(v, b, null, notFound);
      v = v[b];
    }
    return v === undefined || typeof v === 'function' ? notFound : v;
  },
];

const copyOfPath = new Map<string, number>();
const copyOfPathMax = 4096;

function readerCopy(path: string): ReaderFactory {
  let index = copyOfPath.get(path);
  if (index === undefined) {
    if (copyOfPath.size < copyOfPathMax) {
      index = copyOfPath.size % readerCopies.length;
      copyOfPath.set(path, index);
    } else {
      index = 0;
      for (let i = 0; i < path.length; i++) index = (index * 31 + path.charCodeAt(i)) >>> 0;
      index %= readerCopies.length;
    }
  }
  return readerCopies[index];
}

/** What a link of a chained reader returns when it finds nothing (never a value from data). */
const absent: unknown = Object.freeze({});

/**
 * A reader of three or more segments: a chain of the one/two-segment reader
 * copies above (two segments per link), each link with its own inline
 * caches. (A loop over the segments had one keyed load see every key of
 * every deep path: megamorphic, several times slower.) Same guarantee: each
 * link is direct while the objects are plain and checked otherwise; a link
 * that finds nothing returns `absent`, and the chain stops with `notFound`.
 */
function deepReader(segments: readonly string[], notFound: unknown): Evaluator {
  const links: Evaluator[] = [];
  for (let i = 0; i < segments.length; i += 2) {
    const a = segments[i];
    const b = i + 1 < segments.length ? segments[i + 1] : null;
    links.push(readerCopy(b === null ? a : `${a}.${b}`)(a, b, absent));
  }
  if (links.length === 2) {
    const first = links[0];
    const second = links[1];
    return (d) => {
      const v = first(d);
      if (v === absent) return notFound;
      const w = second(v);
      return w === absent ? notFound : w;
    };
  }
  const count = links.length;
  return (d) => {
    let v = d;
    for (let i = 0; i < count; i++) {
      v = links[i](v);
      if (v === absent) return notFound;
    }
    return v;
  };
}

/** A specialised reader for a literal path and a constant fallback. */
export function compileVarReader(path: unknown, fallback: unknown): Evaluator {
  if (isWholeDataPath(path)) return (data) => data;
  const notFound = fallback === undefined ? null : fallback;
  const segments = splitPath(path);
  // a literal path through a blocked key never finds anything
  if (segments.some((key) => blockedKeys.has(key))) return () => notFound;
  if (segments.length > 2) return deepReader(segments, notFound);
  return readerCopy(String(path))(segments[0], segments.length === 2 ? segments[1] : null, notFound);
}
