/**
 * Minor-unit scale of a camt amount's currency. The house table
 * (shared/money.ts `currencyDecimals`) comes first; a currency it does not
 * know is looked up in ISO 4217 here, so a statement in e.g. RON or HUF is
 * read exactly instead of refused. Whether the ledger accepts such a
 * currency is the bank domain's decision, not the parser's.
 */
import { currencyDecimals } from '../../../shared/money.ts';

/** ISO 4217 active codes whose minor unit is not 2. */
const nonTwoDecimals: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** ISO 4217 active codes with 2 decimals (funds and precious metals, X.., left out). */
const twoDecimals = (
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
  'CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL ' +
  'GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD ' +
  'LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN ' +
  'PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL ' +
  'THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL'
).split(' ');

const isoDecimals = new Map<string, number>([
  ...twoDecimals.map((code) => [code, 2] as const),
  ...Object.entries(nonTwoDecimals),
]);

/** Decimals of an ISO 4217 currency code, or null when the code is not a currency we know. */
export function camtCurrencyDecimals(code: string): number | null {
  if (Object.prototype.hasOwnProperty.call(currencyDecimals, code)) return currencyDecimals[code];
  return isoDecimals.get(code) ?? null;
}
