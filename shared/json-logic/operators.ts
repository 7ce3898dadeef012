/**
 * The operator catalogue, for the designer's autocomplete and the docs. Every
 * example is evaluated by operators.test.ts, so the catalogue cannot drift
 * from the implementation.
 */

export type OperatorGroup = 'data' | 'logic' | 'comparison' | 'arithmetic' | 'text' | 'array' | 'date' | 'money' | 'debug';

export interface OperatorExample {
  rule: unknown;
  data?: unknown;
  /** for `balance`: the balances a run would have read, by ledger-balance.ts balanceValuesKey */
  balances?: Readonly<Record<string, number>>;
  result: unknown;
}

export interface OperatorInfo {
  name: string;
  group: OperatorGroup;
  /** the arguments, e.g. `[path, default?]` */
  arity: string;
  description: string;
  example: OperatorExample;
  /** false for the operators added by Kontera */
  standard: boolean;
}

const std = (name: string, group: OperatorGroup, arity: string, description: string, example: OperatorExample): OperatorInfo => ({
  name, group, arity, description, example, standard: true,
});
const own = (name: string, group: OperatorGroup, arity: string, description: string, example: OperatorExample): OperatorInfo => ({
  name, group, arity, description, example, standard: false,
});

export const operatorCatalogue: readonly OperatorInfo[] = [
  std('var', 'data', '[path, default?]', 'Reads a value from the data by dotted path ("supplier.name", "lines.0"); "" is the whole data.',
    { rule: { var: 'total.amountMinor' }, data: { total: { amountMinor: 12500 } }, result: 12500 }),
  std('missing', 'data', '[key, …] or [[key, …]]', 'Lists the keys whose value is absent, null or "".',
    { rule: { missing: ['dueDate', 'supplier.name'] }, data: { supplier: { name: 'Telia' } }, result: ['dueDate'] }),
  std('missing_some', 'data', '[count, [key, …]]', 'Lists the missing keys unless at least `count` of them are present.',
    { rule: { missing_some: [1, ['iban', 'bankgiro']] }, data: { bankgiro: '5050-1055' }, result: [] }),
  std('if', 'logic', '[condition, then, (condition, then)…, else?]', 'The first branch whose condition is truthy; else the last argument, or null.',
    { rule: { if: [{ '>': [{ var: 'amountMinor' }, 100000] }, 'review', 'auto'] }, data: { amountMinor: 250000 }, result: 'review' }),
  std('?:', 'logic', '[condition, then, else]', 'Same as `if`: then-value when truthy, else-value otherwise.',
    { rule: { '?:': [true, 'yes', 'no'] }, result: 'yes' }),
  std('and', 'logic', '[value, …]', 'The first falsy value, or the last value (short-circuits).',
    { rule: { and: [{ '>': [{ var: 'a' }, 0] }, { '<': [{ var: 'a' }, 10] }] }, data: { a: 5 }, result: true }),
  std('or', 'logic', '[value, …]', 'The first truthy value, or the last value (short-circuits).',
    { rule: { or: [{ var: 'nickname' }, { var: 'name' }] }, data: { name: 'Ada' }, result: 'Ada' }),
  std('!', 'logic', '[value]', 'Not: true when the value is falsy (false, 0, "", null, []).',
    { rule: { '!': [{ var: 'paid' }] }, data: { paid: false }, result: true }),
  std('!!', 'logic', '[value]', 'Converts to a boolean with JSON Logic truthiness ([] is false, "0" is true).',
    { rule: { '!!': [[]] }, result: false }),
  std('==', 'comparison', '[a, b]', 'Loose equality (JavaScript ==): 1 == "1".',
    { rule: { '==': [{ var: 'currency' }, 'SEK'] }, data: { currency: 'SEK' }, result: true }),
  std('===', 'comparison', '[a, b]', 'Strict equality: same type and value.',
    { rule: { '===': [1, '1'] }, result: false }),
  std('!=', 'comparison', '[a, b]', 'Loose inequality.',
    { rule: { '!=': [{ var: 'country' }, 'SE'] }, data: { country: 'NO' }, result: true }),
  std('!==', 'comparison', '[a, b]', 'Strict inequality.',
    { rule: { '!==': [1, '1'] }, result: true }),
  std('>', 'comparison', '[a, b]', 'Greater than. ISO dates compare correctly as text.',
    { rule: { '>': [{ var: 'dueDate' }, '2026-01-31'] }, data: { dueDate: '2026-02-15' }, result: true }),
  std('>=', 'comparison', '[a, b]', 'Greater than or equal.',
    { rule: { '>=': [{ var: 'amountMinor' }, 0] }, data: { amountMinor: 0 }, result: true }),
  std('<', 'comparison', '[a, b] or [low, x, high]', 'Less than; with three arguments, strictly between.',
    { rule: { '<': [0, { var: 'amountMinor' }, 100000] }, data: { amountMinor: 5000 }, result: true }),
  std('<=', 'comparison', '[a, b] or [low, x, high]', 'Less than or equal; with three arguments, between inclusive.',
    { rule: { '<=': [1, { var: 'day' }, 31] }, data: { day: 31 }, result: true }),
  std('+', 'arithmetic', '[number, …]', 'Sum; one argument converts text to a number.',
    { rule: { '+': [{ var: 'netMinor' }, { var: 'vatMinor' }] }, data: { netMinor: 10000, vatMinor: 2500 }, result: 12500 }),
  std('-', 'arithmetic', '[a, b] or [a]', 'Difference; one argument negates.',
    { rule: { '-': [{ var: 'amountMinor' }] }, data: { amountMinor: 500 }, result: -500 }),
  std('*', 'arithmetic', '[number, …]', 'Product; one argument is returned unchanged.',
    { rule: { '*': [{ var: 'quantity' }, { var: 'unitPriceMinor' }] }, data: { quantity: 3, unitPriceMinor: 1990 }, result: 5970 }),
  std('/', 'arithmetic', '[a, b]', 'Division (floating point; use `round` or `percent_of` for money).',
    { rule: { '/': [10, 4] }, result: 2.5 }),
  std('%', 'arithmetic', '[a, b]', 'Remainder of a division.',
    { rule: { '%': [{ var: 'invoiceNumber' }, 2] }, data: { invoiceNumber: 1007 }, result: 1 }),
  std('min', 'arithmetic', '[number, …]', 'Smallest of the values.',
    { rule: { min: [3, 1, 2] }, result: 1 }),
  std('max', 'arithmetic', '[number, …]', 'Largest of the values.',
    { rule: { max: [3, 1, 2] }, result: 3 }),
  std('cat', 'text', '[value, …]', 'Joins values into text.',
    { rule: { cat: ['Invoice ', { var: 'number' }] }, data: { number: 42 }, result: 'Invoice 42' }),
  std('substr', 'text', '[text, start, length?]', 'Part of a text; negative start counts from the end, negative length stops before the end.',
    { rule: { substr: ['SE5580000000', 0, 2] }, result: 'SE' }),
  std('in', 'text', '[needle, text or list]', 'Whether text contains a substring (case-sensitive), or a list contains a value.',
    { rule: { in: [{ var: 'country' }, ['SE', 'NO', 'DK', 'FI']] }, data: { country: 'NO' }, result: true }),
  std('merge', 'array', '[list or value, …]', 'Concatenates lists into one list.',
    { rule: { merge: [[1, 2], 3, [4]] }, result: [1, 2, 3, 4] }),
  std('map', 'array', '[list, logic]', 'Applies logic to every item (the item is the data inside).',
    { rule: { map: [{ var: 'lines' }, { var: 'amountMinor' }] }, data: { lines: [{ amountMinor: 100 }, { amountMinor: 250 }] }, result: [100, 250] }),
  std('filter', 'array', '[list, logic]', 'The items for which logic is truthy.',
    { rule: { filter: [[1, -2, 3], { '>': [{ var: '' }, 0] }] }, result: [1, 3] }),
  std('reduce', 'array', '[list, logic, initial?]', 'Folds a list; inside, `current` is the item and `accumulator` the running value.',
    { rule: { reduce: [{ var: 'lines' }, { '+': [{ var: 'current.amountMinor' }, { var: 'accumulator' }] }, 0] },
      data: { lines: [{ amountMinor: 100 }, { amountMinor: 250 }] }, result: 350 }),
  std('all', 'array', '[list, logic]', 'True when logic is truthy for every item; false for an empty list.',
    { rule: { all: [{ var: 'lines' }, { '>': [{ var: 'amountMinor' }, 0] }] }, data: { lines: [{ amountMinor: 100 }] }, result: true }),
  std('some', 'array', '[list, logic]', 'True when logic is truthy for at least one item.',
    { rule: { some: [{ var: 'lines' }, { '==': [{ var: 'account' }, '6212'] }] }, data: { lines: [{ account: '6212' }] }, result: true }),
  std('none', 'array', '[list, logic]', 'True when logic is truthy for no item (and for an empty list).',
    { rule: { none: [{ var: 'lines' }, { '<': [{ var: 'amountMinor' }, 0] }] }, data: { lines: [{ amountMinor: 100 }] }, result: true }),
  std('log', 'debug', '[value]', 'Returns the value and hands it to the log sink given to compile() (no output by default).',
    { rule: { log: ['checkpoint'] }, result: 'checkpoint' }),
  own('ocr_valid', 'money', '[reference, "length"?]', 'Swedish OCR reference: Luhn check digit; with "length", also the length digit. Spaces are ignored.',
    { rule: { ocr_valid: [{ var: 'reference' }, 'length'] }, data: { reference: '1234574' }, result: true }),
  own('round', 'money', '[value, decimals?, mode?]', 'Decimal rounding without float surprises (1.005 → 1.01); modes half_up (default), half_even, floor, ceil, trunc.',
    { rule: { round: [1.005, 2] }, result: 1.01 }),
  own('abs', 'money', '[number]', 'Magnitude of a number (bank amounts out are negative); text is converted with Number(); not a number → null.',
    { rule: { abs: [{ var: 'amountMinor' }] }, data: { amountMinor: -4500 }, result: 4500 }),
  own('percent_of', 'money', '[amountMinor, percent, mode?]', 'Percent of an amount in minor units, rounded to whole minor units (half_up by default).',
    { rule: { percent_of: [{ var: 'netMinor' }, 25] }, data: { netMinor: 10000 }, result: 2500 }),
  own('days_between', 'date', '[from, to]', 'Whole days from one ISO date (YYYY-MM-DD) to another; null for an invalid date.',
    { rule: { days_between: [{ var: 'issueDate' }, { var: 'dueDate' }] }, data: { issueDate: '2026-01-01', dueDate: '2026-01-31' }, result: 30 }),
  own('add_days', 'date', '[date, days]', 'The ISO date `days` days later (negative: earlier).',
    { rule: { add_days: ['2026-02-25', 5] }, result: '2026-03-02' }),
  own('add_months', 'date', '[date, months]', 'The ISO date `months` later, clamped to the end of the month.',
    { rule: { add_months: ['2026-01-31', 1] }, result: '2026-02-28' }),
  own('start_of_month', 'date', '[date]', 'The first day of the date\'s month.',
    { rule: { start_of_month: ['2026-11-30'] }, result: '2026-11-01' }),
  own('end_of_month', 'date', '[date]', 'The last day of the date\'s month.',
    { rule: { end_of_month: ['2028-02-10'] }, result: '2028-02-29' }),
  own('same_period', 'date', '[date, date, unit?]', 'Whether two dates fall in the same month (default), quarter or year.',
    { rule: { same_period: ['2026-03-01', '2026-03-31'] }, result: true }),
  own('date_part', 'date', '[date, part]', 'year, quarter, month, day or weekday (1 = Monday … 7 = Sunday) of a date.',
    { rule: { date_part: ['2026-11-30', 'month'] }, result: 11 }),
  own('icontains', 'text', '[text, part]', 'Whether text contains part, ignoring case (Unicode: Å = å); false for missing text.',
    { rule: { icontains: [{ var: 'text' }, 'avgift'] }, data: { text: 'MÅNADSAVGIFT' }, result: true }),
  own('istarts_with', 'text', '[text, prefix]', 'Whether text starts with prefix, ignoring case.',
    { rule: { istarts_with: [{ var: 'text' }, 'bg '] }, data: { text: 'BG 5050-1055' }, result: true }),
  own('similarity', 'text', '[name, name]', 'Fuzzy name similarity 0…1 (Jaro–Winkler after dropping case, accents, punctuation and AB/Ltd/…).',
    { rule: { similarity: ['Telia Sverige AB', 'TELIA SVERIGE'] }, result: 1 }),
  own('regex_test', 'text', '[pattern, text, flags?]', 'Whether text matches a literal, vetted regular expression (flags i, m, s, u).',
    { rule: { regex_test: ['^SE\\d{10}01$', { var: 'vatNumber' }] }, data: { vatNumber: 'SE556000000001' }, result: true }),
  own('balance', 'money', '[account, from, to]',
    'An account\'s (or a range\'s, "3000-3999") ledger balance in minor units, debit positive, for dates from..to: "YYYY-MM-DD", period_start/period_end (the event date\'s month), previous_period_start/previous_period_end; from null: from the fiscal year\'s opening balance. Arguments: literals or event vars; read before the run, at most 50 per run.',
    { rule: { balance: ['1790', null, 'period_end'] }, balances: { '["1790",null,"period_end"]': 1_200_000 }, result: 1_200_000 }),
];

export const operatorNames: readonly string[] = operatorCatalogue.map((info) => info.name);

export function operatorInfo(name: string): OperatorInfo | undefined {
  return operatorCatalogue.find((info) => info.name === name);
}
