import { compile, JsonLogicError } from '../../../shared/json-logic/index.ts';
import type { Command, Io } from '../io.ts';

function parse(text: string, what: string, io: Io): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    io.err(`error [invalid_json] ${what}: ${(error as Error).message}`);
    return { ok: false };
  }
}

function report(error: unknown, io: Io): number {
  if (error instanceof JsonLogicError) {
    io.err(`error [${error.code}] at ${error.path.length ? error.path.join('.') : '(root)'}: ${error.message}`);
    return 1;
  }
  throw error;
}

/** `kontera eval '{"+": [1, {"var": "a"}]}' '{"a": 2}'` → 3. The same evaluator as the runtime and the designer. */
export const evalCommand: Command = {
  summary: 'Evaluate a JSON Logic rule on data and print the JSON result; exit 1 for a bad rule',
  usage: "kontera eval '<rule>' ['<data>']",
  async run(args, io) {
    if (args.length < 1 || args.length > 2) { io.err(`Usage: ${this.usage}`); return 2; }
    const rule = parse(args[0], 'rule', io);
    const data = parse(args[1] ?? 'null', 'data', io);
    if (!rule.ok || !data.ok) return 1;
    let compiled;
    try {
      compiled = compile(rule.value);
    } catch (error) {
      return report(error, io);
    }
    try {
      const result = compiled(data.value);
      io.out(JSON.stringify(result === undefined ? null : result));
      return 0;
    } catch (error) {
      return report(error, io);
    }
  },
};
