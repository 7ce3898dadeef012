/**
 * Source kinds: what a run, a voucher or an inbox item came from, written as
 * a source ref ("bank-line:2026113000042"). The pure half of the registry —
 * the ids, how a ref is written and read back, a label, and whether a
 * document of that kind is booked at most once — shared by the runtime and
 * the designer. The runtime binds what each kind does (`runtime/kernel/sources.ts`),
 * typed `Record<SourceKindId, …>` like the node registries, so a kind added
 * here without its runtime side is a compile error.
 *
 * Source refs are stored data: never change a prefix; add a kind instead.
 */

export const sourceKindIds = [
  'bank-line', 'webhook-delivery', 'webhook', 'schedule', 'manual-event', 'manual-key', 'run', 'event', 'invoice', 'voucher', 'sie',
] as const;
export type SourceKindId = (typeof sourceKindIds)[number];

export interface SourceKind {
  id: SourceKindId;
  /** what every ref of this kind starts with; no prefix is the start of another */
  prefix: string;
  /** the parts after the prefix, joined by ':'; only the last may contain ':' */
  parts: readonly string[];
  /** in lists: "Bank line" */
  label: string;
  /** in sentences: "bank lines" */
  plural: string;
  /** a document of this kind is booked by at most one automation (money that moved once) */
  bookOnce: boolean;
  /** what "Run again" on an inbox item of this kind does, in words; null: not offered (the runtime has no `retry` for it) */
  runAgain: string | null;
}

export const sourceKinds: Record<SourceKindId, SourceKind> = {
  'bank-line': {
    id: 'bank-line', prefix: 'bank-line:', parts: ['bankLineId'], label: 'Bank line', plural: 'bank lines', bookOnce: true,
    runAgain: 'Run the published automations again on this bank line',
  },
  'webhook-delivery': {
    id: 'webhook-delivery', prefix: 'webhook-delivery:', parts: ['endpointId', 'webhookId'], label: 'Webhook delivery', plural: 'refused webhook deliveries',
    bookOnce: false, runAgain: 'Store this webhook delivery again, now that the cause is fixed, and run it',
  },
  webhook: { id: 'webhook', prefix: 'webhook:', parts: ['webhookId'], label: 'Webhook event', plural: 'webhook events', bookOnce: false, runAgain: null },
  schedule: { id: 'schedule', prefix: 'schedule:', parts: ['scheduledAt'], label: 'Schedule occurrence', plural: 'schedule occurrences', bookOnce: false, runAgain: null },
  'manual-event': { id: 'manual-event', prefix: 'manual:event:', parts: ['sha256'], label: 'Test event', plural: 'test events', bookOnce: false, runAgain: null },
  'manual-key': { id: 'manual-key', prefix: 'manual:key:', parts: ['idempotencyKey'], label: 'Test event', plural: 'test events', bookOnce: false, runAgain: null },
  run: { id: 'run', prefix: 'run:', parts: ['runId'], label: 'Run', plural: 'runs', bookOnce: false, runAgain: null },
  event: { id: 'event', prefix: 'event:', parts: ['eventId'], label: 'Event', plural: 'events', bookOnce: false, runAgain: null },
  // The ledger's own sources of vouchers: an invoice (the demo company's), the voucher a correction reverses, a SIE import's voucher.
  invoice: { id: 'invoice', prefix: 'invoice:', parts: ['invoiceId'], label: 'Invoice', plural: 'invoices', bookOnce: false, runAgain: null },
  voucher: { id: 'voucher', prefix: 'voucher:', parts: ['voucherId'], label: 'Corrected voucher', plural: 'corrected vouchers', bookOnce: false, runAgain: null },
  sie: { id: 'sie', prefix: 'sie:', parts: ['series', 'number'], label: 'SIE import', plural: 'SIE imports', bookOnce: false, runAgain: null },
};

export interface ParsedSourceRef {
  kind: SourceKindId;
  /** in the order of the kind's `parts` */
  parts: string[];
}

/** Writes a source ref: `sourceRef('bank-line', '2026113000042')` → "bank-line:2026113000042". */
export function sourceRef(kind: SourceKindId, ...parts: string[]): string {
  const definition = sourceKinds[kind];
  if (parts.length !== definition.parts.length) throw new Error(`A "${kind}" source ref has ${definition.parts.length} part(s), not ${parts.length}`);
  parts.forEach((part, i) => {
    if (part === '') throw new Error(`A "${kind}" source ref needs a non-empty ${definition.parts[i]}`);
    if (i < parts.length - 1 && part.includes(':')) throw new Error(`The ${definition.parts[i]} of a "${kind}" source ref cannot contain ":"`);
  });
  return definition.prefix + parts.join(':');
}

/** Reads a source ref back (`sourceRef` inverted); null when it is of no known kind. */
export function parseSourceRef(ref: string): ParsedSourceRef | null {
  for (const id of sourceKindIds) {
    const definition = sourceKinds[id];
    if (!ref.startsWith(definition.prefix)) continue;
    const rest = ref.slice(definition.prefix.length);
    const parts: string[] = [];
    let from = 0;
    for (let i = 0; i < definition.parts.length - 1; i++) {
      const colon = rest.indexOf(':', from);
      if (colon < 0) return null;
      parts.push(rest.slice(from, colon));
      from = colon + 1;
    }
    parts.push(rest.slice(from));
    return parts.some((p) => p === '') ? null : { kind: id, parts };
  }
  return null;
}

/** The kind of a source ref, or null. */
export const sourceKindOf = (ref: string | null | undefined): SourceKind | null => {
  const parsed = ref ? parseSourceRef(ref) : null;
  return parsed ? sourceKinds[parsed.kind] : null;
};

/** A document of this ref is booked by at most one automation (a bank line). */
export const isBookedOnce = (ref: string | null | undefined): boolean => sourceKindOf(ref)?.bookOnce ?? false;

/** What "Run again" does for an inbox item of this source, or null where it is not offered (the server decides the same way). */
export const runAgainTitle = (ref: string): string | null => sourceKindOf(ref)?.runAgain ?? null;
