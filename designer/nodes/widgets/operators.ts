/**
 * Operator names offered by the JSON Logic editor's autocomplete. The shared
 * JSON Logic module is the authority on what runs (the editor's squiggles come
 * from its analyze()); this list only adds a description and a snippet.
 */
export interface OperatorHelp {
  name: string;
  description: string;
  /** Monaco snippet of the arguments, e.g. `[${1}, ${2}]` */
  arguments: string;
}

export const operatorHelp: OperatorHelp[] = [
  { name: 'and', description: 'All are true', arguments: '[${1}, ${2}]' },
  { name: 'or', description: 'At least one is true', arguments: '[${1}, ${2}]' },
  { name: '!', description: 'Not', arguments: '[${1}]' },
  { name: '!!', description: 'Is truthy (set and not empty)', arguments: '[${1}]' },
  { name: 'if', description: 'If / then / else', arguments: '[${1:condition}, ${2:then}, ${3:else}]' },
  { name: '==', description: 'Equal (loose)', arguments: '[${1}, ${2}]' },
  { name: '===', description: 'Equal (strict)', arguments: '[${1}, ${2}]' },
  { name: '!=', description: 'Not equal (loose)', arguments: '[${1}, ${2}]' },
  { name: '!==', description: 'Not equal (strict)', arguments: '[${1}, ${2}]' },
  { name: '<', description: 'Less than (or between, with three arguments)', arguments: '[${1}, ${2}]' },
  { name: '<=', description: 'Less than or equal', arguments: '[${1}, ${2}]' },
  { name: '>', description: 'Greater than', arguments: '[${1}, ${2}]' },
  { name: '>=', description: 'Greater than or equal', arguments: '[${1}, ${2}]' },
  { name: '+', description: 'Add', arguments: '[${1}, ${2}]' },
  { name: '-', description: 'Subtract (or negate)', arguments: '[${1}, ${2}]' },
  { name: '*', description: 'Multiply', arguments: '[${1}, ${2}]' },
  { name: '/', description: 'Divide', arguments: '[${1}, ${2}]' },
  { name: '%', description: 'Remainder', arguments: '[${1}, ${2}]' },
  { name: 'min', description: 'Smallest value', arguments: '[${1}, ${2}]' },
  { name: 'max', description: 'Largest value', arguments: '[${1}, ${2}]' },
  { name: 'abs', description: 'Absolute value (amounts out of the bank are negative)', arguments: '[${1}]' },
  { name: 'in', description: 'Is in a list, or is a substring of a text', arguments: '[${1}, ${2}]' },
  { name: 'cat', description: 'Join texts', arguments: '[${1}, ${2}]' },
  { name: 'substr', description: 'Part of a text', arguments: '[${1}, ${2:start}]' },
  { name: 'icontains', description: 'Text contains (any case, å/ä/ö aware)', arguments: '[{"var": "${1:event.text}"}, "${2}"]' },
  { name: 'istarts_with', description: 'Text starts with (any case)', arguments: '[{"var": "${1:event.text}"}, "${2}"]' },
  { name: 'missing', description: 'Which of these fields are missing', arguments: '[${1}]' },
  { name: 'missing_some', description: 'Missing unless at least n are present', arguments: '[${1:1}, [${2}]]' },
  { name: 'var', description: 'Read a field of the event, e.g. "event.amountMinor"', arguments: '"${1:event.}"' },
  { name: 'map', description: 'Apply to every item', arguments: '[${1}, ${2}]' },
  { name: 'filter', description: 'Keep items that match', arguments: '[${1}, ${2}]' },
  { name: 'reduce', description: 'Fold items into one value', arguments: '[${1}, ${2}, ${3}]' },
  { name: 'all', description: 'Every item matches', arguments: '[${1}, ${2}]' },
  { name: 'some', description: 'At least one item matches', arguments: '[${1}, ${2}]' },
  { name: 'none', description: 'No item matches', arguments: '[${1}, ${2}]' },
  { name: 'merge', description: 'Flatten lists into one', arguments: '[${1}, ${2}]' },
];
