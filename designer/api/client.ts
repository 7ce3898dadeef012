/**
 * Typed fetch client for the Kontera HTTP API. Types come from the shared zod
 * schemas; in development the responses are also parsed with them, so a
 * runtime that drifts from the contract fails loudly here instead of later.
 */
import { z } from 'zod';
import {
  accountSchema, apiErrorSchema, apiTokenSchema, auditEventSchema, automationDetailSchema, automationSummarySchema, bankLinesResponseSchema,
  companySchema, createdApiTokenSchema, createdWebhookEndpointSchema, dutySettingsStateSchema, exceptionSchema, generalLedgerSchema,
  manualRunResponseSchema, memberSchema, openItemsSchema, periodSchema, periodStatusResponseSchema, publishResponseSchema,
  rotatedWebhookSecretSchema, runDetailSchema, runStatusSchema, runSummarySchema, traceStepSchema, schedulePreviewResponseSchema, sieImportResponseSchema,
  retryExceptionResponseSchema, trialBalanceSchema, originalsPageSchema, type OriginalsPage, voucherSchema, webhookEndpointSchema, workQueueSchema,
  voucherAttachmentSchema, voucherAttachmentsSchema, type VoucherAttachment, type VoucherAttachments,
  type Account, type ApiError, type ApiToken, type AuditEvent, type AutomationDetail, type AutomationSummary, type BankLinesResponse,
  type Company, type CreatedApiToken, type CreatedWebhookEndpoint, type DutySettings, type DutySettingsState, type ExceptionItem, type GeneralLedger,
  type ManualRunRequest, type ManualRunResponse, type ManualVoucherRequest, type Member, type OpenItems, type Period, type PublishResponse,
  type RotatedWebhookSecret, type RunDetail, type RunStatus, type RunSummary, type WorkQueue, type SchedulePreviewResponse, type SieImportResponse,
  type TrialBalance, type Voucher, type WebhookEndpoint,
} from '../../shared/api.ts';
import {
  companyCreationSchema, createdCompanySchema, type CompanyCreation, type CreateCompanyRequest, type CreatedCompany,
} from '../../shared/api.ts';
import {
  bankAccountSchema, bankLineActionResponseSchema, bankReconciliationSchema, bankStatementListItemSchema, type BankReconciliation, type BankStatementListItem, bankLineListSchema, bankStatementImportSchema, customerInvoicesPageSchema,
  statementRefusedSchema, type BankAccount, type BankLineOutcomeKind, type BankStatementImport, type CustomerInvoicesPage,
} from '../../shared/api.ts';
import {
  automationHistorySchema, automationVersionSchema, type AutomationHistory, type AutomationVersion,
} from '../../shared/api.ts';
import { financialStatementSchema, type FinancialStatement } from '../../shared/api.ts';
import { bookExceptionResponseSchema, type BookExceptionRequest, type BookExceptionResponse, type ExceptionStatus } from '../../shared/api.ts';
import { fiscalYearSchema, yearEndSchema, type FiscalYear, type YearEnd } from '../../shared/api.ts';
import { vatReturnSchema, vatSettleResponseSchema, type VatReturn } from '../../shared/vat.ts';
import {
  backtestSchema, publicationRequestDetailSchema, startedBacktestSchema, type Backtest, type BacktestRequest, type PublicationRequestDetail,
} from '../../shared/backtest.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import type { BankLine } from '../../shared/nodes/index.ts';

const companyKey = 'kontera.company';

/** The company the designer shows: the one chosen in the company switcher (kept in this browser), else the demo company. */
export const companyId: string = (() => {
  try { return globalThis.localStorage?.getItem(companyKey) || 'demo'; } catch { return 'demo'; }
})();

/** Shows another company: every page and store starts again for it (a reload), on the automations page. */
export function switchCompany(id: string): void {
  globalThis.localStorage?.setItem(companyKey, id);
  window.location.hash = '#/automations';
  window.location.reload();
}

/** What `POST …/automations/dry-run` answers: what the run would do; vouchers are the ledger's drafts. */
export const dryRunResultSchema = z.object({ status: runStatusSchema, reason: z.string().nullable(), trace: z.array(traceStepSchema), vouchers: z.array(z.unknown()) });
export type DryRunResult = z.infer<typeof dryRunResultSchema>;

/** A non-2xx answer; `body` is the parsed ApiError when the server sent one. */
export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly body: ApiError | null, message: string) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

const checkResponses = import.meta.env?.DEV ?? false;

export { meSchema, type Me } from '../../shared/api.ts';
import { bankLineDetailSchema, meSchema, type Me } from '../../shared/api.ts';
import { exchangeRatesPageSchema, exchangeRatesRequestSchema, exchangeRatesSetSchema } from '../../shared/api.ts';
import { useLanguage } from '../i18n/i18n.ts';
import type { Preferences } from '../../shared/api.ts';

/** Called when the server says the session is missing or expired (401). */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

/** Signed-in writes carry the CSRF token from the readable kontera_csrf cookie that sign-in sets beside the (HttpOnly) session cookie. */
export function csrfTokenIn(cookies: string): string | null {
  const match = /(?:^|;\s*)kontera_csrf=([^;]+)/.exec(cookies);
  return match ? decodeURIComponent(match[1]) : null;
}

function csrfToken(): string | null {
  if (typeof document === 'undefined') return null;
  return csrfTokenIn(document.cookie);
}

/** A body sent as it is (e.g. a file), not as JSON. */
export class RawBody {
  constructor(readonly data: Blob | ArrayBuffer | Uint8Array, readonly contentType = 'application/octet-stream') {}
}

async function send(method: string, path: string, body: unknown, accept: string, signal?: AbortSignal): Promise<Response> {
  // the server writes its messages (errors, validation issues) in the person's language
  const headers: Record<string, string> = { accept, 'accept-language': useLanguage.getState().language === 'sv' ? 'sv-SE' : 'en' };
  if (body instanceof RawBody) headers['content-type'] = body.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = method === 'GET' ? null : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : body instanceof RawBody ? (body.data as BodyInit) : JSON.stringify(body),
    signal,
  });
  if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated?.();
  return response;
}

async function failure(method: string, path: string, response: Response, json: unknown): Promise<ApiRequestError> {
  const parsed = apiErrorSchema.safeParse(json);
  const apiError = parsed.success ? parsed.data : null;
  return new ApiRequestError(response.status, apiError,
    apiError?.message ?? `${method} ${path} failed: ${response.status} ${response.statusText}`);
}

async function request<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await send(method, path, body, 'application/json', signal);
  const text = await response.text();
  let json: unknown = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!response.ok) throw await failure(method, path, response, json);
  if (checkResponses) {
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      console.error(`Response of ${method} ${path} does not match the contract`, parsed.error.issues, json);
      throw new ApiRequestError(response.status, null, `The server's answer to ${method} ${path} does not match the API contract`);
    }
    return parsed.data;
  }
  return json as T;
}

/** A file from the server: its bytes and the name it suggests (content-disposition). */
async function download(path: string): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await send('GET', path, undefined, 'application/octet-stream, application/json');
  if (!response.ok) {
    let json: unknown = null;
    try { json = await response.json(); } catch { /* not JSON */ }
    throw await failure('GET', path, response, json);
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), fileName };
}

/** "?a=1&c=3" from the defined, non-empty values ("" when there are none). */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface RunFilter { automationId?: string; status?: RunStatus; from?: string; to?: string; sourceRef?: string; limit?: number; skipped?: 'show' | 'hide' }
export interface AuditFilter { action?: string; actor?: string; from?: string; to?: string; limit?: number }
export interface BankLineFilter {
  statementId?: string; status?: 'received' | 'handled' | 'unhandled'; outcome?: BankLineOutcomeKind; from?: string; to?: string; q?: string; limit?: number; offset?: number;
}

export type BankLineDetail = z.infer<typeof bankLineDetailSchema>;
export type BankLineList = z.infer<typeof bankLineListSchema>;
export type BankLineActionResponse = z.infer<typeof bankLineActionResponseSchema>;
export interface ManualMatchRequest { allocations: { invoiceNumber: string; amountMinor: number }[]; excessAccount?: string; note?: string; rate?: string }
export interface BookBankLineRequest { account: string; vatCode?: string; text?: string; note?: string; rate?: string }
export type StatementRefused = z.infer<typeof statementRefusedSchema>;

/** A statement file refused (422 and others): the API's error with the place in the file (`code`, `where`, `field`) when it said. */
export class StatementUploadError extends ApiRequestError {
  constructor(status: number, body: ApiError | null, message: string, readonly refusal: StatementRefused | null) {
    super(status, body, message);
    this.name = 'StatementUploadError';
  }
}

/**
 * POST …/bank-statements with the file as the raw body, through XMLHttpRequest so that the upload's
 * progress can be shown (fetch has no upload progress). 200: imported and run; 202: stored, the worker runs it.
 */
export function uploadStatement(file: Blob, options: { bankAccount?: string; onProgress?(sentBytes: number, totalBytes: number): void } = {}): Promise<BankStatementImport> {
  const path = `${base}/bank-statements${queryString({ bankAccount: options.bankAccount })}`;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', file.type && file.type !== 'application/x-www-form-urlencoded' ? file.type : 'application/octet-stream');
    const csrf = csrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size);
    xhr.onerror = () => reject(new ApiRequestError(0, null, `POST ${path} failed: the server could not be reached`));
    xhr.onabort = () => reject(new ApiRequestError(0, null, 'The upload was cancelled'));
    xhr.onload = () => {
      let json: unknown = null;
      try { json = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { /* not JSON: reported below */ }
      if (xhr.status === 401) onUnauthenticated?.();
      if (xhr.status < 200 || xhr.status >= 300) {
        const parsed = apiErrorSchema.safeParse(json);
        const refusal = statementRefusedSchema.safeParse(json);
        const message = parsed.success ? parsed.data.message
          : xhr.status === 413 ? 'The file is too large for the server' : `POST ${path} failed: ${xhr.status} ${xhr.statusText}`;
        reject(new StatementUploadError(xhr.status, parsed.success ? parsed.data : null, message, refusal.success ? refusal.data : null));
        return;
      }
      const parsed = bankStatementImportSchema.safeParse(json);
      if (!parsed.success) {
        if (checkResponses) console.error(`Response of POST ${path} does not match the contract`, parsed.error.issues, json);
        reject(new ApiRequestError(xhr.status, null, `The server's answer to POST ${path} does not match the API contract`));
        return;
      }
      resolve(parsed.data);
    };
    xhr.send(file);
  });
}

export interface OriginalsFilter { kind?: string; from?: string; to?: string; limit?: number; offset?: number }

const base = `/api/companies/${companyId}`;
const enc = encodeURIComponent;
const nothing = z.unknown();

export const api = {
  health: () => request('GET', '/api/health', z.unknown()),
  company: (): Promise<Company> => request('GET', base, companySchema),
  accounts: (): Promise<Account[]> => request('GET', `${base}/accounts`, z.array(accountSchema)),
  automations: (): Promise<AutomationSummary[]> => request('GET', `${base}/automations`, z.array(automationSummarySchema)),
  automation: (id: string): Promise<AutomationDetail> => request('GET', `${base}/automations/${enc(id)}`, automationDetailSchema),
  saveAutomation: (document: AutomationDocument): Promise<AutomationDetail> =>
    request('PUT', `${base}/automations/${enc(document.id)}`, automationDetailSchema, document),
  /** Published at once, or (four-eyes) waiting for another person to approve. */
  publishAutomation: (id: string): Promise<PublishResponse> =>
    request('POST', `${base}/automations/${enc(id)}/publish`, publishResponseSchema, {}),
  approvePublication: (requestId: string): Promise<PublishResponse> =>
    request('POST', `${base}/publication-requests/${enc(requestId)}/approve`, publishResponseSchema, {}),
  /** Versions: history (who, when), one published version, rollback as a draft, pause/resume, delete a never-published draft. */
  automationHistory: (id: string): Promise<AutomationHistory> => request('GET', `${base}/automations/${enc(id)}/versions`, automationHistorySchema),
  automationVersion: (id: string, version: number): Promise<AutomationVersion> =>
    request('GET', `${base}/automations/${enc(id)}/versions/${version}`, automationVersionSchema),
  /** A draft run on an event with nothing written (the runtime's engine): 422 with the issues when the draft is invalid. */
  dryRun: (document: AutomationDocument, event: Record<string, unknown>, signal?: AbortSignal): Promise<DryRunResult> =>
    request('POST', `${base}/automations/dry-run`, dryRunResultSchema, { document, event }, signal),
  /** Backtests: the draft (or a version) over a period's real events, beside what the published versions did; nothing is written. */
  startBacktest: (id: string, body: BacktestRequest): Promise<{ backtestId: string }> =>
    request('POST', `${base}/automations/${enc(id)}/backtests`, startedBacktestSchema, body),
  backtest: (backtestId: string, signal?: AbortSignal): Promise<Backtest> => request('GET', `${base}/backtests/${enc(backtestId)}`, backtestSchema, undefined, signal),
  backtests: (id: string): Promise<Backtest[]> => request('GET', `${base}/automations/${enc(id)}/backtests`, z.array(backtestSchema)),
  cancelBacktest: (backtestId: string): Promise<Backtest> => request('DELETE', `${base}/backtests/${enc(backtestId)}`, backtestSchema),
  /** A publication request as the approver sees it, with the latest backtest of exactly its document; and the approver's own backtest of it. */
  publicationRequest: (requestId: string): Promise<PublicationRequestDetail> =>
    request('GET', `${base}/publication-requests/${enc(requestId)}`, publicationRequestDetailSchema),
  startRequestBacktest: (requestId: string, body: Omit<BacktestRequest, 'version'>): Promise<{ backtestId: string }> =>
    request('POST', `${base}/backtests`, startedBacktestSchema, { publicationRequestId: requestId, ...body }),
  restoreAutomationVersion: (id: string, version: number): Promise<AutomationDetail> =>
    request('POST', `${base}/automations/${enc(id)}/versions/${version}/restore`, automationDetailSchema, {}),
  pauseAutomation: (id: string): Promise<AutomationSummary> => request('POST', `${base}/automations/${enc(id)}/pause`, automationSummarySchema, {}),
  resumeAutomation: (id: string): Promise<AutomationSummary> => request('POST', `${base}/automations/${enc(id)}/resume`, automationSummarySchema, {}),
  deleteAutomationDraft: (id: string) => request('DELETE', `${base}/automations/${enc(id)}`, nothing),
  me: (): Promise<Me> => request('GET', '/api/auth/me', meSchema),
  /** the person's own preferences (the designer language), kept on the user */
  setPreferences: (preferences: Preferences): Promise<Me> => request('PUT', '/api/auth/me/preferences', meSchema, preferences),
  companyCreation: (): Promise<CompanyCreation> => request('GET', '/api/company-creation', companyCreationSchema),
  createCompany: (body: CreateCompanyRequest): Promise<CreatedCompany> => request('POST', '/api/companies', createdCompanySchema, body),
  signIn: (email: string, password: string): Promise<Me> => request('POST', '/api/auth/sign-in', meSchema, { email, password }),
  signOut: () => request('POST', '/api/auth/sign-out', z.unknown(), {}),
  vouchers: (): Promise<Voucher[]> => request('GET', `${base}/vouchers`, z.array(voucherSchema)),
  runs: (filter: RunFilter = {}): Promise<RunSummary[]> =>
    request('GET', `${base}/runs${queryString({ ...filter })}`, z.array(runSummarySchema)),
  run: (id: string): Promise<RunDetail> => request('GET', `${base}/runs/${enc(id)}`, runDetailSchema),
  workQueue: (): Promise<WorkQueue> => request('GET', `${base}/work-queue`, workQueueSchema),
  exceptions: (filter: { status?: ExceptionStatus; kind?: string; automationId?: string } = {}): Promise<ExceptionItem[]> =>
    request('GET', `${base}/exceptions${queryString({ ...filter })}`, z.array(exceptionSchema)),
  /** Book an inbox item with a voucher a person edited; resolves it (and its source's other open items). */
  bookException: (id: string, body: BookExceptionRequest): Promise<BookExceptionResponse> =>
    request('POST', `${base}/exceptions/${enc(id)}/book`, bookExceptionResponseSchema, body),
  dismissException: (id: string, reason: string): Promise<ExceptionItem> => request('POST', `${base}/exceptions/${enc(id)}/dismiss`, exceptionSchema, { reason }),
  resolveException: (id: string, note: string): Promise<ExceptionItem> => request('POST', `${base}/exceptions/${enc(id)}/resolve`, exceptionSchema, { note }),
  retryException: (id: string) => request('POST', `${base}/exceptions/${enc(id)}/retry`, retryExceptionResponseSchema, {}),
  postBankLines: (lines: Partial<BankLine> | Partial<BankLine>[]): Promise<BankLinesResponse> =>
    request('POST', `${base}/bank-lines`, bankLinesResponseSchema, lines),

  voucher: (id: string): Promise<Voucher> => request('GET', `${base}/vouchers/${enc(id)}`, voucherSchema),
  postVoucher: (voucher: ManualVoucherRequest): Promise<Voucher> => request('POST', `${base}/vouchers`, voucherSchema, voucher),
  exchangeRates: () => request('GET', `${base}/exchange-rates`, exchangeRatesPageSchema),
  setExchangeRates: (body: z.input<typeof exchangeRatesRequestSchema>) => request('POST', `${base}/exchange-rates`, exchangeRatesSetSchema, body),
  reverseVoucher: (id: string, options: { date?: string; text?: string } = {}): Promise<Voucher> =>
    request('POST', `${base}/vouchers/${enc(id)}/reverse`, voucherSchema, options),
  trialBalance: (from: string, to: string): Promise<TrialBalance> =>
    request('GET', `${base}/reports/trial-balance${queryString({ from, to })}`, trialBalanceSchema),
  generalLedger: (account: string, from: string, to: string): Promise<GeneralLedger> =>
    request('GET', `${base}/reports/general-ledger/${enc(account)}${queryString({ from, to })}`, generalLedgerSchema),
  openItems: (kind: 'ar' | 'ap', asOf?: string): Promise<OpenItems> =>
    request('GET', `${base}/reports/open-items${queryString({ kind, asOf })}`, openItemsSchema),
  balanceSheet: (to: string, dimension?: string): Promise<FinancialStatement> =>
    request('GET', `${base}/reports/balance-sheet${queryString({ to, dimension })}`, financialStatementSchema),
  incomeStatement: (from: string, to: string, dimension?: string): Promise<FinancialStatement> =>
    request('GET', `${base}/reports/income-statement${queryString({ from, to, dimension })}`, financialStatementSchema),
  /** A report as a CSV file: `report` is the path after …/reports/ ("trial-balance", "general-ledger/1930", …), `query` its parameters. */
  downloadReportCsv: (report: string, query: Record<string, string | undefined>) =>
    download(`${base}/reports/${report}${queryString({ ...query, format: 'csv' })}`),
  periods: (): Promise<Period[]> => request('GET', `${base}/periods`, z.array(periodSchema)),
  setPeriod: (period: string, action: 'lock' | 'unlock', reason?: string) =>
    request('POST', `${base}/periods/${enc(period)}/${action}`, periodStatusResponseSchema, reason ? { reason } : {}),
  fiscalYears: (): Promise<FiscalYear[]> => request('GET', `${base}/fiscal-years`, z.array(fiscalYearSchema)),
  /** What closing the year would book and carry (or, once closed, what it did), and why it cannot be done now. */
  yearEnd: (year: number): Promise<YearEnd> => request('GET', `${base}/fiscal-years/${year}/year-end`, yearEndSchema),
  closeYear: (year: number): Promise<YearEnd> => request('POST', `${base}/fiscal-years/${year}/close`, yearEndSchema, {}),
  reopenYear: (year: number, reason: string): Promise<YearEnd> => request('POST', `${base}/fiscal-years/${year}/reopen`, yearEndSchema, { reason }),
  downloadSie: (year: number) => download(`${base}/sie${queryString({ year })}`),
  uploadSie: (file: Blob, fileName: string): Promise<SieImportResponse> =>
    request('POST', `${base}/sie${queryString({ fileName })}`, sieImportResponseSchema, new RawBody(file)),
  schedulePreview: (config: unknown, count = 5): Promise<SchedulePreviewResponse> =>
    request('POST', `${base}/schedules/preview`, schedulePreviewResponseSchema, { config, count }),
  /** A dry run unless `post: true` (then on a test event it posts once per event). */
  runAutomation: (automationId: string, body: ManualRunRequest): Promise<ManualRunResponse> =>
    request('POST', `${base}/automations/${enc(automationId)}/run`, manualRunResponseSchema, body),
  members: (): Promise<Member[]> => request('GET', `${base}/members`, z.array(memberSchema)),
  setMember: (member: { email: string; role: Member['role']; name?: string; password?: string }): Promise<Member[]> =>
    request('POST', `${base}/members`, z.array(memberSchema), member),
  removeMember: (userId: string): Promise<Member[]> => request('DELETE', `${base}/members/${enc(userId)}`, z.array(memberSchema)),
  tokens: (): Promise<ApiToken[]> => request('GET', `${base}/tokens`, z.array(apiTokenSchema)),
  createToken: (name: string, permissions: string[]): Promise<CreatedApiToken> =>
    request('POST', `${base}/tokens`, createdApiTokenSchema, { name, permissions }),
  revokeToken: (id: string) => request('DELETE', `${base}/tokens/${enc(id)}`, nothing),
  settings: (): Promise<DutySettingsState> => request('GET', `${base}/settings`, dutySettingsStateSchema),
  /** Switching on: at once. Switching off: waits (see pendingChanges) for 24 h or another admin. */
  updateSettings: (patch: Partial<DutySettings>): Promise<DutySettingsState> => request('PUT', `${base}/settings`, dutySettingsStateSchema, patch),
  decideSettingsChange: (changeId: string, decision: 'confirm' | 'cancel'): Promise<DutySettingsState> =>
    request('POST', `${base}/settings-changes/${enc(changeId)}/${decision}`, dutySettingsStateSchema),
  webhookEndpoints: (): Promise<WebhookEndpoint[]> => request('GET', `${base}/webhook-endpoints`, z.array(webhookEndpointSchema)),
  createWebhookEndpoint: (trigger: string): Promise<CreatedWebhookEndpoint> =>
    request('POST', `${base}/webhook-endpoints`, createdWebhookEndpointSchema, { trigger }),
  rotateWebhookSecret: (id: string): Promise<RotatedWebhookSecret> =>
    request('POST', `${base}/webhook-endpoints/${enc(id)}/rotate`, rotatedWebhookSecretSchema, {}),
  disableWebhookEndpoint: (id: string) => request('DELETE', `${base}/webhook-endpoints/${enc(id)}`, nothing),
  audit: (filter: AuditFilter = {}): Promise<AuditEvent[]> => request('GET', `${base}/audit${queryString({ ...filter })}`, z.array(auditEventSchema)),
  originals: (filter: OriginalsFilter = {}): Promise<OriginalsPage> => request('GET', `${base}/originals${queryString({ ...filter })}`, originalsPageSchema),
  /** the exact bytes of an original (a plain link works too: GET with the session cookie) */
  originalContentUrl: (id: string) => `${base}/originals/${enc(id)}/content`,
  /** A voucher's underlag: the original it was posted from, and the files attached to it (never removed). */
  voucherAttachments: (voucherId: string): Promise<VoucherAttachments> =>
    request('GET', `${base}/vouchers/${enc(voucherId)}/attachments`, voucherAttachmentsSchema),
  attachToVoucher: (voucherId: string, file: Blob, fileName: string): Promise<VoucherAttachment> =>
    request('POST', `${base}/vouchers/${enc(voucherId)}/attachments${queryString({ name: fileName })}`, voucherAttachmentSchema,
      new RawBody(file, file.type || 'application/octet-stream')),
  voucherAttachmentUrl: (voucherId: string, attachmentId: string) => `${base}/vouchers/${enc(voucherId)}/attachments/${enc(attachmentId)}`,
  bankStatements: (bankAccount?: string): Promise<BankStatementListItem[]> =>
    request('GET', `${base}/bank-statements${queryString({ bankAccount })}`, z.array(bankStatementListItemSchema)),
  bankReconciliation: (filter: { bankAccount?: string; date?: string } = {}): Promise<BankReconciliation> =>
    request('GET', `${base}/reports/bank-reconciliation${queryString({ ...filter })}`, bankReconciliationSchema),
  bankAccounts: (): Promise<BankAccount[]> => request('GET', `${base}/bank-accounts`, z.array(bankAccountSchema)),
  /** An example camt.053 made from the company's open invoices (GET …/bank-statements/example), to import like a bank's file. */
  exampleStatement: (bankAccount?: string) => download(`${base}/bank-statements/example${queryString({ bankAccount })}`),
  bankLines: (filter: BankLineFilter = {}): Promise<BankLineList> => request('GET', `${base}/bank-lines${queryString({ ...filter })}`, bankLineListSchema),
  bankLine: (id: string): Promise<BankLineDetail> => request('GET', `${base}/bank-lines/${enc(id)}`, bankLineDetailSchema),
  /** One invoice settles it (a match), several split it; what is left over goes to `excessAccount`. */
  matchBankLine: (id: string, body: ManualMatchRequest): Promise<BankLineActionResponse> =>
    request('POST', `${base}/bank-lines/${enc(id)}/match`, bankLineActionResponseSchema, body),
  bookBankLine: (id: string, body: BookBankLineRequest): Promise<BankLineActionResponse> =>
    request('POST', `${base}/bank-lines/${enc(id)}/book`, bankLineActionResponseSchema, body),
  /** The VAT return for a month, a quarter or a fiscal year (YYYY-MM..YYYY-MM), and its settlement voucher. */
  vatReturn: (from: string, to: string): Promise<VatReturn> => request('GET', `${base}/reports/vat-return${queryString({ from, to })}`, vatReturnSchema),
  settleVatReturn: (from: string, to: string) => request('POST', `${base}/vat-returns`, vatSettleResponseSchema, { from, to }),
  /** csv: the boxes; eu-csv: the EU sales list; skv574: the EU sales list as Skatteverket's SKV574008 file (needs the contact). */
  downloadVatFile: (from: string, to: string, format: 'csv' | 'eu-csv' | 'skv574', contact: { contactName?: string; contactPhone?: string; contactEmail?: string } = {}) =>
    download(`${base}/reports/vat-return${queryString({ from, to, format, ...contact })}`),
  customerInvoices: (filter: { status?: 'open' | 'paid' | 'all'; q?: string; limit?: number } = {}): Promise<CustomerInvoicesPage> =>
    request('GET', `${base}/customer-invoices${queryString({ ...filter })}`, customerInvoicesPageSchema),
};

/** For domain clients kept in their own files (designer/api/master-data.ts): the one request function and the company's API path. */
export { request as apiRequest, base as companyApiBase };
