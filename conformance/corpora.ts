import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The public sample files live beside the repository (../shared/corpora) and
 * are never copied into it. KONTERA_CORPORA overrides the location.
 */
export function corporaDir(): string {
  const fromEnv = process.env.KONTERA_CORPORA;
  if (fromEnv) return resolve(fromEnv);
  return resolve(fileURLToPath(new URL('../../shared/corpora', import.meta.url)));
}

export function corporaPath(...parts: string[]): string {
  return join(corporaDir(), ...parts);
}

/** Every file under a corpora sub-folder, recursively, sorted. */
export function corporaFiles(sub: string, filter: (name: string) => boolean = () => true): string[] {
  const root = corporaPath(sub);
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (filter(name)) out.push(p);
    }
  };
  walk(root);
  return out;
}

export function assertCorporaPresent(): void {
  const dir = corporaDir();
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(
      `Conformance corpora not found at ${dir}. Place the shared corpora beside the repository ` +
        `(../shared/corpora) or set KONTERA_CORPORA to their folder.`,
    );
  }
}
