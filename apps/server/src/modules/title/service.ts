import { randomUUID } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import {
  maskIdNumber,
  maskName,
  otherTypeName,
  OTHER_STATUSES,
  QUALIFICATION_TITLES,
  titleLevelName,
  titleMethodName,
  titleQualificationMethodName,
  titleRankName,
  TITLE_MESSAGES,
  TITLE_SOURCES,
  TITLE_STATUSES,
  type AccountingTitleRecord,
  type OtherQualificationRecord,
  type TAccountingTitleRequest,
  type TitleRank,
  type TOtherQualificationRequest,
} from '@ausm/domain';
import { anyOf, batchedRead, groupRows, isUniqueViolation, isUuid, preparedOnce, type Db, type Tx } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { blindIndex } from '../../platform/pii/keyring';
import { beijingDate, beijingTime, formatCode, renderPdf, type PrintedDocuments } from '../../platform/pdf';
import { QualificationServiceUnavailable, type QualificationRegistry } from '../../platform/qualification';
import type { ReviewEngine, ReviewItem, ReviewKindHandler } from '../../platform/review/engine';
import type { AuthorityService } from '../authority';
import type { ApprovedRecord, CollectionService } from '../collection';
import type { FileService } from '../files';
import { accountingTitles, otherQualifications, type AccountingTitleRow, type OtherQualificationRow } from './tables';

/** The two review kinds of 会计职称管理. */
export const TITLE_KINDS = { accounting: 'title_accounting', other: 'title_other' } as const;

const ACCOUNTING_FIELDS = [
  { key: 'level', label: '级别' },
  { key: 'qualificationMethod', label: '获取方式' },
  { key: 'passDate', label: '通过时间' },
  { key: 'certNo', label: '资格证书号或批文文号' },
  { key: 'rank', label: '职称层级' },
  { key: 'titleMethod', label: '取得方式' },
  { key: 'certificateNo', label: '职称证书号或批文文号' },
  { key: 'registry', label: '全国会计资格职称库核验' },
];
const OTHER_FIELDS = [
  { key: 'type', label: '专业技术职业资格类型' },
  { key: 'level', label: '专业技术职业资格级别' },
  { key: 'obtainedAt', label: '取得时间' },
  { key: 'certificateNo', label: '证书号或批文文号' },
  { key: 'proof', label: '证明附件' },
];

/** GET /api/titles: whether the person may manage titles (else why), and both lists. */
export type TitleState = {
  allowed: boolean;
  refusal: string | null;
  accounting: Array<AccountingTitleRecord<Date>>;
  other: Array<OtherQualificationRecord<Date>>;
};

const notFound = () => new AppError(404, 'title/not_found', '该记录不存在');
const duplicate = () => new AppError(409, 'title/duplicate', '该证书号或批文文号的记录已存在', { field: 'titleCertificateNo' });
const duplicateOther = () => new AppError(409, 'title/duplicate', '该专业技术资格类型和证书号的记录已存在', { field: 'certificateNo' });
const systemRow = () => new AppError(403, 'title/system_row', TITLE_MESSAGES.systemRow);
const inReview = () => new AppError(409, 'title/in_review', `${TITLE_MESSAGES.pending}；如需修改，请先在“我的办件”中撤回`);

/**
 * 会计职称管理 (seed 003 §7; issue 24; docs/decisions/0022-titles.md). 自动获取 copies the national records'
 * certificates (platform/qualification) as approved system rows; a manual row is one review item of the
 * person's authority and shows 人工审核 until it is decided.
 */
export class TitleService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly collection: CollectionService,
    private readonly approved: ApprovedRecord,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
    private readonly registry: QualificationRegistry,
    private readonly printed: PrintedDocuments,
    private readonly publicBaseUrl: string,
  ) {}

  /**
   * 打印 (seed 003 §7.1): one row on one A4 page, through the platform's PDF service (the 信息表's CJK font),
   * with a verification code that /verify checks (masked name and time only).
   */
  async print(accountId: string, id: string): Promise<{ bytes: Uint8Array; filename: string; code: string }> {
    const row = await this.accountingRow(accountId, id);
    const person = await this.collection.person(accountId);
    const labels = await this.labels([row.authorityId]);
    const r = toAccounting(row, labels);
    const now = this.clock.now();
    const title = '会计专业技术资格信息';
    const { code } = await this.printed.issue(this.db, { kind: 'title_accounting', accountId, title, holderMasked: maskName(person.realName), issuedAt: now });
    const printedCode = formatCode(code);
    const verifyAt = `${this.publicBaseUrl.replace(/\/$/, '')}/verify`;
    const bytes = await renderPdf({
      title,
      subtitle: [`生成时间：${beijingTime(now)}（北京时间）　验证码：${printedCode}`],
      blocks: [
        { type: 'fields', rows: [{ label: '姓名', value: person.realName }, { label: '证件号码', value: maskIdNumber(person.idNumber) }] },
        { type: 'heading', text: '会计专业技术资格' },
        {
          type: 'fields',
          rows: [
            { label: '级别', value: r.levelLabel || '—' },
            { label: '获取方式', value: r.qualificationMethodLabel || '—' },
            { label: '通过时间', value: r.passDate ?? '—' },
            { label: '证书号或批文文号', value: r.qualificationCertificateNo ?? '—' },
          ],
        },
        { type: 'heading', text: '会计职称' },
        {
          type: 'fields',
          rows: [
            { label: '职称层级', value: r.rankLabel },
            { label: '取得方式', value: r.titleMethodLabel },
            { label: '证书号或批文文号', value: r.titleCertificateNo, wide: true },
          ],
        },
        { type: 'heading', text: '状态' },
        {
          type: 'fields',
          rows: [
            { label: '职称状态', value: r.statusLabel },
            { label: '信息来源', value: r.sourceLabel },
            ...(r.authorityName ? [{ label: '审核机构', value: r.authorityName, wide: true }] : []),
          ],
        },
        { type: 'paragraph', text: `本页由全国会计人员统一服务管理平台生成，可凭验证码 ${printedCode} 在 ${verifyAt} 核验。`, muted: true },
      ],
      footer: `验证码 ${printedCode}　核验网址 ${verifyAt}`,
      meta: { subject: `${title} ${printedCode}`, createdAt: now },
    });
    return { bytes, filename: `${title}-${beijingDate(now).replace(/-/g, '')}.pdf`, code: printedCode };
  }

  async state(accountId: string): Promise<TitleState> {
    await this.collection.person(accountId);
    const allowed = (await this.collection.status(accountId)) === 'approved';
    if (!allowed) return { allowed, refusal: TITLE_MESSAGES.collection, accounting: [], other: [] };
    const [a, o] = await Promise.all([
      this.db.select().from(accountingTitles).where(eq(accountingTitles.accountId, accountId)).orderBy(asc(accountingTitles.createdAt), asc(accountingTitles.id)),
      this.db.select().from(otherQualifications).where(eq(otherQualifications.accountId, accountId)).orderBy(asc(otherQualifications.createdAt), asc(otherQualifications.id)),
    ]);
    const labels = await this.labels([...a, ...o].map((r) => r.authorityId));
    return {
      allowed,
      refusal: null,
      accounting: a.map((r) => toAccounting(r, labels)),
      other: o.map((r) => toOther(r, labels)),
    };
  }

  /** One of the person's own rows (打印); someone else's id and an unknown one look the same. */
  async accountingRow(accountId: string, id: string): Promise<AccountingTitleRow> {
    if (!isUuid(id)) throw notFound();
    const [row] = await this.db.select().from(accountingTitles).where(and(eq(accountingTitles.id, id), eq(accountingTitles.accountId, accountId)));
    if (!row) throw notFound();
    return row;
  }

  /**
   * 自动获取会计专业技术资格 (seed 003 §7.1): the national records' certificates for this person become
   * system rows (one per certificate; a certificate already listed is left as it is).
   */
  async fetch(accountId: string): Promise<{ found: number; message: string; state: TitleState }> {
    const person = await this.requireAllowed(accountId);
    let certificates;
    try {
      await this.beforeLookup(person.idNumber);
      certificates = await this.registry.lookup({ idNumber: person.idNumber, name: person.realName });
    } catch (err) {
      if (err instanceof QualificationServiceUnavailable) throw new AppError(503, 'title/registry_unavailable', TITLE_MESSAGES.unavailable);
      throw err;
    }
    if (certificates.length > 0) {
      const now = this.clock.now();
      await this.db
        .insert(accountingTitles)
        .values(
          certificates.map((c) => ({
            id: randomUUID(),
            accountId,
            source: 'system' as const,
            status: 'approved' as const,
            level: c.level,
            qualificationMethod: 'exam' as const,
            passDate: c.obtainedAt,
            qualificationCertificateNo: c.certificateNo,
            rank: RANK_OF_LEVEL[c.level],
            titleMethod: 'exam' as const,
            titleCertificateNo: c.certificateNo,
            titleCertificateIndex: blindIndex(c.certificateNo),
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing({ target: [accountingTitles.accountId, accountingTitles.titleCertificateIndex] });
    }
    return {
      found: certificates.length,
      message: certificates.length > 0 ? TITLE_MESSAGES.fetched : TITLE_MESSAGES.none,
      state: await this.state(accountId),
    };
  }

  // ---- 会计专业技术资格 ----

  async addAccounting(accountId: string, input: TAccountingTitleRequest): Promise<AccountingTitleRecord<Date>> {
    return this.submitAccounting(accountId, null, input);
  }

  async editAccounting(accountId: string, id: string, input: TAccountingTitleRequest): Promise<AccountingTitleRecord<Date>> {
    const row = await this.accountingRow(accountId, id);
    if (row.source === 'system') throw systemRow();
    if (row.status === 'pending') throw inReview();
    return this.submitAccounting(accountId, row, input);
  }

  async deleteAccounting(accountId: string, id: string): Promise<void> {
    const row = await this.accountingRow(accountId, id);
    await this.requireAllowed(accountId);
    if (row.source === 'system') throw systemRow();
    if (row.status === 'pending') throw inReview();
    const gone = await this.db
      .delete(accountingTitles)
      .where(and(eq(accountingTitles.id, id), eq(accountingTitles.accountId, accountId), eq(accountingTitles.source, 'manual'), eq(accountingTitles.updatedAt, row.updatedAt)))
      .returning({ id: accountingTitles.id });
    if (gone.length === 0) throw new AppError(409, 'title/stale', '记录已变更，请刷新页面后重试');
  }

  // ---- 其他专业技术人员职业资格 ----

  async addOther(accountId: string, input: TOtherQualificationRequest): Promise<OtherQualificationRecord<Date>> {
    return this.submitOther(accountId, null, input);
  }

  async editOther(accountId: string, id: string, input: TOtherQualificationRequest): Promise<OtherQualificationRecord<Date>> {
    const row = await this.otherRow(accountId, id);
    if (row.status === 'pending') throw inReview();
    return this.submitOther(accountId, row, input);
  }

  async deleteOther(accountId: string, id: string): Promise<void> {
    const row = await this.otherRow(accountId, id);
    await this.requireAllowed(accountId);
    if (row.status === 'pending') throw inReview();
    const gone = await this.db
      .delete(otherQualifications)
      .where(and(eq(otherQualifications.id, id), eq(otherQualifications.accountId, accountId), eq(otherQualifications.updatedAt, row.updatedAt)))
      .returning({ id: otherQualifications.id });
    if (gone.length === 0) throw new AppError(409, 'title/stale', '记录已变更，请刷新页面后重试');
  }

  /** Run before 自动获取 reads the records: the score ledger enters what it completed for this ID number (app.ts). */
  private beforeLookup: (idNumber: string) => Promise<unknown> = async () => {};
  setBeforeLookup(hook: (idNumber: string) => Promise<unknown>): void {
    this.beforeLookup = hook;
  }

  /** The approved 会计专业技术资格 rows of a person (系统记录 or reviewed): 高级 eligibility counts from 会计师. */
  async approvedAccounting(accountId: string): Promise<Array<{ rank: string; obtainedAt: string | null }>> {
    return this.approvedAccountingOf(accountId);
  }
  // The exam's submit reads both at its peak: with the other requests' of the moment.
  private readonly approvedAccountingOf = batchedRead(async (ids: readonly string[]) => {
    const rows = await this.approvedAccountingStatement().execute({ ids: ids.filter(isUuid) });
    return groupRows(ids, rows, (r) => r.accountId).map((g) => g.map(({ rank, obtainedAt }) => ({ rank, obtainedAt })));
  });

  /** The approved 其他专业技术人员职业资格 of a person, as the exam's eligibility facts read them. */
  async approvedOther(accountId: string): Promise<Array<{ type: string; level: string | null }>> {
    return this.approvedOtherOf(accountId);
  }
  private readonly approvedOtherOf = batchedRead(async (ids: readonly string[]) => {
    const rows = await this.approvedOtherStatement().execute({ ids: ids.filter(isUuid) });
    return groupRows(ids, rows, (r) => r.accountId).map((g) => g.map(({ type, level }) => ({ type, level })));
  });
  private readonly approvedAccountingStatement = preparedOnce(() =>
    this.db
      .select({ accountId: accountingTitles.accountId, rank: accountingTitles.rank, obtainedAt: accountingTitles.passDate })
      .from(accountingTitles)
      .where(and(anyOf(accountingTitles.accountId, sql.placeholder('ids')), eq(accountingTitles.status, 'approved')))
      .prepare('approved_accounting_titles_of'),
  );
  private readonly approvedOtherStatement = preparedOnce(() =>
    this.db
      .select({ accountId: otherQualifications.accountId, type: otherQualifications.type, level: otherQualifications.level })
      .from(otherQualifications)
      .where(and(anyOf(otherQualifications.accountId, sql.placeholder('ids')), eq(otherQualifications.status, 'approved')))
      .prepare('approved_other_qualifications_of'),
  );

  // ---- the review kinds ----

  reviewKinds(): ReviewKindHandler[] {
    const handler = (kind: string, label: string, fields: typeof ACCOUNTING_FIELDS, table: typeof accountingTitles | typeof otherQualifications): ReviewKindHandler => {
      const close = async (tx: Tx, item: ReviewItem, status: 'approved' | 'rejected' | 'withdrawn') => {
        const rowId = item.after.titleId;
        if (typeof rowId !== 'string') return;
        // Only the row's latest item decides it (an item of an earlier edit no longer does).
        await tx
          .update(table)
          .set({ status, opinion: status === 'withdrawn' ? null : item.opinion, updatedAt: this.clock.now() })
          .where(and(eq(table.id, rowId), eq(table.accountId, item.accountId), eq(table.reviewItemId, item.id), eq(table.status, 'pending')));
      };
      return {
        kind,
        label,
        fields,
        onApproved: (tx, item) => close(tx, item, 'approved'),
        onRejected: (tx, item) => close(tx, item, 'rejected'),
        onWithdrawn: (tx, item) => close(tx, item, 'withdrawn'),
      };
    };
    return [
      handler(TITLE_KINDS.accounting, '会计专业技术资格', ACCOUNTING_FIELDS, accountingTitles),
      handler(TITLE_KINDS.other, '其他专业技术人员职业资格', OTHER_FIELDS, otherQualifications),
    ];
  }

  // ---- internals ----

  private async requireAllowed(accountId: string) {
    const person = await this.collection.person(accountId);
    if ((await this.collection.status(accountId)) !== 'approved') throw new AppError(409, 'title/collection_required', TITLE_MESSAGES.collection);
    return person;
  }

  private async authorityOf(accountId: string) {
    const record = await this.approved.read(accountId);
    const authority = record?.profile.authorityId ? await this.authorities.byId(record.profile.authorityId) : null;
    if (!authority) throw new AppError(409, 'title/collection_required', TITLE_MESSAGES.collection);
    return authority;
  }

  private async otherRow(accountId: string, id: string): Promise<OtherQualificationRow> {
    if (!isUuid(id)) throw notFound();
    const [row] = await this.db.select().from(otherQualifications).where(and(eq(otherQualifications.id, id), eq(otherQualifications.accountId, accountId)));
    if (!row) throw notFound();
    return row;
  }

  /** Whether the national records hold this certificate: what the reviewer reads beside the proof. */
  private async registryCheck(person: { idNumber: string; realName: string }, certificateNos: Array<string | null>): Promise<string> {
    try {
      const held = await this.registry.lookup({ idNumber: person.idNumber, name: person.realName });
      const hit = held.find((c) => certificateNos.includes(c.certificateNo));
      if (hit) return `已核验：全国会计资格职称库有此证书（${QUALIFICATION_TITLES[hit.level]}，${hit.obtainedAt}）`;
      return held.length > 0
        ? `未找到此证书号；库中有此人的：${held.map((c) => `${QUALIFICATION_TITLES[c.level]}（${c.obtainedAt}）`).join('、')}`
        : '未找到：全国会计资格职称库无此人2001年以后的证书，请核对证明文件';
    } catch (err) {
      if (err instanceof QualificationServiceUnavailable) return '未核验：全国会计资格职称库暂时无法访问';
      throw err;
    }
  }

  private async submitAccounting(accountId: string, current: AccountingTitleRow | null, input: TAccountingTitleRequest): Promise<AccountingTitleRecord<Date>> {
    const person = await this.requireAllowed(accountId);
    const authority = await this.authorityOf(accountId);
    const id = current?.id ?? randomUUID();
    const registry = await this.registryCheck(person, [input.qualificationCertificateNo, input.titleCertificateNo]);
    const display = {
      level: titleLevelName(input.level),
      qualificationMethod: titleQualificationMethodName(input.qualificationMethod),
      passDate: input.passDate ?? '',
      // Certificate numbers under the keys review items seal (platform/pii SENSITIVE_JSON_KEYS).
      certNo: input.qualificationCertificateNo ?? '',
      rank: titleRankName(input.rank),
      titleMethod: titleMethodName(input.titleMethod),
      certificateNo: input.titleCertificateNo,
      registry,
    };
    try {
      await this.db.transaction(async (tx) => {
        const now = this.clock.now();
        await this.files.claim(tx, accountId, input.proofFileId, 'proof', { usedBy: `title:${id}`, field: 'proofFileId', label: '证明文件' });
        const values = {
          status: 'pending' as const,
          level: input.level,
          qualificationMethod: input.qualificationMethod,
          passDate: input.passDate,
          qualificationCertificateNo: input.qualificationCertificateNo,
          rank: input.rank,
          titleMethod: input.titleMethod,
          titleCertificateNo: input.titleCertificateNo,
          titleCertificateIndex: blindIndex(input.titleCertificateNo),
          proofFileId: input.proofFileId,
          authorityId: authority.id,
          opinion: null,
          updatedAt: now,
        };
        if (current) {
          // Edited only if still as read (not pending, not changed meanwhile): a second edit at once is refused.
          const [updated] = await tx
            .update(accountingTitles)
            .set(values)
            .where(and(eq(accountingTitles.id, id), eq(accountingTitles.updatedAt, current.updatedAt), eq(accountingTitles.source, 'manual')))
            .returning({ id: accountingTitles.id });
          if (!updated) throw new AppError(409, 'title/stale', '记录已变更，请刷新页面后重试');
        } else {
          await tx.insert(accountingTitles).values({ id, accountId, source: 'manual', createdAt: now, ...values });
        }
        const item = await this.reviews.submit(tx, {
          kind: TITLE_KINDS.accounting,
          accountId,
          authorityId: authority.id,
          authorityPath: authority.path,
          applicantName: maskName(person.realName),
          applicantIdMasked: maskIdNumber(person.idNumber),
          title: `会计专业技术资格（${current ? '编辑' : '新增'}：${titleRankName(input.rank)}）`,
          before: current ? accountingDisplay(current) : Object.fromEntries(Object.keys(display).map((k) => [k, ''])),
          // titleId: how the decision finds its row (not a field: the console does not show it).
          after: { ...display, titleId: id },
          attachments: [{ id: input.proofFileId, label: '会计专业技术资格证书或高评委评审通过证明文件' }],
        });
        await tx.update(accountingTitles).set({ reviewItemId: item.id }).where(eq(accountingTitles.id, id));
      });
    } catch (err) {
      if (isUniqueViolation(err, 'accounting_titles_certificate_uq')) throw duplicate();
      throw err;
    }
    const row = await this.accountingRow(accountId, id);
    return toAccounting(row, await this.labels([row.authorityId]));
  }

  private async submitOther(accountId: string, current: OtherQualificationRow | null, input: TOtherQualificationRequest): Promise<OtherQualificationRecord<Date>> {
    const person = await this.requireAllowed(accountId);
    const authority = await this.authorityOf(accountId);
    const id = current?.id ?? randomUUID();
    const display = {
      type: otherTypeName(input.type),
      level: input.level ? titleLevelName(input.level) : '',
      obtainedAt: input.obtainedAt,
      certificateNo: input.certificateNo,
      proof: input.proofFileId ? '已上传' : '未上传',
    };
    try {
      await this.db.transaction(async (tx) => {
        const now = this.clock.now();
        if (input.proofFileId) await this.files.claim(tx, accountId, input.proofFileId, 'proof', { usedBy: `title_other:${id}`, field: 'proofFileId', label: '证明附件' });
        const values = {
          status: 'pending' as const,
          type: input.type,
          level: input.level,
          obtainedAt: input.obtainedAt,
          certificateNo: input.certificateNo,
          certificateIndex: blindIndex(input.certificateNo),
          proofFileId: input.proofFileId,
          authorityId: authority.id,
          opinion: null,
          updatedAt: now,
        };
        if (current) {
          const [updated] = await tx
            .update(otherQualifications)
            .set(values)
            .where(and(eq(otherQualifications.id, id), eq(otherQualifications.updatedAt, current.updatedAt)))
            .returning({ id: otherQualifications.id });
          if (!updated) throw new AppError(409, 'title/stale', '记录已变更，请刷新页面后重试');
        } else {
          await tx.insert(otherQualifications).values({ id, accountId, createdAt: now, ...values });
        }
        const item = await this.reviews.submit(tx, {
          kind: TITLE_KINDS.other,
          accountId,
          authorityId: authority.id,
          authorityPath: authority.path,
          applicantName: maskName(person.realName),
          applicantIdMasked: maskIdNumber(person.idNumber),
          title: `其他专业技术人员职业资格（${current ? '编辑' : '新增'}：${otherTypeName(input.type)}）`,
          before: current ? otherDisplay(current) : Object.fromEntries(Object.keys(display).map((k) => [k, ''])),
          after: { ...display, titleId: id },
          attachments: input.proofFileId ? [{ id: input.proofFileId, label: '其他专业技术人员职业资格证明附件' }] : [],
        });
        await tx.update(otherQualifications).set({ reviewItemId: item.id }).where(eq(otherQualifications.id, id));
      });
    } catch (err) {
      if (isUniqueViolation(err, 'other_qualifications_certificate_uq')) throw duplicateOther();
      throw err;
    }
    const row = await this.otherRow(accountId, id);
    return toOther(row, await this.labels([row.authorityId]));
  }

  private async labels(ids: Array<string | null>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) if (id) out.set(id, await this.authorities.label(id));
    return out;
  }
}

const RANK_OF_LEVEL: Record<'junior' | 'intermediate' | 'senior', TitleRank> = { junior: 'assistant', intermediate: 'accountant', senior: 'senior' };

function accountingDisplay(r: AccountingTitleRow): Record<string, unknown> {
  return {
    level: titleLevelName(r.level),
    qualificationMethod: titleQualificationMethodName(r.qualificationMethod),
    passDate: r.passDate ?? '',
    certNo: r.qualificationCertificateNo ?? '',
    rank: titleRankName(r.rank),
    titleMethod: titleMethodName(r.titleMethod),
    certificateNo: r.titleCertificateNo,
    registry: '',
  };
}

function otherDisplay(r: OtherQualificationRow): Record<string, unknown> {
  return { type: otherTypeName(r.type), level: r.level ? titleLevelName(r.level) : '', obtainedAt: r.obtainedAt, certificateNo: r.certificateNo, proof: r.proofFileId ? '已上传' : '未上传' };
}

export function toAccounting(r: AccountingTitleRow, labels: Map<string, string>): AccountingTitleRecord<Date> {
  return {
    id: r.id,
    source: r.source,
    sourceLabel: TITLE_SOURCES[r.source],
    status: r.status,
    statusLabel: TITLE_STATUSES[r.status],
    level: r.level,
    levelLabel: titleLevelName(r.level),
    qualificationMethod: r.qualificationMethod,
    qualificationMethodLabel: titleQualificationMethodName(r.qualificationMethod),
    passDate: r.passDate,
    qualificationCertificateNo: r.qualificationCertificateNo,
    rank: r.rank,
    rankLabel: titleRankName(r.rank),
    titleMethod: r.titleMethod,
    titleMethodLabel: titleMethodName(r.titleMethod),
    titleCertificateNo: r.titleCertificateNo,
    authorityName: r.authorityId ? (labels.get(r.authorityId) ?? '') : '',
    proofFileId: r.proofFileId,
    opinion: r.opinion,
    openReviewItemId: r.status === 'pending' ? r.reviewItemId : null,
    editable: r.source === 'manual' && r.status !== 'pending',
    updatedAt: r.updatedAt,
  };
}

function toOther(r: OtherQualificationRow, labels: Map<string, string>): OtherQualificationRecord<Date> {
  return {
    id: r.id,
    status: r.status,
    statusLabel: OTHER_STATUSES[r.status],
    type: r.type,
    typeLabel: otherTypeName(r.type),
    level: r.level,
    levelLabel: titleLevelName(r.level),
    obtainedAt: r.obtainedAt,
    certificateNo: r.certificateNo,
    authorityName: labels.get(r.authorityId) ?? '',
    proofFileId: r.proofFileId,
    opinion: r.opinion,
    openReviewItemId: r.status === 'pending' ? r.reviewItemId : null,
    editable: r.status !== 'pending',
    updatedAt: r.updatedAt,
  };
}

