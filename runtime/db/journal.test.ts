/**
 * drizzle applies only the migrations whose `when` is newer than the newest one a database has.
 * Migrations written on parallel branches are merged in some order: each must be newer than every
 * one merged before it, so two entries sharing a `when` (or a later merge with an older one) would
 * leave existing databases without it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const folder = new URL('./migrations/', import.meta.url);
const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', folder), 'utf8')) as { entries: { idx: number; when: number; tag: string }[] };

describe('the migration journal', () => {
  it('lists every .sql file once, in file order', () => {
    const files = readdirSync(folder).filter((f) => f.endsWith('.sql')).map((f) => f.slice(0, -4)).sort();
    expect(journal.entries.map((e) => e.tag)).toEqual(files);
    for (const e of journal.entries) expect(e.idx).toBe(Number(e.tag.slice(0, 4)));
  });

  it('gives every migration its own moment', () => {
    const whens = journal.entries.map((e) => e.when);
    expect(new Set(whens).size).toBe(whens.length);
  });
});
