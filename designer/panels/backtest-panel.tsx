/**
 * "Backtest": the saved draft (or the version awaiting approval) run over the
 * company's real events of a period and compared with what the published
 * versions did — with progress and Cancel, nothing written to the ledger.
 * Shows the headline, the before/after counts, the accounts whose sums
 * change and the events that change (click one for its before and after).
 * With a publication request pending, the approver sees the latest backtest
 * of exactly the requested version, or runs one.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AutomationSummary } from '../../shared/api.ts';
import type { Backtest, BacktestDifference, BacktestOutcome, BacktestResult, PublicationRequestDetail } from '../../shared/backtest.ts';
import { api } from '../api/client.ts';
import { usePoll } from '../api/use-poll.ts';
import { useReferenceData } from '../api/use-api.ts';
import { describeActor, formatDateTime, formatMinor } from '../format.ts';
import {
  changeLabel, changedAccounts, defaultPeriod, describeChange, emptyStateMessage, headline, netChangeMinor, progressPercent, statusLabel,
} from './backtest-view.ts';
import { t } from '../i18n/i18n.ts';

function useBacktestJob() {
  const [job, setJob] = useState<Backtest | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** the backtest being followed, polled (with backoff) while it is queued or running */
  const [polled, setPolled] = useState<string | null>(null);
  const followed = useRef<string | null>(null);
  const live = useRef(true);
  useEffect(() => () => { live.current = false; }, []);

  /** Fetches the followed backtest; true while it still runs. */
  const fetchJob = useCallback(async (id: string): Promise<boolean> => {
    try {
      const next = await api.backtest(id);
      if (!live.current || followed.current !== id) return false;
      setJob(next);
      const running = next.status === 'queued' || next.status === 'running';
      if (!running) setPolled(null);
      return running;
    } catch (thrown) {
      if (live.current) { setError((thrown as Error).message); setPolled(null); }
      return false;
    }
  }, []);
  // After 10 minutes the panel stops asking (the job goes on in the runtime) and says so: following it again asks anew.
  usePoll(polled !== null, () => (polled ? fetchJob(polled) : false), {
    onGiveUp: () => { if (live.current) { setPolled(null); setError(t('The backtest is still running after 10 minutes; this panel stopped asking. Open the Backtest tab again to see where it stands.')); } },
  });

  const follow = useCallback((id: string) => {
    followed.current = id;
    setPolled(null);
    void fetchJob(id).then((running) => { if (running && followed.current === id) setPolled(id); });
  }, [fetchJob]);
  return { job, setJob, error, setError, follow };
}

function Money({ minor, currency }: { minor: number; currency: string }) {
  return <>{formatMinor(minor, currency)}</>;
}

function OutcomeView({ title, outcome }: { title: string; outcome: BacktestOutcome | null }) {
  const accounts = useReferenceData((s) => s.accounts);
  const name = (n: string) => accounts?.find((a) => a.number === n)?.name;
  return (
    <div className="kt-backtest__side" data-testid="backtest-outcome">
      <h5>{title}</h5>
      {!outcome ? <p className="kt-muted">{t('Did not run on this event.')}</p> : (
        <>
          <p className="kt-muted">
            <span className="kt-mono">{outcome.automationId}</span>{outcome.automationVersion ? ` v${outcome.automationVersion}` : ' (draft)'} · {outcome.status.replace('_', ' ')}
            {outcome.reason ? ` — ${outcome.reason}` : ''}
          </p>
          {outcome.vouchers.map((v, i) => (
            <table key={i} className="kt-test__voucher" data-testid="backtest-voucher">
              <caption><strong>{v.series}</strong> {v.date} · {v.text}</caption>
              <tbody>
                {v.lines.map((l, j) => (
                  <tr key={j} data-account={l.account} title={name(l.account) ?? undefined}>
                    <td><span className="kt-mono">{l.account}</span> <span className="kt-backtest__account-name">{name(l.account) ?? ''}</span></td>
                    <td className="kt-num">{l.debitMinor ? <>D <Money minor={l.debitMinor} currency={l.currency} /></> : <>C <Money minor={l.creditMinor} currency={l.currency} /></>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </>
      )}
    </div>
  );
}

function DifferenceRow({ difference }: { difference: BacktestDifference }) {
  const [open, setOpen] = useState(false);
  return (
    <li className={`kt-backtest__difference ${open ? 'is-open' : ''}`} data-testid="backtest-difference" data-change={difference.change}
      data-source={difference.sourceRef ?? ''}>
      <button type="button" className="kt-backtest__difference-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className={`kt-chip kt-backtest__change kt-backtest__change--${difference.change}`}>{t(changeLabel[difference.change])}</span>
        <span className="kt-backtest__summary" title={difference.sourceRef ?? difference.eventId}>{difference.summary}</span>
      </button>
      {open && (
        <div className="kt-backtest__detail" data-testid="backtest-difference-detail">
          <p>{describeChange(difference.change, difference.otherAutomationId)}
            {difference.bookedBefore !== difference.bookedAfter && <> · booked by <strong>{difference.bookedBefore ?? 'nobody'}</strong> → <strong>{difference.bookedAfter ?? 'nobody'}</strong></>}
          </p>
          <p className="kt-muted" data-testid="backtest-difference-ledger">
            {difference.sourceRef ?? `event ${difference.eventId}`} · arrived {formatDateTime(difference.arrivedAt)} · {difference.accounts.length === 0
              ? 'the ledger ends the same for this event'
              : <>ledger: {difference.accounts.map((a, i) => {
                  const net = netChangeMinor(a);
                  return <span key={a.account + a.currency}>{i ? ', ' : ''}<span className="kt-mono">{a.account}</span> {net > 0 ? '+' : ''}{formatMinor(net, a.currency)}</span>;
                })}</>}
          </p>
          <div className="kt-backtest__compare">
            <OutcomeView title={t('Before (what happened)')} outcome={difference.before} />
            <OutcomeView title={t('After (this version)')} outcome={difference.after} />
          </div>
        </div>
      )}
    </li>
  );
}

function ResultView({ result }: { result: BacktestResult }) {
  const accountsRef = useReferenceData((s) => s.accounts);
  const [allAccounts, setAllAccounts] = useState(false);
  if (result.totals.eventsConsidered === 0) {
    return <div className="kt-empty" data-testid="backtest-empty">{emptyStateMessage(result.triggerType)}</div>;
  }
  const { before, after } = result.totals;
  const moved = changedAccounts(result);
  const accounts = allAccounts ? result.accounts : moved;
  return (
    <section className="kt-backtest__result" data-testid="backtest-result">
      <p className="kt-backtest__headline" data-testid="backtest-headline">{headline(result)}</p>
      <table className="kt-backtest__totals" data-testid="backtest-totals">
        <thead><tr><th /><th className="kt-num">{t('Before')}</th><th className="kt-num">{t('After')}</th></tr></thead>
        <tbody>
          <tr><td>{t('Posted')}</td><td className="kt-num">{before.posted}</td><td className="kt-num" data-testid="backtest-after-posted">{after.posted}</td></tr>
          <tr><td>{t('Vouchers')}</td><td className="kt-num">{before.vouchers}</td><td className="kt-num">{after.vouchers}</td></tr>
          <tr><td>{t('No match')}</td><td className="kt-num">{before.noMatch}</td><td className="kt-num">{after.noMatch}</td></tr>
          <tr><td>{t('Flagged (exceptions)')}</td><td className="kt-num">{before.flagged}</td><td className="kt-num">{after.flagged}</td></tr>
          <tr><td>{t('Failed')}</td><td className="kt-num">{before.failed}</td><td className="kt-num">{after.failed}</td></tr>
          {(before.unbooked > 0 || after.unbooked > 0) && <tr><td title={t('Events booked once (bank lines) that no automation booked')}>{t('Left unbooked')}</td><td className="kt-num">{before.unbooked}</td><td className="kt-num">{after.unbooked}</td></tr>}
        </tbody>
      </table>
      <p className="kt-muted kt-backtest__counts" data-testid="backtest-counts">
        {result.totals.eventsConsidered} events · vouchers added {result.totals.vouchersAdded}, removed {result.totals.vouchersRemoved}, changed {result.totals.vouchersChanged}
        {result.totals.takesOver ? ` · takes over ${result.totals.takesOver}` : ''}{result.totals.leftTo ? ` · left to others ${result.totals.leftTo}` : ''}
      </p>

      <h4>{moved.length ? t('Accounts that change') : t('Accounts')}</h4>
      {accounts.length === 0 ? <p className="kt-muted">{t('No account changes.')}</p> : (
        <table className="kt-backtest__accounts" data-testid="backtest-accounts">
          <thead><tr><th>{t('Account')}</th><th className="kt-num">{t('Before')}</th><th className="kt-num">{t('After')}</th><th className="kt-num">{t('Change')}</th></tr></thead>
          <tbody>
            {accounts.map((a) => {
              const net = netChangeMinor(a);
              return (
                <tr key={`${a.account}-${a.currency}`} data-testid="backtest-account" data-account={a.account} data-change={net}>
                  <td><span className="kt-mono">{a.account}</span> <span className="kt-backtest__account-name">{accountsRef?.find((x) => x.number === a.account)?.name ?? ''}</span></td>
                  <td className="kt-num">{formatMinor(a.beforeDebitMinor - a.beforeCreditMinor, a.currency)}</td>
                  <td className="kt-num">{formatMinor(a.afterDebitMinor - a.afterCreditMinor, a.currency)}</td>
                  <td className={`kt-num ${net > 0 ? 'kt-backtest__up' : net < 0 ? 'kt-backtest__down' : ''}`}>{net > 0 ? '+' : ''}{formatMinor(net, a.currency)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {result.accounts.length > moved.length && (
        <button type="button" className="kt-link" onClick={() => setAllAccounts(!allAccounts)}>
          {allAccounts ? t('Only the accounts that change') : t('All {count} accounts touched (debit − credit)', { count: result.accounts.length })}
        </button>
      )}

      <h4>{t('Events that change ({count})', { count: result.totals.eventsChanged })}</h4>
      {result.differences.length === 0 ? <p className="kt-muted" data-testid="backtest-no-differences">{t('No event would end differently.')}</p> : (
        <ul className="kt-backtest__differences" data-testid="backtest-differences">
          {result.differences.map((d) => <DifferenceRow key={d.eventId} difference={d} />)}
        </ul>
      )}
      {result.differencesLeftOff > 0 && <p className="kt-muted">…and {result.differencesLeftOff} more (counted above, not listed).</p>}
      <details className="kt-backtest__approximations">
        <summary>{t('How exact is this?')}</summary>
        <ul>{result.approximations.map((a, i) => <li key={i}>{a}</li>)}</ul>
      </details>
    </section>
  );
}

function JobView({ job, onCancel, cancelling }: { job: Backtest; onCancel(): void; cancelling: boolean }) {
  const percent = progressPercent(job.progress);
  const active = job.status === 'queued' || job.status === 'running';
  return (
    <div className="kt-backtest__job" data-testid="backtest-job" data-status={job.status}>
      <div className="kt-backtest__job-head">
        <span className={`kt-chip ${job.status === 'done' ? 'kt-chip--ok' : job.status === 'failed' ? 'kt-chip--error' : job.status === 'cancelled' ? 'kt-chip--attention' : 'kt-chip--info'}`}
          data-testid="backtest-status">{t(statusLabel[job.status])}</span>
        <span className="kt-muted">{job.version ? t('Version {version}', { version: job.version }) : job.publicationRequestId ? t('The version awaiting approval') : t('The saved draft')} · {job.from} – {job.to}</span>
      </div>
      {active && (
        <div className="kt-backtest__progress-row">
          <div className="kt-backtest__progress" role="progressbar" aria-valuemin={0} aria-valuemax={job.progress.total} aria-valuenow={job.progress.done}
            aria-label={t('Backtest progress')} data-testid="backtest-progress">
            <div className="kt-backtest__progress-bar" style={{ width: `${percent ?? 0}%` }} />
          </div>
          <span className="kt-muted kt-backtest__progress-text">{t('{done} / {total} events', { done: job.progress.done, total: job.progress.total })}</span>
          <button type="button" className="kt-button kt-button--small" data-testid="backtest-cancel" disabled={cancelling} onClick={onCancel}>
            {cancelling ? t('Cancelling…') : t('Cancel')}
          </button>
        </div>
      )}
      {job.status === 'cancelled' && <p className="kt-muted" data-testid="backtest-cancelled">{job.cancelledBy
        ? t('Cancelled after {done} of {total} events by {who}. Nothing was written.', { done: job.progress.done, total: job.progress.total, who: describeActor(job.cancelledBy) })
        : t('Cancelled after {done} of {total} events. Nothing was written.', { done: job.progress.done, total: job.progress.total })}</p>}
      {job.status === 'failed' && <p className="kt-field__issue" role="alert">{job.error}</p>}
      {job.status === 'done' && job.finishedAt && <p className="kt-muted kt-backtest__when">{t('Run {when} by {who} · nothing was written to the ledger', { when: formatDateTime(job.finishedAt), who: describeActor(job.requestedBy) })}</p>}
      {job.status === 'done' && job.result && <ResultView result={job.result} />}
    </div>
  );
}

/** The approver's view of the pending publication: the latest backtest of exactly the requested version. */
function PublicationRequestBacktest({ requestId, canApprove, onShow, onRun, period, refreshKey, onCompare }: {
  requestId: string; canApprove: boolean; onShow(id: string): void; onRun(): void; period: { from: string; to: string };
  onCompare?: () => void;
  /** changes when a backtest finished: the latest one is read again */
  refreshKey: string;
}) {
  const [detail, setDetail] = useState<PublicationRequestDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.publicationRequest(requestId).then((d) => { if (live) setDetail(d); }, (e: Error) => { if (live) setError(e.message); });
    return () => { live = false; };
  }, [requestId, refreshKey]);
  if (error) return <p className="kt-field__issue kt-field__issue--warning">{t('Could not read the publication request: {error}', { error })}</p>;
  if (!detail) return null;
  const latest = detail.backtest;
  return (
    <div className="kt-backtest__request" data-testid="backtest-request">
      <p><strong>{t('Awaiting approval')}</strong> — {t('asked by {actor} {time}', { actor: describeActor(detail.requestedBy), time: formatDateTime(detail.requestedAt) })}
        {detail.publishedVersion ? `, ${t('to replace version {version}', { version: detail.publishedVersion })}` : ''}.</p>
      {latest ? (
        <p className="kt-muted">{t('Latest backtest of this exact version:')} {t(statusLabel[latest.status]).toLowerCase()}, {latest.from} – {latest.to}
          {latest.result ? ` — ${headline(latest.result)}` : ''}{' '}
          <button type="button" className="kt-link" data-testid="backtest-request-show" onClick={() => onShow(latest.id)}>{t('Show')}</button></p>
      ) : <p className="kt-muted" data-testid="backtest-request-none">{t('No backtest of this version yet.')}</p>}
      {onCompare && detail.publishedVersion !== null && (
        <button type="button" className="kt-link" data-testid="backtest-request-compare" onClick={onCompare}>
          Show what changes against version {detail.publishedVersion} on the canvas
        </button>
      )}
      {canApprove && (
        <button type="button" className="kt-button kt-button--small" data-testid="backtest-request-run" onClick={onRun}>
          Backtest the requested version ({period.from} – {period.to})
        </button>
      )}
    </div>
  );
}

export function BacktestPanel({ automationId, summary, dirty, canEdit, canApprove, onCompare }: {
  automationId: string; summary: AutomationSummary | null; dirty: boolean; canEdit: boolean; canApprove: boolean;
  /** shows the diff of the version in force → the draft on the canvas (none: never published) */
  onCompare?: () => void;
}) {
  const [period, setPeriod] = useState(defaultPeriod);
  const [which, setWhich] = useState<'draft' | number>('draft');
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const { job, setJob, error, setError, follow } = useBacktestJob();
  const pending = summary?.pendingPublication ?? null;

  // The latest backtest of this automation, if any, is shown on opening.
  useEffect(() => {
    let live = true;
    api.backtests(automationId).then((list) => { if (live && list[0]) follow(list[0].id); }, () => {});
    return () => { live = false; };
  }, [automationId, follow]);

  const run = useCallback(async (forRequest: boolean) => {
    setStarting(true);
    setError(null);
    try {
      const body = { from: period.from, to: period.to };
      const { backtestId } = forRequest && pending
        ? await api.startRequestBacktest(pending.requestId, body)
        : await api.startBacktest(automationId, which === 'draft' ? body : { ...body, version: which });
      setJob(null);
      follow(backtestId);
    } catch (thrown) {
      setError((thrown as Error).message);
    } finally {
      setStarting(false);
    }
  }, [automationId, period, which, pending, follow, setError, setJob]);

  const cancel = useCallback(async () => {
    if (!job) return;
    setCancelling(true);
    try {
      setJob(await api.cancelBacktest(job.id));
    } catch (thrown) {
      setError((thrown as Error).message);
      follow(job.id);
    } finally {
      setCancelling(false);
    }
  }, [job, follow, setError, setJob]);

  const active = job?.status === 'queued' || job?.status === 'running';
  return (
    <div className="kt-backtest" data-testid="backtest-panel">
      <p className="kt-muted kt-test__lead">
        {t('Runs {which} over the company’s real events of a period and compares it with what the published versions did.', { which: which === 'draft' ? t('the saved draft') : t('version {version}', { version: which }) })}
        {' '}<strong>{t('Nothing is written to the ledger.')}</strong>
      </p>
      {pending && <PublicationRequestBacktest requestId={pending.requestId} canApprove={canApprove} period={period} onCompare={onCompare}
        refreshKey={job && job.status !== 'queued' && job.status !== 'running' ? `${job.id}:${job.status}` : ''}
        onShow={(id) => follow(id)} onRun={() => void run(true)} />}
      {canEdit && (
        <div className="kt-backtest__form">
          <label className="kt-backtest__field">{t('From')}
            <input type="date" className="kt-input kt-input--small" data-testid="backtest-from" value={period.from} max={period.to}
              onChange={(e) => setPeriod({ ...period, from: e.target.value })} />
          </label>
          <label className="kt-backtest__field">{t('To')}
            <input type="date" className="kt-input kt-input--small" data-testid="backtest-to" value={period.to} min={period.from}
              onChange={(e) => setPeriod({ ...period, to: e.target.value })} />
          </label>
          {summary?.publishedVersion ? (
            <label className="kt-backtest__field">{t('Version')}
              <select className="kt-input kt-input--small" data-testid="backtest-version" value={String(which)}
                onChange={(e) => setWhich(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
                <option value="draft">{t('Saved draft')}</option>
                {Array.from({ length: summary.publishedVersion }, (_, i) => summary.publishedVersion! - i).map((v) => <option key={v} value={v}>{t('Version {version}', { version: v })}</option>)}
              </select>
            </label>
          ) : null}
          <button type="button" className="kt-button kt-button--primary" data-testid="backtest-run" disabled={starting || active || !period.from || !period.to}
            onClick={() => void run(false)}>
            {starting ? t('Starting…') : active ? t('Running…') : t('Run backtest')}
          </button>
        </div>
      )}
      {canEdit && dirty && which === 'draft' && (
        <p className="kt-field__issue kt-field__issue--warning" data-testid="backtest-unsaved">{t('You have unsaved changes: the backtest runs the saved draft. Save first.')}</p>
      )}
      {!canEdit && !pending && <p className="kt-muted">{t('Your role can read backtests; starting one needs “Edit automations”.')}</p>}
      {error && <p className="kt-field__issue" role="alert" data-testid="backtest-error">{error}</p>}
      {job ? <JobView job={job} onCancel={() => void cancel()} cancelling={cancelling} />
        : !error && <div className="kt-empty" data-testid="backtest-none">{t('No backtest yet. Choose a period and run one to see what this version would have posted.')}</div>}
    </div>
  );
}
