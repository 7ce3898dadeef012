/**
 * Fuzzy similarity of two names (supplier, payer, counterparty), 0…1.
 *
 * 1. Normalise: NFKD, drop diacritics (å → a, é → e), lower-case, turn
 *    punctuation into spaces, and drop company-form words anywhere in the
 *    name (AB, Aktiebolag, HB, KB, publ, Ltd, Inc, GmbH, Oy, …).
 * 2. Jaro–Winkler similarity of the normalised strings (prefix scale 0.1,
 *    prefix up to 4 characters). Word order matters ("Sverige Telia" scores
 *    lower than "Telia Sverige").
 *
 * Two names that are both empty after normalisation score 1; a non-string
 * scores 0. Inputs are cut to 256 characters after normalisation to bound
 * the work.
 */

const companyFormWords = new Set([
  'ab', 'aktiebolag', 'aktiebolaget', 'publ', 'hb', 'handelsbolag', 'handelsbolaget', 'kb', 'kommanditbolag',
  'ltd', 'limited', 'inc', 'incorporated', 'llc', 'plc', 'corp', 'corporation',
  'co', 'gmbh', 'ag', 'oy', 'oyj', 'as', 'asa', 'aps', 'bv', 'nv', 'sa', 'sarl', 'srl', 'spa',
]);

const normalisedLengthMax = 256;
const diacriticPattern = /[\u0300-\u036f]/g;
const separatorPattern = /[^\p{L}\p{N}]+/u;

export function normaliseName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(diacriticPattern, '')
    .toLowerCase()
    .split(separatorPattern)
    .filter((word) => word !== '' && !companyFormWords.has(word));
  return words.join(' ').slice(0, normalisedLengthMax);
}

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const lengthA = a.length;
  const lengthB = b.length;
  if (lengthA === 0 || lengthB === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(lengthA, lengthB) / 2) - 1);
  const matchedA = new Uint8Array(lengthA);
  const matchedB = new Uint8Array(lengthB);
  let matches = 0;
  for (let i = 0; i < lengthA; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lengthB - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < lengthA; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) transpositions++;
    j++;
  }
  const jaro = (matches / lengthA + matches / lengthB + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < lengthA && prefix < lengthB && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

export function nameSimilarity(a: unknown, b: unknown): number {
  if (typeof a !== 'string' || typeof b !== 'string') return 0;
  const left = normaliseName(a);
  const right = normaliseName(b);
  if (left === '' && right === '') return 1;
  return jaroWinkler(left, right);
}
