import { bankLineImported } from './bank-line-imported.ts';
import { condition } from './condition.ts';
import type { NodeDescriptor } from './descriptor.ts';
import { flagForReview } from './flag-for-review.ts';
import { forEach } from './for-each.ts';
import { manualRun } from './manual-run.ts';
import { matchPayment } from './match-payment.ts';
import { postVoucher } from './post-voucher.ts';
import { supplierInvoiceArrived } from './supplier-invoice-arrived.ts';
import { switchNode } from './switch.ts';
import { webhookReceived } from './webhook-received.ts';
import { schedule } from './schedule.ts';

export * from './descriptor.ts';
export { bankLineSchema, type BankLine } from './bank-line-imported.ts';
export { voucherLineTemplateSchema, type VoucherLineTemplate } from './post-voucher.ts';
export { supplierInvoiceSchema, type SupplierInvoice } from './supplier-invoice-arrived.ts';
export { switchDefaultBranch, type SwitchCase } from './switch.ts';
export { forEachItemsHardMax } from './for-each.ts';
export { matchPaymentConfigSchema, type MatchPaymentConfig } from './match-payment.ts';
export { scheduleConfigSchema, type ScheduleConfig } from './schedule.ts';

/** Every node type, defined once. The runtime and the designer key their registries by it. */
export const nodeDescriptors = {
  'bank-line-imported': bankLineImported,
  'manual-run': manualRun,
  condition,
  'post-voucher': postVoucher,
  'match-payment': matchPayment,
  'flag-for-review': flagForReview,
  'supplier-invoice-arrived': supplierInvoiceArrived,
  switch: switchNode,
  'for-each': forEach,
  'webhook-received': webhookReceived,
  schedule,
} as const;

export type NodeType = keyof typeof nodeDescriptors;
export type ConfigOf<T extends NodeType> = (typeof nodeDescriptors)[T]['defaultConfig'];

export function isNodeType(type: string): type is NodeType {
  return Object.prototype.hasOwnProperty.call(nodeDescriptors, type);
}

export function descriptorOf(type: string): NodeDescriptor | undefined {
  return isNodeType(type) ? (nodeDescriptors[type] as unknown as NodeDescriptor) : undefined;
}

/** The node types that start a run. */
export const triggerTypes: NodeType[] = (Object.keys(nodeDescriptors) as NodeType[]).filter(
  (type) => nodeDescriptors[type].kind === 'trigger',
);
