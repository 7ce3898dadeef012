/**
 * Priority ties: two published, running (not paused) automations on the same
 * trigger with the same priority. The runner orders an event's automations
 * by priority, then by id (runtime/runs/runner.ts documentsFor), so a tie is
 * decided by the ids — which nobody chose. Shown as a warning on the
 * automations list and in the editor; computed here only.
 *
 * Triggers carry no filter (every automation on a trigger gets every event),
 * so the same trigger type is an overlap. A schedule and a manual run make an
 * event for one automation only: they never tie.
 */

/** Triggers whose events are for one automation each: order among automations does not arise. */
export const perAutomationTriggerTypes: readonly string[] = ['schedule', 'manual-run'];

export interface TieCandidate {
  id: string;
  name: string;
  /** the published version's trigger type; null: not published */
  triggerType: string | null;
  /** the published version's priority (lower runs first) */
  priority: number;
  paused: boolean;
}

export interface PriorityTie {
  id: string;
  name: string;
}

/** For each automation that ties, the others it ties with (by id); automations without a tie are absent. */
export function findPriorityTies(candidates: readonly TieCandidate[]): Map<string, PriorityTie[]> {
  const groups = new Map<string, TieCandidate[]>();
  for (const c of candidates) {
    if (c.paused || c.triggerType === null || perAutomationTriggerTypes.includes(c.triggerType)) continue;
    const key = `${c.triggerType}\u0000${c.priority}`;
    const group = groups.get(key) ?? [];
    group.push(c);
    groups.set(key, group);
  }
  const ties = new Map<string, PriorityTie[]>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const c of sorted) ties.set(c.id, sorted.filter((o) => o.id !== c.id).map((o) => ({ id: o.id, name: o.name })));
  }
  return ties;
}
