import QRCode from 'qrcode';
import { maskName, subjectName, type PersonalInfo } from '@ausm/domain';
import type { Db } from '../../db/client';
import type { RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { beijingDate, beijingTime, formatCode, renderPdf, type PdfBlock, type PrintedDocuments } from '../../platform/pdf';
import type { EnrollmentService } from '../enrollment';
import type { ExamService } from '../exam';
import type { FileService } from '../files';
import type { PaymentService } from './service';

export const FORM_KIND = 'enrollment_form';
const FORM_TITLE = '全国会计专业技术资格考试报名表';
const STATUS_NAMES: Record<string, string> = { paid: '报名成功（已缴费）', cancelled: '已重新报名（本报名已取消）', closed: '未缴费，报名未成功' };

/** The public check of a 报名表's QR code: the masked name, the exam, the subjects and the state, nothing else. */
export type EnrollmentVerification = { title: string; holderMasked: string; examName: string; subjects: string[]; status: string; issuedAt: string };

/**
 * 报名表打印 (seed 003 §6.2): every field of a paid enrollment, the photo, and a QR code to the public
 * verification page (/verify/enrollment/:code), laid out by the platform's PDF service (embedded Noto Sans SC,
 * so it prints the same on a machine without Chinese fonts). Like the 信息表 it carries the whole name and ID
 * number: it is the candidate's own document, served only to their session.
 */
export class EnrollmentForms {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly enrollments: EnrollmentService,
    private readonly payments: PaymentService,
    private readonly exams: ExamService,
    private readonly files: FileService,
    private readonly printed: PrintedDocuments,
    private readonly publicBaseUrl: string,
  ) {}

  async pdf(accountId: string, enrollmentId: string, origin: RequestOrigin): Promise<{ bytes: Uint8Array; filename: string; code: string }> {
    const e = await this.enrollments.own(accountId, enrollmentId);
    if (e.status !== 'paid') throw new AppError(409, 'payment/form_unpaid', '缴费成功后才能打印报名表');
    const order = (await this.payments.paidOrder(e.id))!;
    const view = await this.enrollments.view(e);
    const settings = await this.exams.settings(e.examId, e.provinceId);
    const p = e.snapshot as unknown as PersonalInfo;
    const { bytes: photo } = await this.files.open([{ kind: 'accountant', accountId }], e.photoFileId, origin);
    const now = this.clock.now();
    const { code } = await this.printed.issue(this.db, { kind: FORM_KIND, accountId, title: FORM_TITLE, holderMasked: maskName(p.realName), issuedAt: now, ref: e.id });
    const printedCode = formatCode(code);
    const verifyUrl = `${this.publicBaseUrl.replace(/\/$/, '')}/verify/enrollment/${code}`;
    const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
    const blocks: PdfBlock[] = [
      {
        type: 'figures',
        items: [
          { bytes: new Uint8Array(photo), format: 'jpg', width: 84, height: 118, caption: '考生照片' },
          { bytes: new Uint8Array(qr), format: 'png', width: 96, height: 96, caption: `扫码核验 · 验证码 ${printedCode}` },
        ],
      },
      { type: 'heading', text: '报考信息' },
      {
        type: 'fields',
        rows: [
          { label: '考试名称', value: view.examName, wide: true },
          { label: '报考省份', value: view.provinceName },
          { label: '报名点', value: `${view.siteName}（${view.authorityName}）` },
          { label: '报考类别', value: view.categoryName, wide: true },
          { label: '报考科目', value: e.subjects.map(subjectName).join('、'), wide: true },
          { label: '资格审核', value: `审核通过（${view.mode === 'auto' ? '自动审核' : '人工审核'}）` },
          { label: '报名状态', value: STATUS_NAMES.paid! },
        ],
      },
      { type: 'heading', text: '缴费信息' },
      {
        type: 'fields',
        rows: [
          { label: '订单号码', value: order.orderNo },
          { label: '缴费金额', value: `${order.amount}元` },
          { label: '支付平台', value: '支付宝' },
          { label: '缴费时间', value: order.paidAt ? beijingTime(order.paidAt) : '' },
        ],
      },
      { type: 'heading', text: '基本信息' },
      {
        type: 'fields',
        rows: [
          { label: '姓名', value: p.realName },
          { label: '性别', value: p.sex },
          { label: '证件类型', value: p.idType },
          { label: '证件号码', value: p.idNumber },
          { label: '出生日期', value: p.birthDate },
          { label: '手机号码', value: p.mobile ?? '' },
          { label: '民族', value: p.ethnicity },
          { label: '电子邮箱', value: p.email, wide: true },
          { label: '通讯地址', value: p.address, wide: true },
        ],
      },
      { type: 'heading', text: '学历信息' },
      {
        type: 'table',
        columns: [
          { header: '毕业院校', width: 2.6 },
          { header: '学历', width: 1.2 },
          { header: '专业', width: 1.8 },
          { header: '起止时间', width: 2.4 },
          { header: '证书编号', width: 2 },
          { header: '学信网核验', width: 1.2 },
        ],
        rows: p.education.map((x) => [x.school, x.level, x.major, x.period, x.diplomaNo, x.verified ? '已核验' : '未核验']),
      },
      { type: 'heading', text: '学位信息' },
      { type: 'table', columns: [{ header: '授予单位', width: 3 }, { header: '学位', width: 2 }, { header: '学位证书编号', width: 3 }], rows: p.degree.map((d) => [d.school, d.degree, d.degreeNo]), empty: '无' },
      { type: 'heading', text: '工作信息' },
      {
        type: 'table',
        columns: [
          { header: '工作单位', width: 2.6 },
          { header: '工作单位性质', width: 1.6 },
          { header: '起止时间', width: 2.4 },
          { header: '相关会计工作', width: 2 },
          { header: '会计工作年限', width: 1.4 },
          { header: '会计专业职务（聘任时间）', width: 2 },
        ],
        rows: p.work.map((w) => [w.unitName, w.unitType ?? '', w.period, w.positions ?? '', w.accountingYears ?? '', w.accountingPost ? `${w.accountingPost}${w.appointmentDate ? `（${w.appointmentDate}）` : ''}` : '']),
      },
      { type: 'paragraph', text: `扫描二维码或访问 ${verifyUrl} 可核验本报名表；核验页只显示考生姓名（已脱敏）、考试、科目与报名状态。`, muted: true },
      { type: 'paragraph', text: settings?.phone ? `如有疑问请咨询${view.provinceName}考试管理机构，咨询电话：${settings.phone}。` : '', muted: true },
    ];
    const bytes = await renderPdf({
      title: FORM_TITLE,
      subtitle: [`${view.examName}`, `打印时间：${beijingTime(now)}（北京时间）　验证码：${printedCode}`],
      blocks,
      footer: `验证码 ${printedCode} · 全国会计人员统一服务管理平台`,
      meta: { subject: FORM_TITLE, createdAt: now },
    });
    return { bytes, filename: `${FORM_TITLE}-${beijingDate(now).replace(/-/g, '')}.pdf`, code: printedCode };
  }

  /** The public page of a 报名表's QR code: answers for 报名表 codes only, with the enrollment's state now. */
  async verify(input: string): Promise<EnrollmentVerification> {
    const found = await this.printed.verify(input);
    const e = found?.kind === FORM_KIND && found.ref ? await this.enrollments.byId(found.ref) : undefined;
    if (!found || !e) throw new AppError(404, 'payment/form_not_found', '未找到该验证码对应的报名表，请核对后重试');
    const exam = await this.exams.get(e.examId);
    return {
      title: found.title,
      holderMasked: found.holderMasked,
      examName: exam.name,
      subjects: e.subjects.map(subjectName),
      status: STATUS_NAMES[e.status] ?? '报名未成功',
      issuedAt: beijingTime(found.issuedAt),
    };
  }
}
