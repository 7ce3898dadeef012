import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { realisticCamt053 } from '../../bench/fixtures/camt053.ts';
import { StatementRefusal, type StatementHeader, type StatementLine, type StatementSink } from './bank-statement.ts';
import { parseStatementFile, parseStatementFileOffThread, warmStatementParser } from './parse-statement-file.ts';

/** A sink that keeps what it is handed, and when (before the parse settled or not). */
function recordingSink() {
  const headers: { index: number; header: StatementHeader }[] = [];
  const lines: StatementLine[][] = [];
  const parts: number[] = [];
  let settled = false;
  let linesBeforeSettled = 0;
  const sink: StatementSink = {
    statement: (index, header) => headers.push({ index, header }),
    lines: (index, part) => {
      (lines[index] ??= []).push(...part);
      parts.push(part.length);
      if (!settled) linesBeforeSettled += part.length;
    },
  };
  return { sink, headers, lines, parts, settle: () => { settled = true; }, linesBeforeSettled: () => linesBeforeSettled };
}

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

  it('hands the sink each statement, then its lines in parts of at most 2 000, as the worker parses: the same as the file', async () => {
    const { bytes, lines } = realisticCamt053(4_000);
    const seen = recordingSink();
    const file = await parseStatementFileOffThread({ format: 'camt', bytes }, { sink: seen.sink });
    seen.settle();
    expect(seen.headers).toEqual([{ index: 0, header: { format: 'camt.053', statementId: file.statements[0].statementId, account: file.statements[0].account, currency: 'SEK' } }]);
    expect(seen.lines[0]).toEqual(file.statements[0].lines);
    expect(seen.lines[0]).toHaveLength(lines);
    expect(Math.max(...seen.parts)).toBeLessThanOrEqual(2_000);
    expect(seen.parts.length).toBeGreaterThan(1);
    // the same on this thread (a small file), and for a format parsed whole first (BgMax)
    const inline = recordingSink();
    expect(await parseStatementFileOffThread({ format: 'camt', bytes }, { sink: inline.sink, workerBytesMin: Number.MAX_SAFE_INTEGER })).toEqual(file);
    expect(inline.lines).toEqual(seen.lines);
    // a sink that keeps the lines: the statements come back without them, the rest the same
    const kept = recordingSink();
    const withoutLines = parseStatementFile({ format: 'camt', bytes }, kept.sink, true);
    expect(kept.lines).toEqual(seen.lines);
    expect(withoutLines).toEqual({ ...file, statements: file.statements.map((statement) => ({ ...statement, lines: [] })) });
    const fromBgmax = recordingSink();
    const bgmaxFile = await parseStatementFileOffThread({ format: 'bgmax', bytes: bgmax }, { sink: fromBgmax.sink, workerBytesMin: 1 });
    expect(fromBgmax.headers.map((h) => h.header.statementId)).toEqual(bgmaxFile.statements.map((s) => s.statementId));
    expect(fromBgmax.lines).toEqual(bgmaxFile.statements.map((s) => s.lines));
  }, 60_000);

  it('hands over lines while it parses, before the verdict: a file refused at its end had lines handed over before the refusal', async () => {
    // the closing balance is one öre off: found only when the statement closes, after every entry
    const text = new TextDecoder().decode(realisticCamt053(4_000).bytes);
    const closing = text.lastIndexOf('<Cd>CLBD</Cd>');
    const amountAt = text.indexOf('<Amt Ccy="SEK">', closing) + '<Amt Ccy="SEK">'.length;
    const amountEnd = text.indexOf('<', amountAt);
    const changed = `${text.slice(0, amountEnd - 1)}${(Number(text[amountEnd - 1]) + 1) % 10}${text.slice(amountEnd)}`;
    const seen = recordingSink();
    const refusal = await parseStatementFileOffThread({ format: 'camt', bytes: new TextEncoder().encode(changed) }, { sink: seen.sink }).then(() => null, (error: unknown) => error);
    seen.settle();
    expect(refusal).toBeInstanceOf(StatementRefusal);
    expect((refusal as StatementRefusal).code).toBe('balance_mismatch');
    expect(seen.linesBeforeSettled()).toBeGreaterThan(4_000);
  }, 60_000);

  it('a thread started ahead (warmStatementParser) parses the next file; two at once both parse', async () => {
    const one = realisticCamt053(4_000, 1).bytes;
    const two = realisticCamt053(4_000, 2).bytes;
    warmStatementParser(one.byteLength);
    const [a, b] = await Promise.all([parseStatementFileOffThread({ format: 'camt', bytes: one }), parseStatementFileOffThread({ format: 'camt', bytes: two })]);
    expect(a).toEqual(parseStatementFile({ format: 'camt', bytes: one }));
    expect(b).toEqual(parseStatementFile({ format: 'camt', bytes: two }));
  }, 60_000);
});
