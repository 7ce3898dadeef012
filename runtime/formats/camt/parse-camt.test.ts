import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refusalOf, type StatementLine } from '../bank-statement.ts';
import { camtBytesMax, parseCamt, parseCamtReport } from './parse-camt.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const text = (name: string) => fixture(name).toString('utf8');
const bytes = (xml: string) => Buffer.from(xml, 'utf8');

const refusal = refusalOf;

/** Replaces exactly one occurrence, so a fixture edit cannot silently miss. */
function edit(xml: string, from: string, to: string): string {
  const at = xml.indexOf(from);
  if (at < 0 || xml.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

const byId = (lines: StatementLine[]) => Object.fromEntries(lines.map((line) => [line.id, line]));

describe('camt.053.001.02', () => {
  const report = parseCamtReport(fixture('camt053-v2.xml'));
  const [statement] = report.file.statements;
  const lines = byId(statement.lines);

  it('reads the statement, its bankgiro account and balances, and checks them', () => {
    expect(report.message).toBe('camt.053');
    expect(report.version).toBe('001.02');
    expect(report.messageId).toBe('KONTERA-053-V2');
    expect(report.file.format).toBe('camt.053');
    expect(statement).toMatchObject({
      format: 'camt.053', statementId: 'STMT-2026-11-30', account: { bankgiro: '9912346', currency: 'SEK' }, currency: 'SEK',
      openingMinor: 100000, closingMinor: 132550, fromDate: '2026-11-30', toDate: '2026-11-30', creditMinor: 115050, debitMinor: -82500,
    });
    expect(statement.openingMinor! + statement.creditMinor + statement.debitMinor).toBe(statement.closingMinor);
    expect(report.checks).toEqual([{
      where: 'Stmt[1]', statementId: 'STMT-2026-11-30', entries: 6, bookedEntries: 5, skippedEntries: 1, balances: 'agrees',
      summaryChecked: ['TtlNtries/NbOfNtries', 'TtlNtries/Sum', 'TtlNtries/TtlNetNtryAmt', 'TtlCdtNtries/NbOfNtries', 'TtlCdtNtries/Sum', 'TtlDbtNtries/NbOfNtries', 'TtlDbtNtries/Sum'],
    }]);
  });

  it('gives a credit its debtor, OCR reference, signed amount and references (NOTPROVIDED dropped, entities decoded)', () => {
    expect(lines['REF-0001:1']).toEqual({
      id: 'REF-0001:1', amountMinor: 100000, currency: 'SEK', bookingDate: '2026-11-30', valueDate: '2026-12-01',
      counterpartyName: 'Kund & Co AB', counterpartyAccount: 'SE4550000000058398257466', reference: '655969', text: null,
      reversal: false, transactionCode: 'PMNT/RCDT/DMCT', extraReferences: ['TX-1'],
    });
  });

  it('expands a batch into one negative line per TxDtls, each with its creditor and text', () => {
    expect(lines['REF-0002:1']).toMatchObject({
      amountMinor: -30000, counterpartyName: 'Leverantör Ett AB', counterpartyAccount: '5555-5555', text: 'Faktura 1001 och 1002',
      extraReferences: ['E2E-1', 'INSTR-1'],
    });
    expect(lines['REF-0002:2']).toMatchObject({ amountMinor: -50000, counterpartyName: 'Leverantör Två AB', text: 'Betalning via bankgiro' });
  });

  it('skips the pending entry with a warning that counts it', () => {
    expect(statement.lines.map((line) => line.id)).not.toContain('REF-0003:1');
    expect(report.file.warnings).toEqual(['Stmt[1] (Id STMT-2026-11-30): 1 entry is not booked (PDNG 1) and was skipped']);
  });

  it('falls back to NtryRef, then to a content hash, for the id', () => {
    expect(lines['FEE-11:1']).toMatchObject({ amountMinor: -2500, bookingDate: '2026-11-30', text: 'AVGIFT BANKGIRO', transactionCode: 'AVGIFT' });
    const hashed = statement.lines.find((line) => line.id.startsWith('H:'))!;
    expect(hashed.id).toMatch(/^H:[0-9a-f]{16}$/);
    expect(hashed).toMatchObject({ amountMinor: 25, text: 'RANTA' });
    // stable: the same file gives the same ids
    expect(parseCamt(fixture('camt053-v2.xml')).statements[0].lines.map((line) => line.id)).toEqual(statement.lines.map((line) => line.id));
  });

  it('marks a reversal and names the original payee of a returned payment', () => {
    expect(lines['REF-0006:1']).toMatchObject({
      amountMinor: 15025, reversal: true, counterpartyName: 'Leverantör Tre AB', counterpartyAccount: 'SE3550000000054910000003', text: 'Retur: konto saknas',
    });
  });
});

describe('camt.053.001.04 and .08', () => {
  it('reads ISO-8859-1 with namespace prefixes, DtTm as written, extra zero decimals, per-day balances and a lump-sum batch', () => {
    const report = parseCamtReport(fixture('camt053-v4.xml'));
    const [statement] = report.file.statements;
    expect(report.version).toBe('001.04');
    // the earliest OPBD (100.00 on 12-01) to the latest CLBD (-50.00 on 12-02)
    expect(statement).toMatchObject({ openingMinor: 10000, closingMinor: -5000, creditMinor: 10050, debitMinor: -25050, fromDate: '2026-12-01', toDate: '2026-12-02' });
    expect(statement.lines[0]).toMatchObject({ id: 'V4-1:1', amountMinor: 10050, bookingDate: '2026-12-01', counterpartyName: 'Müller GmbH', reference: 'RF18539007547034' });
    expect(statement.lines[2]).toMatchObject({ id: 'V4-3:1', amountMinor: -25000 });
    expect(report.file.warnings).toEqual(['Stmt[1]/Ntry[3]: a batch of 5 transactions given as one amount without 5 TxDtls; imported as one line']);
  });

  it('reads v8 Sts/Cd, Pty/Nm, TxDtls amounts with their own sign, and PRCD as the opening balance', () => {
    const report = parseCamtReport(fixture('camt053-v8.xml'));
    const [statement] = report.file.statements;
    expect(report.version).toBe('001.08');
    expect(statement).toMatchObject({ openingMinor: 1000, closingMinor: -8000 });
    expect(statement.lines).toEqual([
      expect.objectContaining({ id: 'V8-1:1', amountMinor: -10000, counterpartyName: 'Hyresvärd AB', valueDate: '2026-12-03', extraReferences: ['E2E-V8-1', '255ae394-9965-4438-ac86-f406feada396'] }),
      expect.objectContaining({ id: 'V8-1:2', amountMinor: 1000, counterpartyName: 'Ytterst Betalare', transactionCode: 'REFUND' }),
    ]);
    expect(report.file.warnings).toEqual(['Stmt[1] (Id STMT-V8): 1 entry is not booked (INFO 1) and was skipped']);
  });
});

describe('camt.054', () => {
  it('expands a notification batch; no balances; the batch total and summary are checked', () => {
    const report = parseCamtReport(fixture('camt054-v2.xml'));
    const [notification] = report.file.statements;
    expect(report.file.format).toBe('camt.054');
    expect(notification).toMatchObject({ format: 'camt.054', statementId: 'NTFCTN-1', openingMinor: null, closingMinor: null, currency: 'SEK', creditMinor: 30000 });
    expect(notification.lines).toEqual([
      expect.objectContaining({ id: 'N-1:1', amountMinor: 10000, reference: '1234567897', extraReferences: ['2345678917'] }),
      // the TxAmt in SEK is the line's amount, not the instructed EUR amount
      expect.objectContaining({ id: 'N-1:2', amountMinor: 20000, counterpartyName: 'Betalare Två', counterpartyAccount: '12345678' }),
    ]);
    expect(report.checks[0]).toMatchObject({ balances: 'no_balances', summaryChecked: ['TtlNtries/NbOfNtries', 'TtlNtries/Sum'] });
    const wrongTotal = refusal(() => parseCamt(bytes(edit(text('camt054-v2.xml'), '<TtlAmt Ccy="SEK">300.00</TtlAmt>', '<TtlAmt Ccy="SEK">310.00</TtlAmt>'))));
    expect(wrongTotal).toMatchObject({ code: 'batch_total_mismatch', where: 'Ntfctn[1]/Ntry[1]/NtryDtls[1]/Btch/TtlAmt' });
  });
});

describe('refusals name the element and the field', () => {
  const v2 = text('camt053-v2.xml');

  it('a closing balance that opening + entries do not reach, naming the statement and the balances', () => {
    const error = refusal(() => parseCamt(bytes(edit(v2, '<Amt Ccy="SEK">1325.50</Amt>', '<Amt Ccy="SEK">1325.40</Amt>'))));
    expect(error.code).toBe('balance_mismatch');
    expect(error.where).toBe('Stmt[1] (Id STMT-2026-11-30)');
    expect(error.field).toBe('OPBD/CLBD');
    expect(error.message).toContain('opening balance OPBD 1000.00 + booked entries 325.50 (6 lines) = 1325.50 SEK, but the closing balance CLBD is 1325.40 (difference -0.10)');
    // the diagnosis option reads it anyway and says it did not check
    const lenient = parseCamtReport(bytes(edit(v2, '<Amt Ccy="SEK">1325.50</Amt>', '<Amt Ccy="SEK">1325.40</Amt>')), { verifyBalances: false });
    expect(lenient.checks[0].balances).toBe('not_verified');
    expect(lenient.file.statements[0].closingMinor).toBe(132540);
  });

  it('a balance in another currency than the statement', () => {
    const error = refusal(() => parseCamt(bytes(edit(v2, '<Amt Ccy="SEK">1325.50</Amt>', '<Amt Ccy="EUR">1325.50</Amt>'))));
    expect(error).toMatchObject({ code: 'currency_mismatch', where: 'Stmt[1]/Bal[3]/Amt', field: 'Ccy' });
  });

  it('a TxsSummry control sum that does not agree', () => {
    const error = refusal(() => parseCamt(bytes(edit(v2, '<TtlDbtNtries><NbOfNtries>3</NbOfNtries>', '<TtlDbtNtries><NbOfNtries>2</NbOfNtries>'))));
    expect(error).toMatchObject({ code: 'summary_mismatch', where: 'Stmt[1]/TxsSummry/TtlDbtNtries/NbOfNtries', field: 'NbOfNtries' });
  });

  it('TxDtls amounts that do not add up to their entry, naming the entry', () => {
    const error = refusal(() => parseCamt(bytes(edit(v2, '<Amt Ccy="SEK">500.00</Amt>', '<Amt Ccy="SEK">499.00</Amt>'))));
    expect(error).toMatchObject({ code: 'transaction_sum_mismatch', where: 'Stmt[1]/Ntry[2]', field: 'Amt' });
    expect(error.message).toContain('the 2 TxDtls amounts sum to -799.00 but the entry is -800.00 SEK');
  });

  it('a batch count that disagrees with the TxDtls given', () => {
    const error = refusal(() => parseCamt(bytes(edit(v2, '<NbOfTxs>2</NbOfTxs>', '<NbOfTxs>3</NbOfTxs>'))));
    expect(error).toMatchObject({ code: 'batch_count_mismatch', where: 'Stmt[1]/Ntry[2]/NtryDtls[1]/Btch/NbOfTxs' });
  });

  it('a batch whose TxDtls carry no amount cannot be split', () => {
    const xml = edit(v2, '<AmtDtls><TxAmt><Amt Ccy="SEK">300.00</Amt></TxAmt></AmtDtls>', '');
    expect(refusal(() => parseCamt(bytes(xml)))).toMatchObject({ code: 'transaction_amount_missing', where: 'Stmt[1]/Ntry[2]/NtryDtls[1]/TxDtls[1]' });
  });

  it('an amount with more decimals than its currency, unless they are zeros', () => {
    const error = refusal(() => parseCamt(bytes(edit(v2, '<Amt Ccy="SEK">0.25</Amt>', '<Amt Ccy="SEK">0.255</Amt>'))));
    expect(error).toMatchObject({ code: 'too_many_decimals', where: 'Stmt[1]/Ntry[5]/Amt', field: 'Amt' });
    const zeros = edit(v2, '<Amt Ccy="SEK">0.25</Amt>', '<Amt Ccy="SEK">0.25000</Amt>');
    expect(parseCamt(bytes(zeros)).statements[0].creditMinor).toBe(115050);
  });

  it('an entry in another currency, a bad indicator, a missing status or date', () => {
    expect(refusal(() => parseCamt(bytes(edit(v2, '<Amt Ccy="SEK">25.00</Amt>', '<Amt Ccy="EUR">25.00</Amt>')))))
      .toMatchObject({ code: 'currency_mismatch', where: 'Stmt[1]/Ntry[4]/Amt' });
    expect(refusal(() => parseCamt(bytes(edit(v2, '<Amt Ccy="SEK">25.00</Amt>\n        <CdtDbtInd>DBIT</CdtDbtInd>', '<Amt Ccy="SEK">25.00</Amt>\n        <CdtDbtInd>DEBIT</CdtDbtInd>')))))
      .toMatchObject({ code: 'invalid_value', where: 'Stmt[1]/Ntry[4]/CdtDbtInd' });
    expect(refusal(() => parseCamt(bytes(edit(v2, '<Sts>PDNG</Sts>', '')))))
      .toMatchObject({ code: 'missing_element', where: 'Stmt[1]/Ntry[3]/Sts' });
    expect(refusal(() => parseCamt(bytes(edit(v2, '<BookgDt><DtTm>2026-11-30T23:30:00-05:00</DtTm></BookgDt>', '')))))
      .toMatchObject({ code: 'missing_element', where: 'Stmt[1]/Ntry[4]/BookgDt' });
    expect(refusal(() => parseCamt(bytes(edit(v2, '<DtTm>2026-11-30T23:30:00-05:00</DtTm>', '<DtTm>2026-11-31T23:30:00</DtTm>')))))
      .toMatchObject({ code: 'invalid_value', where: 'Stmt[1]/Ntry[4]/BookgDt' });
  });

  it('malformed XML with the line, and a DOCTYPE outright', () => {
    const malformed = refusal(() => parseCamt(bytes(edit(v2, '<AcctSvcrRef>REF-0001</AcctSvcrRef>', '<AcctSvcrRef>REF-0001</AcctSvcrRf>'))));
    expect(malformed.code).toBe('malformed_xml');
    expect(malformed.where).toBe('line 51, column 30');
    const doctype = refusal(() => parseCamt(bytes(edit(v2, '<Document ', '<!DOCTYPE Document [<!ENTITY x "y">]>\n<Document '))));
    expect(doctype).toMatchObject({ code: 'doctype_forbidden', where: 'line 3, column 1' });
  });

  it('another message, or a namespace that contradicts the root', () => {
    const pain = '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn><GrpHdr/></CstmrCdtTrfInitn></Document>';
    const error = refusal(() => parseCamt(bytes(pain)));
    expect(error).toMatchObject({ code: 'unsupported_message', where: 'Document/CstmrCdtTrfInitn' });
    expect(error.message).toContain('(pain.001)');
    expect(refusal(() => parseCamt(bytes('<Invoice><ID>1</ID></Invoice>')))).toMatchObject({ code: 'unsupported_message', where: 'Invoice' });
    const mixed = edit(v2, 'xsd:camt.053.001.02', 'xsd:camt.054.001.02');
    expect(refusal(() => parseCamt(bytes(mixed)))).toMatchObject({ code: 'unsupported_message', field: 'xmlns' });
  });

  it('a statement message without a statement', () => {
    const empty = '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId></GrpHdr></BkToCstmrStmt></Document>';
    expect(refusal(() => parseCamt(bytes(empty)))).toMatchObject({ code: 'missing_element', where: 'BkToCstmrStmt', field: 'Stmt' });
  });

  it('a file over the size limit, and fields over theirs', () => {
    const big = new Uint8Array(camtBytesMax + 1);
    expect(refusal(() => parseCamt(big))).toMatchObject({ code: 'file_too_large', where: 'file' });
    const longRef = edit(v2, '<AcctSvcrRef>REF-0001</AcctSvcrRef>', `<AcctSvcrRef>${'R'.repeat(141)}</AcctSvcrRef>`);
    expect(refusal(() => parseCamt(bytes(longRef)))).toMatchObject({ code: 'field_too_long', where: 'Stmt[1]/Ntry[1]/AcctSvcrRef' });
  });

  it('an element that must occur once, twice', () => {
    const twice = edit(v2, '<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt><Dt>2026-11-30</Dt></BookgDt>\n        <ValDt><Dt>2026-12-01</Dt></ValDt>',
      '<CdtDbtInd>CRDT</CdtDbtInd>\n        <CdtDbtInd>DBIT</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt><Dt>2026-11-30</Dt></BookgDt>\n        <ValDt><Dt>2026-12-01</Dt></ValDt>');
    expect(refusal(() => parseCamt(bytes(twice)))).toMatchObject({ code: 'duplicate_element', where: 'Stmt[1]/Ntry[1]/CdtDbtInd' });
  });
});

describe('ids are unique within the file', () => {
  const v2 = text('camt053-v2.xml');

  it('a reference the bank used on an earlier entry: the later entry\'s ids end in a content hash, with a warning', () => {
    const reused = edit(v2, '<AcctSvcrRef>REF-0006</AcctSvcrRef>', '<AcctSvcrRef>REF-0001</AcctSvcrRef>');
    const file = parseCamt(bytes(reused));
    const ids = file.statements[0].lines.map((line) => line.id);
    expect(ids).toContain('REF-0001:1');
    const later = ids.find((id) => id.startsWith('REF-0001:1:'))!;
    expect(later).toMatch(/^REF-0001:1:[0-9a-f]{8}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(file.warnings).toContain('Stmt[1]/Ntry[6]: AcctSvcrRef "REF-0001" is also that of Stmt[1]/Ntry[1]; the ids of this entry\'s lines end in a content hash');
    // the same file again gives the same ids
    expect(parseCamt(bytes(reused)).statements[0].lines.map((line) => line.id)).toEqual(ids);
  });

  it('the same reference with the same content twice still gives two ids (the balance check vouches for both)', () => {
    const entry = v2.slice(v2.indexOf('      <!-- 1:'), v2.indexOf('      <!-- 2:'));
    const doubled = edit(v2, '      <!-- 2:', `${entry}      <!-- 2:`);
    expect(refusal(() => parseCamt(bytes(doubled)))).toMatchObject({ code: 'balance_mismatch' });
    const file = parseCamt(bytes(doubled), { verifyBalances: false });
    const ids = file.statements[0].lines.map((line) => line.id);
    expect(ids.slice(0, 2)).toEqual(['REF-0001:1', expect.stringMatching(/^REF-0001:1:[0-9a-f]{8}$/)]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(file.warnings).toContain('Stmt[1]/Ntry[2]: AcctSvcrRef "REF-0001" is also that of Stmt[1]/Ntry[1]; the ids of this entry\'s lines end in a content hash');
  });

  it('two identical entries without any reference get different hash ids', () => {
    const interest = '<Ntry>\n        <Amt Ccy="SEK">0.25</Amt>\n        <CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>BOOK</Sts>\n        <BookgDt><Dt>2026-11-30</Dt></BookgDt>\n        <AddtlNtryInf>RANTA</AddtlNtryInf>\n      </Ntry>';
    const doubled = edit(v2, interest, `${interest}\n      ${interest}`);
    const file = parseCamt(bytes(doubled), { verifyBalances: false });
    const hashed = file.statements[0].lines.filter((line) => line.id.startsWith('H:')).map((line) => line.id);
    expect(hashed).toHaveLength(2);
    expect(hashed[0]).not.toBe(hashed[1]);
  });
});

describe('several statements', () => {
  it('reads each Stmt and checks each one\'s balances', () => {
    const v2 = text('camt053-v2.xml');
    const stmt = v2.slice(v2.indexOf('<Stmt>'), v2.indexOf('</Stmt>') + '</Stmt>'.length);
    const second = stmt.replace('<Id>STMT-2026-11-30</Id>', '<Id>STMT-2</Id>').replace(/<AcctSvcrRef>REF-/g, '<AcctSvcrRef>B-').replace('<NtryRef>FEE-11</NtryRef>', '<NtryRef>FEE-12</NtryRef>');
    const file = parseCamt(bytes(edit(v2, '</Stmt>', `</Stmt>\n    ${second}`)));
    expect(file.statements.map((statement) => [statement.statementId, statement.lines.length])).toEqual([['STMT-2026-11-30', 6], ['STMT-2', 6]]);
    const ids = file.statements.flatMap((statement) => statement.lines.map((line) => line.id));
    expect(new Set(ids).size).toBe(12);
    expect(file.warnings).toHaveLength(2);
  });
});
