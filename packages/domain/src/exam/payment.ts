// 网上缴费 (issue 22; seed 003 §6.1): the order's amount, its states' names, the console's counts.

/** Yuan as text ('56.00') to fen (5600): money is never a float. Null when it is not an amount. */
export function yuanToFen(yuan: string): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

/** Fen to yuan as text with two decimals: 11200 → '112.00'. */
export const fenToYuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * 订单金额: the province's fee of each subject chosen, added up (seed 003 §6.1: 报名费按科目收取). Null when
 * a subject has no fee set, which the province's settings never allow.
 */
export function orderAmount(fees: Record<string, string>, subjects: readonly string[]): string | null {
  let fen = 0;
  for (const s of subjects) {
    const f = fees[s] === undefined ? null : yuanToFen(fees[s]!);
    if (f === null) return null;
    fen += f;
  }
  return subjects.length ? fenToYuan(fen) : null;
}

/** An order: open 待支付, paid 已支付, closed 已关闭 (unpaid when 缴费时间 ended, or by 重新报名). */
export type OrderStatus = 'open' | 'paid' | 'closed';
export const ORDER_STATUS_NAMES: Record<OrderStatus, string> = { open: '待支付', paid: '已支付', closed: '已关闭' };

/** The enrollment's 缴费状态 as the portal and the console name it. */
export const PAYMENT_STATE_NAMES = {
  unordered: '未生成订单',
  open: '待支付',
  paid: '已缴费',
  closed: '已关闭',
} as const;

/** The console's counts per exam and province (issue 22: 资格审核中, 待缴费, 已缴费, 已关闭, 已退款). */
export const ENROLLMENT_COUNT_NAMES = {
  reviewing: '资格审核中',
  awaitingPayment: '待缴费',
  paid: '已缴费',
  closed: '已关闭',
  refunded: '已退款',
} as const;

/** 支付平台 the page offers (seed 003 §6.1). */
export const PAYMENT_PROVIDERS = [{ code: 'alipay', name: '支付宝' }] as const;
