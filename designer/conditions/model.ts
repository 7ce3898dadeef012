/**
 * The visual condition builder's model, and its conversion to and from JSON
 * Logic: the builder and the Monaco editor are two views of one expression,
 * and the expression (JSON Logic) is what is stored.
 *
 * A model is a tree of groups ("all of" = and, "any of" = or) and rules
 * (field, operator, values). `toJsonLogic` writes one fixed spelling per rule;
 * `fromJsonLogic` reads exactly those spellings back, or says why an
 * expression is not one the builder can show (and the designer keeps it in
 * Monaco). For every model, fromJsonLogic(toJsonLogic(model)) is the model;
 * for every expression the builder writes, toJsonLogic(fromJsonLogic(json))
 * is the same JSON. The one other spelling read is `{"!": [x]}` (a list of
 * one), written back as `{"!": x}`, which means the same.
 *
 * Fields come from the trigger's event descriptor (shared/nodes), never from
 * a list of our own: an `integer` whose path ends in `Minor` is money in öre
 * (STYLE.md: units go last), typed and shown in kronor.
 *
 * Pure: no React, no DOM. Tests sit beside it.
 */
import { parseIsoDate } from '../../shared/json-logic/calendar-date.ts';
import { formatMinor, lineAmountMinorMax, MoneyError, parseDecimalToMinor } from '../../shared/money.ts';
import type { EventField } from '../../shared/nodes/index.ts';

export type FieldKind = 'money' | 'number' | 'text' | 'date' | 'boolean';

/** A field the builder offers: an event field (or a for-each item's field) with the kind of value it holds. */
export interface BuilderField {
  path: string;
  label: string;
  kind: FieldKind;
  /** a heading for the field list: "Event" or the array the item fields belong to */
  group: string;
  example: unknown;
}

export type OperatorId =
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'between'
  | 'contains' | 'not_contains' | 'starts_with' | 'matches' | 'matches_case' | 'in'
  | 'empty' | 'not_empty' | 'yes' | 'no';

/** How many values an operator takes: none, one, two (between: low, high) or a list of one or more. */
export type Arity = 'none' | 'one' | 'two' | 'list';

export interface OperatorSpec {
  id: OperatorId;
  arity: Arity;
  /** the words shown for each kind of field that offers the operator, in the order offered */
  labels: Partial<Record<FieldKind, string>>;
}

/** One table: which operator fits which kind of field, and what it is called there. */
export const operatorSpecs: Record<OperatorId, OperatorSpec> = {
  eq: { id: 'eq', arity: 'one', labels: { money: '=', number: '=', date: 'is on', text: 'equals' } },
  ne: { id: 'ne', arity: 'one', labels: { money: '≠', number: '≠', date: 'is not on', text: 'does not equal' } },
  lt: { id: 'lt', arity: 'one', labels: { money: '<', number: '<', date: 'is before' } },
  le: { id: 'le', arity: 'one', labels: { money: '≤', number: '≤', date: 'is on or before' } },
  gt: { id: 'gt', arity: 'one', labels: { money: '>', number: '>', date: 'is after' } },
  ge: { id: 'ge', arity: 'one', labels: { money: '≥', number: '≥', date: 'is on or after' } },
  between: { id: 'between', arity: 'two', labels: { money: 'between', number: 'between', date: 'is between' } },
  contains: { id: 'contains', arity: 'one', labels: { text: 'contains' } },
  not_contains: { id: 'not_contains', arity: 'one', labels: { text: 'does not contain' } },
  starts_with: { id: 'starts_with', arity: 'one', labels: { text: 'starts with' } },
  matches: { id: 'matches', arity: 'one', labels: { text: 'matches pattern' } },
  matches_case: { id: 'matches_case', arity: 'one', labels: { text: 'matches pattern (case-sensitive)' } },
  in: { id: 'in', arity: 'list', labels: { text: 'is one of' } },
  empty: { id: 'empty', arity: 'none', labels: { text: 'is empty' } },
  not_empty: { id: 'not_empty', arity: 'none', labels: { text: 'is not empty' } },
  yes: { id: 'yes', arity: 'none', labels: { boolean: 'is yes' } },
  no: { id: 'no', arity: 'none', labels: { boolean: 'is no (or not given)' } },
};

const operatorOrder: Record<FieldKind, OperatorId[]> = {
  money: ['gt', 'ge', 'lt', 'le', 'eq', 'ne', 'between'],
  number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'between'],
  date: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between'],
  text: ['contains', 'not_contains', 'starts_with', 'eq', 'ne', 'in', 'matches', 'matches_case', 'empty', 'not_empty'],
  boolean: ['yes', 'no'],
};

/** The operators a kind of field offers, in the order the builder lists them. */
export function operatorsFor(kind: FieldKind): { id: OperatorId; label: string }[] {
  return operatorOrder[kind].map((id) => ({ id, label: operatorSpecs[id].labels[kind]! }));
}

export function operatorFits(kind: FieldKind, operator: OperatorId): boolean {
  return operatorSpecs[operator].labels[kind] !== undefined;
}

export type Literal = string | number;

export interface ConditionRule {
  type: 'rule';
  field: string;
  operator: OperatorId;
  /** none: []; one: [value]; two: [low, high]; list: one or more. Money in öre, dates as YYYY-MM-DD. */
  values: Literal[];
}

export interface ConditionGroup {
  type: 'group';
  join: 'and' | 'or';
  /** one or more */
  items: ConditionNode[];
}

export type ConditionNode = ConditionRule | ConditionGroup;

/** "No conditions yet": the condition node's default, `{"==": [1, 1]}`, always true. */
export interface AlwaysTrue { type: 'always' }

export type ConditionModel = ConditionNode | AlwaysTrue;

/** Limits: a builder a person can read. Deeper or larger expressions stay in Monaco. */
export const groupDepthMax = 4;
export const rulesMax = 100;
export const listValuesMax = 50;

export const alwaysTrueExpression = { '==': [1, 1] } as const;

// ── Fields ───────────────────────────────────────────────────────────────────

/** The kind of value an event field holds, or null when the builder does not offer it (objects, arrays). */
export function fieldKindOf(field: EventField): FieldKind | null {
  switch (field.type) {
    case 'integer': return /Minor$/.test(field.path) ? 'money' : 'number';
    case 'string': case 'string|null': return 'text';
    case 'date': return 'date';
    case 'boolean': return 'boolean';
    default: return null;
  }
}

/** The descriptor's label; amounts are typed in kronor here, so "(öre)" is left out: "Amount (öre, negative = out)" → "Amount (negative = out)". */
function labelOf(field: EventField, kind: FieldKind): string {
  return kind === 'money' ? field.label.replace(/\s*\(öre\)/, '').replace(/\(öre, /, '(') : field.label;
}

/** The trigger's fields as the builder lists them: the event's own, then each array's item fields (for a for-each body). */
export function builderFields(eventFields: EventField[]): BuilderField[] {
  const fields: BuilderField[] = [];
  for (const field of eventFields) {
    const kind = fieldKindOf(field);
    if (kind) fields.push({ path: field.path, label: labelOf(field, kind), kind, group: 'Event', example: field.example });
  }
  for (const field of eventFields) {
    for (const item of field.itemFields ?? []) {
      const kind = fieldKindOf(item);
      if (kind) fields.push({ path: item.path, label: labelOf(item, kind), kind, group: `Each of ${field.label} (in a For each)`, example: item.example });
    }
  }
  return fields;
}

// ── Model → JSON Logic ──────────────────────────────────────────────────────

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`condition model: ${message}`);
}

function ruleToJsonLogic(rule: ConditionRule): unknown {
  const field = { var: rule.field };
  const [a, b] = rule.values;
  const arity = operatorSpecs[rule.operator].arity;
  const count = rule.values.length;
  assert(arity === 'none' ? count === 0 : arity === 'one' ? count === 1 : arity === 'two' ? count === 2 : count >= 1,
    `operator ${rule.operator} given ${count} value(s)`);
  switch (rule.operator) {
    case 'eq': return { '==': [field, a] };
    case 'ne': return { '!=': [field, a] };
    case 'lt': return { '<': [field, a] };
    case 'le': return { '<=': [field, a] };
    case 'gt': return { '>': [field, a] };
    case 'ge': return { '>=': [field, a] };
    case 'between': return { '<=': [a, field, b] };
    case 'contains': return { icontains: [field, a] };
    case 'not_contains': return { '!': { icontains: [field, a] } };
    case 'starts_with': return { istarts_with: [field, a] };
    case 'matches': return { regex_test: [a, field, 'i'] };
    case 'matches_case': return { regex_test: [a, field] };
    case 'in': return { in: [field, [...rule.values]] };
    case 'empty': case 'no': return { '!': field };
    case 'not_empty': case 'yes': return { '!!': field };
  }
}

export function toJsonLogic(model: ConditionModel): unknown {
  if (model.type === 'always') return { '==': [1, 1] };
  if (model.type === 'rule') return ruleToJsonLogic(model);
  assert(model.items.length > 0, 'a group has no items');
  return { [model.join]: model.items.map((item) => toJsonLogic(item)) };
}

// ── JSON Logic → model ──────────────────────────────────────────────────────

export type ParseResult =
  | { ok: true; model: ConditionModel }
  /** `path`: keys and indices from the expression's root to the part the builder cannot show */
  | { ok: false; reason: string; path: (string | number)[] };

class NotRepresentable extends Error {
  constructor(readonly reason: string, readonly path: (string | number)[]) { super(reason); }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

interface ParseState { fields: Map<string, BuilderField>; rules: number }

/** `{"var": "event.text"}` → its field; anything else is not a field reference the builder shows. */
function fieldOf(value: unknown, path: (string | number)[], state: ParseState): BuilderField {
  if (!isPlainObject(value) || Object.keys(value).length !== 1 || !('var' in value)) {
    throw new NotRepresentable(`${short(value)} is not a field: the builder compares a field (left) with values`, path);
  }
  const name = value.var;
  if (typeof name !== 'string') {
    throw new NotRepresentable(`{"var": ${short(name)}}: the builder reads a field written as {"var": "event.…"} (no default value, no list)`, path);
  }
  const field = state.fields.get(name);
  if (!field) {
    throw new NotRepresentable(`"${name}" is not a field the builder offers for this trigger (${state.fields.size ? [...state.fields.keys()].slice(0, 8).join(', ') + (state.fields.size > 8 ? ', …' : '') : 'add a trigger first'})`, path);
  }
  return field;
}

function literalFor(field: BuilderField, value: unknown, path: (string | number)[]): Literal {
  switch (field.kind) {
    case 'money':
      if (typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= lineAmountMinorMax) return value;
      throw new NotRepresentable(`${field.label} is an amount in whole öre; ${short(value)} is not one`, path);
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw new NotRepresentable(`${field.label} is a number; ${short(value)} is not one`, path);
    case 'date':
      if (typeof value === 'string' && parseIsoDate(value)) return value;
      throw new NotRepresentable(`${field.label} is a date; ${short(value)} is not a date written YYYY-MM-DD`, path);
    case 'text':
      if (typeof value === 'string') return value;
      throw new NotRepresentable(`${field.label} is text; ${short(value)} is not text (write it in quotes)`, path);
    case 'boolean':
      throw new NotRepresentable(`${field.label} is yes/no: the builder asks "is yes" or "is no" ({"!!": …} or {"!": …})`, path);
  }
}

const comparisons: Record<string, OperatorId> = { '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

function rule(field: BuilderField, operator: OperatorId, values: Literal[], path: (string | number)[], state: ParseState): ConditionRule {
  if (!operatorFits(field.kind, operator)) {
    const offered = operatorsFor(field.kind).map((o) => o.label).join(', ');
    throw new NotRepresentable(`${field.label} (${field.kind}) cannot be compared that way in the builder; it offers: ${offered}`, path);
  }
  state.rules += 1;
  if (state.rules > rulesMax) throw new NotRepresentable(`more than ${rulesMax} conditions`, path);
  return { type: 'rule', field: field.path, operator, values };
}

/** A unary operator's one argument: `{"!": x}` or `{"!": [x]}`. */
function unaryArgument(raw: unknown, path: (string | number)[]): { value: unknown; path: (string | number)[] } {
  if (!Array.isArray(raw)) return { value: raw, path };
  if (raw.length !== 1) throw new NotRepresentable(`"!" with ${raw.length} arguments`, path);
  return { value: raw[0], path: [...path, 0] };
}

function parseNode(value: unknown, path: (string | number)[], depth: number, state: ParseState): ConditionNode {
  if (!isPlainObject(value)) {
    throw new NotRepresentable(Array.isArray(value) ? 'a list is not a condition' : `${short(value)} is a fixed value, not a condition on a field`, path);
  }
  const keys = Object.keys(value);
  if (keys.length !== 1) throw new NotRepresentable(`an operation has one key; this object has ${keys.length}`, path);
  const op = keys[0];
  const raw = value[op];
  const at = [...path, op];

  if (op === 'and' || op === 'or') {
    if (!Array.isArray(raw) || raw.length === 0) throw new NotRepresentable(`"${op}" needs a list of at least one condition`, at);
    if (depth >= groupDepthMax) throw new NotRepresentable(`groups nested deeper than ${groupDepthMax} levels`, at);
    return { type: 'group', join: op, items: raw.map((item, index) => parseNode(item, [...at, index], depth + 1, state)) };
  }

  if (op in comparisons) {
    if (!Array.isArray(raw)) throw new NotRepresentable(`"${op}" needs a list of arguments`, at);
    if (raw.length === 3 && op === '<=') {
      const field = fieldOf(raw[1], [...at, 1], state);
      return rule(field, 'between', [literalFor(field, raw[0], [...at, 0]), literalFor(field, raw[2], [...at, 2])], at, state);
    }
    if (raw.length === 3) throw new NotRepresentable(`"${op}" with three arguments (between, excluding the ends): the builder's "between" includes them ("<=")`, at);
    if (raw.length !== 2) throw new NotRepresentable(`"${op}" with ${raw.length} arguments`, at);
    if (isPlainObject(raw[1]) && 'var' in raw[1] && !(isPlainObject(raw[0]) && 'var' in raw[0])) {
      throw new NotRepresentable('the value is on the left: the builder writes the field first ({"' + op + '": [{"var": …}, value]})', at);
    }
    const field = fieldOf(raw[0], [...at, 0], state);
    const operator = comparisons[op];
    if (field.kind === 'text' && operator !== 'eq' && operator !== 'ne') {
      throw new NotRepresentable(`${field.label} is text; the builder does not order texts with "${op}"`, at);
    }
    return rule(field, operator, [literalFor(field, raw[1], [...at, 1])], at, state);
  }

  if (op === 'icontains' || op === 'istarts_with') {
    if (!Array.isArray(raw) || raw.length !== 2) throw new NotRepresentable(`"${op}" needs [field, text]`, at);
    const field = fieldOf(raw[0], [...at, 0], state);
    if (field.kind !== 'text') throw new NotRepresentable(`${field.label} is not text`, at);
    return rule(field, op === 'icontains' ? 'contains' : 'starts_with', [literalFor(field, raw[1], [...at, 1])], at, state);
  }

  if (op === 'regex_test') {
    if (!Array.isArray(raw) || raw.length < 2 || raw.length > 3) throw new NotRepresentable('"regex_test" needs [pattern, field, flags?]', at);
    if (typeof raw[0] !== 'string') throw new NotRepresentable('the pattern is not a text', [...at, 0]);
    if (raw.length === 3 && raw[2] !== 'i') throw new NotRepresentable(`regex flags ${short(raw[2])}: the builder offers "i" (ignore case) or none`, [...at, 2]);
    const field = fieldOf(raw[1], [...at, 1], state);
    if (field.kind !== 'text') throw new NotRepresentable(`${field.label} is not text`, at);
    return rule(field, raw.length === 3 ? 'matches' : 'matches_case', [raw[0]], at, state);
  }

  if (op === 'in') {
    if (!Array.isArray(raw) || raw.length !== 2) throw new NotRepresentable('"in" needs [field, list]', at);
    const field = fieldOf(raw[0], [...at, 0], state);
    const list = raw[1];
    if (!Array.isArray(list)) throw new NotRepresentable('"in" over a text (is part of) is not in the builder; it offers "is one of" a list', [...at, 1]);
    if (list.length === 0 || list.length > listValuesMax) throw new NotRepresentable(`"is one of" takes 1–${listValuesMax} values`, [...at, 1]);
    return rule(field, 'in', list.map((item, index) => literalFor(field, item, [...at, 1, index])), at, state);
  }

  if (op === '!' || op === '!!') {
    const inner = unaryArgument(raw, at);
    if (op === '!' && isPlainObject(inner.value) && 'icontains' in inner.value) {
      const contains = parseNode(inner.value, inner.path, depth, state) as ConditionRule;
      return { ...contains, operator: 'not_contains' };
    }
    if (isPlainObject(inner.value) && !('var' in inner.value)) {
      throw new NotRepresentable(`"${op}" of an operation: the builder negates only "contains" (as "does not contain")`, inner.path);
    }
    const field = fieldOf(inner.value, inner.path, state);
    const operator: OperatorId = field.kind === 'boolean' ? (op === '!' ? 'no' : 'yes') : (op === '!' ? 'empty' : 'not_empty');
    return rule(field, operator, [], at, state);
  }

  throw new NotRepresentable(`the builder has no row for "${op}"`, at);
}

/** The builder's model of an expression, or why the builder cannot show it. Never throws. */
export function fromJsonLogic(expression: unknown, fields: BuilderField[]): ParseResult {
  if (sameJson(expression, alwaysTrueExpression)) return { ok: true, model: { type: 'always' } };
  const state: ParseState = { fields: new Map(fields.map((f) => [f.path, f])), rules: 0 };
  try {
    return { ok: true, model: parseNode(expression, [], 0, state) };
  } catch (thrown) {
    if (thrown instanceof NotRepresentable) return { ok: false, reason: thrown.reason, path: thrown.path };
    throw thrown;
  }
}

/** "and → 2 → or → 0": where in the expression, for people. */
export function describePath(path: (string | number)[]): string {
  return path.length === 0 ? 'the whole expression' : path.join(' → ');
}

// ── Amounts: kronor typed by people ↔ öre ───────────────────────────────────

export type AmountParse = { ok: true; minor: number } | { ok: false; message: string };

/**
 * "1 234,50" / "1234.50" / "12" / "-25" / "12 kr" → öre. Spaces (also
 * non-breaking) group thousands; "," or "." marks öre; the minus may be "−".
 */
export function parseKronorAmount(text: string): AmountParse {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^[−–]/, '-').replace(/(kr|sek)$/i, '');
  if (compact === '') return { ok: false, message: 'Write an amount in kronor, e.g. 1 234,50' };
  if (/[.,].*[.,]/.test(compact)) return { ok: false, message: 'One decimal mark only: group thousands with spaces, e.g. 1 234,50' };
  try {
    const minor = parseDecimalToMinor(compact, 'SEK');
    if (Math.abs(minor) > lineAmountMinorMax) return { ok: false, message: 'The amount is larger than any bank line can be' };
    return { ok: true, minor };
  } catch (error) {
    if (error instanceof MoneyError && error.code === 'too_many_decimals') return { ok: false, message: 'At most two decimals (öre)' };
    if (error instanceof MoneyError && error.code === 'amount_too_large') return { ok: false, message: 'The amount is larger than any bank line can be' };
    return { ok: false, message: `"${text.trim()}" is not an amount in kronor; write e.g. 1 234,50` };
  }
}

/** 123450 → "1 234,50" (sv-SE, without "kr"; the minus as "-" so it reads back as typed). */
export function formatKronorAmount(minor: number): string {
  return formatMinor(minor, 'SEK').replace(/\s*kr$/, '').replace(/\u2212/g, '-');
}

// ── Editing (what the builder's buttons do) ─────────────────────────────────

/** A position in the builder: the indices of items from the root group. */
export type ItemPath = number[];

/** The model as the builder shows it: always a root group (possibly empty). */
export function editableRoot(model: ConditionModel): EditableRoot {
  if (model.type === 'always') return { join: 'and', items: [] };
  if (model.type === 'rule') return { join: 'and', items: [model] };
  return { join: model.join, items: model.items };
}

/** Back from the builder's root group: no items = always true, one rule = the rule alone. Empty nested groups are dropped. */
export function fromEditableRoot(root: EditableRoot): ConditionModel {
  const prune = (items: ConditionNode[]): ConditionNode[] => items.flatMap((item): ConditionNode[] => {
    if (item.type === 'rule') return [item];
    const inner = prune(item.items);
    return inner.length ? [{ ...item, items: inner }] : [];
  });
  const items = prune(root.items);
  if (items.length === 0) return { type: 'always' };
  if (items.length === 1 && items[0].type === 'rule') return items[0];
  return { type: 'group', join: root.join, items };
}

/** The value a new rule starts with for an operator on a field. */
export function defaultValues(field: BuilderField, operator: OperatorId): Literal[] {
  const one = (): Literal => field.kind === 'money' || field.kind === 'number' ? 0
    : field.kind === 'date' ? (typeof field.example === 'string' && parseIsoDate(field.example) ? field.example : '2026-01-01')
      : '';
  switch (operatorSpecs[operator].arity) {
    case 'none': return [];
    case 'one': return [one()];
    case 'two': return [one(), one()];
    case 'list': return [one()];
  }
}

export function newRule(field: BuilderField): ConditionRule {
  const operator = operatorOrder[field.kind][0];
  return { type: 'rule', field: field.path, operator, values: defaultValues(field, operator) };
}

/** Another field: the operator and values stay when they fit its kind, else start again. */
export function withField(rule: ConditionRule, field: BuilderField, fields: BuilderField[]): ConditionRule {
  const before = fields.find((f) => f.path === rule.field);
  if (before && before.kind === field.kind) return { ...rule, field: field.path };
  return newRule(field);
}

/** Another operator: the values stay when it takes as many, else start again (a single value carries over to between/list). */
export function withOperator(rule: ConditionRule, operator: OperatorId, field: BuilderField): ConditionRule {
  const from = operatorSpecs[rule.operator].arity;
  const to = operatorSpecs[operator].arity;
  if (from === to) return { ...rule, operator };
  const values = defaultValues(field, operator);
  if (rule.values.length > 0 && values.length > 0) values[0] = rule.values[0];
  return { ...rule, operator, values };
}

export interface EditableRoot { join: 'and' | 'or'; items: ConditionNode[] }

function mapGroup(group: EditableRoot, path: ItemPath, change: (group: EditableRoot) => EditableRoot): EditableRoot {
  if (path.length === 0) return change(group);
  const [index, ...rest] = path;
  const child = group.items[index];
  assert(child && child.type === 'group', `no group at ${path.join('.')}`);
  const next = mapGroup(child, rest, change);
  return { ...group, items: group.items.map((item, i) => (i === index ? { ...child, join: next.join, items: next.items } : item)) };
}

/** Replaces the item at `path` (a rule or a group), or removes it with null. */
export function replaceItem(root: EditableRoot, path: ItemPath, next: ConditionNode | null): EditableRoot {
  assert(path.length > 0, 'the root is not an item');
  const index = path[path.length - 1];
  return mapGroup(root, path.slice(0, -1), (group) => ({
    ...group,
    items: next === null ? group.items.filter((_, i) => i !== index) : group.items.map((item, i) => (i === index ? next : item)),
  }));
}

/** Adds a rule or a group at the end of the group at `groupPath` ([] = the root). */
export function appendItem(root: EditableRoot, groupPath: ItemPath, node: ConditionNode): EditableRoot {
  return mapGroup(root, groupPath, (group) => ({ ...group, items: [...group.items, node] }));
}

export function setJoin(root: EditableRoot, groupPath: ItemPath, join: 'and' | 'or'): EditableRoot {
  return mapGroup(root, groupPath, (group) => ({ ...group, join }));
}
