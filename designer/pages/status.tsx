import type { RunStatus } from '../../shared/api.ts';

export const runStatusLabels: Record<RunStatus, string> = {
  posted: 'Posted', no_match: 'No match', flagged: 'Flagged for review', failed: 'Failed', dry_run: 'Dry run',
};

export function RunStatusPill({ status }: { status: RunStatus }) {
  return <span className={`kt-pill kt-pill--${status}`} data-testid="run-status">{runStatusLabels[status] ?? status}</span>;
}
