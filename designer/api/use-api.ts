import { useCallback, useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import type { Account, AutomationSummary, Company } from '../../shared/api.ts';
import { api } from './client.ts';
import { automationDescriptionIn, automationNameIn } from '../../shared/i18n/messages.ts';
import { useLanguage } from '../i18n/i18n.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Loads `load()` on mount and whenever `key` changes; keeps the last data while reloading. */
export function useApi<T>(load: () => Promise<T>, key: string): ApiState<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => { if (live) setState({ data, loading: false }); },
      (error: Error) => { if (live) setState((s) => ({ data: s.data, error, loading: false })); },
    );
    return () => { live = false; };
  }, [key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Company-wide reference data, loaded once and shared by every page. */
interface ReferenceData {
  company?: Company;
  accounts?: Account[];
  automations?: AutomationSummary[];
  error?: string;
  loadCompany(): Promise<void>;
  loadAutomations(): Promise<void>;
}

/** One request at a time per kind: a page and a panel that both ask while the list loads share the answer. */
function shared(load: () => Promise<void>): () => Promise<void> {
  let inFlight: Promise<void> | null = null;
  return () => (inFlight ??= load().finally(() => { inFlight = null; }));
}

export const useReferenceData = create<ReferenceData>()((set) => ({
  loadCompany: shared(async () => {
    try {
      const [company, accounts] = await Promise.all([api.company(), api.accounts()]);
      set({ company, accounts: [...accounts].sort((a, b) => a.number.localeCompare(b.number)), error: undefined });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  }),
  loadAutomations: shared(async () => {
    try {
      // the demo's examples, still named and described as shipped, in the language shown (shared/i18n)
      const language = useLanguage.getState().language;
      set({
        automations: (await api.automations()).map((a) => ({
          ...a, name: automationNameIn(language, a.id, a.name),
          description: automationDescriptionIn(language, a.id, a.description),
        })),
      });
    } catch (error) {
      set({ error: (error as Error).message });
    }
  }),
}));
