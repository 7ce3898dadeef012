/**
 * The priority-tie warning in the editor: this automation (at the draft's
 * priority, on the draft's trigger) against the other published, running
 * automations — so it follows the priority as it is typed. The finder is
 * shared/automation/priority-ties.ts, as on the automations list.
 */
import { useEffect, useMemo } from 'react';
import type { AutomationSummary } from '../../shared/api.ts';
import { findPriorityTies, type PriorityTie } from '../../shared/automation/priority-ties.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { useReferenceData } from '../api/use-api.ts';
import { t } from '../i18n/i18n.ts';

/**
 * The tie in a sentence, in the designer's language: who ties (shared/automation/priority-ties.ts finds
 * them), at what priority, and which one goes first now (the lowest id).
 */
export function describePriorityTie(selfId: string, priority: number, ties: readonly PriorityTie[]): string {
  const names = ties.map((tie) => `"${tie.name}"`);
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${t('list::and')} ${names[names.length - 1]}` : names[0];
  const first = [selfId, ...ties.map((tie) => tie.id)].sort()[0];
  const firstName = first === selfId ? t('this one') : `"${ties.find((tie) => tie.id === first)!.name}"`;
  return t('Ties with {names} at priority {priority}: which one books an event first is decided by id ({first} goes first); give one a different priority',
    { names: listed, priority, first: firstName });
}

/** The automations the draft would tie with, if published at its priority (paused: none). */
export function draftPriorityTies(document: AutomationDocument, others: readonly AutomationSummary[], paused: boolean): PriorityTie[] {
  const triggerType = document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger')?.type ?? null;
  const candidates = others
    .filter((a) => a.id !== document.id && a.publishedVersion !== null && a.priority != null)
    .map((a) => ({ id: a.id, name: a.name, triggerType: a.triggerType, priority: a.priority!, paused: !!a.paused }));
  candidates.push({ id: document.id, name: document.name, triggerType, priority: document.priority ?? 100, paused });
  return findPriorityTies(candidates).get(document.id) ?? [];
}

export function usePriorityTie(document: AutomationDocument): string | null {
  const automations = useReferenceData((s) => s.automations);
  useEffect(() => { if (!automations) void useReferenceData.getState().loadAutomations(); }, [automations]);
  return useMemo(() => {
    if (!automations) return null;
    const self = automations.find((a) => a.id === document.id);
    const ties = draftPriorityTies(document, automations, !!self?.paused);
    return ties.length ? describePriorityTie(document.id, document.priority ?? 100, ties) : null;
  }, [automations, document]);
}

/** Under the priority field: the whole sentence. */
export function PriorityTieNote({ document }: { document: AutomationDocument }) {
  const warning = usePriorityTie(document);
  if (!warning) return null;
  return <p className="kt-field__issue kt-field__issue--warning" role="note" data-testid="priority-tie-note">⚠ {warning}</p>;
}

/** In the toolbar: a chip, the sentence as its title. */
export function PriorityTieChip({ document }: { document: AutomationDocument }) {
  const warning = usePriorityTie(document);
  if (!warning) return null;
  return <span className="kt-chip kt-chip--attention" title={warning} data-testid="priority-tie-chip">{t('Priority tie')}</span>;
}
