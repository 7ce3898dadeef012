/**
 * Payment matching conformance, on the public OCR material in
 * ../shared/corpora/bgmax:
 *
 * - ocr-reference-test-vectors.json: every computed reference is found
 *   exactly, from the other form (with ↔ without length digit), and from the
 *   invoice number it was built from; the check-digit and length-digit
 *   verdicts agree with the file's.
 * - Bankgirot's BgMax example files (three editions): every payment is
 *   matched against a ledger of open invoices written here to fit the file
 *   (one invoice per OCR reference in it, amounts chosen so each payment
 *   shape — single OCR, several references, extra references, reference-less
 *   payer name, partial, deduction, another currency — is exercised), and
 *   the decisions must be the expected ones. The files are read by a tiny
 *   test-only record reader (references right-anchored, so the older
 *   edition's TAB-damaged TK22 and short lines read too); the product's
 *   BgMax parser is another module.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMatcher, type IncomingPayment, type MatchDecision, type OpenInvoice } from '../runtime/domains/bank/matching/index.ts';
import { lengthDigitValid, luhnValid, ocrBases } from '../runtime/domains/bank/matching/ocr.ts';
import { corporaPath } from './corpora.ts';

interface Vectors {
  computed: { base: string; withCheckDigit: string; withLengthAndCheckDigit: string }[];
  fromBankgirotExample: { record: string; reference: string; bgmaxReferenceCode: string; luhnValid: boolean; lengthDigitValid: boolean }[];
  checks: { value: string; luhnValid: boolean; lengthDigitValid: boolean }[];
}

const vectors = JSON.parse(readFileSync(corporaPath('bgmax', 'ocr-reference-test-vectors.json'), 'utf8')) as Vectors;

function openInvoice(invoiceNumber: string, ocrReference: string | null, openMinor = 10_000): OpenInvoice {
  return {
    invoiceNumber, customerNo: 'K1', customerName: 'Testkund AB', currency: 'SEK', openMinor, amountMinor: openMinor,
    issueDate: '2026-01-01', dueDate: '2026-01-31', ocrReference,
  };
}

function payIn(reference: string, amountMinor = 10_000): IncomingPayment {
  return { id: `P-${reference}`, amountMinor, currency: 'SEK', bookingDate: '2026-01-20', reference, text: null, counterpartyName: null, reversal: false };
}

describe('OCR reference test vectors', () => {
  it('has the vectors it expects', () => {
    expect(vectors.computed.length).toBeGreaterThanOrEqual(10);
    expect(vectors.fromBankgirotExample.length).toBeGreaterThanOrEqual(10);
  });

  for (const v of vectors.computed) {
    it(`base ${v.base}: exact, other form, and from the invoice number`, () => {
      // exact, with length digit
      const withLength = createMatcher([openInvoice('F-1', v.withLengthAndCheckDigit)]).match(payIn(v.withLengthAndCheckDigit));
      expect(withLength).toMatchObject({ kind: 'matched', score: 1 });
      // exact, check digit only
      const checkOnly = createMatcher([openInvoice('F-1', v.withCheckDigit)]).match(payIn(v.withCheckDigit));
      expect(checkOnly).toMatchObject({ kind: 'matched', score: 1 });
      // the payer used the other form of the same base
      const otherForm = createMatcher([openInvoice('F-1', v.withLengthAndCheckDigit)]).match(payIn(v.withCheckDigit));
      expect(otherForm.kind).toBe('matched');
      expect(otherForm.reasons.join('\n')).toContain(`has the base ${v.base}`);
      // the OCR was built from the invoice number; the invoice has none stored
      for (const reference of [v.withCheckDigit, v.withLengthAndCheckDigit]) {
        const fromNumber = createMatcher([openInvoice(v.base, null)]).match(payIn(reference));
        expect(fromNumber.kind, reference).toBe('matched');
        expect(fromNumber.reasons.join('\n')).toContain(`is invoice number ${v.base}`);
      }
      expect(ocrBases(v.withLengthAndCheckDigit).map((b) => b.base)).toContain(v.base);
    });
  }

  it('agrees with the check-digit and length-digit verdicts', () => {
    for (const v of [...vectors.checks.map((c) => ({ reference: c.value, ...c })), ...vectors.fromBankgirotExample]) {
      expect(luhnValid(v.reference), v.reference).toBe(v.luhnValid);
      expect(lengthDigitValid(v.reference), v.reference).toBe(v.lengthDigitValid);
    }
  });

  it('finds a code-2 reference of the example exactly, and a one-digit typo of it with a lower score', () => {
    const invoices = vectors.fromBankgirotExample.filter((e) => e.bgmaxReferenceCode === '2').map((e, i) => openInvoice(`X${i}`, e.reference));
    const unique = invoices.filter((inv, i) => invoices.findIndex((o) => o.ocrReference === inv.ocrReference) === i);
    for (const inv of unique) {
      const m = createMatcher(unique);
      expect(m.match(payIn(inv.ocrReference!)).allocations.map((a) => a.invoiceNumber)).toEqual([inv.invoiceNumber]);
      const typo = inv.ocrReference!.slice(0, 2) + inv.ocrReference![3] + inv.ocrReference![2] + inv.ocrReference!.slice(4);
      if (typo === inv.ocrReference) continue;
      const decision = m.match(payIn(typo));
      expect(decision.candidates[0]?.reasons.join('\n') ?? '', typo).toMatch(/OCR has a typo/);
      expect(decision.score).toBeLessThan(1);
    }
  });
});

// ---------------------------------------------------------------- BgMax example files

/** Test-only BgMax record reader: deposits with their payments. */
function readBgMax(path: string, encoding: 'latin1' | 'utf8'): IncomingPayment[] {
  const lines = readFileSync(path).toString(encoding).replace(/^\uFEFF/, '').split(/\r?\n/);
  const payments: IncomingPayment[] = [];
  let deposit: IncomingPayment[] = [];
  let currency = 'SEK';
  let current: IncomingPayment | null = null;
  const right = (line: string, tail: number) => {
    const content = line.replace(/\s+$/, '');
    return { reference: content.slice(12, content.length - tail).trim(), fields: content.slice(content.length - tail) };
  };
  for (const [index, line] of lines.entries()) {
    const tk = line.slice(0, 2);
    if (tk === '05') currency = line.slice(22, 25);
    else if (tk === '20' || tk === '21') {
      const { reference, fields } = right(line, tk === '20' ? 33 : 34);
      const amount = Number(fields.slice(0, 18));
      current = {
        id: `BGMAX:${fields.slice(20, 32)}`, amountMinor: tk === '21' ? -amount : amount, currency, bookingDate: '',
        reference: reference === '' ? null : reference, text: null, counterpartyName: null, reversal: false, extraReferences: [],
      };
      deposit.push(current);
    } else if ((tk === '22' || tk === '23') && current) {
      (current.extraReferences as string[]).push(right(line, 33).reference);
    } else if (tk === '25' && current) current.text = [current.text, line.slice(2).trim()].filter(Boolean).join(' ');
    else if (tk === '26' && current) current.counterpartyName = line.slice(2, 37).trim();
    else if (tk === '15') {
      const date = line.slice(37, 45);
      for (const p of deposit) p.bookingDate = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
      payments.push(...deposit);
      deposit = [];
      current = null;
    } else if (!['01', '26', '27', '28', '29', '70', ''].includes(tk.trim() === '' ? '' : tk)) {
      throw new Error(`${path}: line ${index + 1}: unexpected record ${JSON.stringify(tk)}`);
    }
  }
  return payments;
}

/** The payee's open invoices as they would be when this file arrived. */
function bgmaxLedger(): OpenInvoice[] {
  const inv = (invoiceNumber: string, customerNo: string, customerName: string, openMinor: number, ocrReference: string | null, currency = 'SEK'): OpenInvoice => ({
    invoiceNumber, customerNo, customerName, currency, openMinor, amountMinor: openMinor, issueDate: '2004-04-25', dueDate: '2004-05-25', ocrReference,
  });
  return [
    inv('6559', 'K1', 'Kalles Plåt AB', 100_000, '655969'),
    inv('6578', 'K1', 'Kalles Plåt AB', 50_000, '657866'),
    inv('6587', 'K1', 'Kalles Plåt AB', 50_000, '658765'),
    inv('6577', 'K1', 'Kalles Plåt AB', 40_000, '657767'),
    inv('6579', 'K1', 'Kalles Plåt AB', 30_000, '657965'),
    inv('6582', 'K1', 'Kalles Plåt AB', 200_000, '658260'),
    inv('6583', 'K1', 'Kalles Plåt AB', 150_000, '658369'),
    inv('6584', 'K1', 'Kalles Plåt AB', 150_000, '658468'),
    inv('6508', 'K2', 'Olles färg AB', 110_000, '650861'),
    inv('8012', 'K2', 'Olles färg AB', 100_000, '801266', 'EUR'),
    inv('8013', 'K2', 'Olles färg AB', 100_000, '801365', 'EUR'),
    inv('8014', 'K2', 'Olles färg AB', 100_000, '801464', 'EUR'),
    inv('7001', 'K3', 'Berits Garn', 120_000, null),
    inv('6597', 'K3', 'Berits Garn', 100_000, '659763'),
  ];
}

type Outcome = [kind: string, allocations: string];
const describeDecision = (d: MatchDecision): Outcome => [
  d.kind === 'exception' ? `exception:${d.exceptionReason}` : d.kind,
  d.allocations.map((a) => `${a.invoiceNumber}=${a.amountMinor}`).join(' '),
];

const sekDeposits: Outcome[] = [
  ['matched', '6559=100000'], // TK20 OCR 655969 (code 2)
  ['exception:not_incoming', ''], // TK21 deduction 500,00 (reference 89853 fails the check digit)
  ['multi', '6577=40000 6578=50000 6587=50000'], // TK20 "657866 658765 657767" + four TK22; 657965 is not part of the 1 400,00
  ['matched', '6508=110000'], // TK20 OCR 650861
  ['matched', '7001=120000'], // TK20 without reference: payer Berits Garn + amount 1 200,00
  ['partial', '6597=70000'], // TK20 OCR 659763, 700,00 of 1 000,00
  ['multi', '6582=200000 6583=150000 6584=150000'], // TK20 658260 + TK22 658369, 658468: 5 000,00
];

const EXPECTED: Record<string, { encoding: 'latin1' | 'utf8'; outcomes: Outcome[] }> = {
  'bankgirot-example_ocr-checkdigit-length_latin1.txt': { encoding: 'latin1', outcomes: sekDeposits },
  'bankgirot-example_ocr-checkdigit-length_utf8.txt': { encoding: 'utf8', outcomes: sekDeposits },
  'bankgirot-example_ocr-checkdigit-length_older-with-EUR_latin1.txt': {
    encoding: 'latin1',
    outcomes: [
      ...sekDeposits,
      ['multi', '8012=100000 8013=100000 8014=100000'], // EUR deposit: "801266,801365,801464" + TK22s, 3 000,00 EUR
      ['exception:currency_mismatch', ''], // OCR 659763 is a SEK invoice, paid in EUR
    ],
  },
};

describe('Bankgirot BgMax example files', () => {
  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(file, () => {
      const payments = readBgMax(corporaPath('bgmax', file), expected.encoding);
      const ledger = bgmaxLedger();
      const matcher = createMatcher(ledger);
      const decisions = matcher.matchAll(payments);
      expect(decisions.map(describeDecision)).toEqual(expected.outcomes);
      // what is left open adds up: the ledger minus what was allocated
      const allocated = decisions.flatMap((d) => d.allocations).reduce((sum, a) => sum + a.amountMinor, 0);
      const openAfter = ledger.reduce((sum, inv) => sum + matcher.openMinorOf(inv.invoiceNumber)!, 0);
      expect(openAfter).toBe(ledger.reduce((sum, inv) => sum + inv.openMinor, 0) - allocated);
      expect(matcher.openMinorOf('6597')).toBe(30_000);
      expect(matcher.openMinorOf('6579')).toBe(30_000);
    });
  }
});
