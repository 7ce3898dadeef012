/**
 * Operator completions for the JSON Logic editor, from the shared operator
 * catalogue (the same module the runtime evaluates with). This file only adds
 * insertion snippets for the common cases.
 */
import { operatorCatalogue } from '../../../shared/json-logic/index.ts';

export interface OperatorHelp {
  name: string;
  description: string;
  /** Monaco snippet of the arguments, e.g. `[${1}, ${2}]` */
  arguments: string;
}

const snippets: Record<string, string> = {
  var: '"${1:event.}"',
  if: '[${1:condition}, ${2:then}, ${3:else}]',
  icontains: '[{"var": "${1:event.text}"}, "${2}"]',
  istarts_with: '[{"var": "${1:event.text}"}, "${2}"]',
  abs: '{"var": "${1:event.amountMinor}"}',
  '!': '[${1}]',
  '!!': '[${1}]',
};

/** `[a, b]` → two placeholders; `[value]` → one. */
function snippetOf(arity: string): string {
  const required = arity.replace(/\(.*?\)|\w+\?|…/g, '').split(',').map((s) => s.replace(/[[\]\s]/g, '')).filter(Boolean);
  const count = Math.max(1, Math.min(3, required.length));
  return `[${Array.from({ length: count }, (_, i) => `\${${i + 1}}`).join(', ')}]`;
}

export const operatorHelp: OperatorHelp[] = operatorCatalogue.map((op) => ({
  name: op.name,
  description: `${op.arity} — ${op.description}`,
  arguments: snippets[op.name] ?? snippetOf(op.arity),
}));
