import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realisticCamt053 } from '../../bench/fixtures/camt053.ts';
import { StatementRefusal } from './bank-statement.ts';
import { parseStatementFile, parseStatementFileOffThread } from './parse-statement-file.ts';

const bgmax = readFileSync(new URL('./bgmax/fixtures/small-latin1.bgmax.txt', import.meta.url));

describe('parseStatementFileOffThread', () => {
  it('parses a large file on a worker thread to the same result, while the event loop keeps turning', async () => {
    const { bytes, lines } = realisticCamt053(4_000);
    expect(bytes.byteLength).toBeGreaterThan(2 * 1024 * 1024);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    const file = await parseStatementFileOffThread({ format: 'camt', bytes });
    clearInterval(timer);
    expect(file).toEqual(parseStatementFile({ format: 'camt', bytes }));
    expect(file.statements[0].lines).toHaveLength(lines);
    // The parse took a while; the timer ran meanwhile (it could not, had the parse been on this thread).
    expect(ticks).toBeGreaterThan(0);
    expect(performance.now() - started).toBeGreaterThan(5);
  }, 60_000);

  it('brings a refusal back as the same StatementRefusal (code, where, field, message)', async () => {
    const good = new TextDecoder().decode(realisticCamt053(4_000).bytes);
    const ref = '<AcctSvcrRef>2026113000000017</AcctSvcrRef>';
    expect(good).toContain(ref);
    const bytes = new TextEncoder().encode(good.replace(ref, `${ref}<BookgDt><Dt>2026-12-01</Dt></BookgDt>`));
    const offThread = await parseStatementFileOffThread({ format: 'camt', bytes }).then(() => null, (error: unknown) => error);
    let inline: unknown = null;
    try {
      parseStatementFile({ format: 'camt', bytes });
    } catch (error) {
      inline = error;
    }
    expect(offThread).toBeInstanceOf(StatementRefusal);
    expect(inline).toBeInstanceOf(StatementRefusal);
    const { code, where, field, message } = offThread as StatementRefusal;
    expect({ code, where, field, message }).toEqual({
      code: (inline as StatementRefusal).code, where: (inline as StatementRefusal).where, field: (inline as StatementRefusal).field, message: (inline as StatementRefusal).message,
    });
    expect(code).toBe('duplicate_element');
  }, 60_000);

  it('parses a small file on this thread, any format', async () => {
    const file = await parseStatementFileOffThread({ format: 'bgmax', bytes: bgmax });
    expect(file.format).toBe('bgmax');
    expect(await parseStatementFileOffThread({ format: 'bgmax', bytes: bgmax }, { workerBytesMin: 1 })).toEqual(file);
  }, 60_000);
});
