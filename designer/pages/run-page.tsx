import { useEffect, useState } from 'react';
import type { AutomationDetail } from '../../shared/api.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { formatDateTime, formatDuration, shortId } from '../format.ts';
import { RunTrace, TraceGraph } from '../panels/run-trace.tsx';
import { href } from '../router.ts';
import { RunStatusPill } from './status.tsx';
import { t } from '../i18n/i18n.ts';

export function RunPage({ id }: { id: string }) {
  const run = useApi(() => api.run(id), `run:${id}`);
  const vouchers = useApi(api.vouchers, `vouchers-of:${id}`);
  const voucherLabel = (voucherId: string) => {
    const voucher = vouchers.data?.find((v) => v.id === voucherId);
    return voucher ? `${voucher.series} ${voucher.number}` : shortId(voucherId);
  };
  const [automation, setAutomation] = useState<AutomationDetail | null>(null);
  const automationId = run.data?.automationId;
  useEffect(() => {
    if (!automationId) return;
    let live = true;
    api.automation(automationId).then((detail) => { if (live) setAutomation(detail); }, () => { /* the trace list still shows */ });
    return () => { live = false; };
  }, [automationId]);

  if (run.error) return <div className="kt-page"><div className="kt-empty kt-empty--error" role="alert">{t('Could not load run {id}: {error}', { id, error: run.error.message })}</div></div>;
  if (!run.data) return <div className="kt-page kt-loading">{t('Loading run…')}</div>;
  const data = run.data;
  // Show the graph of the version that ran: the published one when it matches, else the draft.
  const document = automation
    ? (automation.published?.version === data.automationVersion ? automation.published : automation.draft)
    : null;
  const versionMatches = !!document && document.version === data.automationVersion;
  return (
    <div className="kt-page" data-testid="run-page">
      <a className="kt-crumb" href={href({ page: 'runs', automationId: data.automationId })}>{t('‹ Runs')}</a>
      <header className="kt-page__header">
        <div>
          <h1>{t('Run')} <span className="kt-mono" title={data.id}>{shortId(data.id)}</span></h1>
          <p className="kt-page__lead">
            <a href={href({ page: 'automation', id: data.automationId })}>{automation?.summary.name ?? data.automationId}</a>
            {' '}v{data.automationVersion} · {descriptorOf(data.triggerType)?.label ?? data.triggerType}
            {data.sourceRef && <> · <span className="kt-mono">{data.sourceRef}</span></>}
          </p>
        </div>
        <RunStatusPill status={data.status} />
      </header>
      <div className="kt-run__facts">
        <div><span className="kt-run__label">{t('Started')}</span>{formatDateTime(data.startedAt)}</div>
        <div><span className="kt-run__label">{t('Time')}</span>{formatDuration(data.durationMs)}</div>
        <div><span className="kt-run__label">{t('Reason')}</span><span data-testid="run-reason">{data.reason ?? '—'}</span></div>
        <div><span className="kt-run__label">{t('Vouchers')}</span>
          {data.voucherIds.length
            ? data.voucherIds.map((v) => <a key={v} className="kt-run__voucher" href={href({ page: 'voucher', id: v })} title={v} data-testid="run-voucher">{voucherLabel(v)}</a>)
            : '—'}
        </div>
      </div>
      {document && (
        <section className="kt-section">
          <h2>{t('Path through the automation')}</h2>
          {!versionMatches && <p className="kt-muted">{t('Showing the current draft (v{version}); this run used v{used}.', { version: document.version, used: data.automationVersion })}</p>}
          <TraceGraph document={document} trace={data.trace} />
        </section>
      )}
      <div className="kt-run__columns">
        <section className="kt-section">
          <h2>{t('Steps')}</h2>
          <RunTrace trace={data.trace} document={document} />
        </section>
        <section className="kt-section">
          <h2>{t('Event')}</h2>
          <pre className="kt-json" data-testid="run-event">{JSON.stringify(data.event, null, 2)}</pre>
        </section>
      </div>
    </div>
  );
}
