import { readFileSync } from 'node:fs';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

/** One `kontera <name>` command. Returns the exit code. */
export interface Command {
  summary: string;
  usage: string;
  run(args: string[], io: Io): Promise<number>;
}

/** `--company demo --json file` → { flags: { company: 'demo', json: true }, positional: ['file'] } */
export function parseArgs(args: string[], booleans: string[] = []): { flags: Record<string, string | true>; positional: string[] } {
  const flags: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split('=', 2);
      if (inline !== undefined) flags[name] = inline;
      else if (booleans.includes(name) || i + 1 >= args.length || args[i + 1].startsWith('--')) flags[name] = true;
      else flags[name] = args[++i];
    } else {
      positional.push(arg);
    }
  }
  return { flags, positional };
}

/** The bytes of a file named on the command line, or null after saying why it cannot be read. */
export function readInputFile(file: string, io: Io): Buffer | null {
  try {
    return readFileSync(file);
  } catch (error) {
    io.err(`${file}: ${(error as Error).message}`);
    return null;
  }
}
