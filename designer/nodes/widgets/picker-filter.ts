/**
 * What the master-data pickers choose from and how typing filters it: the
 * options of each kind from the company's master data ("4010 Inköp
 * material"), and a filter by number or name — a value that starts with what
 * was typed first, then a name word that starts with it, then anything that
 * contains it; inactive ones last and only when nothing active matches.
 */
import { masterDataProblem, type KnownValues, type MasterData, type MasterDataKind } from '../../../shared/master-data.ts';

export interface PickerOption {
  /** what is stored in the config, e.g. "4010", "E", "1:100" */
  value: string;
  /** what a person reads: "Inköp material" */
  name: string;
  /** a second line: "Kostnadsställe", "25 %" */
  detail?: string;
  active: boolean;
}

/** How an option reads in the closed picker: "4010 Inköp material". */
export const optionLabel = (option: Pick<PickerOption, 'value' | 'name'>) => `${option.value} ${option.name}`;

/** The options of a kind, in master-data order; [] before the data is loaded. */
export function optionsOf(kind: MasterDataKind, data: MasterData | undefined): PickerOption[] {
  if (!data) return [];
  switch (kind) {
    case 'account': return data.accounts.map((a) => ({ value: a.number, name: a.name, active: a.active }));
    case 'series': return data.series.map((s) => ({ value: s.code, name: s.name, active: true }));
    case 'vat-code': return data.vatCodes.map((v) => ({ value: v.code, name: v.name, detail: `${v.rateBasisPoints / 100} %`, active: v.active }));
    case 'dimension-object': return data.dimensions.flatMap((d) => d.objects.map((o) => ({ value: `${d.number}:${o.code}`, name: o.name, detail: d.name, active: o.active })));
    case 'customer': return data.customers.map((c) => ({ value: c.customerNo, name: c.name, active: true }));
    case 'supplier': return data.suppliers.map((s) => ({ value: s.supplierNo, name: s.name, active: s.active }));
    case 'bank-account': return data.bankAccounts.map((b) => ({ value: b.id, name: b.name, detail: `${b.ledgerAccount} · ${b.currency}`, active: true }));
  }
}

/** The values of a kind and whether each is active: what masterDataProblem checks against. */
export function knownOf(kind: MasterDataKind, data: MasterData | undefined): KnownValues | undefined {
  return data ? new Map(optionsOf(kind, data).map((o) => [o.value, { active: o.active }])) : undefined;
}

const fold = (text: string) => text.toLocaleLowerCase('sv-SE').trim();

/**
 * The options matching `query`, best first, at most `max`. Empty query: every active option
 * (and the current value's, even if inactive). A match ranks: value starts with the query (0),
 * a word of the name starts with it (1), the value or name contains it (2); inactive after active.
 */
export function filterOptions(options: PickerOption[], query: string, max = 50, current?: string): PickerOption[] {
  const q = fold(query);
  if (!q) return options.filter((o) => o.active || o.value === current).slice(0, max);
  const ranked: { option: PickerOption; rank: number; index: number }[] = [];
  options.forEach((option, index) => {
    const value = fold(option.value);
    const name = fold(option.name);
    let rank: number;
    if (value.startsWith(q)) rank = 0;
    else if (name.split(/[\s,.\-/()]+/).some((word) => word.startsWith(q)) || fold(optionLabel(option)).startsWith(q)) rank = 1;
    else if (value.includes(q) || name.includes(q)) rank = 2;
    else return;
    ranked.push({ option, rank: rank + (option.active ? 0 : 10), index });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked.slice(0, max).map((r) => r.option);
}

/** What typing `text` and leaving means: the option it names exactly (by value, any case), or the text itself as a value. */
export function valueFromText(options: PickerOption[], text: string, kind: MasterDataKind): string {
  const trimmed = text.trim();
  const exact = options.find((o) => o.value.toLowerCase() === trimmed.toLowerCase() || optionLabel(o).toLowerCase() === trimmed.toLowerCase());
  if (exact) return exact.value;
  return kind === 'series' || kind === 'vat-code' ? trimmed.toUpperCase() : trimmed;
}

/** The picker's message for a value (shared rule with the validator): unknown or inactive, or null. */
export function pickerProblem(kind: MasterDataKind, value: string, data: MasterData | undefined): string | null {
  return masterDataProblem(kind, value, knownOf(kind, data));
}
