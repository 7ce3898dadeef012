/**
 * Typed fetch client for the Kontera HTTP API. Types come from the shared zod
 * schemas; in development the responses are also parsed with them, so a
 * runtime that drifts from the contract fails loudly here instead of later.
 */
import { z } from 'zod';
import {
  accountSchema, apiErrorSchema, automationDetailSchema, automationSummarySchema, bankLinesResponseSchema,
  companySchema, exceptionSchema, publishResponseSchema, runDetailSchema, runSummarySchema, voucherSchema,
  type Account, type ApiError, type AutomationDetail, type AutomationSummary, type BankLinesResponse,
  type Company, type ExceptionItem, type PublishResponse, type RunDetail, type RunSummary, type Voucher,
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

/** Signed-in writes carry the CSRF token the server put in a readable cookie. */
function csrfToken(): string | null {
  if (typeof document === 'undefined') return null;
  const match = /(?:^|;\s*)kontera_csrf=([^;]+)/.exec(document.cookie);
  return match ? decodeURIComponent(match[1]) : null;
}

async function request<T>(method: string, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const csrf = method === 'GET' ? null : csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401 && !path.startsWith('/api/auth/')) onUnauthenticated?.();
  const text = await response.text();
  let json: unknown = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(json);
    const apiError = parsed.success ? parsed.data : null;
    throw new ApiRequestError(response.status, apiError,
      apiError?.message ?? `${method} ${path} failed: ${response.status} ${response.statusText}`);
  }
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

const base = `/api/companies/${companyId}`;
const enc = encodeURIComponent;

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
  runs: (automationId?: string): Promise<RunSummary[]> =>
    request('GET', `${base}/runs${automationId ? `?automationId=${enc(automationId)}` : ''}`, z.array(runSummarySchema)),
  run: (id: string): Promise<RunDetail> => request('GET', `${base}/runs/${enc(id)}`, runDetailSchema),
  exceptions: (): Promise<ExceptionItem[]> => request('GET', `${base}/exceptions`, z.array(exceptionSchema)),
  postBankLines: (lines: Partial<BankLine> | Partial<BankLine>[]): Promise<BankLinesResponse> =>
    request('POST', `${base}/bank-lines`, bankLinesResponseSchema, lines),
};
