/**
 * One-line, human summaries of node configs for the canvas cards:
 * `{"<":[{"var":"event.amountMinor"},0]}` → `amountMinor < 0`.
 */
import { msg, t } from '../i18n/i18n.ts';

const infix: Record<string, string> = {
  '==': '=', '===': '=', '!=': '≠', '!==': '≠', '<': '<', '<=': '≤', '>': '>', '>=': '≥',
  '+': '+', '-': '−', '*': '×', '/': '/', '%': 'mod', in: msg('rule::in'),
};
const named: Record<string, string> = {
  icontains: msg('rule::contains'), contains: msg('rule::contains'), istarts_with: msg('rule::starts with'), starts_with: msg('rule::starts with'),
  iequals: msg('rule::equals'), ends_with: msg('rule::ends with'),
};

function isOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

function args(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** A short infix rendering of a JSON Logic rule; deep or odd parts become "…". */
export function describeRule(rule: unknown, depth = 0): string {
  if (depth > 6) return '…';
  if (rule === null) return t('rule::empty');
  if (typeof rule === 'string') return JSON.stringify(rule);
  if (typeof rule === 'number' || typeof rule === 'boolean') return String(rule);
  if (Array.isArray(rule)) return `[${rule.map((r) => describeRule(r, depth + 1)).join(', ')}]`;
  if (!isOperation(rule)) return '{…}';
  const [op, raw] = Object.entries(rule)[0];
  const list = args(raw);
  const inner = (value: unknown) => {
    const text = describeRule(value, depth + 1);
    return isOperation(value) && ['and', 'or'].includes(Object.keys(value)[0]) ? `(${text})` : text;
  };
  if (op === 'var') {
    const path = String(list[0] ?? '');
    return path.startsWith('event.') ? path.slice(6) : path || 'data';
  }
  if (op === 'and' || op === 'or') return list.map(inner).join(` ${op === 'and' ? t('rule::and') : t('rule::or')} `);
  if (op === '!' ) return `${t('rule::not')} ${inner(list[0])}`;
  if (op === '!!') return `${inner(list[0])} ${t('rule::is set')}`;
  if (infix[op] && list.length === 2) return `${inner(list[0])} ${op === 'in' ? t(infix[op]) : infix[op]} ${inner(list[1])}`;
  if ((op === '<' || op === '<=') && list.length === 3) {
    return `${inner(list[0])} ${infix[op]} ${inner(list[1])} ${infix[op]} ${inner(list[2])}`;
  }
  if (named[op] && list.length === 2) return `${inner(list[0])} ${t(named[op])} ${inner(list[1])}`;
  if (op === 'abs' && list.length === 1) return `|${inner(list[0])}|`;
  if (op === 'if') return `${t('rule::if')} ${list.map(inner).join(', ')}`;
  return `${op}(${list.map(inner).join(', ')})`;
}

export function truncate(text: string, lengthMax: number): string {
  return text.length <= lengthMax ? text : `${text.slice(0, lengthMax - 1)}…`;
}

interface LineLike { account?: unknown; side?: unknown }

/** A line's account in short: `6570`; an expression `{"var": "event.bankAccount"}` as `bankAccount`; otherwise `ƒ`. */
function describeLineAccount(account: unknown): string {
  if (typeof account === 'string') return account || '????';
  if (account !== null && typeof account === 'object' && !Array.isArray(account)) {
    const path = (account as { var?: unknown }).var;
    const first = Array.isArray(path) ? path[0] : path;
    if (Object.keys(account).length === 1 && typeof first === 'string' && first) return first.replace(/^event\./, '');
    return 'ƒ';
  }
  return '????';
}

/** `6570 D / 1930 C`; `6570 D / bankAccount C` when an account is the bank line's own */
export function describeVoucherLines(lines: unknown): string {
  if (!Array.isArray(lines) || lines.length === 0) return t('No lines yet');
  return lines
    .map((line: LineLike) => `${describeLineAccount(line?.account)} ${line?.side === 'credit' ? t('credit side::C') : t('debit side::D')}`)
    .join(' / ');
}
