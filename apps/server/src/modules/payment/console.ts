import { ENROLLMENT_COUNT_NAMES, fenToYuan, maskIdNumber, maskName, subjectName, yuanToFen, type PersonalInfo } from '@ausm/domain';
import { AppError } from '../../platform/errors';
import type { AuthorityService } from '../authority';
import type { EnrollmentService } from '../enrollment';
import type { EnrollmentRow } from '../enrollment/tables';
import type { ExamService } from '../exam';
import type { StaffContext } from '../staff';
import type { OrderRow, RefundRow } from './tables';
import type { PaymentService } from './service';

export type ConsoleState = keyof typeof ENROLLMENT_COUNT_NAMES | 'cancelled' | 'refused';
const STATE_NAMES: Record<ConsoleState, string> = { ...ENROLLMENT_COUNT_NAMES, cancelled: '已重新报名', refused: '审核不通过/已撤回' };

export type ConsoleEnrollment = {
  id: string;
  realName: string;
  idNumber: string;
  siteName: string;
  subjects: string;
  state: ConsoleState;
  stateName: string;
  amount: string | null;
  orderNo: string | null;
  paidAt: Date | null;
  refunded: string | null;
  submittedAt: Date;
};

const stateOf = (e: EnrollmentRow, refunded: boolean): ConsoleState =>
  refunded && e.status !== 'paid'
    ? 'refunded'
    : e.status === 'pending'
      ? 'reviewing'
      : e.status === 'approved'
        ? 'awaitingPayment'
        : e.status === 'paid'
          ? 'paid'
          : e.status === 'closed'
            ? 'closed'
            : e.status === 'cancelled'
              ? 'cancelled'
              : 'refused';

/**
 * The console's view of one exam and province (issue 22): counts by state, money received, the list with
 * filters, CSV export and a candidate's history, each limited to the 报名点 inside the staff member's
 * authority (财政部 sees all). Names and ID numbers leave masked.
 */
export class PaymentConsole {
  constructor(
    private readonly exams: ExamService,
    private readonly enrollments: EnrollmentService,
    private readonly payments: PaymentService,
    private readonly authorities: AuthorityService,
  ) {}

  /** null: every 报名点 (财政部); else the authorities inside the staff member's, which must touch the province. */
  private async scope(ctx: StaffContext, provinceId: string): Promise<string[] | null> {
    if (ctx.authorityLevel === 'national') return null;
    const province = await this.authorities.byId(provinceId);
    if (!province || !(ctx.authorityPath.startsWith(province.path) || province.path.startsWith(ctx.authorityPath))) {
      throw new AppError(403, 'payment/forbidden', '仅可查看本部门辖区内的考试报名');
    }
    return (await this.authorities.subtree(ctx.authorityPath)).map((a) => a.id);
  }

  async report(ctx: StaffContext, examId: string, provinceId: string, filter: { state?: ConsoleState; q?: string }) {
    const exam = await this.exams.get(examId);
    const sites = await this.scope(ctx, provinceId);
    const rows = await this.enrollments.forConsole(examId, provinceId, sites);
    const ids = rows.map((r) => r.id);
    const orders = await this.payments.ordersOf(ids);
    const refunds = await this.payments.refundsOf(ids);
    const settings = await this.exams.settings(examId, provinceId);
    const items = rows.map((r) => this.item(r, orders, refunds, settings?.sites ?? []));
    const counts = Object.fromEntries(Object.keys(ENROLLMENT_COUNT_NAMES).map((k) => [k, 0])) as Record<keyof typeof ENROLLMENT_COUNT_NAMES, number>;
    for (const it of items) if (it.state in counts) counts[it.state as keyof typeof counts] += 1;
    // 已退款 counts refunds, whatever became of the enrollment (a paid one may have had a second payment back).
    counts.refunded = new Set(refunds.map((r) => r.enrollmentId)).size;
    const received = orders.filter((o) => o.status === 'paid').reduce((n, o) => n + (yuanToFen(o.amount) ?? 0), 0);
    const refundedFen = refunds.filter((r) => r.status === 'done').reduce((n, r) => n + (yuanToFen(r.amount) ?? 0), 0);
    const q = filter.q?.trim();
    const shown = items.filter((it) => (!filter.state || it.state === filter.state) && (!q || it.realName.includes(q) || it.orderNo?.includes(q) || it.siteName.includes(q)));
    return {
      examName: exam.name,
      provinceName: settings?.provinceName ?? provinceId,
      counts,
      countNames: ENROLLMENT_COUNT_NAMES,
      received: fenToYuan(received),
      refunded: fenToYuan(refundedFen),
      items: shown,
    };
  }

  async csv(ctx: StaffContext, examId: string, provinceId: string, filter: { state?: ConsoleState; q?: string }): Promise<string> {
    const r = await this.report(ctx, examId, provinceId, filter);
    const head = ['姓名', '证件号码', '报名点', '报考科目', '状态', '订单号码', '金额（元）', '缴费时间', '退款（元）', '提交时间'];
    const cell = (v: string) => (/[",\n\r]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v);
    const lines = r.items.map((i) =>
      [i.realName, i.idNumber, i.siteName, i.subjects, i.stateName, i.orderNo ?? '', i.amount ?? '', i.paidAt ? beijing(i.paidAt) : '', i.refunded ?? '', beijing(i.submittedAt)].map(cell).join(','),
    );
    // The BOM lets Excel read the file as UTF-8.
    return `\ufeff${[head.join(','), ...lines].join('\r\n')}\r\n`;
  }

  /** A candidate's enrollments (every exam, cancelled ones too) seen from one of them, within the same scope. */
  async history(ctx: StaffContext, enrollmentId: string) {
    const e = await this.enrollments.byId(enrollmentId);
    if (!e) throw new AppError(404, 'enrollment/not_found', '报名记录不存在');
    const sites = await this.scope(ctx, e.provinceId).catch(() => [] as string[]);
    if (sites && !sites.includes(e.siteAuthorityId)) throw new AppError(404, 'enrollment/not_found', '报名记录不存在');
    const all = (await this.enrollments.mine(e.accountId)).filter((x) => !sites || sites.includes(x.siteAuthorityId));
    return all.map((x) => ({ id: x.id, examName: x.examName, provinceName: x.provinceName, siteName: x.siteName, status: x.status, submittedAt: x.submittedAt, paidAt: x.paidAt }));
  }

  private item(r: EnrollmentRow, orders: OrderRow[], refunds: RefundRow[], sites: Array<{ authorityId: string; name: string }>): ConsoleEnrollment {
    const p = r.snapshot as unknown as PersonalInfo;
    const mine = orders.filter((o) => o.enrollmentId === r.id);
    const order = mine.find((o) => o.status === 'paid') ?? mine.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    const back = refunds.filter((x) => x.enrollmentId === r.id);
    const state = stateOf(r, back.length > 0);
    return {
      id: r.id,
      realName: maskName(p.realName),
      idNumber: maskIdNumber(p.idNumber),
      siteName: sites.find((s) => s.authorityId === r.siteAuthorityId)?.name ?? r.siteAuthorityId,
      subjects: r.subjects.map(subjectName).join('、'),
      state,
      stateName: STATE_NAMES[state],
      amount: order?.amount ?? null,
      orderNo: order?.orderNo ?? null,
      paidAt: r.paidAt,
      refunded: back.length ? fenToYuan(back.reduce((n, x) => n + (yuanToFen(x.amount) ?? 0), 0)) : null,
      submittedAt: r.submittedAt,
    };
  }
}

const beijing = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
