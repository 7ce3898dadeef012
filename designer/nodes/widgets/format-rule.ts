/**
 * Formats a JSON Logic rule for reading: short parts stay on one line
 * (`{"<": [{"var": "event.amountMinor"}, 0]}`), long ones break per argument.
 */
/** fits the inspector's editor without wrapping */
const widthMax = 46;

function flat(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flat).join(', ')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${flat(v)}`).join(', ')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** `used`: characters already on the line before this value (after the indentation). */
function format(value: unknown, indent: number, used = 0): string {
  const oneLine = flat(value);
  if (indent + used + oneLine.length + 2 <= widthMax) return oneLine;
  const pad = ' '.repeat(indent + 2);
  const end = ' '.repeat(indent);
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => pad + format(item, indent + 2)).join(',\n')}\n${end}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, inner] = entries[0];
      const prefix = `{${JSON.stringify(key)}: `;
      return prefix + format(inner, indent, used + prefix.length) + '}';
    }
    return `{\n${entries.map(([k, v]) => `${pad}${JSON.stringify(k)}: ${format(v, indent + 2, JSON.stringify(k).length + 2)}`).join(',\n')}\n${end}}`;
  }
  return oneLine;
}

export function formatRule(rule: unknown): string {
  return rule === undefined ? '' : format(rule, 0);
}
