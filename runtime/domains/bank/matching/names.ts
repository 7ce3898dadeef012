/**
 * Payer and customer names for matching. Reuses Jaro–Winkler from
 * shared/json-logic/name-similarity.ts (the same similarity the
 * `name_similarity` JSON Logic operator uses, so a rule and the matcher
 * agree), with a normaliser that knows a few more company forms than the
 * shared one: multi-word and slashed forms ("Ek. för.", "ekonomisk
 * förening", "A/S", "K/S", "I/S") and a few single words ("forening",
 * "kommanditbolaget", "gbr", "kg", "sas", "ab publ").
 *
 * Steps: NFKD, drop diacritics, lower-case, spell æ ø œ ß đ ł þ ð in ASCII; drop the slashed and multi-word
 * forms; split on anything that is not a letter or digit; drop company-form
 * words; join with one space; cut to 128 characters (bounds the similarity
 * work at 128² per comparison).
 */
import { jaroWinkler } from '../../../../shared/json-logic/name-similarity.ts';

export const normalisedNameLengthMax = 128;

const companyFormWords = new Set([
  'ab', 'aktiebolag', 'aktiebolaget', 'publ', 'hb', 'handelsbolag', 'handelsbolaget', 'kb', 'kommanditbolag',
  'kommanditbolaget', 'ltd', 'limited', 'inc', 'incorporated', 'llc', 'plc', 'corp', 'corporation',
  'co', 'gmbh', 'ag', 'kg', 'gbr', 'oy', 'oyj', 'as', 'asa', 'aps', 'bv', 'nv', 'sa', 'sas', 'sarl', 'srl', 'spa',
]);

// Runs on the folded, lower-cased text, before splitting into words.
const multiWordForms = /(^|[^a-z0-9])(a\/s|k\/s|i\/s|ek\.?\s*for\.?|ekonomisk(?:a)?\s+forening(?:en)?|ideell\s+forening)(?=$|[^a-z0-9])/g;
const diacriticPattern = /[\u0300-\u036f]/g;
/** letters NFKD does not decompose, spelt the way a bank's ASCII file would */
const letterFolds: Record<string, string> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };
const letterFoldPattern = /[æøœßđłþð]/g;
const separatorPattern = /[^\p{L}\p{N}]+/u;
const asciiPattern = /^[\x00-\x7f]*$/;

export function normalisePartyName(name: string | null | undefined): string {
  if (name == null) return '';
  const cut = name.length > 1024 ? name.slice(0, 1024) : name;
  const lower = asciiPattern.test(cut)
    ? cut.toLowerCase()
    : cut.normalize('NFKD').replace(diacriticPattern, '').toLowerCase().replace(letterFoldPattern, (letter) => letterFolds[letter]);
  const folded = lower.replace(multiWordForms, '$1 ');
  const words = folded.split(separatorPattern).filter((word) => word !== '' && !companyFormWords.has(word));
  return words.join(' ').slice(0, normalisedNameLengthMax);
}

/**
 * Similarity 0…1 of two already normalised names. Two empty names score 0
 * here (unlike the shared operator): a payer without a name is no evidence.
 */
export function normalisedNameSimilarity(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  return jaroWinkler(a, b);
}

export function partyNameSimilarity(a: string | null | undefined, b: string | null | undefined): number {
  return normalisedNameSimilarity(normalisePartyName(a), normalisePartyName(b));
}

/** Words of a normalised name long enough to index customers by (≥ 3 characters). */
export function nameWords(normalised: string): string[] {
  return normalised === '' ? [] : normalised.split(' ').filter((word) => word.length >= 3);
}
