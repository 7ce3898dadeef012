/**
 * Request and response schemas of the HTTP API, shared by the runtime (which
 * validates and documents them in OpenAPI) and the designer (which types its
 * fetch client with them). The designer never imports runtime code.
 */
import { z } from 'zod';
import { automationDocumentSchema, validationIssueSchema } from './automation/schema.ts';
import { bankLineSchema } from './nodes/index.ts';
import { formatMinorPlain, lineAmountMinorMax } from './money.ts';

export const apiErrorSchema = z.object({
  error: z.string().describe('snake_case error code'),
  message: z.string(),
  issues: z.array(z.object({
    path: z.string().describe('where, e.g. "[0].amountMinor" or "lines[1].account"'),
    message: z.string(),
    code: z.string().optional(),
    nodeId: z.string().optional(),
  })).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const companySchema = z.object({
  id: z.string(),
  name: z.string(),
  orgNumber: z.string(),
  baseCurrency: z.string(),
  timeZone: z.string(),
});
export type Company = z.infer<typeof companySchema>;

export const accountTypeSchema = z.enum(['asset', 'liability', 'equity', 'revenue', 'expense']);
export const accountSchema = z.object({
  number: z.string(),
  name: z.string(),
  type: accountTypeSchema,
  vatCode: z.string().nullable(),
  active: z.boolean(),
});
export type Account = z.infer<typeof accountSchema>;

export const automationSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  triggerType: z.string().nullable(),
  draftVersion: z.number().int(),
  publishedVersion: z.number().int().nullable(),
  /** true when the draft differs from the published version */
  hasUnpublishedChanges: z.boolean(),
  /** a publication waiting for a second person (four-eyes), if any */
  pendingPublication: z.object({ requestId: z.string(), requestedBy: z.string(), requestedAt: z.string() }).nullable(),
  updatedBy: z.string(),
  updatedAt: z.string(),
  /** set while paused: new events do not run it (no new version; resuming does not replay what arrived meanwhile) */
  paused: z.object({ at: z.string(), by: z.string() }).nullable(),
  /** the published version's priority (lower runs first); null: not published */
  priority: z.number().int().nullable().optional(),
  /** published, running automations on the same trigger at the same priority (shared/automation/priority-ties.ts) */
  priorityTies: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type AutomationSummary = z.infer<typeof automationSummarySchema>;

export const automationDetailSchema = z.object({
  summary: automationSummarySchema,
  draft: automationDocumentSchema,
  published: automationDocumentSchema.nullable(),
  issues: z.array(validationIssueSchema),
});
export type AutomationDetail = z.infer<typeof automationDetailSchema>;

export const saveAutomationResponseSchema = automationDetailSchema;
export const publishResponseSchema = z.union([
  z.object({ status: z.literal('published'), id: z.string(), version: z.number().int(), publishedAt: z.string() }),
  z.object({
    status: z.literal('pending_approval'), id: z.string(), requestId: z.string(), requestedBy: z.string(),
    message: z.string().describe('why: the author of a version cannot publish it alone'),
  }),
]);
export type PublishResponse = z.infer<typeof publishResponseSchema>;

/** One published version: who published it and when (GET …/automations/{id}/versions). */
export const automationVersionSummarySchema = z.object({
  version: z.number().int(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  triggerType: z.string(),
  /** the version new events run on (unless the automation is paused) */
  inForce: z.boolean(),
});
export type AutomationVersionSummary = z.infer<typeof automationVersionSummarySchema>;
/** An automation's history: its versions, newest first, and what was done to it (saves, publications, pauses, rollbacks), newest first. */
export const automationHistorySchema = z.object({
  versions: z.array(automationVersionSummarySchema),
  activity: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()) })),
  /** who the actors above are, in words: "user:<id>" → the person's name, "token:<id>" → the token's name */
  names: z.record(z.string(), z.string()),
});
export type AutomationHistory = z.infer<typeof automationHistorySchema>;
/** GET …/automations/{id}/versions/{version}: one published version as it was frozen. */
export const automationVersionSchema = automationVersionSummarySchema.extend({ document: automationDocumentSchema });
export type AutomationVersion = z.infer<typeof automationVersionSchema>;
export const validateResponseSchema = z.object({ ok: z.boolean(), issues: z.array(validationIssueSchema) });

/** At most this many lines per request (a year of a busy account); the 5 MB body limit applies too. */
export const bankLinesPerRequestMax = 20_000;
export const bankLinesRequestSchema = z.union([z.array(bankLineSchema).min(1).max(bankLinesPerRequestMax), bankLineSchema]);

export const runStatusSchema = z.enum(['posted', 'no_match', 'flagged', 'failed', 'dry_run']);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const runSummarySchema = z.object({
  id: z.string(),
  automationId: z.string(),
  automationVersion: z.number().int(),
  triggerType: z.string(),
  sourceRef: z.string().nullable().describe('the source document, e.g. "bank-line:2026113000042"'),
  status: runStatusSchema,
  reason: z.string().nullable(),
  startedAt: z.string(),
  durationMs: z.number(),
  voucherIds: z.array(z.string()),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** A company's work not yet done: what the worker has still to run (and what failed for good). */
export const workQueueSchema = z.object({
  received: z.number().int().describe('webhook deliveries acknowledged, not yet turned into bank lines and events'),
  pending: z.number().int().describe('events waiting to run (new, or retrying after a transient failure)'),
  processing: z.number().int().describe('events a worker holds under a lease right now'),
  failed: z.number().int().describe('events that failed for good (each is in the exceptions inbox)'),
  oldestWaitingSince: z.string().nullable().describe('when the oldest delivery or event still waiting arrived'),
});
export type WorkQueue = z.infer<typeof workQueueSchema>;

export const traceStepSchema = z.object({
  nodeId: z.string(),
  nodeType: z.string(),
  input: z.unknown().optional(),
  branch: z.string().nullable(),
  output: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  durationMs: z.number(),
});
export type TraceStep = z.infer<typeof traceStepSchema>;

export const runDetailSchema = runSummarySchema.extend({
  event: z.unknown(),
  trace: z.array(traceStepSchema),
});
export type RunDetail = z.infer<typeof runDetailSchema>;

export const bankLineResultSchema = z.object({
  id: z.string(),
  duplicate: z.boolean().describe('true when this entry reference was received before; nothing new was run'),
  runs: z.array(runSummarySchema),
  exceptionId: z.string().nullable().describe('set when no automation handled the line'),
});
export const bankLinesResponseSchema = z.object({
  received: z.number().int(),
  duplicates: z.number().int(),
  results: z.array(bankLineResultSchema),
  /** the stored original of the request body (GET …/originals/:id/content gives its exact bytes) */
  originalId: z.string().optional(),
});
export type BankLinesResponse = z.infer<typeof bankLinesResponseSchema>;
/** 202 to a large request: every line is stored (and counted); the worker runs the automations in the background. */
export const bankLinesAcceptedSchema = z.object({
  received: z.number().int(),
  duplicates: z.number().int().describe('lines whose entry reference the company already had: stored before, nothing new runs'),
  queued: z.number().int().describe('new lines, each an event in the work queue; the worker runs the automations on them'),
  receivedAt: z.string().describe('when the lines were received: their runs start after it (GET …/runs?from=)'),
  workQueue: z.string().describe('where to follow the work: GET it until pending and processing are 0'),
  runs: z.string().describe("the runs of this import and later ones (GET …/runs?from=receivedAt); each line's runs: ?sourceRef=bank-line:<id>"),
  originalId: z.string().optional(),
});
export type BankLinesAccepted = z.infer<typeof bankLinesAcceptedSchema>;

export const voucherLineSchema = z.object({
  lineNo: z.number().int(),
  account: z.string(),
  accountName: z.string(),
  debitMinor: z.number().int(),
  creditMinor: z.number().int(),
  currency: z.string().describe('the currency the line was in; debitMinor and creditMinor are always in the base currency (SEK)'),
  currencyAmountMinor: z.number().int().nullable().optional().describe('the amount in `currency` (minor units) when it is not the base currency'),
  rate: z.string().nullable().optional().describe('base currency per unit of `currency`, e.g. "11.50"; base amount = round(currencyAmountMinor × rate), half away from zero'),
  vatCode: z.string().nullable(),
  dimensions: z.record(z.string(), z.string()),
  text: z.string().nullable(),
});
/** BFL 5:7: who a voucher's business event was with (migration 0033). */
export const counterpartyNameMax = 200;
export const counterpartyIdMax = 64;
export const voucherCounterpartySchema = z.object({
  name: z.string().trim().min(1, 'give the counterparty a name').max(counterpartyNameMax),
  id: z.string().trim().max(counterpartyIdMax).nullable().optional().describe('a customer or supplier number, or an org number'),
}).strict();
export type VoucherCounterparty = z.infer<typeof voucherCounterpartySchema>;

export const voucherSchema = z.object({
  id: z.string(),
  series: z.string(),
  number: z.number().int(),
  fiscalYear: z.number().int(),
  date: z.string(),
  text: z.string(),
  sourceRef: z.string().nullable(),
  registeredAt: z.string(),
  registeredBy: z.string(),
  automationId: z.string().nullable(),
  automationVersion: z.number().int().nullable(),
  runId: z.string().nullable(),
  reversesVoucherId: z.string().nullable(),
  reversedByVoucherId: z.string().nullable(),
  counterparty: z.object({ name: z.string(), id: z.string().nullable().optional() }).nullable().optional()
    .describe('who the business event was with (BFL 5:7): a bank line\'s counterparty, an invoice\'s supplier or customer; null when not known'),
  lines: z.array(voucherLineSchema),
  /** imported from SIE: the voucher as the file had it (runtime/ledger/sie-fidelity.ts); absent otherwise */
  imported: z.object({
    series: z.string(), number: z.string().describe('the number in the file'),
    registeredDate: z.string().nullable().describe('#VER regdatum'), sign: z.string().nullable().describe('#VER sign'),
    history: z.array(z.object({
      kind: z.enum(['removed', 'added']).describe('#BTRANS (removed) or #RTRANS (added)'), account: z.string(),
      objects: z.array(z.object({ dimension: z.number().int(), id: z.string() })), amountMinor: z.number().int(),
      transDate: z.string().nullable(), text: z.string().nullable(), quantity: z.string().nullable(), sign: z.string().nullable(),
    })),
    originalId: z.string().nullable(),
  }).optional(),
});
export type Voucher = z.infer<typeof voucherSchema>;

export const exceptionSchema = z.object({
  id: z.string(),
  sourceRef: z.string(),
  reason: z.string(),
  runId: z.string().nullable(),
  automationId: z.string().nullable(),
  status: z.enum(['open', 'resolved', 'dismissed']).describe('dismissed: put aside with a reason (in `resolution`); resolved: handled, `resolution` says how'),
  createdAt: z.string(),
  payload: z.unknown(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type ExceptionItem = z.infer<typeof exceptionSchema>;

export const resolveExceptionRequestSchema = z.object({ note: z.string().min(1, 'say what was done about it').max(1000) });
export const retryExceptionResponseSchema = z.object({
  exception: exceptionSchema,
  runs: z.array(runSummarySchema),
});
export const exceptionStatusSchema = z.enum(['open', 'resolved', 'dismissed']);
export type ExceptionStatus = z.infer<typeof exceptionStatusSchema>;

export { automationDocumentSchema, validationIssueSchema };

const minorAmount = z.number().int().min(0).refine(Number.isSafeInteger, 'must be a safe integer number of öre')
  .refine((n) => n <= lineAmountMinorMax, `must be at most ${lineAmountMinorMax} öre (${formatMinorPlain(lineAmountMinorMax)} kr) per line`);
export const manualVoucherLineSchema = z.object({
  account: z.string().regex(/^\d{4}$/, 'must be a 4-digit account number'),
  debitMinor: minorAmount.optional().describe('Debit in öre (integer)'),
  creditMinor: minorAmount.optional().describe('Credit in öre (integer)'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR').optional()
    .describe('another currency than SEK: give currencyAmountMinor and rate too; the debit or credit (SEK) must be round(amount × rate), half away from zero'),
  currencyAmountMinor: z.number().int().positive().max(lineAmountMinorMax).optional().describe('the amount in `currency`, minor units (cents)'),
  rate: z.string().regex(/^\d{1,9}(\.\d{1,12})?$/, 'must be a decimal number such as "11.4523"').optional().describe('SEK per unit of `currency`'),
  vatCode: z.string().max(20).optional(),
  dimensions: z.record(z.string(), z.string()).optional().describe('dimension number → object, e.g. {"1": "100"}'),
  text: z.string().max(200).optional(),
}).strict().refine((l) => (l.debitMinor ?? 0) > 0 !== (l.creditMinor ?? 0) > 0, 'give either debitMinor or creditMinor (one positive amount)');

export const manualVoucherRequestSchema = z.object({
  date: z.iso.date(),
  series: z.string().regex(/^[A-Z]{1,2}$/).default('A'),
  text: z.string().min(1).max(200),
  sourceRef: z.string().max(200).refine((ref) => !/^\s*sie:/i.test(ref), 'a "sie:" ref is the SIE import\'s own (POST …/sie); give another sourceRef').optional(),
  counterparty: voucherCounterpartySchema.optional().describe('who the business event was with: a name, and a customer/supplier number or org number'),
  lines: z.array(manualVoucherLineSchema).min(2).max(500),
}).strict();
export type ManualVoucherRequest = z.infer<typeof manualVoucherRequestSchema>;

/** POST …/exceptions/{id}/book: a person books an inbox item with a voucher they edited (runtime/kernel/inbox-actions.ts). */
export const bookExceptionRequestSchema = z.object({
  date: z.iso.date(),
  series: z.string().regex(/^[A-Z]{1,2}$/).default('A'),
  text: z.string().min(1, 'give the voucher a text').max(200),
  lines: z.array(manualVoucherLineSchema).min(2).max(500),
  note: z.string().max(1000).optional().describe('why, kept with the item and in the audit log'),
}).strict();
export type BookExceptionRequest = z.input<typeof bookExceptionRequestSchema>;
export const dismissExceptionRequestSchema = z.object({
  reason: z.string().trim().min(1, 'say why it needs no booking').max(1000),
}).strict();
export const bookExceptionResponseSchema = z.object({
  exception: exceptionSchema,
  voucherId: z.string(),
  voucherNumber: z.string().describe('series and number, e.g. "A12"'),
  resolvedExceptions: z.array(z.string()).describe('every open item of the same source, resolved with it'),
});
export type BookExceptionResponse = z.infer<typeof bookExceptionResponseSchema>;

export const reverseVoucherRequestSchema = z.object({
  date: z.iso.date().optional().describe('defaults to today; must be in an open period'),
  text: z.string().max(200).optional(),
}).strict();

/** Who is calling (GET /api/auth/me, and the answer to a sign-in). */
export const userLanguageSchema = z.enum(['sv', 'en']);
export const meSchema = z.object({
  user: z.object({
    id: z.string(), email: z.string(), name: z.string(),
    language: userLanguageSchema.nullable().optional().describe('the designer language the person chose; null: not chosen (the designer decides)'),
  }).nullable(),
  token: z.object({ id: z.string(), name: z.string() }).nullable(),
  companies: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), permissions: z.array(z.string()) })),
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;
/** PUT /api/auth/me/preferences: the person's own settings (a signed-in user, not a token). */
export const preferencesSchema = z.object({ language: userLanguageSchema.nullable() }).strict();
export type Preferences = z.infer<typeof preferencesSchema>;

/*
 * Response schemas of routes whose schema was declared only in runtime/http
 * (mirrored exactly from app.ts / auth-routes.ts, so the designer can type its client).
 */
/** A report figure: a number when it is a safe integer, else the exact amount as a decimal string (shared/money.ts minorForJson). */
const minorSigned = z.union([z.number().int(), z.string().regex(/^-?\d+$/)])
  .describe('minor units; a decimal string when beyond ±2^53−1, so it stays exact');

/** GET /api/companies/{companyId}/reports/trial-balance — debit positive, credit negative. */
export const trialBalanceSchema = z.object({
  fiscalYear: z.number().int(), fromPeriod: z.string(), toPeriod: z.string(),
  rows: z.array(z.object({ account: z.string(), name: z.string(), type: z.string(), openingMinor: minorSigned, debitMinor: minorSigned, creditMinor: minorSigned, closingMinor: minorSigned })),
  totals: z.object({ openingMinor: minorSigned, debitMinor: minorSigned, creditMinor: minorSigned, closingMinor: minorSigned }),
});
export type TrialBalance = z.infer<typeof trialBalanceSchema>;

/** GET /api/companies/{companyId}/reports/general-ledger/{account} */
export const generalLedgerSchema = z.object({
  account: z.string(), name: z.string(), from: z.string(), to: z.string(), openingMinor: minorSigned, closingMinor: minorSigned,
  entries: z.array(z.object({ voucherId: z.string(), series: z.string(), number: z.number().int(), date: z.string(), text: z.string(),
    lineText: z.string().nullable(), debitMinor: minorSigned, creditMinor: minorSigned, balanceMinor: minorSigned })),
});
export type GeneralLedger = z.infer<typeof generalLedgerSchema>;

/** GET /api/companies/{companyId}/reports/open-items */
export const openItemsSchema = z.object({
  kind: z.enum(['ar', 'ap']), asOf: z.string(), totalMinor: minorSigned,
  totals: z.record(z.string(), minorSigned),
  items: z.array(z.object({ id: z.string(), counterpartyId: z.string(), counterpartyName: z.string(), invoiceNumber: z.string(),
    invoiceDate: z.string(), dueDate: z.string(), currency: z.string(), totalMinor: minorSigned, openMinor: minorSigned,
    ocrReference: z.string().nullable(), daysOverdue: z.number().int(), bucket: z.string() })),
});
export type OpenItems = z.infer<typeof openItemsSchema>;

/** GET /api/companies/{companyId}/periods */
export const periodSchema = z.object({ period: z.string(), fiscalYear: z.number().int(), startDate: z.string(), endDate: z.string(), status: z.enum(['open', 'locked']) });
export type Period = z.infer<typeof periodSchema>;
/** POST /api/companies/{companyId}/periods/{period}/{lock|unlock} */
export const periodStatusResponseSchema = z.object({ period: z.string(), status: z.enum(['open', 'locked']) });

/** POST /api/companies/{companyId}/sie */
export const sieImportResponseSchema = z.object({
  companyId: z.string(), created: z.boolean(), accounts: z.number().int(), accountsCreated: z.number().int(), dimensionObjects: z.number().int(),
  fiscalYears: z.number().int(), openingBalances: z.number().int(), vouchers: z.number().int(), vouchersReplayed: z.number().int(),
  lines: z.number().int(), warnings: z.array(z.object({ code: z.string(), message: z.string(), line: z.number().int().optional() })),
  /** #IB/#UB/#RES of every year, #OIB/#OUB and #PSALDO kept as read (previous years' comparison figures) */
  balancesKept: z.number().int().optional(),
  /** the stored original: the file's exact bytes (GET …/originals/:id/content) */
  originalId: z.string().optional(),
});
export type SieImportResponse = z.infer<typeof sieImportResponseSchema>;

/**
 * GET /api/companies/{companyId}/originals[/:id]: an imported file or delivery
 * kept byte for byte (BFL 7:2); its bytes are at …/originals/:id/content.
 */
export const originalSchema = z.object({
  id: z.string(), companyId: z.string(),
  kind: z.string().describe("'sie', 'webhook-delivery', 'bank-lines-request', 'bank-statement' (more formats later)"),
  mediaType: z.string(), byteLength: z.number().int(),
  sha256: z.string().describe('SHA-256 of the exact bytes, lower-case hex'),
  receivedAt: z.string(), receivedBy: z.string().describe('"user:<id>", "token:<id>", "webhook:<endpoint>", "cli:import-sie"'),
  sourceRef: z.string().nullable().describe('the file name, or "webhook-delivery:<endpoint>:<webhook-id>"'),
  documentDate: z.string().nullable(), fiscalYearEnd: z.string().nullable(),
  retainUntil: z.string().describe('kept at least until the end of this day: the end of the seventh year after the fiscal year ended'),
});
export type Original = z.infer<typeof originalSchema>;
export const originalsPageSchema = z.object({
  originals: z.array(originalSchema).describe('newest first'),
  nextOffset: z.number().int().nullable().describe('pass as offset for the next page; null on the last'),
});
export type OriginalsPage = z.infer<typeof originalsPageSchema>;

/** Files a voucher may carry as underlag (POST …/vouchers/{id}/attachments), each at most voucherAttachmentBytesMax. */
export const voucherAttachmentMediaTypes = ['application/pdf', 'image/png', 'image/jpeg', 'application/xml', 'text/xml'] as const;
export const voucherAttachmentBytesMax = 4 * 1024 * 1024;
export const voucherAttachmentsMax = 50;
export const voucherAttachmentSchema = z.object({
  id: z.string(), voucherId: z.string(),
  originalId: z.string().describe('the stored bytes: GET …/originals/{originalId}/content gives them too'),
  fileName: z.string(), mediaType: z.string(), byteLength: z.number().int(),
  sha256: z.string().describe('SHA-256 of the exact bytes, lower-case hex'),
  attachedAt: z.string(), attachedBy: z.string().describe('"user:<id>" or "token:<id>"'),
});
export type VoucherAttachment = z.infer<typeof voucherAttachmentSchema>;
export const voucherAttachmentsSchema = z.object({
  source: originalSchema.nullable().describe('the stored original of the event or file the voucher was posted from (its source reference), when there is one'),
  attachments: z.array(voucherAttachmentSchema).describe('attached after posting, oldest first; never removed'),
});
export type VoucherAttachments = z.infer<typeof voucherAttachmentsSchema>;

/** POST /api/companies/{companyId}/schedules/preview */
export const schedulePreviewResponseSchema = z.object({ description: z.string(), timeZone: z.string(), next: z.array(z.string()) });
export type SchedulePreviewResponse = z.infer<typeof schedulePreviewResponseSchema>;

/**
 * POST /api/companies/{companyId}/automations/{automationId}/run: the
 * published version on a stored document (`source`) or on a test event
 * (`event`). A dry run (writes nothing) unless `post` is true.
 */
export const manualRunRequestSchema = z.object({
  source: z.string().regex(/^bank-line:.+$/, 'a stored document: "bank-line:<id>"').max(250).optional()
    .describe('a stored document to run on, "bank-line:<id>": its stored event; its vouchers keep it as their source, and it is booked once'),
  event: z.record(z.string(), z.unknown()).optional().describe("a test event, e.g. the trigger's example (give `source` or `event`, not both)"),
  post: z.boolean().default(false).describe('true: post for real (vouchers, run record); otherwise a dry run that writes nothing'),
  idempotencyKey: z.string().min(1).max(200).optional()
    .describe('test events posted for real: the same key posts once (default: a SHA-256 of the event, so the same event posts once)'),
});
export type ManualRunRequest = z.input<typeof manualRunRequestSchema>;

/** Who booked a bank line already (it is booked once). */
export const bookedBySchema = z.object({
  voucherId: z.string(), series: z.string(), number: z.number().int(),
  automationId: z.string().nullable().describe('null: a person posted it'), runId: z.string().nullable(), registeredBy: z.string(),
});
export type BookedBy = z.infer<typeof bookedBySchema>;

export const manualDryRunSchema = z.object({
  dryRun: z.literal(true),
  automationId: z.string(), automationVersion: z.number().int(),
  sourceRef: z.string().describe('the source its vouchers would record'),
  bookedBy: bookedBySchema.nullable().describe('the bank line is already booked: posting would add nothing'),
  status: runStatusSchema, reason: z.string().nullable(), trace: z.array(traceStepSchema),
  vouchers: z.array(z.unknown()).describe('what it would post'),
});
export const manualPostedRunSchema = z.object({
  dryRun: z.literal(false),
  automationId: z.string(), automationVersion: z.number().int(),
  sourceRef: z.string().describe('the source its vouchers record'),
  bookedBy: bookedBySchema.nullable().describe('the bank line was already booked before this request: nothing was run or posted'),
  repeated: z.boolean().describe('this test event (or idempotency key) was run before: its first runs are returned, nothing new was posted'),
  runs: z.array(runSummarySchema), exceptionId: z.string().nullable(),
});
export const manualRunResponseSchema = z.union([manualDryRunSchema, manualPostedRunSchema, z.object({ queued: z.string() })]);
export type ManualRunResponse = z.infer<typeof manualRunResponseSchema>;

/** GET/PUT /api/companies/{companyId}/webhook-endpoints… */
export const webhookEndpointSchema = z.object({ id: z.string(), url: z.string(), trigger: z.string(), createdAt: z.string(), rotating: z.boolean() });
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;
export const createdWebhookEndpointSchema = z.object({ id: z.string(), url: z.string(), secret: z.string(), trigger: z.string(), createdAt: z.string() });
export type CreatedWebhookEndpoint = z.infer<typeof createdWebhookEndpointSchema>;
export const rotatedWebhookSecretSchema = z.object({ id: z.string(), secret: z.string(), previousValidUntil: z.string() });
export type RotatedWebhookSecret = z.infer<typeof rotatedWebhookSecretSchema>;

/** GET/POST/DELETE /api/companies/{companyId}/members (role is one of viewer, designer, publisher, approver, admin) */
export { roles as memberRoles } from './permissions.ts';
import { roles as memberRoles } from './permissions.ts';
export const memberSchema = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: z.enum(memberRoles), since: z.string() });
export type Member = z.infer<typeof memberSchema>;

/** GET /api/companies/{companyId}/tokens (never the secrets) */
export const apiTokenSchema = z.object({
  id: z.string(), name: z.string(), permissions: z.array(z.string()), createdBy: z.string(),
  /** the person the token acts for (four-eyes); null: no person (bootstrap, CLI, older token) — never a second pair of eyes */
  createdByUserId: z.string().nullable(), createdAt: z.string(),
  revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof apiTokenSchema>;
/** POST /api/companies/{companyId}/tokens: the secret `token` is shown once. */
export const createdApiTokenSchema = z.object({ id: z.string(), name: z.string(), token: z.string(), permissions: z.array(z.string()), createdAt: z.string() });
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;

/** GET/PUT /api/companies/{companyId}/settings (segregation of duties) */
export const dutySettingsSchema = z.object({ fourEyesPublish: z.boolean(), fourEyesPayments: z.boolean(), fourEyesInvoices: z.boolean() });
export type DutySettings = z.infer<typeof dutySettingsSchema>;
/** A four-eyes rule being switched off: in force until effectiveAt, or until another admin confirms. */
export const settingsChangeSchema = z.object({
  id: z.string(), setting: z.enum(['fourEyesPublish', 'fourEyesPayments', 'fourEyesInvoices']), value: z.boolean(),
  requestedBy: z.string(), requestedByName: z.string(), requestedAt: z.string(), effectiveAt: z.string(),
  /** the caller may confirm it: an admin who is not the person who asked (and not a token no person created) */
  confirmableByYou: z.boolean(),
});
export type SettingsChange = z.infer<typeof settingsChangeSchema>;
/** GET/PUT …/settings answer: the settings in force and the switch-offs waiting. */
export const dutySettingsStateSchema = dutySettingsSchema.extend({ pendingChanges: z.array(settingsChangeSchema) });
export type DutySettingsState = z.infer<typeof dutySettingsStateSchema>;

/** GET /api/companies/{companyId}/audit, newest first */
export const auditEventSchema = z.object({
  id: z.string(), at: z.string(), actor: z.string(),
  /** the actor in words: "Anna Andersson <anna@…>", 'API token "bank feed"' */
  actorName: z.string(),
  action: z.string(), subject: z.string(), details: z.unknown(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

/**
 * The end of a time filter: an instant as given, or — for a bare date
 * (YYYY-MM-DD) — the whole of that day, so `to=2026-11-29` includes the 29th.
 */
export function inclusiveUntil(to: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(to) ? `${to}T23:59:59.999Z` : to;
}

/** POST /api/companies/{companyId}/bank-accounts (admin). IBAN and giro numbers may be written with spaces or dashes; they are stored normalised. */
export const bankAccountRequestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lowercase letters, digits, "-" or "_"').describe('The company\'s own id, e.g. "main"'),
  name: z.string().trim().min(1).max(200),
  ledgerAccount: z.string().regex(/^19\d\d$/, 'must be a bank account of the chart, 19xx').describe('The asset account (19xx) its lines are booked against'),
  iban: z.string().max(50).optional(),
  bankgiro: z.string().max(20).optional(),
  plusgiro: z.string().max(20).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as SEK'),
  csvMapping: z.record(z.string(), z.unknown()).optional().describe('How this account\'s CSV export is read (runtime/formats/csv/README.md)'),
}).strict();
export type BankAccountRequest = z.infer<typeof bankAccountRequestSchema>;

export const bankAccountSchema = z.object({
  id: z.string(), name: z.string(), ledgerAccount: z.string(), iban: z.string().nullable(), bankgiro: z.string().nullable(), plusgiro: z.string().nullable(),
  currency: z.string(), csvMapping: z.record(z.string(), z.unknown()).nullable(), createdAt: z.string().nullable(), createdBy: z.string().nullable(),
});
export type BankAccount = z.infer<typeof bankAccountSchema>;

/** POST /api/companies/{companyId}/bank-statements: what a statement file brought. */
export const bankStatementImportSchema = z.object({
  format: z.enum(['camt.053', 'camt.054', 'bgmax', 'csv']),
  statements: z.array(z.object({
    statementId: z.string(), bankAccount: z.string().describe('the bank account\'s id'),
    lines: z.number().int(), new: z.number().int(), duplicates: z.number().int(),
    currency: z.string().describe('the currency of the amounts below (minor units)'),
    creditMinor: z.number().int(), debitMinor: z.number().int(), openingMinor: z.number().int().nullable(), closingMinor: z.number().int().nullable(),
  })),
  lines: z.number().int(), new: z.number().int(), duplicates: z.number().int(),
  originalId: z.string().nullable().describe('the file as received (GET …/originals/{originalId})'),
  warnings: z.array(z.string()),
  queued: z.boolean().describe('true (202): the lines are stored and the worker runs the automations on them'),
});
export type BankStatementImport = z.infer<typeof bankStatementImportSchema>;

/** 422 to a statement file refused whole: nothing of it is stored. */
export const statementRefusedSchema = z.object({
  error: z.string(), message: z.string(), code: z.string().optional(), where: z.string().optional(), field: z.string().nullable().optional(),
});

/*
 * Companies, fiscal years, customers and customer invoices (issue 11; runtime/domains/companies and runtime/domains/ar).
 */
const isoDateText = z.iso.date();

/** POST /api/companies: the first admin or the bootstrap token only (403 otherwise). */
export const createCompanyRequestSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be 1–40 lowercase letters, digits, "-" or "_"').describe('the company\'s id in every URL, e.g. "acme"'),
  name: z.string().trim().min(1).max(200),
  orgNumber: z.string().max(20).describe('Swedish organisation number, e.g. 556123-4567 (checked mod 10)'),
  fiscalYear: z.object({ start: isoDateText, end: isoDateText }).strict().optional()
    .describe('the first fiscal year: starts on the 1st of a month, ends on the last day of a month, at most 18 months; default the current calendar year'),
  examples: z.boolean().optional().describe('also publish every automation in rules-examples/, as the demo company has them'),
}).strict();
export type CreateCompanyRequest = z.infer<typeof createCompanyRequestSchema>;

export const fiscalYearSchema = z.object({
  year: z.number().int().describe('the key vouchers and periods refer to (and GET …/sie?year=): the year it starts in, or — when a shortened year already starts in that year — the year it ends in'),
  startDate: z.string(), endDate: z.string(), periods: z.number().int(),
  status: z.enum(['open', 'closed']).optional().describe('GET …/fiscal-years: closed by a year-end (POST …/fiscal-years/{year}/close) or open'),
  closingVoucherId: z.string().nullable().optional().describe('GET …/fiscal-years: the closed year\'s result voucher (8999 against 2099); null when open or the result was zero'),
});
export type FiscalYear = z.infer<typeof fiscalYearSchema>;

/** GET …/fiscal-years/{year}/year-end, and the answer of POST …/close and …/reopen (runtime/ledger/year-end.ts). */
export const yearEndSchema = z.object({
  fiscalYear: z.number().int(), startDate: z.string(), endDate: z.string(),
  status: z.enum(['open', 'closed']),
  nextFiscalYear: z.number().int().nullable().describe('the fiscal year the balances carry into; null: none yet (create it first)'),
  resultMinor: minorSigned.describe('the year\'s result, as the income statement shows it: a profit positive'),
  balances: z.array(z.object({ account: z.string(), name: z.string(), closingMinor: minorSigned.describe('debit positive, credit negative') }))
    .describe('the balance-sheet accounts\' closing balances with the result on 2099: the next year\'s opening balances'),
  act: z.object({
    act: z.number().int(), kind: z.enum(['close', 'reopen']), voucherId: z.string().nullable(), at: z.string(), actor: z.string(), reason: z.string().nullable(),
  }).nullable().describe('the latest close or re-open'),
  refusal: z.object({ error: z.string(), message: z.string() }).nullable().describe('why it cannot be closed (or, when closed, re-opened) now; null when it can'),
  openingCheck: z.object({
    nextFiscalYear: z.number().int(), netsToZero: z.boolean(), differenceMinor: minorSigned.describe('the sum of the next year\'s opening balances: 0 when they net to zero'),
    resultAccounts: z.array(z.string()).describe('result accounts the next year opens with a balance on (a result account opens at zero)'),
    message: z.string().nullable().describe('what to do (re-open and close again), in the request\'s language; null when the check passes'),
  }).nullable().describe('a closed year: whether the next year opens with what the close carries; a year closed by an earlier release with a class 0/9 balance does not (docs/year-end.md); null for an open year'),
});
export type YearEnd = z.infer<typeof yearEndSchema>;
export const reopenYearRequestSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

export const createdCompanySchema = companySchema.extend({
  fiscalYears: z.array(fiscalYearSchema),
  accounts: z.number().int(), vatCodes: z.number().int(), series: z.array(z.string()),
  automations: z.array(z.string()).describe('the example automations published (examples: true)'),
  admins: z.array(z.string()).describe('the users made its admin ("user:<id>")'),
  token: z.object({ id: z.string(), token: z.string() }).nullable()
    .describe('when a token created it: a new admin API token of the new company, shown only now'),
});
export type CreatedCompany = z.infer<typeof createdCompanySchema>;

/** GET /api/company-creation */
export const companyCreationSchema = z.object({ allowed: z.boolean(), rule: z.string() });
export type CompanyCreation = z.infer<typeof companyCreationSchema>;

/** POST /api/companies/{companyId}/fiscal-years: the next year or an earlier one, contiguous with the others. */
export const fiscalYearRequestSchema = z.object({ start: isoDateText, end: isoDateText }).strict();

export const customerAddressSchema = z.object({
  street: z.string().trim().max(200).optional(), street2: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().max(20).optional(), city: z.string().trim().max(100).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166 two-letter code such as SE').optional(),
}).strict();

const noControlCharacters = /^[^\u0000-\u001f\u007f]+$/;
/**
 * One customer of POST /api/companies/{companyId}/customers, upserted by `customerNo`.
 * An absent field keeps what is stored; null clears it.
 */
export const customerRequestSchema = z.object({
  customerNo: z.string().trim().min(1).max(64).regex(noControlCharacters, 'must not contain control characters'),
  name: z.string().trim().min(1).max(200),
  orgNumber: z.string().max(20).nullable().optional().describe('Swedish organisation or personal identity number (mod 10), stored as NNNNNN-NNNN'),
  vatNumber: z.string().max(20).nullable().optional().describe('EU VAT number, e.g. SE556123456701 (a Swedish one is checked)'),
  bankgiro: z.string().max(20).nullable().optional().describe('7–8 digits ending in a mod-10 check digit, stored as digits'),
  email: z.email().max(200).nullable().optional(),
  address: customerAddressSchema.nullable().optional(),
}).strict();
export type CustomerRequest = z.infer<typeof customerRequestSchema>;
export const customersPerRequestMax = 10_000;
export const customersRequestSchema = z.union([z.array(customerRequestSchema).min(1).max(customersPerRequestMax), customerRequestSchema]);

export const customerSchema = z.object({
  customerNo: z.string(), name: z.string(), orgNumber: z.string().nullable(), vatNumber: z.string().nullable(), bankgiro: z.string().nullable(),
  email: z.string().nullable(), address: customerAddressSchema.nullable(), paymentTermsDays: z.number().int(), receivableAccount: z.string(),
  createdAt: z.string().nullable(), updatedAt: z.string().nullable(),
});
export type Customer = z.infer<typeof customerSchema>;
export const customersUpsertResponseSchema = z.object({
  created: z.number().int(), updated: z.number().int(), unchanged: z.number().int().describe('sent again exactly as stored'),
});
export const customersPageSchema = z.object({
  customers: z.array(customerSchema).describe('by customer number'), total: z.number().int(),
  nextOffset: z.number().int().nullable().describe('pass as offset for the next page; null on the last'),
});
export type CustomersPage = z.infer<typeof customersPageSchema>;

/**
 * A credit line of a customer invoice's voucher, in the invoice's currency: revenue accounts (3xxx,
 * any revenue account) and output VAT accounts (26xx). Together they make up `amountMinor`.
 */
export const customerInvoiceLineSchema = z.object({
  account: z.string().regex(/^\d{4}$/, 'must be a four-digit account number'),
  amountMinor: z.number().int().positive().max(lineAmountMinorMax),
  vatCode: z.string().min(1).max(20).optional(),
  text: z.string().max(200).optional(),
}).strict();
export type CustomerInvoiceLine = z.infer<typeof customerInvoiceLineSchema>;

/** One invoice of POST /api/companies/{companyId}/customer-invoices. */
export const customerInvoiceRequestSchema = z.object({
  invoiceNumber: z.string().trim().min(1).max(64).regex(noControlCharacters, 'must not contain control characters'),
  customerNo: z.string().trim().min(1).max(64),
  issueDate: isoDateText.describe('the voucher\'s date: in an open period of a fiscal year'),
  dueDate: isoDateText,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as SEK'),
  amountMinor: z.number().int().positive().max(lineAmountMinorMax).describe('the total to pay, VAT included, in the invoice\'s currency'),
  vatMinor: z.number().int().min(0).max(lineAmountMinorMax).optional().describe('without lines: output VAT on 2611, the rest on 3001; with lines: must equal their 26xx lines'),
  exchangeRate: z.string().regex(/^\d{1,9}(\.\d{1,12})?$/, 'must be a decimal number such as "11.4523"').optional()
    .describe('base currency (SEK) per unit of the invoice\'s currency; required for another currency'),
  ocrReference: z.string().max(40).optional().describe('digits with a mod-10 check digit; by default the invoice number\'s digits, a length digit and a check digit'),
  lines: z.array(customerInvoiceLineSchema).min(1).max(200).optional(),
}).strict();
export type CustomerInvoiceRequest = z.infer<typeof customerInvoiceRequestSchema>;
export const customerInvoicesPerRequestMax = 10_000;
export const customerInvoicesRequestSchema = z.union([
  z.array(customerInvoiceRequestSchema).min(1).max(customerInvoicesPerRequestMax), customerInvoiceRequestSchema,
]);

export const customerInvoiceSchema = z.object({
  invoiceNumber: z.string(), customerNo: z.string(), customerName: z.string(),
  issueDate: z.string(), dueDate: z.string(), currency: z.string(),
  amountMinor: z.number().int(), vatMinor: z.number().int(), openMinor: z.number().int(),
  exchangeRate: z.string().nullable(), amountBaseMinor: z.number().int().nullable().describe('the total in the company\'s base currency, as booked'),
  ocrReference: z.string().nullable(), status: z.enum(['open', 'paid', 'credited']), voucherId: z.string().nullable(),
});
export type CustomerInvoice = z.infer<typeof customerInvoiceSchema>;
export const customerInvoicesCreatedSchema = z.object({ created: z.number().int(), invoices: z.array(customerInvoiceSchema) });
export const customerInvoicesPageSchema = z.object({
  invoices: z.array(customerInvoiceSchema).describe('by due date, then invoice number'), total: z.number().int(),
  nextOffset: z.number().int().nullable(),
});
export type CustomerInvoicesPage = z.infer<typeof customerInvoicesPageSchema>;

// ---------------------------------------------------------------- bank lines and their outcomes (payment matching)

export const bankLineOutcomeKinds = ['matched', 'partial', 'overpaid', 'multi', 'exception', 'bank_rule', 'booked_by_hand', 'pending'] as const;
export type BankLineOutcomeKind = (typeof bankLineOutcomeKinds)[number];

export const paymentCandidateSchema = z.object({
  invoiceNumber: z.string(), customerNo: z.string(), customerName: z.string(), currency: z.string(),
  openMinor: z.number().int().describe('open amount when the payment was matched'), score: z.number(), reasons: z.array(z.string()),
});

/** What happened to a bank line: settled invoices, booked by a rule or a person, an exception with ranked candidates, or not yet run. */
export const bankLineOutcomeSchema = z.object({
  kind: z.enum(bankLineOutcomeKinds),
  allocations: z.array(z.object({ invoiceNumber: z.string(), customerNo: z.string().optional(), amountMinor: z.number().int() })),
  excessMinor: z.number().int().optional().describe('overpaid: what became a customer credit'),
  remainingMinor: z.number().int().optional().describe('partial: what stays open on the invoice'),
  account: z.string().optional().describe('bank_rule / booked_by_hand: the account booked against the bank account; overpaid: the excess account'),
  exceptionReason: z.string().optional(),
  reasons: z.array(z.string()).optional(),
  score: z.number().optional(),
  candidates: z.array(paymentCandidateSchema).optional(),
  voucherId: z.string().optional(),
  automationId: z.string().optional(),
  decidedBy: z.string().optional().describe('"automation:<id>" or "user:<id>"'),
});
export type BankLineOutcome = z.infer<typeof bankLineOutcomeSchema>;

export const bankLineListItemSchema = z.object({
  id: z.string(), bankAccount: z.string().describe('the ledger account'), bookingDate: z.string(), amountMinor: z.number().int(), currency: z.string(),
  text: z.string(), reference: z.string().nullable(), counterparty: z.string().nullable(), status: z.enum(['received', 'handled', 'unhandled']),
  receivedAt: z.string(), statementId: z.string().nullable(), outcome: bankLineOutcomeSchema,
  exceptionId: z.string().nullable().describe('the open inbox item of the line, if any'),
});
export type BankLineListItem = z.infer<typeof bankLineListItemSchema>;

export const bankLineListSchema = z.object({
  lines: z.array(bankLineListItemSchema),
  total: z.number().int(),
  counts: z.record(z.string(), z.number().int()).describe('lines per outcome kind, of every line the other filters select'),
});

export const bankLineQuerySchema = z.object({
  statementId: z.string().max(200).optional(),
  status: z.enum(['received', 'handled', 'unhandled']).optional(),
  outcome: z.enum(bankLineOutcomeKinds).optional().describe('only lines of this outcome kind (total counts them)'),
  from: z.iso.date().optional(), to: z.iso.date().optional(),
  q: z.string().max(200).optional().describe('text, reference, counterparty or id contains'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

/** One recorded decision about a bank line (GET …/bank-lines/:id), oldest first: automatic or by a person. */
export const bankLineDecisionSchema = z.object({
  id: z.string(), kind: z.string(), exceptionReason: z.string().nullable(), score: z.number(), reasons: z.array(z.string()),
  allocations: z.array(z.object({ invoiceNumber: z.string(), customerNo: z.string().optional(), amountMinor: z.number().int() })),
  candidates: z.array(paymentCandidateSchema), excessMinor: z.number().int().nullable(), account: z.string().nullable(), voucherId: z.string().nullable(),
  runId: z.string().nullable(), automationId: z.string().nullable(), decidedAt: z.string(), decidedBy: z.string(),
});
export const bankLineDetailSchema = bankLineListItemSchema.extend({ decisions: z.array(bankLineDecisionSchema) });

/** POST …/bank-lines/{bankLineId}/match: a person settles invoices with an incoming payment (one = match, several = split). */
export const manualMatchRequestSchema = z.object({
  allocations: z.array(z.object({
    invoiceNumber: z.string().min(1).max(64),
    amountMinor: z.number().int().positive().refine((n) => n <= lineAmountMinorMax, `must be at most ${lineAmountMinorMax}`),
  }).strict()).min(1).max(50),
  /** where what the payment leaves over the allocations is booked (a customer credit); required when the allocations are less than the payment */
  excessAccount: z.string().regex(/^\d{4}$/).optional(),
  rate: z.string().regex(/^\d{1,9}(\.\d{1,12})?$/, 'must be a decimal number such as "11.4523"').refine((r) => /[1-9]/.test(r), 'must be above zero').optional()
    .describe("a line in another currency, or a SEK line for invoices in another currency: the day's rate (SEK per unit) when the company has none for the line's day (docs/currency.md)"),
  note: z.string().max(500).optional(),
}).strict();

/** POST …/bank-lines/{bankLineId}/book: a person books the whole line to an account against its bank account. */
export const bookBankLineRequestSchema = z.object({
  account: z.string().regex(/^\d{4}$/, 'must be a 4-digit BAS account'),
  vatCode: z.string().max(20).optional(),
  text: z.string().min(1).max(200).optional(),
  note: z.string().max(500).optional(),
  rate: z.string().regex(/^\d{1,9}(\.\d{1,12})?$/, 'must be a decimal number such as "11.4523"').refine((r) => /[1-9]/.test(r), 'must be above zero').optional()
    .describe("a line in another currency: the day's rate (SEK per unit) when the company has none for the line's day (docs/currency.md)"),
}).strict();

export const bankLineActionResponseSchema = z.object({
  line: bankLineListItemSchema,
  voucherId: z.string(),
  resolvedExceptions: z.array(z.string()),
  notes: z.array(z.object({ code: z.string(), message: z.string() })).optional()
    .describe('what the person should know about the booking, e.g. given_rate_not_used: the company\'s own rate for the day was used instead of the "rate" given'),
});

/** GET /api/companies/{companyId}/bank-statements: the statements imported, newest first. */
export const bankStatementListItemSchema = z.object({
  bankAccount: z.string().describe('the bank account (id) the statement is for'),
  statementId: z.string().describe("the statement's own id in the file (camt Stmt/Id, BgMax deposit)"),
  format: z.string(),
  currency: z.string(),
  fromDate: z.string().nullable().describe('earliest booking date of its lines'),
  toDate: z.string().nullable().describe('latest booking date of its lines'),
  openingDate: z.string().nullable(),
  closingDate: z.string().nullable(),
  openingMinor: z.number().int().nullable(),
  closingMinor: z.number().int().nullable(),
  creditMinor: z.number().int(),
  debitMinor: z.number().int(),
  lines: z.number().int(),
  originalId: z.string().nullable().describe('the stored file (GET …/originals/{id})'),
  importedAt: z.string(),
});
export type BankStatementListItem = z.infer<typeof bankStatementListItemSchema>;

/** GET /api/companies/{companyId}/reports/bank-reconciliation?bankAccount=&date= — one entry per bank account. */
export const bankReconciliationAccountSchema = z.object({
  bankAccount: z.object({ id: z.string(), name: z.string(), ledgerAccount: z.string(), currency: z.string() }),
  statement: z.object({ statementId: z.string(), format: z.string(), date: z.string(), closingMinor: z.number().int(), originalId: z.string().nullable() }).nullable()
    .describe('the latest imported statement with a closing balance on or before the date; null when there is none'),
  comparedOn: z.string().describe("the statement's date (its closing balance's), or the date asked when there is no statement"),
  period: z.object({ from: z.string(), to: z.string() }).describe('the period whose vouchers without a bank line are listed (the statement\'s, else the fiscal year so far)'),
  statementBalanceMinor: minorSigned.nullable(),
  ledgerBalanceMinor: minorSigned.describe('the ledger account on comparedOn (opening balance of the fiscal year plus its movements)'),
  ledgerBalanceAtDateMinor: minorSigned.describe('the ledger account on the date asked'),
  differenceMinor: minorSigned.nullable().describe('statement − ledger'),
  unbookedLines: z.object({
    count: z.number().int(), totalMinor: minorSigned,
    items: z.array(z.object({
      id: z.string(), bookingDate: z.string(), amountMinor: z.number().int(), currency: z.string(), text: z.string(), reference: z.string().nullable(),
      counterparty: z.string().nullable(), status: z.string(), statementId: z.string().nullable(),
    })),
  }).describe('bank lines up to comparedOn that no voucher (dated by then) has booked: in the bank\'s balance, not yet in the ledger\'s'),
  vouchersWithoutLine: z.object({
    count: z.number().int(), totalMinor: minorSigned,
    items: z.array(z.object({
      voucherId: z.string(), series: z.string(), number: z.number().int(), date: z.string(), text: z.string(), sourceRef: z.string().nullable(),
      amountMinor: minorSigned.describe('on the ledger account: debit − credit'),
    })),
  }).describe('vouchers on the ledger account in the period that came from no bank line: in the ledger\'s balance, not in the bank\'s'),
  unexplainedMinor: minorSigned.nullable().describe('difference − (unbooked lines − vouchers without a line): zero when the lists explain it all'),
});
export type BankReconciliationAccount = z.infer<typeof bankReconciliationAccountSchema>;

export const bankReconciliationSchema = z.object({
  date: z.string(),
  accounts: z.array(bankReconciliationAccountSchema),
});
export type BankReconciliation = z.infer<typeof bankReconciliationSchema>;

/** GET /api/companies/{companyId}/reports/balance-sheet and …/reports/income-statement (runtime/ledger/statements.ts). */
export const financialStatementSchema = z.object({
  kind: z.enum(['balance_sheet', 'income_statement']),
  title: z.string(),
  fiscalYear: z.number().int(),
  fromPeriod: z.string(),
  toPeriod: z.string(),
  previous: z.object({ fiscalYear: z.number().int(), fromPeriod: z.string().nullable(), toPeriod: z.string() }).nullable()
    .describe('the same periods of the previous fiscal year, by position in the year; null when there is no previous year'),
  dimension: z.object({ dimension: z.number().int(), object: z.string(), name: z.string() }).nullable(),
  openingBalancesIncluded: z.boolean().describe('false with a dimension filter: opening balances are kept per account, not per object'),
  previousFromImport: z.boolean().optional().describe("true: the previous year has no vouchers and its figures are an imported SIE file's #UB/#RES (whole year only; other previous-year columns are null)"),
  columns: z.array(z.object({ key: z.string(), label: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  rows: z.array(z.object({
    kind: z.enum(['section', 'group', 'account', 'year_result', 'group_total', 'section_total', 'subtotal']),
    key: z.string(), label: z.string(), level: z.number().int(), account: z.string().nullable(),
    amounts: z.record(z.string(), minorSigned.nullable()).describe('column key → amount as shown: income, equity and liabilities positive; null when the column has no figures'),
  })),
  differenceMinor: z.record(z.string(), minorSigned.nullable()).describe('balance sheet: assets − equity and liabilities per column, 0 when it balances'),
  resultMinor: z.record(z.string(), minorSigned.nullable()).describe("the result per column (profit positive); in the balance sheet the equity line 'Årets resultat'"),
});
export type FinancialStatement = z.infer<typeof financialStatementSchema>;

/** A company's exchange rates (runtime/domains/currency): base currency per unit of `currency`, one per day. */
export const exchangeRateSchema = z.object({
  currency: z.string(), date: z.string(), rate: z.string().describe('base currency per unit, e.g. "11.4523" SEK per EUR'),
  source: z.string().describe('manual, csv or riksbanken'), setAt: z.string(), setBy: z.string(),
});
export type ExchangeRate = z.infer<typeof exchangeRateSchema>;
export const exchangeRatesPageSchema = z.object({ baseCurrency: z.string(), rates: z.array(exchangeRateSchema) });
export const exchangeRatesRequestSchema = z.object({
  rates: z.array(z.object({
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
    date: z.iso.date(),
    rate: z.string().regex(/^\d{1,9}(\.\d{1,12})?$/, 'must be a decimal number such as "11.4523"'),
  }).strict()).max(5000).optional(),
  csv: z.string().max(1_000_000).optional().describe('rows of date;currency;rate (or Riksbanken\'s published rates pasted as they are: SEKEURPMI is EUR)'),
  source: z.enum(['manual', 'csv', 'riksbanken']).optional(),
  replace: z.boolean().optional().describe('correct a day\'s rate that differs (vouchers booked keep theirs)'),
}).strict().refine((b) => (b.rates === undefined) !== (b.csv === undefined), 'give either rates or csv');
export const exchangeRatesSetSchema = z.object({ created: z.number().int(), corrected: z.number().int(), unchanged: z.number().int() });
