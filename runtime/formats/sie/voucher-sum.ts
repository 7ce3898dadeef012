import type { SieTransaction, SieVoucher } from './model.ts';

/**
 * True when row `index` is an #RTRANS followed by its identical #TRANS (same
 * account, amount and objects), which the spec requires for older readers.
 */
export function isMirroredRtrans(rows: SieTransaction[], index: number): boolean {
  const row = rows[index];
  const next = rows[index + 1];
  if (row?.kind !== 'RTRANS' || next?.kind !== 'TRANS') return false;
  return (
    next.account === row.account &&
    next.amountMinor === row.amountMinor &&
    next.objects.length === row.objects.length &&
    next.objects.every((ref, j) => ref.dimension === row.objects[j]!.dimension && ref.id === row.objects[j]!.id)
  );
}

/**
 * The voucher total that must be 0: every #TRANS, plus any #RTRANS that is not
 * mirrored by the next #TRANS. #BTRANS (removed rows) never count.
 */
export function voucherSumMinor(voucher: Pick<SieVoucher, 'transactions'>): number {
  const rows = voucher.transactions;
  let sumMinor = 0;
  rows.forEach((row, i) => {
    if (row.kind === 'TRANS') sumMinor += row.amountMinor;
    else if (row.kind === 'RTRANS' && !isMirroredRtrans(rows, i)) sumMinor += row.amountMinor;
  });
  return sumMinor;
}
