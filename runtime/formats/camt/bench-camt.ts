/**
 * Not a test: times parseCamt on a generated camt.053 with `count` entries
 * (default 100 000), each with one TxDtls (party, account, OCR reference, text).
 *   npx tsx runtime/formats/camt/bench-camt.ts [count]
 */
import { parseCamt } from './parse-camt.ts';

export function generateCamt053(count: number): Uint8Array {
  const parts: string[] = [];
  let net = 0;
  for (let i = 1; i <= count; i++) {
    const credit = i % 3 !== 0;
    const minor = 100 + (i % 997) * 37;
    net += credit ? minor : -minor;
    const amount = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
    parts.push(
      `<Ntry><Amt Ccy="SEK">${amount}</Amt><CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd><Sts>BOOK</Sts>` +
        `<BookgDt><Dt>2026-11-30</Dt></BookgDt><ValDt><Dt>2026-11-30</Dt></ValDt><AcctSvcrRef>R${i}</AcctSvcrRef>` +
        `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>DMCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
        `<NtryDtls><TxDtls><Refs><EndToEndId>E2E-${i}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="SEK">${amount}</Amt></TxAmt></AmtDtls>` +
        `<RltdPties><Dbtr><Nm>Kund ${i} AB</Nm></Dbtr><DbtrAcct><Id><IBAN>SE4550000000058398257466</IBAN></Id></DbtrAcct>` +
        `<Cdtr><Nm>Leverantör ${i} AB</Nm></Cdtr></RltdPties>` +
        `<RmtInf><Ustrd>Faktura ${i}</Ustrd><Strd><CdtrRefInf><Ref>${1000000 + i}</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>\n`,
    );
  }
  const closing = 1_000_000 + net;
  const balance = (code: string, value: number) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="SEK">${Math.abs(value) / 100}</Amt>` +
    `<CdtDbtInd>${value >= 0 ? 'CRDT' : 'DBIT'}</CdtDbtInd><Dt><Dt>2026-11-30</Dt></Dt></Bal>`;
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>` +
    `<GrpHdr><MsgId>BENCH</MsgId><CreDtTm>2026-11-30T18:00:00</CreDtTm></GrpHdr><Stmt><Id>BENCH-1</Id>` +
    `<Acct><Id><IBAN>SE4550000000058398257466</IBAN></Id><Ccy>SEK</Ccy></Acct>${balance('OPBD', 1_000_000)}${balance('CLBD', closing)}\n` +
    parts.join('') + `</Stmt></BkToCstmrStmt></Document>\n`;
  return new TextEncoder().encode(xml);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 100_000);
  const bytes = generateCamt053(count);
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const file = parseCamt(bytes);
    const elapsedMs = performance.now() - started;
    const lines = file.statements.reduce((n, s) => n + s.lines.length, 0);
    console.log(`run ${run}: ${count} entries, ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB → ${lines} lines in ${elapsedMs.toFixed(0)} ms; heap ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB`);
  }
}
