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
  rotatedWebhookSecretSchema, runDetailSchema, runSummarySchema, schedulePreviewResponseSchema, sieImportResponseSchema,
  retryExceptionResponseSchema, trialBalanceSchema, originalsPageSchema, type OriginalsPage, voucherSchema, webhookEndpointSchema, workQueueSchema,
  type Account, type ApiError, type ApiToken, type AuditEvent, type AutomationDetail, type AutomationSummary, type BankLinesResponse,
  type Company, type CreatedApiToken, type CreatedWebhookEndpoint, type DutySettings, type DutySettingsState, type ExceptionItem, type GeneralLedger,
  type ManualRunRequest, type ManualRunResponse, type ManualVoucherRequest, type Member, type OpenItems, type Period, type PublishResponse,
  type RotatedWebhookSecret, type RunDetail, type RunStatus, type RunSummary, type WorkQueue, type SchedulePreviewResponse, type SieImportResponse,
  type TrialBalance, type Voucher, type WebhookEndpoint,
} from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import type { BankLine } from '../../shared/nodes/index.ts';

export const companyId = 'demo';

/** A non-2xx answer; `body` is the parsed ApiError when the server sent one. */
export class ApiRequestError extends Error {
  constructor(readonly status: number, readonly body: ApiError | null, message: string) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

const checkResponses = import.meta.env?.DEV ?? false;

export { meSchema, type Me } from '../../shared/api.ts';
import { meSchema, type Me } from '../../shared/api.ts';

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

async function send(method: string, path: string, body: unknown, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept };
  if (body instanceof RawBody) headers['content-type'] = body.contentType;
  else if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = method === 'GET' ? null : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : body instanceof RawBody ? (body.data as BodyInit) : JSON.stringify(body),
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

async function request<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  const response = await send(method, path, body, 'application/json');
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

export interface RunFilter { automationId?: string; status?: RunStatus; from?: string; to?: string; sourceRef?: string; limit?: number }
export interface AuditFilter { action?: string; actor?: string; from?: string; to?: string; limit?: number }
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
  me: (): Promise<Me> => request('GET', '/api/auth/me', meSchema),
  signIn: (email: string, password: string): Promise<Me> => request('POST', '/api/auth/sign-in', meSchema, { email, password }),
  signOut: () => request('POST', '/api/auth/sign-out', z.unknown(), {}),
  vouchers: (): Promise<Voucher[]> => request('GET', `${base}/vouchers`, z.array(voucherSchema)),
  runs: (filter: RunFilter = {}): Promise<RunSummary[]> =>
    request('GET', `${base}/runs${queryString({ ...filter })}`, z.array(runSummarySchema)),
  run: (id: string): Promise<RunDetail> => request('GET', `${base}/runs/${enc(id)}`, runDetailSchema),
  workQueue: (): Promise<WorkQueue> => request('GET', `${base}/work-queue`, workQueueSchema),
  exceptions: (): Promise<ExceptionItem[]> => request('GET', `${base}/exceptions`, z.array(exceptionSchema)),
  resolveException: (id: string, note: string): Promise<ExceptionItem> => request('POST', `${base}/exceptions/${enc(id)}/resolve`, exceptionSchema, { note }),
  retryException: (id: string) => request('POST', `${base}/exceptions/${enc(id)}/retry`, retryExceptionResponseSchema, {}),
  postBankLines: (lines: Partial<BankLine> | Partial<BankLine>[]): Promise<BankLinesResponse> =>
    request('POST', `${base}/bank-lines`, bankLinesResponseSchema, lines),

  voucher: (id: string): Promise<Voucher> => request('GET', `${base}/vouchers/${enc(id)}`, voucherSchema),
  postVoucher: (voucher: ManualVoucherRequest): Promise<Voucher> => request('POST', `${base}/vouchers`, voucherSchema, voucher),
  reverseVoucher: (id: string, options: { date?: string; text?: string } = {}): Promise<Voucher> =>
    request('POST', `${base}/vouchers/${enc(id)}/reverse`, voucherSchema, options),
  trialBalance: (from: string, to: string): Promise<TrialBalance> =>
    request('GET', `${base}/reports/trial-balance${queryString({ from, to })}`, trialBalanceSchema),
  generalLedger: (account: string, from: string, to: string): Promise<GeneralLedger> =>
    request('GET', `${base}/reports/general-ledger/${enc(account)}${queryString({ from, to })}`, generalLedgerSchema),
  openItems: (kind: 'ar' | 'ap', asOf?: string): Promise<OpenItems> =>
    request('GET', `${base}/reports/open-items${queryString({ kind, asOf })}`, openItemsSchema),
  periods: (): Promise<Period[]> => request('GET', `${base}/periods`, z.array(periodSchema)),
  setPeriod: (period: string, action: 'lock' | 'unlock', reason?: string) =>
    request('POST', `${base}/periods/${enc(period)}/${action}`, periodStatusResponseSchema, reason ? { reason } : {}),
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
};
