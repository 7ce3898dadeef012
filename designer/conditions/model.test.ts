import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, evaluate } from '../../shared/json-logic/index.ts';
import { descriptorOf, nodeDescriptors } from '../../shared/nodes/index.ts';
import {
  builderFields, editableRoot, formatKronorAmount, fromEditableRoot, fromJsonLogic, groupDepthMax, newRule,
  operatorSpecs, operatorsFor, parseKronorAmount, toJsonLogic, withField, withOperator,
  type BuilderField, type ConditionModel, type ConditionNode, type ConditionRule, type Literal, type OperatorId,
} from './model.ts';

const bankFields = builderFields(nodeDescriptors['bank-line-imported'].event!.fields);
const invoiceFields = builderFields(nodeDescriptors['supplier-invoice-arrived'].event!.fields);
const field = (path: string, fields = bankFields): BuilderField => fields.find((f) => f.path === path)!;

describe('builderFields', () => {
  it('takes the trigger descriptor\'s fields, with amounts (…Minor) as money', () => {
    const kinds = Object.fromEntries(bankFields.map((f) => [f.path, f.kind]));
    expect(kinds['event.amountMinor']).toBe('money');
    expect(kinds['event.text']).toBe('text');
    expect(kinds['event.reference']).toBe('text');
    expect(kinds['event.bookingDate']).toBe('date');
    expect(kinds['event.reversal']).toBe('boolean');
    expect(field('event.text').label).toBe('Bank text');
    // typed in kronor here, so the descriptor's "öre" is left out of the label
    expect(field('event.amountMinor').label).toBe('Amount (negative = out)');
    expect(field('event.totalMinor', invoiceFields).label).toBe('Total incl. VAT');
  });

  it('leaves out objects and arrays, and offers an array\'s item fields for a for-each body', () => {
    expect(invoiceFields.some((f) => f.path === 'event.lines')).toBe(false);
    expect(field('item.amountMinor', invoiceFields)).toMatchObject({ kind: 'money', group: 'Each of Invoice lines (in a For each)' });
    expect(builderFields(nodeDescriptors['webhook-received'].event!.fields).map((f) => f.path)).not.toContain('event.payload');
  });
});

describe('the interest-income rule a new user built', () => {
  const model: ConditionModel = {
    type: 'group', join: 'and', items: [
      { type: 'rule', field: 'event.text', operator: 'contains', values: ['RÄNTA'] },
      { type: 'rule', field: 'event.amountMinor', operator: 'gt', values: [0] },
    ],
  };

  it('is the JSON Logic one would write by hand, in öre', () => {
    expect(toJsonLogic(model)).toEqual({ and: [
      { icontains: [{ var: 'event.text' }, 'RÄNTA'] },
      { '>': [{ var: 'event.amountMinor' }, 0] },
    ] });
  });

  it('holds for interest paid in, case-insensitively, and not for an interest cost', () => {
    const rule = toJsonLogic(model);
    expect(evaluate(rule, { event: { text: 'Ränta kv 4', amountMinor: 12_550 } })).toBe(true);
    expect(evaluate(rule, { event: { text: 'RÄNTA', amountMinor: -12_550 } })).toBe(false);
    expect(evaluate(rule, { event: { text: 'AVGIFT', amountMinor: 12_550 } })).toBe(false);
  });

  it('reads back as the same model', () => {
    expect(fromJsonLogic(toJsonLogic(model), bankFields)).toEqual({ ok: true, model });
  });
});

describe('fromJsonLogic', () => {
  it('reads every condition and switch case in rules-examples and writes it back unchanged', () => {
    const folder = fileURLToPath(new URL('../../rules-examples/', import.meta.url));
    let checked = 0;
    for (const file of readdirSync(folder).filter((f) => f.endsWith('.json'))) {
      const document = JSON.parse(readFileSync(folder + file, 'utf8')) as { nodes: { type: string; config: Record<string, unknown> }[] };
      const trigger = document.nodes.map((n) => descriptorOf(n.type)).find((d) => d?.kind === 'trigger');
      const fields = builderFields(trigger?.event?.fields ?? []);
      const expressions = document.nodes.flatMap((n) => n.type === 'condition' ? [n.config.expression]
        : n.type === 'switch' ? (n.config.cases as { expression: unknown }[]).map((c) => c.expression) : []);
      for (const expression of expressions) {
        const parsed = fromJsonLogic(expression, fields);
        expect(parsed, `${file}: ${JSON.stringify(expression)}`).toMatchObject({ ok: true });
        if (parsed.ok) expect(toJsonLogic(parsed.model)).toEqual(expression);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
  });

  it('shows the new condition\'s default ({"==": [1, 1]}) as "no conditions yet"', () => {
    expect(fromJsonLogic({ '==': [1, 1] }, bankFields)).toEqual({ ok: true, model: { type: 'always' } });
    expect(toJsonLogic({ type: 'always' })).toEqual({ '==': [1, 1] });
  });

  it('reads {"!": [x]} (a list of one) and writes it as {"!": x}, which means the same', () => {
    const parsed = fromJsonLogic({ '!': [{ var: 'event.reversal' }] }, bankFields);
    expect(parsed).toEqual({ ok: true, model: { type: 'rule', field: 'event.reversal', operator: 'no', values: [] } });
    expect(toJsonLogic((parsed as { model: ConditionModel }).model)).toEqual({ '!': { var: 'event.reversal' } });
  });

  it('reads ! and !! by the field\'s kind: empty text, a yes/no', () => {
    expect(fromJsonLogic({ '!!': { var: 'event.reference' } }, bankFields))
      .toMatchObject({ ok: true, model: { operator: 'not_empty' } });
    expect(fromJsonLogic({ '!!': { var: 'event.reversal' } }, bankFields))
      .toMatchObject({ ok: true, model: { operator: 'yes' } });
  });

  const cases: [string, unknown, RegExp, (string | number)[]][] = [
    ['arithmetic', { '+': [1, 2] }, /no row for "\+"/, ['+']],
    ['an unknown field', { '==': [{ var: 'event.payload.type' }, 'x'] }, /"event.payload.type" is not a field the builder offers/, ['==', 0]],
    ['öre with decimals', { '>': [{ var: 'event.amountMinor' }, 0.5] }, /whole öre; 0.5 is not one/, ['>', 1]],
    ['an amount as text', { '>': [{ var: 'event.amountMinor' }, '100'] }, /whole öre/, ['>', 1]],
    ['an empty and', { and: [] }, /at least one condition/, ['and']],
    ['the value on the left', { '>': [0, { var: 'event.amountMinor' }] }, /value is on the left/, ['>']],
    ['strict between', { '<': [0, { var: 'event.amountMinor' }, 100] }, /excluding the ends/, ['<']],
    ['regex flags other than i', { regex_test: ['x', { var: 'event.text' }, 'm'] }, /flags "m"/, ['regex_test', 2]],
    ['a var with a default', { '==': [{ var: ['event.text', ''] }, 'x'] }, /no default value/, ['==', 0]],
    ['ordering texts', { '<': [{ var: 'event.text' }, 'M'] }, /does not order texts/, ['<']],
    ['a date that is no date', { '<': [{ var: 'event.bookingDate' }, '2026-02-30'] }, /not a date/, ['<', 1]],
    ['deep inside', { and: [{ '>': [{ var: 'event.amountMinor' }, 0] }, { or: [{ if: [true, true, false] }] }] }, /no row for "if"/, ['and', 1, 'or', 0, 'if']],
    ['a fixed value', true, /fixed value/, []],
    ['a negated comparison', { '!': { '>': [{ var: 'event.amountMinor' }, 0] } }, /negates only "contains"/, ['!']],
    ['two keys', { '==': [1, 1], '!=': [1, 2] }, /one key/, []],
  ];
  it.each(cases)('says why it cannot show %s, and where', (_name, expression, reason, path) => {
    const parsed = fromJsonLogic(expression, bankFields);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.reason).toMatch(reason);
      expect(parsed.path).toEqual(path);
    }
  });

  it(`keeps groups nested deeper than ${groupDepthMax} levels in Monaco`, () => {
    let expression: unknown = { '>': [{ var: 'event.amountMinor' }, 0] };
    for (let i = 0; i < groupDepthMax; i += 1) expression = { and: [expression] };
    expect(fromJsonLogic(expression, bankFields).ok).toBe(true);
    expect(fromJsonLogic({ or: [expression] }, bankFields)).toMatchObject({ ok: false, reason: expect.stringMatching(/deeper than/) });
  });

  it('without a trigger, says so', () => {
    expect(fromJsonLogic({ '>': [{ var: 'event.amountMinor' }, 0] }, [])).toMatchObject({ ok: false, reason: expect.stringMatching(/add a trigger first/) });
  });
});

// ── Property: every model round-trips, and means what the builder shows ────────────

const texts = ['', 'ränta', 'RÄNTA', 'avgift', 'Bankgiro', 'å', 'x y'];
const dates = ['2026-01-01', '2026-02-28', '2026-11-30', '2027-06-15'];

function valueArbitrary(kind: BuilderField['kind']): fc.Arbitrary<Literal> {
  switch (kind) {
    case 'money': return fc.integer({ min: -1_000_000_00, max: 1_000_000_00 });
    case 'number': return fc.integer({ min: -1000, max: 1000 });
    case 'date': return fc.constantFrom(...dates);
    default: return fc.constantFrom(...texts);
  }
}

function ruleArbitrary(fields: BuilderField[]): fc.Arbitrary<ConditionRule> {
  return fc.constantFrom(...fields).chain((f) => fc.constantFrom(...operatorsFor(f.kind).map((o) => o.id)).chain((operator: OperatorId) => {
    const arity = operatorSpecs[operator].arity;
    const patterns = fc.constantFrom('ränta', '^bg', 'fee$', 'a.c');
    const values: fc.Arbitrary<Literal[]> = arity === 'none' ? fc.constant([])
      : operator === 'matches' || operator === 'matches_case' ? patterns.map((p) => [p])
        : arity === 'one' ? valueArbitrary(f.kind).map((v) => [v])
          : arity === 'two' ? fc.tuple(valueArbitrary(f.kind), valueArbitrary(f.kind))
            : fc.array(valueArbitrary(f.kind), { minLength: 1, maxLength: 4 });
    return values.map((v): ConditionRule => ({ type: 'rule', field: f.path, operator, values: v }));
  }));
}

function modelArbitrary(fields: BuilderField[]): fc.Arbitrary<ConditionModel> {
  const { node } = fc.letrec<{ node: ConditionNode }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      ruleArbitrary(fields),
      fc.record({
        type: fc.constant('group' as const),
        join: fc.constantFrom('and' as const, 'or' as const),
        items: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
      }),
    ),
  }));
  const depthOk = (n: ConditionNode, depth: number): boolean => n.type === 'rule' || (depth < groupDepthMax && n.items.every((i) => depthOk(i, depth + 1)));
  return fc.oneof(fc.constant<ConditionModel>({ type: 'always' }), node.filter((n) => depthOk(n, 0)));
}

/** What a row means, in plain TypeScript: the builder's words, independent of JSON Logic. */
function holds(model: ConditionModel, event: Record<string, unknown>): boolean {
  if (model.type === 'always') return true;
  if (model.type === 'group') return model.join === 'and' ? model.items.every((i) => holds(i, event)) : model.items.some((i) => holds(i, event));
  const value = event[model.field.replace(/^event\./, '')];
  const [a, b] = model.values;
  const lower = (s: unknown) => String(s).toLowerCase();
  switch (model.operator) {
    case 'eq': return value === a;
    case 'ne': return value !== a;
    case 'lt': return (value as number) < (a as number);
    case 'le': return (value as number) <= (a as number);
    case 'gt': return (value as number) > (a as number);
    case 'ge': return (value as number) >= (a as number);
    case 'between': return (a as number) <= (value as number) && (value as number) <= (b as number);
    case 'contains': return typeof value === 'string' && lower(value).includes(lower(a));
    case 'not_contains': return !(typeof value === 'string' && lower(value).includes(lower(a)));
    case 'starts_with': return typeof value === 'string' && lower(value).startsWith(lower(a));
    case 'matches': return typeof value === 'string' && new RegExp(a as string, 'iu').test(value);
    case 'matches_case': return typeof value === 'string' && new RegExp(a as string, 'u').test(value);
    case 'in': return model.values.includes(value as Literal);
    case 'empty': case 'no': return !value;
    case 'not_empty': case 'yes': return Boolean(value);
  }
}

const bankLine = fc.record({
  amountMinor: fc.integer({ min: -2_000_000_00, max: 2_000_000_00 }),
  text: fc.constantFrom(...texts, 'Ränta kv 4', 'BG avgift', 'abc'),
  reference: fc.constantFrom(null, '', '123455'),
  counterparty: fc.constantFrom(null, 'Nordea'),
  bookingDate: fc.constantFrom(...dates),
  valueDate: fc.constantFrom(...dates),
  reversal: fc.constantFrom(true, false, undefined),
  currency: fc.constantFrom('SEK', 'EUR'),
  id: fc.constantFrom('1', 'ränta'),
});

describe('every model the builder can hold', () => {
  it('round-trips exactly: model → JSON Logic → model, and the JSON again', () => {
    fc.assert(fc.property(modelArbitrary(bankFields), (model) => {
      const json = toJsonLogic(model);
      const back = fromJsonLogic(json, bankFields);
      expect(back).toEqual({ ok: true, model });
      expect(toJsonLogic((back as { model: ConditionModel }).model)).toEqual(json);
      expect(fromJsonLogic(JSON.parse(JSON.stringify(json)), bankFields)).toEqual({ ok: true, model });
    }), { numRuns: 400 });
  });

  it('compiles in the shared evaluator and means what its rows say', () => {
    fc.assert(fc.property(modelArbitrary(bankFields), bankLine, (model, event) => {
      const rule = compile(toJsonLogic(model));
      expect(Boolean(rule({ event }))).toBe(holds(model, event));
    }), { numRuns: 400 });
  });
});

describe('amounts in kronor', () => {
  it.each([
    ['1 234,50', 123450], ['1234.50', 123450], ['12', 1200], ['0', 0], ['0,00', 0], ['-25', -2500], ['−25,00', -2500],
    ['1\u00a0234,5', 123450], ['1\u202f000 kr', 100000], ['12,05 SEK', 1205], [' 7,1 ', 710],
  ])('"%s" is %i öre', (text, minor) => {
    expect(parseKronorAmount(text)).toEqual({ ok: true, minor });
  });

  it.each([
    ['', /Write an amount/], ['12,345', /two decimals/], ['1.234,50', /One decimal mark/], ['tolv', /not an amount in kronor/],
    ['1e5', /not an amount/], ['999999999999999', /larger than any bank line/],
  ])('"%s" says why it is not an amount', (text, message) => {
    const parsed = parseKronorAmount(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('shows öre as Swedish kronor that read back the same', () => {
    expect(formatKronorAmount(123450)).toBe('1\u00a0234,50');
    expect(formatKronorAmount(0)).toBe('0,00');
    expect(formatKronorAmount(-2500)).toBe('-25,00');
    fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (minor) => {
      expect(parseKronorAmount(formatKronorAmount(minor))).toEqual({ ok: true, minor });
    }));
  });
});

describe('editing', () => {
  const text = newRule(field('event.text'));
  const amount: ConditionRule = { type: 'rule', field: 'event.amountMinor', operator: 'gt', values: [0] };

  it('shows any model as a root group, and folds back: none = always true, one rule = that rule', () => {
    expect(editableRoot({ type: 'always' })).toEqual({ join: 'and', items: [] });
    expect(editableRoot(amount)).toEqual({ join: 'and', items: [amount] });
    expect(fromEditableRoot({ join: 'or', items: [] })).toEqual({ type: 'always' });
    expect(fromEditableRoot({ join: 'or', items: [amount] })).toEqual(amount);
    expect(fromEditableRoot({ join: 'or', items: [amount, { type: 'group', join: 'and', items: [] }] })).toEqual(amount);
    expect(fromEditableRoot({ join: 'and', items: [text, amount] })).toEqual({ type: 'group', join: 'and', items: [text, amount] });
  });

  it('starts a rule with the first operator of its field\'s kind and an empty value', () => {
    expect(text).toEqual({ type: 'rule', field: 'event.text', operator: 'contains', values: [''] });
    expect(newRule(field('event.amountMinor'))).toEqual({ type: 'rule', field: 'event.amountMinor', operator: 'gt', values: [0] });
    expect(newRule(field('event.reversal'))).toEqual({ type: 'rule', field: 'event.reversal', operator: 'yes', values: [] });
  });

  it('keeps operator and value when another field of the same kind is chosen, else starts again', () => {
    const contains = { ...text, values: ['RÄNTA'] };
    expect(withField(contains, field('event.counterparty'), bankFields)).toEqual({ ...contains, field: 'event.counterparty' });
    expect(withField(contains, field('event.amountMinor'), bankFields)).toEqual(amount);
  });

  it('carries a value over to an operator that takes more, and drops it for one that takes none', () => {
    const f = field('event.amountMinor');
    expect(withOperator({ ...amount, values: [500] }, 'between', f)).toMatchObject({ operator: 'between', values: [500, 0] });
    expect(withOperator({ ...amount, values: [500] }, 'le', f)).toMatchObject({ operator: 'le', values: [500] });
    expect(withOperator({ ...text, values: ['x'] }, 'empty', field('event.text'))).toMatchObject({ operator: 'empty', values: [] });
  });
});
