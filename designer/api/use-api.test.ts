import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AutomationSummary } from '../../shared/api.ts';
import { api } from './client.ts';
import { useReferenceData } from './use-api.ts';

afterEach(() => { vi.restoreAllMocks(); });

describe('useReferenceData.loadAutomations', () => {
  it('asks the server once while a load is in flight (the shell and the editor\'s priority-tie note both ask on open), again after it', async () => {
    let answer: (list: AutomationSummary[]) => void = () => {};
    const automations = vi.spyOn(api, 'automations').mockImplementation(() => new Promise((resolve) => { answer = resolve; }));
    const first = useReferenceData.getState().loadAutomations();
    const second = useReferenceData.getState().loadAutomations();
    expect(automations).toHaveBeenCalledTimes(1);
    answer([]);
    await Promise.all([first, second]);
    expect(useReferenceData.getState().automations).toEqual([]);
    const later = useReferenceData.getState().loadAutomations();
    answer([]);
    await later;
    expect(automations).toHaveBeenCalledTimes(2);
  });
});
