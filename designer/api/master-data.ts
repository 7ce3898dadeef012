/**
 * Master data in the designer (issue 13): the client for
 * runtime/domains/masterdata and one store, loaded once per page (the first
 * picker or the Master data page asks for it) and reloaded after a change
 * there, so every picker validates against the same values.
 */
import { z } from 'zod';
import { accountSchema, customersPageSchema, customersUpsertResponseSchema, type Account, type BankAccount, type BankAccountRequest, type CustomerRequest, type CustomersPage } from '../../shared/api.ts';
import {
  accountChangeSchema, bankAccountSchema, dimensionObjectSchema, dimensionSchema, masterDataSchema, seriesSchema, suppliersPageSchema, vatCodeChangeSchema, vatCodeSchema,
  type AccountChange, type AccountCreate, type AccountPatch, type Dimension, type MasterData, type Series, type SupplierRequest,
  type SuppliersPage, type VatCode, type VatCodeCreate, type VatCodeChange, type VatCodePatch,
} from '../../shared/master-data.ts';
import { create } from 'zustand';
import type { ValidationContext } from '../../shared/automation/validate.ts';
import { apiRequest as request, companyApiBase as base, queryString } from './client.ts';

const enc = encodeURIComponent;
const upserted = customersUpsertResponseSchema;

export const masterDataApi = {
  all: (): Promise<MasterData> => request('GET', `${base}/master-data`, masterDataSchema),
  accounts: (q?: string): Promise<Account[]> => request('GET', `${base}/accounts${queryString({ q })}`, z.array(accountSchema)),
  createAccount: (body: AccountCreate): Promise<Account> => request('POST', `${base}/accounts`, accountSchema, body),
  updateAccount: (number: string, body: AccountPatch): Promise<AccountChange> => request('PATCH', `${base}/accounts/${enc(number)}`, accountChangeSchema, body),
  createSeries: (body: { code: string; name: string }): Promise<Series> => request('POST', `${base}/series`, seriesSchema, body),
  renameSeries: (code: string, name: string): Promise<Series> => request('PATCH', `${base}/series/${enc(code)}`, seriesSchema, { name }),
  createVatCode: (body: VatCodeCreate): Promise<VatCode> => request('POST', `${base}/vat-codes`, vatCodeSchema, body),
  updateVatCode: (code: string, body: VatCodePatch): Promise<VatCodeChange> => request('PATCH', `${base}/vat-codes/${enc(code)}`, vatCodeChangeSchema, body),
  createDimension: (body: { number: number; name: string }): Promise<Dimension> => request('POST', `${base}/dimensions`, dimensionSchema, body),
  createObject: (dimension: number, body: { code: string; name: string }) =>
    request('POST', `${base}/dimensions/${dimension}/objects`, dimensionObjectSchema, body),
  updateObject: (dimension: number, code: string, body: { name?: string; active?: boolean }) =>
    request('PATCH', `${base}/dimensions/${dimension}/objects/${enc(code)}`, dimensionObjectSchema, body),
  suppliers: (q?: string): Promise<SuppliersPage> => request('GET', `${base}/suppliers${queryString({ q, limit: 200 })}`, suppliersPageSchema),
  upsertSupplier: (body: SupplierRequest) => request('POST', `${base}/suppliers`, upserted, body),
  customers: (q?: string): Promise<CustomersPage> => request('GET', `${base}/customers${queryString({ q, limit: 200 })}`, customersPageSchema),
  upsertCustomer: (body: CustomerRequest) => request('POST', `${base}/customers`, upserted, body),
  bankAccounts: (): Promise<BankAccount[]> => request('GET', `${base}/bank-accounts`, z.array(bankAccountSchema)),
  createBankAccount: (body: BankAccountRequest): Promise<BankAccount> => request('POST', `${base}/bank-accounts`, bankAccountSchema, body),
  renameBankAccount: (id: string, name: string): Promise<BankAccount> => request('PATCH', `${base}/bank-accounts/${enc(id)}`, bankAccountSchema, { name }),
};

interface MasterDataState {
  data?: MasterData;
  error?: string;
  loading: boolean;
  /** Loads once; later calls reuse what is loaded (pass `force` after a change). */
  load(force?: boolean): Promise<void>;
}

export const useMasterData = create<MasterDataState>()((set, get) => ({
  loading: false,
  load: async (force = false) => {
    if (get().loading || (get().data && !force)) return;
    set({ loading: true });
    try {
      set({ data: await masterDataApi.all(), error: undefined, loading: false });
    } catch (error) {
      set({ error: (error as Error).message, loading: false });
    }
  },
}));

/**
 * What the designer's validator checks settings against, from the master data: the same sets the
 * runtime builds from its chart (runtime/automations/store.ts validationContext) — series, active
 * VAT codes, active dimension objects, accounts with their state — plus customers, suppliers and
 * bank accounts (each only when the whole list is loaded, so a truncated list never gives a false error).
 */
export function validationContextOf(data: MasterData): ValidationContext {
  const known = <T,>(rows: T[], key: (row: T) => string, active: (row: T) => boolean = () => true) =>
    new Map(rows.map((row) => [key(row), { active: active(row) }]));
  return {
    accounts: known(data.accounts, (a) => a.number, (a) => a.active),
    series: new Set(data.series.map((s) => s.code)),
    vatCodes: new Set(data.vatCodes.filter((v) => v.active).map((v) => v.code)),
    dimensionObjects: new Set(data.dimensions.flatMap((d) => d.objects.filter((o) => o.active).map((o) => `${d.number}:${o.code}`))),
    customers: data.truncated.customers ? undefined : known(data.customers, (c) => c.customerNo),
    suppliers: data.truncated.suppliers ? undefined : known(data.suppliers, (s) => s.supplierNo, (s) => s.active),
    bankAccounts: known(data.bankAccounts, (b) => b.id),
  };
}
