import QRCode from 'qrcode';
import { and, eq, isNull } from 'drizzle-orm';
import { CERTIFICATE_TITLES, examLevelName, maskIdNumber, maskName } from '@ausm/domain';
import { isUuid, type Db } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { blindIndex } from '../../platform/pii/keyring';
import { beijingDate, beijingTime, formatCode, renderPdf, type PrintedDocuments } from '../../platform/pdf';
import type { AccountService } from '../account';
import type { StaffContext } from '../staff/service';
import { qualificationCertificates, type QualificationCertificateRow } from './tables';

export const CERTIFICATE_KIND = 'qualification_certificate';
const CERTIFICATE_DOC_TITLE = '会计专业技术资格电子证书';

/** The public check of an electronic certificate's QR code: masked name, level, number, date and state, nothing else. */
export type CertificateVerification = {
  title: string;
  holderMasked: string;
  levelLabel: string;
  qualification: string;
  certificateNo: string;
  obtainedAt: string;
  status: 'valid' | 'revoked';
  statusLabel: string;
  revokedAt: string | null;
};

/** A certificate as the 财政部 console shows it (the holder's ID number masked). */
export type CertificateAdminView = {
  id: string;
  levelLabel: string;
  qualification: string;
  certificateNo: string;
  examYear: number;
  obtainedAt: string;
  idNumberMasked: string;
  recorded: boolean;
  revoked: boolean;
  revokedAt: string | null;
  revokedReason: string | null;
  revokedBy: string | null;
};

const notFound = () => new AppError(404, 'certificate/not_found', '未找到该资格证书');
const nationalOnly = (ctx: StaffContext) => {
  if (!ctx.roles.includes('admin') || ctx.authorityLevel !== 'national') throw new AppError(403, 'certificate/forbidden', '仅财政部管理员可以查询和撤销资格证书');
};

/**
 * 电子证书 (issue 24): the 资格证书 the score ledger completed, printed by the platform's PDF service (Noto Sans SC)
 * with a QR code to its public verification page (/verify/certificate/:code, 80 random bits per print); a
 * 财政部 administrator may revoke one with a reason, which the page then shows.
 */
export class CertificateService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly printed: PrintedDocuments,
    private readonly audit: AuditLog,
    private readonly publicBaseUrl: string,
  ) {}

  /** One of the person's own certificates; someone else's id and an unknown one look the same. */
  private async own(accountId: string, id: string): Promise<{ row: QualificationCertificateRow; realName: string }> {
    if (!isUuid(id)) throw notFound();
    const identity = await this.accounts.identity(accountId);
    if (!identity?.verified) throw notFound();
    const [row] = await this.db
      .select()
      .from(qualificationCertificates)
      .where(and(eq(qualificationCertificates.id, id), eq(qualificationCertificates.idNumberIndex, blindIndex(identity.idNumber))));
    if (!row) throw notFound();
    return { row, realName: identity.realName };
  }

  async pdf(accountId: string, id: string): Promise<{ bytes: Uint8Array; filename: string; code: string }> {
    const { row, realName } = await this.own(accountId, id);
    if (row.revokedAt) throw new AppError(409, 'certificate/revoked', '该资格证书已被撤销，不能打印电子证书');
    const now = this.clock.now();
    const qualification = CERTIFICATE_TITLES[row.level];
    const { code } = await this.printed.issue(this.db, { kind: CERTIFICATE_KIND, accountId, title: CERTIFICATE_DOC_TITLE, holderMasked: maskName(realName), issuedAt: now, ref: row.id });
    const printedCode = formatCode(code);
    const verifyUrl = `${this.publicBaseUrl.replace(/\/$/, '')}/verify/certificate/${code}`;
    const qr = await QRCode.toBuffer(verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
    const bytes = await renderPdf({
      title: CERTIFICATE_DOC_TITLE,
      subtitle: [`${examLevelName(row.level)}会计专业技术资格`, `生成时间：${beijingTime(now)}（北京时间）　验证码：${printedCode}`],
      blocks: [
        { type: 'figures', items: [{ bytes: new Uint8Array(qr), format: 'png', width: 110, height: 110, caption: `扫码核验 · 验证码 ${printedCode}` }] },
        {
          type: 'fields',
          rows: [
            { label: '姓名', value: realName },
            { label: '证件号码', value: maskIdNumber(row.idNumber) },
            { label: '资格级别', value: `${examLevelName(row.level)}（${qualification}）` },
            { label: '证书编号', value: row.certificateNo },
            { label: '考试年度', value: `${row.examYear}年度` },
            { label: '取得日期', value: row.obtainedAt },
            { label: '发证机关', value: '中华人民共和国财政部' },
          ],
        },
        {
          type: 'paragraph',
          text: `持证人通过全国会计专业技术资格考试${examLevelName(row.level)}资格考试，成绩合格，取得${examLevelName(row.level)}会计专业技术资格（${qualification}），已记入全国会计资格职称库。`,
        },
        { type: 'paragraph', text: `扫描二维码或访问 ${verifyUrl} 可核验本证书；核验页只显示持证人姓名（已脱敏）、资格级别、证书编号、取得日期与证书状态。`, muted: true },
      ],
      footer: `验证码 ${printedCode} · 全国会计人员统一服务管理平台`,
      meta: { subject: `${CERTIFICATE_DOC_TITLE} ${printedCode}`, createdAt: now },
    });
    return { bytes, filename: `${CERTIFICATE_DOC_TITLE}-${beijingDate(now).replace(/-/g, '')}.pdf`, code: printedCode };
  }

  /** The public page of a certificate's QR code: answers for certificate codes only, with the state now. */
  async verify(input: string): Promise<CertificateVerification> {
    const found = await this.printed.verify(input);
    const [row] = found?.kind === CERTIFICATE_KIND && found.ref && isUuid(found.ref) ? await this.db.select().from(qualificationCertificates).where(eq(qualificationCertificates.id, found.ref)) : [];
    if (!found || !row) throw new AppError(404, 'certificate/code_not_found', '未找到该验证码对应的资格证书，请核对后重试');
    return {
      title: found.title,
      holderMasked: found.holderMasked,
      levelLabel: examLevelName(row.level),
      qualification: CERTIFICATE_TITLES[row.level],
      certificateNo: row.certificateNo,
      obtainedAt: row.obtainedAt,
      status: row.revokedAt ? 'revoked' : 'valid',
      statusLabel: row.revokedAt ? '已撤销' : '有效',
      revokedAt: row.revokedAt ? beijingDate(row.revokedAt) : null,
    };
  }

  /** 资格证书查询 (财政部 administrators): by the certificate number. */
  async find(ctx: StaffContext, certificateNo: string): Promise<CertificateAdminView> {
    nationalOnly(ctx);
    const [row] = await this.db.select().from(qualificationCertificates).where(eq(qualificationCertificates.certificateIndex, blindIndex(certificateNo.trim())));
    if (!row) throw notFound();
    return adminView(row);
  }

  /** 撤销资格证书: once (a second, or sixteen at once, finds it revoked already), with the reason, audited. */
  async revoke(ctx: StaffContext, id: string, reason: string, origin: RequestOrigin): Promise<CertificateAdminView> {
    nationalOnly(ctx);
    if (!isUuid(id)) throw notFound();
    const now = this.clock.now();
    const row = await this.db.transaction(async (tx) => {
      const [existing] = await tx.select().from(qualificationCertificates).where(eq(qualificationCertificates.id, id));
      if (!existing) throw notFound();
      const [updated] = await tx
        .update(qualificationCertificates)
        // The national records are behind until the revocation reaches them (ScoreService.recordNational).
        .set({ revokedAt: now, revokedReason: reason, revokedBy: ctx.username, recordedAt: null })
        .where(and(eq(qualificationCertificates.id, id), isNull(qualificationCertificates.revokedAt)))
        .returning();
      if (!updated) throw new AppError(409, 'certificate/revoked_already', '该资格证书已撤销');
      await this.audit.record(tx, { kind: 'certificate_revoke', actor: { staffId: ctx.staffId, username: ctx.username }, detail: { certificateId: id, level: updated.level, reason } }, origin);
      return updated;
    });
    // Told after the commit; one the registry cannot take now is taken out before the person's next 自动获取.
    await this.afterRevoked(row.idNumber).catch(() => {});
    return adminView((await this.db.select().from(qualificationCertificates).where(eq(qualificationCertificates.id, id)))[0] ?? row);
  }

  /** What a revocation sets going once committed (app.ts: the national records are told). */
  private afterRevoked: (idNumber: string) => Promise<unknown> = async () => {};
  onRevoked(listener: (idNumber: string) => Promise<unknown>): void {
    this.afterRevoked = listener;
  }
}

function adminView(row: QualificationCertificateRow): CertificateAdminView {
  return {
    id: row.id,
    levelLabel: examLevelName(row.level),
    qualification: CERTIFICATE_TITLES[row.level],
    certificateNo: row.certificateNo,
    examYear: row.examYear,
    obtainedAt: row.obtainedAt,
    idNumberMasked: maskIdNumber(row.idNumber),
    recorded: row.recordedAt !== null,
    revoked: row.revokedAt !== null,
    revokedAt: row.revokedAt ? beijingTime(row.revokedAt) : null,
    revokedReason: row.revokedReason,
    revokedBy: row.revokedBy,
  };
}
