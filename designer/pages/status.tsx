import type { RunStatus } from '../../shared/api.ts';
import { msg, t } from '../i18n/i18n.ts';

export const runStatusLabels: Record<RunStatus, string> = {
  posted: msg('Posted'), no_match: msg('No match'), flagged: msg('Flagged for review'), failed: msg('Failed'), dry_run: msg('Dry run'),
};

export function RunStatusPill({ status }: { status: RunStatus }) {
  return <span className={`kt-pill kt-pill--${status}`} data-testid="run-status">{t(runStatusLabels[status] ?? status)}</span>;
}
