import type { NodeType } from '../../shared/nodes/index.ts';
import type { Executor, Warmer } from '../engine/types.ts';
import { conditionExecutor } from './condition.ts';
import { flagForReviewExecutor } from './flag-for-review.ts';
import { forEachExecutor } from './for-each.ts';
import { matchPaymentExecutor, matchPaymentWarmer } from './match-payment.ts';
import { postVoucherExecutor } from './post-voucher.ts';
import { switchExecutor } from './switch.ts';
import { triggerExecutor } from './trigger.ts';

/** One executor per node type; a missing entry is a compile error. */
export const executors: Record<NodeType, Executor<never>> = {
  'bank-line-imported': triggerExecutor,
  'manual-run': triggerExecutor,
  condition: conditionExecutor,
  'post-voucher': postVoucherExecutor,
  'match-payment': matchPaymentExecutor,
  'flag-for-review': flagForReviewExecutor,
  'supplier-invoice-arrived': triggerExecutor,
  switch: switchExecutor,
  'for-each': forEachExecutor,
  'webhook-received': triggerExecutor,
  schedule: triggerExecutor,
};

/** Node types that can get their ports ready ahead of a batch (engine `warmDocument`). */
export const warmers: Partial<Record<NodeType, Warmer<never>>> = {
  'match-payment': matchPaymentWarmer,
};
