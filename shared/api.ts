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
  currency: z.string(),
  vatCode: z.string().nullable(),
  dimensions: z.record(z.string(), z.string()),
  text: z.string().nullable(),
});
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
  lines: z.array(voucherLineSchema),
});
export type Voucher = z.infer<typeof voucherSchema>;

export const exceptionSchema = z.object({
  id: z.string(),
  sourceRef: z.string(),
  reason: z.string(),
  runId: z.string().nullable(),
  automationId: z.string().nullable(),
  status: z.enum(['open', 'resolved']),
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

export { automationDocumentSchema, validationIssueSchema };

const minorAmount = z.number().int().min(0).refine(Number.isSafeInteger, 'must be a safe integer number of öre')
  .refine((n) => n <= lineAmountMinorMax, `must be at most ${lineAmountMinorMax} öre (${formatMinorPlain(lineAmountMinorMax)} kr) per line`);
export const manualVoucherLineSchema = z.object({
  account: z.string().regex(/^\d{4}$/, 'must be a 4-digit account number'),
  debitMinor: minorAmount.optional().describe('Debit in öre (integer)'),
  creditMinor: minorAmount.optional().describe('Credit in öre (integer)'),
  vatCode: z.string().max(20).optional(),
  dimensions: z.record(z.string(), z.string()).optional().describe('dimension number → object, e.g. {"1": "100"}'),
  text: z.string().max(200).optional(),
}).strict().refine((l) => (l.debitMinor ?? 0) > 0 !== (l.creditMinor ?? 0) > 0, 'give either debitMinor or creditMinor (one positive amount)');

export const manualVoucherRequestSchema = z.object({
  date: z.iso.date(),
  series: z.string().regex(/^[A-Z]{1,2}$/).default('A'),
  text: z.string().min(1).max(200),
  sourceRef: z.string().max(200).optional(),
  lines: z.array(manualVoucherLineSchema).min(2).max(500),
}).strict();
export type ManualVoucherRequest = z.infer<typeof manualVoucherRequestSchema>;

export const reverseVoucherRequestSchema = z.object({
  date: z.iso.date().optional().describe('defaults to today; must be in an open period'),
  text: z.string().max(200).optional(),
}).strict();

/** Who is calling (GET /api/auth/me, and the answer to a sign-in). */
export const meSchema = z.object({
  user: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
  token: z.object({ id: z.string(), name: z.string() }).nullable(),
  companies: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), permissions: z.array(z.string()) })),
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof meSchema>;

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
