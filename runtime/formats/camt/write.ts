/**
 * Writes camt.053.001.02 statements: any list of entries as a valid file
 * (opening + entries = closing, a TxsSummry that agrees, batches as several
 * TxDtls). Used for the example statement a company can download and import
 * (runtime/domains/bank/example-statement.ts) and by the benches
 * (bench/fixtures/camt053.ts) — the parser (parse-camt.ts) reads every file
 * it writes.
 */
import { camtCurrencyDecimals } from './currency.ts';

export interface CamtTransactionSpec {
  /** signed minor units (money in positive) */
  amountMinor: number;
  /** a structured creditor reference (Swedish OCR) */
  reference?: string | null;
  /** unstructured remittance text */
  text?: string | null;
  counterpartyName?: string | null;
  counterpartyAccount?: string | null;
  endToEndId?: string | null;
}

export interface CamtEntrySpec extends CamtTransactionSpec {
  /** AcctSvcrRef: the line ids are `<ref>:<n>` */
  ref: string;
  bookingDate: string;
  valueDate?: string | null;
  reversal?: boolean;
  /** BkTxCd Domn/Fmly/SubFmly, e.g. ['PMNT', 'RCDT', 'DMCT'] */
  code?: [string, string, string];
  /** a batch: one TxDtls per transaction (the entry's amount is their sum) */
  transactions?: CamtTransactionSpec[];
}

export interface CamtStatementSpec {
  statementId: string;
  iban: string;
  currency?: string;
  openingMinor: number;
  /** the balances' date (default: the latest booking date) */
  date?: string;
  entries: CamtEntrySpec[];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The magnitude of `minor` as camt writes it, with the currency's decimals (SEK 1234.56, JPY 123456, KWD 123.456). */
function decimalIn(currency: string): (minor: number) => string {
  const decimals = camtCurrencyDecimals(currency);
  if (decimals === null) throw new Error(`camt053Document: "${currency}" is not an ISO 4217 currency`);
  return (minor) => {
    const digits = String(Math.abs(minor)).padStart(decimals + 1, '0');
    return decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  };
}

function transactionXml(tx: CamtTransactionSpec, currency: string, credit: boolean, reversal: boolean, withAmount: boolean): string {
  const decimal = decimalIn(currency);
  // The counterparty is the debtor of money in, the creditor of money out (swapped for a reversal).
  const side = credit !== reversal ? 'Dbtr' : 'Cdtr';
  const parts = ['<TxDtls>'];
  if (tx.endToEndId) parts.push(`<Refs><EndToEndId>${escape(tx.endToEndId)}</EndToEndId></Refs>`);
  if (withAmount) parts.push(`<AmtDtls><TxAmt><Amt Ccy="${currency}">${decimal(tx.amountMinor)}</Amt></TxAmt></AmtDtls>`);
  if (tx.counterpartyName || tx.counterpartyAccount) {
    parts.push('<RltdPties>');
    if (tx.counterpartyName) parts.push(`<${side}><Nm>${escape(tx.counterpartyName)}</Nm></${side}>`);
    if (tx.counterpartyAccount) parts.push(`<${side}Acct><Id><IBAN>${tx.counterpartyAccount}</IBAN></Id></${side}Acct>`);
    parts.push('</RltdPties>');
  }
  if (tx.text || tx.reference) {
    parts.push('<RmtInf>');
    if (tx.text) parts.push(`<Ustrd>${escape(tx.text)}</Ustrd>`);
    if (tx.reference) parts.push(`<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${escape(tx.reference)}</Ref></CdtrRefInf></Strd>`);
    parts.push('</RmtInf>');
  }
  parts.push('</TxDtls>');
  return parts.join('');
}

/** The statement as camt.053.001.02 bytes (UTF-8). Opening + entries = closing, and the TxsSummry agrees. */
export function camt053Document(spec: CamtStatementSpec): Uint8Array {
  const currency = spec.currency ?? 'SEK';
  const decimal = decimalIn(currency);
  let net = 0;
  let credits = 0;
  let debits = 0;
  let creditSum = 0;
  let debitSum = 0;
  let latest = '';
  const body: string[] = [];
  for (const entry of spec.entries) {
    const amountMinor = entry.transactions ? entry.transactions.reduce((sum, tx) => sum + tx.amountMinor, 0) : entry.amountMinor;
    const credit = amountMinor >= 0;
    net += amountMinor;
    if (credit) { credits++; creditSum += amountMinor; } else { debits++; debitSum -= amountMinor; }
    if (entry.bookingDate > latest) latest = entry.bookingDate;
    const code = entry.code ?? (credit ? ['PMNT', 'RCDT', 'DMCT'] : ['PMNT', 'ICDT', 'DMCT']);
    const transactions = entry.transactions ?? [entry];
    body.push(
      `<Ntry><Amt Ccy="${currency}">${decimal(amountMinor)}</Amt><CdtDbtInd>${credit ? 'CRDT' : 'DBIT'}</CdtDbtInd>` +
      (entry.reversal ? '<RvslInd>true</RvslInd>' : '') +
      `<Sts>BOOK</Sts><BookgDt><Dt>${entry.bookingDate}</Dt></BookgDt><ValDt><Dt>${entry.valueDate ?? entry.bookingDate}</Dt></ValDt>` +
      `<AcctSvcrRef>${escape(entry.ref)}</AcctSvcrRef>` +
      `<BkTxCd><Domn><Cd>${code[0]}</Cd><Fmly><Cd>${code[1]}</Cd><SubFmlyCd>${code[2]}</SubFmlyCd></Fmly></Domn></BkTxCd>` +
      `<NtryDtls>${entry.transactions ? `<Btch><NbOfTxs>${entry.transactions.length}</NbOfTxs></Btch>` : ''}` +
      transactions.map((tx) => transactionXml(tx, currency, tx.amountMinor >= 0, entry.reversal ?? false, Boolean(entry.transactions))).join('') +
      '</NtryDtls></Ntry>\n',
    );
  }
  const date = spec.date ?? (latest || '2026-11-30');
  const balance = (code: string, value: number) =>
    `<Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="${currency}">${decimal(value)}</Amt>` +
    `<CdtDbtInd>${value >= 0 ? 'CRDT' : 'DBIT'}</CdtDbtInd><Dt><Dt>${date}</Dt></Dt></Bal>`;
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>` +
    `<GrpHdr><MsgId>${escape(spec.statementId)}-MSG</MsgId><CreDtTm>${date}T18:00:00</CreDtTm></GrpHdr>` +
    `<Stmt><Id>${escape(spec.statementId)}</Id><CreDtTm>${date}T18:00:00</CreDtTm>` +
    `<Acct><Id><IBAN>${spec.iban}</IBAN></Id><Ccy>${currency}</Ccy></Acct>\n` +
    `${balance('OPBD', spec.openingMinor)}${balance('CLBD', spec.openingMinor + net)}\n` +
    `<TxsSummry><TtlNtries><NbOfNtries>${spec.entries.length}</NbOfNtries></TtlNtries>` +
    `<TtlCdtNtries><NbOfNtries>${credits}</NbOfNtries><Sum>${decimal(creditSum)}</Sum></TtlCdtNtries>` +
    `<TtlDbtNtries><NbOfNtries>${debits}</NbOfNtries><Sum>${decimal(debitSum)}</Sum></TtlDbtNtries></TxsSummry>\n` +
    body.join('') + '</Stmt></BkToCstmrStmt></Document>\n';
  return new TextEncoder().encode(xml);
}
