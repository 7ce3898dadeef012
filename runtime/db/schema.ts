/**
 * The database schema: the source of truth for migrations (drizzle-kit).
 * snake_case in SQL, camelCase in TypeScript. Amounts are INTEGER *_minor.
 * Ledger tables (vouchers, voucher_lines) are append-only: triggers in the
 * migrations refuse UPDATE and DELETE on them.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const companies = sqliteTable('companies', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  orgNumber: text('org_number').notNull(),
  baseCurrency: text('base_currency').notNull().default('SEK'),
  timeZone: text('time_zone').notNull().default('Europe/Stockholm'),
  /** bumped by triggers whenever the chart (accounts, series, VAT codes, objects, years, periods) changes: a cache key */
  chartVersion: integer('chart_version').notNull().default(0),
  createdAt: createdAt(),
});

export const fiscalYears = sqliteTable('fiscal_years', {
  companyId: text('company_id').notNull().references(() => companies.id),
  /** the year the fiscal year starts in, e.g. 2026 */
  year: integer('year').notNull(),
  startDate: text('start_date').notNull(),
  endDate: text('end_date').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.year] })]);

export const periods = sqliteTable('periods', {
  companyId: text('company_id').notNull().references(() => companies.id),
  fiscalYear: integer('fiscal_year').notNull(),
  /** YYYY-MM */
  period: text('period').notNull(),
  startDate: text('start_date').notNull(),
  endDate: text('end_date').notNull(),
  status: text('status', { enum: ['open', 'locked'] }).notNull().default('open'),
}, (t) => [primaryKey({ columns: [t.companyId, t.period] })]);

export const accounts = sqliteTable('accounts', {
  companyId: text('company_id').notNull().references(() => companies.id),
  number: text('number').notNull(),
  name: text('name').notNull(),
  type: text('type', { enum: ['asset', 'liability', 'equity', 'revenue', 'expense'] }).notNull(),
  vatCode: text('vat_code'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  /** #SRU: the tax-return (SRU) code, from SIE import (migration 0032) */
  sru: text('sru'),
}, (t) => [primaryKey({ columns: [t.companyId, t.number] })]);

export const vatCodes = sqliteTable('vat_codes', {
  companyId: text('company_id').notNull().references(() => companies.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** percent × 100, e.g. 2500 for 25 % */
  rateBasisPoints: integer('rate_basis_points').notNull(),
  kind: text('kind', { enum: ['output', 'input', 'reverse_charge', 'eu_goods', 'eu_services', 'exempt'] }).notNull(),
  outputAccount: text('output_account'),
  inputAccount: text('input_account'),
  /** Skatteverket's box (ruta) for the base, e.g. '05', '21', '35'; null: the base is not declared (input VAT) (0029) */
  baseBox: text('base_box'),
  /** the box for the VAT on the output account ('10'–'12', '30'–'32', '60'–'62'), or '48' for input VAT (0029) */
  vatBox: text('vat_box'),
  /** a code in use is deactivated, never deleted (0030); new postings refuse an inactive code */
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
}, (t) => [primaryKey({ columns: [t.companyId, t.code] })]);

export const dimensions = sqliteTable('dimensions', {
  companyId: text('company_id').notNull().references(() => companies.id),
  /** SIE numbering: 1 cost centre, 6 project */
  number: integer('number').notNull(),
  name: text('name').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.number] })]);

export const dimensionObjects = sqliteTable('dimension_objects', {
  companyId: text('company_id').notNull().references(() => companies.id),
  dimension: integer('dimension').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
}, (t) => [primaryKey({ columns: [t.companyId, t.dimension, t.code] })]);

export const voucherSeries = sqliteTable('voucher_series', {
  companyId: text('company_id').notNull().references(() => companies.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.code] })]);

/** The gap-free counter per series and fiscal year, advanced inside the posting transaction. */
export const voucherSequences = sqliteTable('voucher_sequences', {
  companyId: text('company_id').notNull(),
  series: text('series').notNull(),
  fiscalYear: integer('fiscal_year').notNull(),
  lastNumber: integer('last_number').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.series, t.fiscalYear] })]);

export const vouchers = sqliteTable('vouchers', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull().references(() => companies.id),
  series: text('series').notNull(),
  number: integer('number').notNull(),
  fiscalYear: integer('fiscal_year').notNull(),
  date: text('date').notNull(),
  text: text('text').notNull(),
  sourceRef: text('source_ref'),
  registeredAt: text('registered_at').notNull(),
  /** "user:<id>" or "automation:<id>" */
  registeredBy: text('registered_by').notNull(),
  automationId: text('automation_id'),
  automationVersion: integer('automation_version'),
  runId: text('run_id'),
  reversesVoucherId: text('reverses_voucher_id'),
  idempotencyKey: text('idempotency_key'),
  /** migration 0033 (BFL 5:7): who the business event was with — a name, and a customer/supplier number or org number when known */
  counterpartyName: text('counterparty_name'),
  counterpartyId: text('counterparty_id'),
}, (t) => [
  uniqueIndex('vouchers_number_unique').on(t.companyId, t.series, t.fiscalYear, t.number),
  uniqueIndex('vouchers_idempotency_unique').on(t.companyId, t.idempotencyKey),
  // partial: most vouchers reverse nothing, and a NULL entry per voucher was written for nothing (migration 0035)
  uniqueIndex('vouchers_reverses_unique').on(t.reversesVoucherId).where(sql`${t.reversesVoucherId} IS NOT NULL`),
  index('vouchers_company_date').on(t.companyId, t.date),
  index('vouchers_run').on(t.runId),
  /** the book-once check and "is this source document booked?" look vouchers up by source */
  index('vouchers_source').on(t.companyId, t.sourceRef),
]);

export const voucherLines = sqliteTable('voucher_lines', {
  voucherId: text('voucher_id').notNull().references(() => vouchers.id),
  lineNo: integer('line_no').notNull(),
  companyId: text('company_id').notNull(),
  account: text('account').notNull(),
  debitMinor: integer('debit_minor').notNull().default(0),
  creditMinor: integer('credit_minor').notNull().default(0),
  currency: text('currency').notNull(),
  foreignAmountMinor: integer('foreign_amount_minor'),
  foreignCurrency: text('foreign_currency'),
  /** exchange rate × 1e6, an integer */
  rateMicros: integer('rate_micros'),
  /** base currency per unit of foreign_currency, a decimal string ("11.4523"); rate_micros is unused (0031) */
  rate: text('rate'),
  vatCode: text('vat_code'),
  /** JSON object: dimension number → object code */
  dimensions: text('dimensions').notNull().default('{}'),
  text: text('text'),
}, (t) => [
  primaryKey({ columns: [t.voucherId, t.lineNo] }),
  index('voucher_lines_account').on(t.companyId, t.account),
]);

/**
 * A file attached to a voucher after posting (migration 0033): its bytes are an
 * original of kind 'voucher-attachment'; insert-only (triggers refuse UPDATE,
 * DELETE and REPLACE). runtime/ledger/attachments.ts.
 */
export const voucherAttachments = sqliteTable('voucher_attachments', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull(),
  voucherId: text('voucher_id').notNull().references(() => vouchers.id),
  originalId: text('original_id').notNull(),
  fileName: text('file_name').notNull(),
  mediaType: text('media_type').notNull(),
  byteLength: integer('byte_length').notNull(),
  sha256: text('sha256').notNull(),
  attachedAt: text('attached_at').notNull(),
  /** "user:<id>" or "token:<id>" */
  attachedBy: text('attached_by').notNull(),
}, (t) => [index('voucher_attachments_voucher').on(t.companyId, t.voucherId, t.attachedAt)]);

export const suppliers = sqliteTable('suppliers', {
  companyId: text('company_id').notNull().references(() => companies.id),
  id: text('id').notNull(),
  name: text('name').notNull(),
  orgNumber: text('org_number'),
  vatNumber: text('vat_number'),
  bankgiro: text('bankgiro'),
  plusgiro: text('plusgiro'),
  iban: text('iban'),
  bic: text('bic'),
  peppolId: text('peppol_id'),
  paymentTermsDays: integer('payment_terms_days').notNull().default(30),
  payableAccount: text('payable_account').notNull().default('2440'),
  defaultExpenseAccount: text('default_expense_account'),
  /** migration 0030: as customers have them; address is JSON { street?, street2?, postalCode?, city?, country? } */
  email: text('email'),
  address: text('address'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at'),
  updatedAt: text('updated_at'),
}, (t) => [primaryKey({ columns: [t.companyId, t.id] })]);

// Domain tables live in their domain folders; re-exported here so `schema` and existing imports see every table.
export { bankAccounts, bankLines, bankStatements, invoicePayments, paymentDecisions, receivablesGenerations } from '../domains/bank/schema.ts';
export { customers, invoices } from '../domains/ar/schema.ts';
export { exchangeRates } from '../domains/currency/schema.ts';

export const automations = sqliteTable('automations', {
  companyId: text('company_id').notNull().references(() => companies.id),
  id: text('id').notNull(),
  name: text('name').notNull(),
  triggerType: text('trigger_type'),
  /** the draft document, JSON */
  draft: text('draft').notNull(),
  draftVersion: integer('draft_version').notNull(),
  publishedVersion: integer('published_version'),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
  /** JSON array: everyone who saved the draft since the last publication (four-eyes: none of them may publish it alone) */
  draftAuthors: text('draft_authors').notNull().default('[]'),
  /** set while the automation is paused: new events do not run it (migration 0024) */
  pausedAt: text('paused_at'),
  pausedBy: text('paused_by'),
}, (t) => [primaryKey({ columns: [t.companyId, t.id] })]);

/** Published versions are frozen: never updated. */
export const automationVersions = sqliteTable('automation_versions', {
  companyId: text('company_id').notNull(),
  automationId: text('automation_id').notNull(),
  version: integer('version').notNull(),
  document: text('document').notNull(),
  triggerType: text('trigger_type').notNull(),
  publishedAt: text('published_at').notNull(),
  publishedBy: text('published_by').notNull(),
}, (t) => [
  primaryKey({ columns: [t.companyId, t.automationId, t.version] }),
  index('automation_versions_trigger').on(t.companyId, t.triggerType),
]);

export const runs = sqliteTable('runs', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull(),
  automationId: text('automation_id').notNull(),
  automationVersion: integer('automation_version').notNull(),
  triggerType: text('trigger_type').notNull(),
  /** the source document, e.g. "bank-line:2026113000042" */
  sourceRef: text('source_ref'),
  /** idempotency of the run itself: one run per (automation, event) */
  eventKey: text('event_key').notNull(),
  status: text('status', { enum: ['posted', 'no_match', 'flagged', 'failed', 'dry_run'] }).notNull(),
  reason: text('reason'),
  event: text('event').notNull(),
  trace: text('trace').notNull(),
  startedAt: text('started_at').notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** automations that did not run because this run booked the source (booked once): JSON [{ automationId, automationVersion, triggerType, reason }] (migration 0026) */
  skipped: text('skipped'),
  /** the reason as a message (shared/i18n/catalogue.ts) and its JSON parameters, to show it in another language (migration 0034) */
  reasonCode: text('reason_code'),
  reasonParams: text('reason_params'),
}, (t) => [
  // (company, event, automation): also answers "the runs of this event", so no second index on (company, event) (migration 0035)
  uniqueIndex('runs_event_unique').on(t.companyId, t.eventKey, t.automationId),
  index('runs_company_started').on(t.companyId, t.startedAt),
  index('runs_source').on(t.companyId, t.sourceRef),
]);

/** The exceptions inbox: what no rule handled, with the reason. */
export const exceptions = sqliteTable('exceptions', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull(),
  sourceRef: text('source_ref').notNull(),
  reason: text('reason').notNull(),
  runId: text('run_id'),
  automationId: text('automation_id'),
  status: text('status', { enum: ['open', 'resolved', 'dismissed'] }).notNull().default('open'),
  payload: text('payload').notNull(),
  createdAt: text('created_at').notNull(),
  resolvedAt: text('resolved_at'),
  resolvedBy: text('resolved_by'),
  /** what the person did about it, or which retry handled it */
  resolution: text('resolution'),
  /** the reason as a message (shared/i18n/catalogue.ts) and its JSON parameters, to show it in another language (migration 0034) */
  reasonCode: text('reason_code'),
  reasonParams: text('reason_params'),
}, (t) => [
  index('exceptions_company_status').on(t.companyId, t.status),
  uniqueIndex('exceptions_source_unique').on(t.companyId, t.sourceRef, t.automationId),
]);

/**
 * Opening balances (#IB) per fiscal year and account; debit positive, credit negative. Append-only:
 * an account's opening balance is the SUM of its rows over all carries. Carry 0: set by SIE import;
 * carry n: written by year-end act n of the year before (runtime/ledger/year-end.ts, migration 0025).
 */
export const openingBalances = sqliteTable('opening_balances', {
  companyId: text('company_id').notNull().references(() => companies.id),
  fiscalYear: integer('fiscal_year').notNull(),
  account: text('account').notNull(),
  /** 0: SIE import; n: year-end act n of the previous fiscal year (a difference, not a balance) */
  carry: integer('carry').notNull().default(0),
  amountMinor: integer('amount_minor').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.fiscalYear, t.account, t.carry] })]);

/**
 * What an imported SIE file said beyond live vouchers (migration 0032; records): #IB/#UB/#RES of any
 * year (previous years' comparison figures), #OIB/#OUB object balances, #PSALDO period balances.
 */
export const sieBalances = sqliteTable('sie_balances', {
  companyId: text('company_id').notNull().references(() => companies.id),
  /** the fiscal year the figure belongs to, as the file's #RAR says */
  yearStart: text('year_start').notNull(),
  yearEnd: text('year_end').notNull(),
  kind: text('kind', { enum: ['IB', 'UB', 'RES', 'OIB', 'OUB', 'PSALDO'] }).notNull(),
  account: text('account').notNull(),
  /** '' for none; else JSON [[dimension, object id], …] in the file's order (#OIB/#OUB/#PSALDO) */
  objects: text('objects').notNull().default(''),
  /** 'YYYYMM' for #PSALDO, else '' */
  period: text('period').notNull().default(''),
  amountMinor: integer('amount_minor').notNull(),
  quantity: text('quantity'),
  originalId: text('original_id'),
}, (t) => [primaryKey({ columns: [t.companyId, t.yearStart, t.kind, t.account, t.objects, t.period] })]);

/** An imported voucher's number, registration date, signature and #BTRANS/#RTRANS history as the SIE file had them (migration 0032; records). */
export const sieVoucherOrigins = sqliteTable('sie_voucher_origins', {
  voucherId: text('voucher_id').primaryKey().references(() => vouchers.id),
  companyId: text('company_id').notNull().references(() => companies.id),
  series: text('series').notNull(),
  number: text('number').notNull(),
  registeredDate: text('registered_date'),
  sign: text('sign'),
  /** JSON: SieVoucherHistoryRow[] (runtime/ledger/sie-fidelity.ts) */
  history: text('history').notNull().default('[]'),
  originalId: text('original_id'),
});

/** Year-end acts (append-only): closing a fiscal year, or re-opening it with a reason (runtime/ledger/year-end.ts). */
export const yearEndActs = sqliteTable('year_end_acts', {
  companyId: text('company_id').notNull().references(() => companies.id),
  fiscalYear: integer('fiscal_year').notNull(),
  /** 1, 2, …: per company and year; a year is closed when its last act is a close */
  act: integer('act').notNull(),
  kind: text('kind', { enum: ['close', 'reopen'] }).notNull(),
  /** close: the result voucher (8999 against 2099), null when the result was zero; reopen: its reversal */
  voucherId: text('voucher_id').references(() => vouchers.id),
  /** the year's result booked (debit positive: a profit is negative) */
  resultMinor: integer('result_minor').notNull(),
  /** the fiscal year the balances were carried into (or back out of) */
  carriedInto: integer('carried_into').notNull(),
  reason: text('reason'),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.fiscalYear, t.act] })]);

/** Append-only audit trail: who did what, when (period locks, publications, imports…). */
export const auditEvents = sqliteTable('audit_events', {
  id: text('id').primaryKey(),
  companyId: text('company_id'),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  /** what the action was about, e.g. "period:2026-02" */
  subject: text('subject').notNull(),
  details: text('details').notNull().default('{}'),
}, (t) => [index('audit_events_company_at').on(t.companyId, t.at)]);

/** People who sign in. Passwords are scrypt hashes (memory-hard), never stored in clear. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: text('created_at').notNull(),
  /** the designer's language the person chose ("sv" or "en"); null until they choose (migration 0034) */
  language: text('language', { enum: ['sv', 'en'] }),
}, (t) => [uniqueIndex('users_email_unique').on(t.email)]);

/** A user's role in one company. */
export const memberships = sqliteTable('memberships', {
  userId: text('user_id').notNull().references(() => users.id),
  companyId: text('company_id').notNull().references(() => companies.id),
  role: text('role', { enum: ['viewer', 'designer', 'publisher', 'approver', 'admin'] }).notNull(),
  createdAt: text('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.userId, t.companyId] })]);

/** Sign-in sessions; the cookie holds the token, the table its SHA-256. */
export const sessions = sqliteTable('sessions', {
  tokenHash: text('token_hash').primaryKey(),
  userId: text('user_id').notNull().references(() => users.id),
  csrfToken: text('csrf_token').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});

/** API tokens for machines: scoped to one company and a set of permissions, stored hashed, revocable. */
export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull().references(() => companies.id),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  /** JSON array of permissions */
  permissions: text('permissions').notNull(),
  createdBy: text('created_by').notNull(),
  /** the person behind the token (four-eyes); null: no person (bootstrap, CLI, untraceable older token) */
  createdByUserId: text('created_by_user_id').references(() => users.id),
  createdAt: text('created_at').notNull(),
  revokedAt: text('revoked_at'),
  lastUsedAt: text('last_used_at'),
}, (t) => [uniqueIndex('api_tokens_hash_unique').on(t.tokenHash)]);

/** Per-company settings: segregation of duties. */
export const companySettings = sqliteTable('company_settings', {
  companyId: text('company_id').primaryKey().references(() => companies.id),
  /** the author of a version cannot publish it alone */
  fourEyesPublish: integer('four_eyes_publish', { mode: 'boolean' }).notNull().default(true),
  /** the creator of a payment batch cannot approve it */
  fourEyesPayments: integer('four_eyes_payments', { mode: 'boolean' }).notNull().default(true),
  /** an invoice's registrant cannot approve it */
  fourEyesInvoices: integer('four_eyes_invoices', { mode: 'boolean' }).notNull().default(true),
});

/** Switching a four-eyes rule off: waits for its effective time or a second admin (0015). */
export const settingsChanges = sqliteTable('settings_changes', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull().references(() => companies.id),
  setting: text('setting', { enum: ['fourEyesPublish', 'fourEyesPayments', 'fourEyesInvoices'] }).notNull(),
  value: integer('value', { mode: 'boolean' }).notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedByUserId: text('requested_by_user_id'),
  requestedAt: text('requested_at').notNull(),
  effectiveAt: text('effective_at').notNull(),
  status: text('status', { enum: ['pending', 'applied', 'confirmed', 'cancelled', 'withdrawn'] }).notNull(),
  decidedBy: text('decided_by'),
  decidedAt: text('decided_at'),
}, (t) => [index('settings_changes_company_status').on(t.companyId, t.status)]);

/** A publication waiting for a second person (four-eyes). */
export const publicationRequests = sqliteTable('publication_requests', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull(),
  automationId: text('automation_id').notNull(),
  /** the draft as requested, JSON: approving publishes exactly this */
  document: text('document').notNull(),
  requestedBy: text('requested_by').notNull(),
  requestedAt: text('requested_at').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'rejected', 'superseded'] }).notNull(),
  decidedBy: text('decided_by'),
  decidedAt: text('decided_at'),
}, (t) => [index('publication_requests_automation').on(t.companyId, t.automationId, t.status)]);

/**
 * The outbox: every event (bank line, webhook delivery, schedule occurrence,
 * manual run) is stored here before it is acknowledged, then claimed by a
 * worker with a lease. A worker whose lease expired cannot commit (fencing).
 */
export const events = sqliteTable('events', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull(),
  triggerType: text('trigger_type').notNull(),
  /** set when the event is for one automation (manual run, schedule occurrence) */
  automationId: text('automation_id'),
  /** JSON: automation id → version in force when the event arrived (or fired) */
  versions: text('versions').notNull().default('{}'),
  /** idempotency: one event per key per company */
  eventKey: text('event_key').notNull(),
  sourceRef: text('source_ref'),
  payload: text('payload').notNull(),
  status: text('status', { enum: ['pending', 'processing', 'done', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  availableAt: text('available_at').notNull(),
  leaseOwner: text('lease_owner'),
  leaseExpiresAt: text('lease_expires_at'),
  lastError: text('last_error'),
  /** JSON: the run summaries, once done */
  result: text('result'),
  createdAt: text('created_at').notNull(),
  finishedAt: text('finished_at'),
}, (t) => [
  uniqueIndex('events_key_unique').on(t.companyId, t.eventKey),
  index('events_due').on(t.status, t.availableAt),
  index('events_company_created').on(t.companyId, t.createdAt),
]);

/** Signed webhook endpoints (Standard Webhooks). */
export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull().references(() => companies.id),
  triggerType: text('trigger_type').notNull(),
  /** legacy plaintext (whsec_…): '' once encrypted; startup encrypts what is left (migration 0018) */
  secret: text('secret').notNull(),
  /** legacy plaintext of the previous secret: NULL once encrypted */
  previousSecret: text('previous_secret'),
  /** the secret before the last rotation is accepted until then */
  previousExpiresAt: text('previous_expires_at'),
  /** the signing secret, AES-256-GCM (base64 IV ‖ ciphertext ‖ tag; the endpoint id is the associated data), and the id of the key that sealed it */
  secretKeyId: text('secret_key_id'),
  secretCiphertext: text('secret_ciphertext'),
  previousSecretKeyId: text('previous_secret_key_id'),
  previousSecretCiphertext: text('previous_secret_ciphertext'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  disabledAt: text('disabled_at'),
}, (t) => [index('webhook_endpoints_company').on(t.companyId)]);

/**
 * Verified webhook deliveries, one per (endpoint, webhook-id): the replay
 * record (a webhook-id seen before gets `response` again) and the intake.
 * A delivery is acknowledged once this row is committed, with its checked
 * payload and the versions in force at arrival; the worker then turns it
 * into bank lines and outbox events (`moved_at`). Rows are kept.
 */
export const webhookDeliveries = sqliteTable('webhook_deliveries', {
  endpointId: text('endpoint_id').notNull(),
  webhookId: text('webhook_id').notNull(),
  receivedAt: text('received_at').notNull(),
  status: integer('status').notNull(),
  response: text('response').notNull(),
  /** the first outbox event it became (null until moved, or when it added none) */
  eventId: text('event_id'),
  companyId: text('company_id'),
  triggerType: text('trigger_type'),
  /** JSON: the checked payload (bank lines as an array, or the event) */
  payload: text('payload'),
  /** JSON: automation id → version in force when it arrived */
  versions: text('versions'),
  /** when the worker turned it into bank lines and events; null while waiting */
  movedAt: text('moved_at'),
  /** the original (BFL 7:2): the request body's exact bytes, their SHA-256, the latest date they record, kept until */
  original: blob('original', { mode: 'buffer' }),
  originalSha256: text('original_sha256'),
  originalDocumentDate: text('original_document_date'),
  originalRetainUntil: text('original_retain_until'),
}, (t) => [
  primaryKey({ columns: [t.endpointId, t.webhookId] }),
  index('webhook_deliveries_waiting').on(t.receivedAt).where(sql`moved_at IS NULL`),
]);

/** Schedule occurrences: the claim that makes each one run exactly once. */
export const scheduleOccurrences = sqliteTable('schedule_occurrences', {
  companyId: text('company_id').notNull(),
  automationId: text('automation_id').notNull(),
  scheduledAt: text('scheduled_at').notNull(),
  /** 'run' or 'skipped' (catch-up policy) */
  outcome: text('outcome').notNull(),
  automationVersion: integer('automation_version').notNull(),
  claimedBy: text('claimed_by').notNull(),
  claimedAt: text('claimed_at').notNull(),
  eventId: text('event_id'),
}, (t) => [primaryKey({ columns: [t.companyId, t.automationId, t.scheduledAt] })]);

/**
 * Originals (BFL 7:2): the exact bytes of every imported file and delivery,
 * with their SHA-256, kept until `retain_until`. Triggers (migration 0017)
 * refuse UPDATE and REPLACE always, and DELETE until `retain_until` has passed.
 */
export const originals = sqliteTable('originals', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull(),
  /** 'sie', 'webhook-delivery', 'bank-lines-request', 'bank-statement' (later 'peppol'…) */
  kind: text('kind').notNull(),
  mediaType: text('media_type').notNull(),
  byteLength: integer('byte_length').notNull(),
  /** SHA-256 of `content`, lower-case hex */
  sha256: text('sha256').notNull(),
  content: blob('content', { mode: 'buffer' }).notNull(),
  receivedAt: text('received_at').notNull(),
  /** "user:<id>", "token:<id>", "webhook:<endpoint>", "cli:import-sie" */
  receivedBy: text('received_by').notNull(),
  /** what it is known as: the file name, "webhook-delivery:<endpoint>:<webhook-id>" */
  sourceRef: text('source_ref'),
  /** the latest date of what it records, when known (YYYY-MM-DD) */
  documentDate: text('document_date'),
  /** the end of the fiscal year it belongs to, when known */
  fiscalYearEnd: text('fiscal_year_end'),
  /** YYYY-12-31: kept at least until the end of this day */
  retainUntil: text('retain_until').notNull(),
}, (t) => [
  index('originals_company_received').on(t.companyId, t.receivedAt),
  index('originals_company_kind').on(t.companyId, t.kind, t.receivedAt),
]);

/**
 * Idempotency-Key claims and the answers they got (runtime/http/idempotency.ts):
 * one per (company, caller, key); `status` NULL while the request runs;
 * `response` sealed with the server's secret key; deleted after `expires_at`.
 */
export const idempotencyKeys = sqliteTable('idempotency_keys', {
  companyId: text('company_id').notNull(),
  /** "token:<id>" or "user:<id>" */
  principal: text('principal').notNull(),
  key: text('key').notNull(),
  /** "POST /api/companies/demo/vouchers/v1/reverse" (with the query): another target with the key is refused */
  target: text('target').notNull(),
  /** the route pattern, for people reading the table */
  route: text('route').notNull(),
  /** HMAC-SHA-256 of the raw body bytes, keyed from the server's secret key */
  bodyHash: text('body_hash').notNull(),
  claimId: text('claim_id').notNull(),
  claimedAt: text('claimed_at').notNull(),
  expiresAt: text('expires_at').notNull(),
  status: integer('status'),
  responseKeyId: text('response_key_id'),
  response: text('response'),
}, (t) => [primaryKey({ columns: [t.companyId, t.principal, t.key] }), index('idempotency_keys_expires').on(t.expiresAt)]);

/** A settled VAT period (momsdeklaration): the settlement voucher to 2650 and the boxes as declared. Never changed (0029). */
export const vatSettlements = sqliteTable('vat_settlements', {
  companyId: text('company_id').notNull().references(() => companies.id),
  id: text('id').notNull(),
  fromDate: text('from_date').notNull(),
  toDate: text('to_date').notNull(),
  /** the settlement voucher; the period counts as settled while it is not reversed */
  voucherId: text('voucher_id').notNull().references(() => vouchers.id),
  /** box 49 in öre (whole kronor × 100): to pay positive, to get back negative */
  box49Minor: integer('box49_minor').notNull(),
  /** JSON: box → whole kronor, as declared */
  boxes: text('boxes').notNull(),
  at: text('at').notNull(),
  actor: text('actor').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.id] }), index('vat_settlements_period').on(t.companyId, t.fromDate, t.toDate)]);
/**
 * Backtests (runtime/backtest): a version or draft of an automation run over
 * the company's stored events of a period, beside what the published
 * versions did. A job with its progress; the result outlives the request so
 * the approver of a publication sees it. Finished rows are frozen (0027).
 */
export const backtests = sqliteTable('backtests', {
  id: text('id').primaryKey(),
  companyId: text('company_id').notNull().references(() => companies.id),
  automationId: text('automation_id').notNull(),
  /** the published version evaluated; null: the draft (as it was when the backtest started: `document`) */
  version: integer('version'),
  /** the document evaluated, JSON */
  document: text('document').notNull(),
  /** SHA-256 of the document's canonical JSON without status and version: a publication request finds its backtests by it */
  documentHash: text('document_hash').notNull(),
  /** started by the approver of this publication request */
  publicationRequestId: text('publication_request_id'),
  /** the events that arrived from this day to that one (inclusive) */
  fromDate: text('from_date').notNull(),
  toDate: text('to_date').notNull(),
  /** JSON array of source kinds (bank-line, webhook, schedule …) or NULL: all */
  eventKinds: text('event_kinds'),
  status: text('status', { enum: ['queued', 'running', 'done', 'cancelled', 'failed'] }).notNull(),
  eventsTotal: integer('events_total').notNull().default(0),
  eventsDone: integer('events_done').notNull().default(0),
  /** JSON: BacktestResult, once done */
  result: text('result'),
  error: text('error'),
  requestedBy: text('requested_by').notNull(),
  createdAt: text('created_at').notNull(),
  startedAt: text('started_at'),
  /** written with each chunk: a running backtest whose heartbeat stopped lost its process */
  heartbeatAt: text('heartbeat_at'),
  finishedAt: text('finished_at'),
  cancelledBy: text('cancelled_by'),
}, (t) => [
  index('backtests_automation').on(t.companyId, t.automationId, t.createdAt),
  index('backtests_document').on(t.companyId, t.documentHash, t.createdAt),
]);
