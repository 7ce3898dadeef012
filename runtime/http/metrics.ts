/**
 * Prometheus text exposition (format 0.0.4) of what an operator watches:
 * runs by status, retries and failures, outbox depth, webhook deliveries and
 * their latency. Counters are per process; the outbox depth comes from the
 * database (shared by every instance).
 */
import type { RunSummary } from '../../shared/api.ts';

const latencyBucketsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];

export class Metrics {
  readonly runs = new Map<string, number>();
  eventsProcessed = 0;
  eventsRetried = 0;
  eventsFailed = 0;
  webhookDeliveries = 0;
  webhookReplays = 0;
  private readonly latencyCounts = new Array(latencyBucketsMs.length + 1).fill(0);
  private latencySumMs = 0;
  /** webhook group commits: transactions, and the deliveries they stored */
  webhookBatches = 0;
  webhookBatchItems = 0;

  eventProcessed(runs: RunSummary[]): void {
    this.eventsProcessed++;
    for (const run of runs) this.runs.set(run.status, (this.runs.get(run.status) ?? 0) + 1);
  }
  eventRetried(): void { this.eventsRetried++; }
  webhookBatchCommitted(size: number): void { this.webhookBatches++; this.webhookBatchItems += size; }
  eventFailed(): void { this.eventsFailed++; }

  webhookDelivered(latencyMs: number, replay: boolean): void {
    if (replay) this.webhookReplays++; else this.webhookDeliveries++;
    this.latencySumMs += latencyMs;
    const index = latencyBucketsMs.findIndex((b) => latencyMs <= b);
    this.latencyCounts[index === -1 ? latencyBucketsMs.length : index]++;
  }

  render(gauges: { outbox: Record<string, number>; workerRunning: boolean; lockWaits: number }): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('kontera_runs_total', 'counter', 'Automation runs finished by this process, by status',
      ['posted', 'no_match', 'flagged', 'failed'].map((s) => [`{status="${s}"}`, this.runs.get(s) ?? 0]));
    metric('kontera_events_processed_total', 'counter', 'Outbox events processed by this process', [['', this.eventsProcessed]]);
    metric('kontera_event_retries_total', 'counter', 'Outbox events scheduled for a retry after a transient failure', [['', this.eventsRetried]]);
    metric('kontera_events_failed_total', 'counter', 'Outbox events that failed for good (in the exceptions inbox)', [['', this.eventsFailed]]);
    metric('kontera_outbox_depth', 'gauge', 'Outbox events by status, and webhook deliveries received but not yet in the outbox (whole database)',
      ['received', 'pending', 'processing', 'failed'].map((s) => [`{status="${s}"}`, gauges.outbox[s] ?? 0]));
    metric('kontera_worker_up', 'gauge', 'Whether this process runs the worker loop', [['', gauges.workerRunning ? 1 : 0]]);
    metric('kontera_db_lock_waits_total', 'counter', 'Times this process found the database write lock held by another process and waited (local files)',
      [['', gauges.lockWaits]]);
    metric('kontera_webhook_deliveries_total', 'counter', 'Verified webhook deliveries', [['{replay="false"}', this.webhookDeliveries], ['{replay="true"}', this.webhookReplays]]);
    metric('kontera_webhook_batches_total', 'counter', 'Webhook group commits (one transaction each)', [['', this.webhookBatches]]);
    metric('kontera_webhook_batch_deliveries_total', 'counter', 'Deliveries stored by those group commits (divide by the batches for the mean batch size)', [['', this.webhookBatchItems]]);
    lines.push('# HELP kontera_webhook_latency_ms Time to verify, store and acknowledge a delivery', '# TYPE kontera_webhook_latency_ms histogram');
    let cumulative = 0;
    latencyBucketsMs.forEach((bucket, i) => {
      cumulative += this.latencyCounts[i];
      lines.push(`kontera_webhook_latency_ms_bucket{le="${bucket}"} ${cumulative}`);
    });
    cumulative += this.latencyCounts[latencyBucketsMs.length];
    lines.push(`kontera_webhook_latency_ms_bucket{le="+Inf"} ${cumulative}`, `kontera_webhook_latency_ms_sum ${this.latencySumMs}`, `kontera_webhook_latency_ms_count ${cumulative}`);
    return lines.join('\n') + '\n';
  }
}
