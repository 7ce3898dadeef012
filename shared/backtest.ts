/**
 * Backtests (issue 12): a draft — or any version — of an automation run over
 * the company's stored events of a period and compared with what the
 * published versions did to each event. The request, the job and its result,
 * shared by the runtime (runtime/backtest) and the designer (the Backtest
 * panel and the approver's view of a publication request).
 */
import { z } from 'zod';
import { sourceKindIds } from './sources.ts';

/** A backtest walks at most this many events; a longer period is refused, saying so. */
export const backtestEventsMax = 50_000;
/** The result lists at most this many per-event differences (the totals and the account table count them all). */
export const backtestDifferencesMax = 500;
/** The longest period a backtest may cover, in days. */
export const backtestPeriodDaysMax = 366;

const isoDate = z.iso.date();

/** POST …/automations/{automationId}/backtests */
export const backtestRequestSchema = z.object({
  version: z.number().int().min(1).optional().describe('a published version to evaluate; default: the draft as it is now'),
  from: isoDate.describe('the first day of events (by arrival), inclusive'),
  to: isoDate.describe('the last day of events (by arrival), inclusive'),
  eventKinds: z.array(z.enum(sourceKindIds)).min(1).max(sourceKindIds.length).optional()
    .describe('only events of these source kinds (bank-line, webhook, schedule …); default all that fit the trigger'),
});
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;

/** POST /api/companies/{companyId}/backtests: the approver backtests exactly what a publication request asks to publish. */
export const publicationBacktestRequestSchema = backtestRequestSchema.omit({ version: true }).extend({
  publicationRequestId: z.string().min(1).max(64),
});

export const backtestStatusSchema = z.enum(['queued', 'running', 'done', 'cancelled', 'failed']);
export type BacktestStatus = z.infer<typeof backtestStatusSchema>;

export const backtestVoucherLineSchema = z.object({
  account: z.string(), debitMinor: z.number().int(), creditMinor: z.number().int(),
  /** the company's base currency: debit and credit are always in it */
  currency: z.string(),
  /** a line in another currency: that currency, its amount (minor units) and rate; compared as fields of their own */
  foreignCurrency: z.string().nullable().optional(),
  foreignAmountMinor: z.number().int().nullable().optional(),
  rate: z.string().nullable().optional(),
});
/** A voucher as the backtest compares it: what was (or would be) posted. */
export const backtestVoucherSchema = z.object({
  series: z.string(), date: z.string(), text: z.string(), lines: z.array(backtestVoucherLineSchema),
  /** the posted voucher (before); null for a proposal */
  voucherId: z.string().nullable(),
});
export type BacktestVoucher = z.infer<typeof backtestVoucherSchema>;

/** What one automation did (before) or would do (after) to an event. */
export const backtestOutcomeSchema = z.object({
  automationId: z.string(),
  /** the version; null: the draft */
  automationVersion: z.number().int().nullable(),
  status: z.enum(['posted', 'no_match', 'flagged', 'failed', 'not_run']),
  reason: z.string().nullable(),
  vouchers: z.array(backtestVoucherSchema),
  /** the run that did it (before); null for what the backtest evaluated */
  runId: z.string().nullable(),
});
export type BacktestOutcome = z.infer<typeof backtestOutcomeSchema>;

export const backtestChangeKinds = ['added', 'removed', 'changed', 'takes_over', 'left_to', 'outcome'] as const;
export const backtestChangeSchema = z.enum(backtestChangeKinds);
export type BacktestChange = z.infer<typeof backtestChangeSchema>;

export const backtestAccountDeltaSchema = z.object({
  account: z.string(), currency: z.string(),
  beforeDebitMinor: z.number().int(), beforeCreditMinor: z.number().int(),
  afterDebitMinor: z.number().int(), afterCreditMinor: z.number().int(),
});
export type BacktestAccountDelta = z.infer<typeof backtestAccountDeltaSchema>;

/** One event whose outcome would change. */
export const backtestDifferenceSchema = z.object({
  eventId: z.string(),
  sourceRef: z.string().nullable(),
  triggerType: z.string(),
  arrivedAt: z.string(),
  /** the event in short: "AVGIFT BANKGIRO, -25,00 SEK, 2026-11-30" */
  summary: z.string(),
  change: backtestChangeSchema,
  /** takes_over: from this automation; left_to: to this automation (by priority, the event being booked once) */
  otherAutomationId: z.string().nullable(),
  /** what this automation did (null: it did not run on the event) */
  before: backtestOutcomeSchema.nullable(),
  /** what the evaluated document would do */
  after: backtestOutcomeSchema,
  /** who booked the event (booked once) before and after; null: nobody, or not booked once */
  bookedBefore: z.string().nullable(),
  bookedAfter: z.string().nullable(),
  /** the ledger's change for this event, by account (after minus before is read off the two sides) */
  accounts: z.array(backtestAccountDeltaSchema),
});
export type BacktestDifference = z.infer<typeof backtestDifferenceSchema>;

const outcomeCountsSchema = z.object({
  posted: z.number().int(), noMatch: z.number().int(), flagged: z.number().int(), failed: z.number().int(), notRun: z.number().int(),
  /** vouchers posted (before) or proposed (after) by this automation */
  vouchers: z.number().int(),
  /** events booked once that nothing booked (they end in the exceptions inbox) */
  unbooked: z.number().int(),
});

export const backtestResultSchema = z.object({
  totals: z.object({
    eventsConsidered: z.number().int(),
    /** events whose outcome changes (listed up to backtestDifferencesMax) */
    eventsChanged: z.number().int(),
    before: outcomeCountsSchema,
    after: outcomeCountsSchema,
    vouchersAdded: z.number().int(),
    vouchersRemoved: z.number().int(),
    vouchersChanged: z.number().int(),
    takesOver: z.number().int(),
    leftTo: z.number().int(),
  }),
  /** debit and credit sums of every voucher the events' runs posted, before and after, by account (accounts with a change first) */
  accounts: z.array(backtestAccountDeltaSchema),
  differences: z.array(backtestDifferenceSchema),
  /** differences not listed (over backtestDifferencesMax) */
  differencesLeftOff: z.number().int(),
  /** what the backtest cannot reproduce exactly, in words */
  approximations: z.array(z.string()),
  /** the trigger of the document evaluated (the designer says what to do when no event of it arrived) */
  triggerType: z.string(),
});
export type BacktestResult = z.infer<typeof backtestResultSchema>;

export const backtestSchema = z.object({
  id: z.string(),
  automationId: z.string(),
  /** the published version evaluated; null: the draft as it was when the backtest started */
  version: z.number().int().nullable(),
  documentHash: z.string(),
  publicationRequestId: z.string().nullable(),
  from: z.string(), to: z.string(),
  eventKinds: z.array(z.string()).nullable(),
  status: backtestStatusSchema,
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  requestedBy: z.string(),
  createdAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
  cancelledBy: z.string().nullable(),
  error: z.string().nullable(),
  result: backtestResultSchema.nullable(),
});
export type Backtest = z.infer<typeof backtestSchema>;

export const startedBacktestSchema = z.object({ backtestId: z.string(), status: backtestStatusSchema });

/** GET …/publication-requests/{requestId}: what the approver decides on, with the latest backtest of exactly that document. */
export const publicationRequestDetailSchema = z.object({
  id: z.string(), automationId: z.string(),
  status: z.enum(['pending', 'approved', 'rejected', 'superseded']),
  requestedBy: z.string(), requestedAt: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(),
  /** the published version it would replace (null: never published) */
  publishedVersion: z.number().int().nullable(),
  documentHash: z.string(),
  /** the latest backtest of the requested document (any period), or null: none yet */
  backtestId: z.string().nullable(),
  backtest: backtestSchema.nullable(),
});
export type PublicationRequestDetail = z.infer<typeof publicationRequestDetailSchema>;
