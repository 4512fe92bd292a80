import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import {
  ACCOUNTING_POSITIONS,
  ACCOUNTING_POSTS,
  accountingYearsText,
  checkEligibility,
  codeName,
  DEGREES,
  EDUCATION_LEVELS,
  eligibilityFacts,
  passedSubjectProblem,
  subjectsStillNeeded,
  type ScoreResult,
  ETHNICITIES,
  formatBeijingDateTime,
  idTypeLabel,
  maskIdNumber,
  maskMobile,
  maskName,
  overallCollectionStatus,
  POST_LEVELS,
  UNIT_TYPES,
  periodText,
  proofProblems,
  subjectName,
  subjectProblems,
  type BasicData,
  type Eligibility,
  type EnrollmentStart as EnrollmentStartOf,
  type EnrollmentView as EnrollmentViewOf,
  type PersonalInfo,
  type TEducationRequest,
  type TEnrollmentRequest,
  type UploadPurpose,
  type WorkData,
} from '@ausm/domain';
import { anyOf, batchedRead, isUniqueViolation, isUuid, preparedOnce, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin, SecurityEvent } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { GroupCommit } from '../../platform/group-commit';
import type { ReviewEngine, ReviewItem, ReviewKindHandler, SubmitInput } from '../../platform/review/engine';
import type { ReviewAttachment } from '../../platform/review/tables';
import type { AuthorityService } from '../authority';
import type { ApprovedRecord, ApprovedRecordView, CollectionService } from '../collection';
import type { ExamService } from '../exam';
import type { FileService } from '../files';
import { enrollments, type EnrollmentRow } from './tables';

export const ENROLLMENT_KIND = 'exam_eligibility';

/** The identity the ledgers key on, read once per request (`CollectionService.person` refuses the unverified). */
type Holder = { idNumber: string; verified: boolean };
const holder = <P extends { idNumber: string }>(person: P): P & Holder => ({ ...person, verified: true });

/** The detail page's rows of a 资格审核 item; `eligibility` is shown as its own section beside the evidence. */
const FIELDS = [
  { key: 'exam', label: '考试名称' },
  { key: 'province', label: '报考省份' },
  { key: 'site', label: '报名点' },
  { key: 'category', label: '报考类别' },
  { key: 'subjects', label: '报考科目' },
  { key: 'realName', label: '考生姓名' },
  { key: 'idType', label: '证件类型' },
  { key: 'idNumber', label: '证件号码' },
  { key: 'sex', label: '性别' },
  { key: 'birthDate', label: '出生日期' },
  { key: 'mobile', label: '手机号码' },
  { key: 'ethnicity', label: '民族' },
  { key: 'email', label: '电子邮箱' },
  { key: 'address', label: '通讯地址' },
  { key: 'education', label: '学历信息' },
  { key: 'degree', label: '学位信息' },
  { key: 'work', label: '工作信息' },
  { key: 'eligibility', label: '报名条件核验' },
] as const;

/** What the candidate sees of an enrollment (审核告知 and the step bar); the shape is the domain's (exam/views.ts). */
export type EnrollmentView = EnrollmentViewOf<Date>;
/** GET /api/enrollment/start. */
export type EnrollmentStart = EnrollmentStartOf<Date>;

const closed = (s: { signupStart: Date; signupEnd: Date }) =>
  new AppError(409, 'enrollment/window_closed', `不在报名时间内，报名时间为${formatBeijingDateTime(s.signupStart)}至${formatBeijingDateTime(s.signupEnd)}`);
const enrolledAlready = () => new AppError(409, 'enrollment/exists', '您已报名本次考试，不能重复报名');
const COLLECTION_REQUIRED = '报名前须完成会计人员信息采集并审核通过，请先办理信息采集';

/**
 * 考生报名 (seed 003 §6.1, 002 §4) up to 资格审核: the candidate's enrollment, checked against the
 * eligibility rule of packages/domain, filed with the 报名点's authority, decided through the review engine.
 */
export class EnrollmentService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly exams: ExamService,
    private readonly collection: CollectionService,
    private readonly approved: ApprovedRecord,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
    private readonly audit: AuditLog,
  ) {
    this.filings = new GroupCommit(
      db,
      (tx, fs) => this.fileAll(tx, fs),
      (f) => this.fileOne(f),
    );
  }

  /** Approved 其他专业技术人员职业资格 (会计职称管理 registers it; none until then). */
  private otherQualifications: (accountId: string) => Promise<Array<{ type: string; level: string | null }>> = async () => [];
  setOtherQualificationSource(source: (accountId: string) => Promise<Array<{ type: string; level: string | null }>>): void {
    this.otherQualifications = source;
  }

  /**
   * The person's exam results (the score ledger registers it): the 中级 enrollment offers only the subjects still
   * needed. The sources below are given the identity the enrollment has read (ledgers key on the ID number).
   */
  private scoreResults: (accountId: string, identity: Holder) => Promise<ScoreResult[]> = async () => [];
  setScoreSource(source: (accountId: string, identity: Holder) => Promise<ScoreResult[]>): void {
    this.scoreResults = source;
  }

  /** 会计师 or higher held (national records, approved title rows, the ledger's certificates): 高级 counts from it. */
  private accountingTitles: (accountId: string, identity: Holder) => Promise<Array<{ rank: string; obtainedAt: string | null }>> = async () => [];
  setAccountingTitleSource(source: (accountId: string, identity: Holder) => Promise<Array<{ rank: string; obtainedAt: string | null }>>): void {
    this.accountingTitles = source;
  }

  /** What the eligibility rule reads beside the approved record, read at once. */
  private ruleSources(accountId: string, person: Holder) {
    return Promise.all([this.otherQualifications(accountId), this.accountingTitles(accountId, person)]);
  }

  async start(accountId: string, examId: string, provinceId: string): Promise<EnrollmentStart> {
    const exam = await this.exams.get(examId);
    const row = await this.exams.settingsRow(examId, provinceId);
    const settings = (await this.exams.settings(examId, provinceId))!;
    const person = holder(await this.collection.person(accountId));
    const [read, existing, [other, titles], scores] = await Promise.all([
      this.approved.read(accountId),
      this.row(accountId, examId),
      this.ruleSources(accountId, person),
      this.scoreResults(accountId, person),
    ]);
    const record = approvedOnly(read);
    const base = { exam, settings, open: this.exams.signupOpen(row), enrollment: existing ? await this.view(existing) : null };
    if (!record) return { ...base, blocked: COLLECTION_REQUIRED, eligibility: null, subjectsNeeded: null, personal: null, emailEditable: false };
    const personal = this.personal(person, record, '', exam.year);
    return {
      ...base,
      blocked: null,
      eligibility: checkEligibility(exam.level, exam.year, eligibilityFacts(toRuleRecord(record, other, titles))),
      subjectsNeeded: subjectsStillNeeded(exam.level, scores, exam.year),
      personal: { ...personal, realName: maskName(personal.realName), idNumber: maskIdNumber(personal.idNumber), mobile: personal.mobile ? maskMobile(personal.mobile) : '' },
      emailEditable: !personal.email,
    };
  }

  async mine(accountId: string): Promise<EnrollmentView[]> {
    const rows = await this.db.select().from(enrollments).where(eq(enrollments.accountId, accountId)).orderBy(desc(enrollments.submittedAt));
    return Promise.all(rows.map((r) => this.view(r)));
  }

  /**
   * 提交: the window, the record, the rule, the subjects, the 报名点 and the proofs are checked first; the
   * enrollment, its files, its review item and the audit event are one transaction. A refused or withdrawn
   * enrollment is filed again in place.
   */
  async submit(accountId: string, input: TEnrollmentRequest, origin: RequestOrigin): Promise<EnrollmentView> {
    const exam = await this.exams.get(input.examId);
    const row = await this.exams.settingsRow(input.examId, input.provinceId);
    if (!this.exams.signupOpen(row)) throw closed(row);
    const settings = (await this.exams.settings(exam.id, input.provinceId))!;
    const person = holder(await this.collection.person(accountId));
    // Everything the checks read, at once: the submit is the peak's request (issue 21's figure 5).
    const [read, existing, [other, titles], scores] = await Promise.all([
      this.approved.read(accountId),
      this.row(accountId, exam.id),
      this.ruleSources(accountId, person),
      this.scoreResults(accountId, person),
    ]);
    const record = approvedOnly(read);
    if (!record) throw new AppError(409, 'enrollment/collection_required', COLLECTION_REQUIRED);

    // The rule the page showed, with the same words.
    const eligibility = checkEligibility(exam.level, exam.year, eligibilityFacts(toRuleRecord(record, other, titles)));
    if (!eligibility.eligible) throw new AppError(400, 'enrollment/ineligible', eligibility.message!, { field: 'category' });
    const route = eligibility.routes.find((r) => r.code === input.category);
    if (!route) throw new AppError(400, 'enrollment/category', '请选择报考类别', { field: 'category' });
    if (!route.satisfied) throw new AppError(400, 'enrollment/ineligible', `不符合所选报考类别的条件：${route.name}——${route.reason}`, { field: 'category' });
    const subjects = subjectProblems(exam.level, input.subjects);
    if (subjects) throw new AppError(400, 'enrollment/subjects', subjects, { field: 'subjects' });
    // 中级: a subject passed within the rolling two years is not taken again (the score ledger).
    const passedAlready = passedSubjectProblem(subjectsStillNeeded(exam.level, scores, exam.year), input.subjects);
    if (passedAlready) throw new AppError(400, 'enrollment/subjects_passed', passedAlready, { field: 'subjects' });
    const site = settings.sites.find((s) => s.authorityId === input.siteAuthorityId);
    if (!site) throw new AppError(400, 'enrollment/site', '请选择本省（市）设置的报名点', { field: 'siteAuthorityId' });
    const proofs = proofProblems(route.proofs, input.proofs);
    if (proofs) throw new AppError(400, 'enrollment/proofs', proofs, { field: 'proofs' });

    if (existing && existing.status !== 'rejected' && existing.status !== 'withdrawn') throw enrolledAlready();
    const siteAuthority = (await this.authorities.byId(site.authorityId))!;
    const authorityName = await this.authorities.label(siteAuthority.id);
    const recordEmail = (record.profile.basic as BasicData | null)?.email ?? '';
    const personal = this.personal(person, record, recordEmail ? '' : (input.email ?? ''), exam.year);
    const auto = settings.reviewMode === 'auto' && route.autoReviewable;
    const id = existing?.id ?? randomUUID();
    // The review item's id is known before it is written, so the enrollment names it from its first write.
    const reviewItemId = randomUUID();
    const now = this.clock.now();
    const fields = {
      provinceId: input.provinceId,
      siteAuthorityId: site.authorityId,
      category: route.code,
      subjects: input.subjects,
      photoFileId: input.photoFileId,
      proofs: input.proofs,
      snapshot: personal as unknown as Record<string, unknown>,
      eligibility,
      status: 'pending' as const,
      reviewItemId,
      opinion: null,
      submittedAt: now,
      decidedAt: null,
    };
    const usedBy = `enrollment:${id}`;
    const filing: Filing = {
      id,
      refile: !!existing,
      row: { id, examId: exam.id, accountId, ...fields },
      claims: [
        { accountId, fileId: input.photoFileId, purpose: 'exam_photo', usedBy, field: 'photoFileId', label: '照片', attachment: '考生照片' },
        ...route.proofs.map((slot) => ({ accountId, fileId: input.proofs[slot.key]!, purpose: 'proof' as const, usedBy, field: `proofs.${slot.key}`, label: slot.label, attachment: slot.label })),
      ],
      audit: { event: { kind: 'enrollment_submit', accountId, detail: { enrollmentId: id, examId: exam.id, provinceId: input.provinceId, siteAuthorityId: site.authorityId } }, origin },
      review: {
        id: reviewItemId,
        kind: ENROLLMENT_KIND,
        accountId,
        authorityId: siteAuthority.id,
        authorityPath: siteAuthority.path,
        applicantName: maskName(person.realName),
        applicantIdMasked: maskIdNumber(person.idNumber),
        title: `${exam.name}·资格审核`,
        before: null,
        after: {
          exam: exam.name,
          province: settings.provinceName,
          site: `${site.name}（${authorityName}）`,
          category: route.name,
          subjects: input.subjects.map(subjectName).join('、'),
          realName: personal.realName,
          idType: personal.idType,
          idNumber: personal.idNumber,
          sex: personal.sex,
          birthDate: personal.birthDate,
          mobile: personal.mobile,
          ethnicity: personal.ethnicity,
          email: personal.email,
          address: personal.address,
          education: personal.education
            .map((e) => `${e.school} ${e.level} ${e.major} ${e.period}${e.diplomaNo ? ` 证书编号 ${e.diplomaNo}` : ''}${e.verified ? '（学信网已核验）' : ''}`)
            .join('\n'),
          degree: personal.degree.map((d) => `${d.school} ${d.degree} ${d.degreeNo}`).join('\n') || '无',
          work: personal.work
            .map(
              (w) =>
                `${w.unitName}（${[w.unitType, w.unitAddress].filter(Boolean).join('，')}） ${w.period}${w.accountingPost ? ` ${w.accountingPost}（聘任时间 ${w.appointmentDate}）` : ''}` +
                `${w.positions ? ` 会计工作：${w.postLevels}·${w.positions}` : ''} 会计工作年限 ${w.accountingYears}`,
            )
            .join('\n'),
          eligibility,
          // Not fields: how the decision finds its enrollment, and whether 自动审核 may decide it.
          enrollmentId: id,
          autoReview: auto,
        },
      },
    };
    // A first enrollment is written with those of other candidates of the same moment (one transaction, a few
    // multi-row statements); a correction refiles its own row alone.
    const filed = filing.refile ? await this.fileOne(filing) : await this.filings.write(filing);
    // Still pending, the row is what was written; 自动审核 changed it inside the transaction, so it is read back.
    if (filed.status === 'pending') return this.view({ ...filing.row, paidAt: null, cancelledAt: null }, filed);
    return this.view((await this.row(accountId, exam.id))!);
  }

  /** The enrollment, its files claimed, its audit event and its review item: one candidate's transaction. */
  private async fileOne(f: Filing): Promise<ReviewItem> {
    try {
      return await this.db.transaction(async (tx) => {
        if (f.refile) {
          // Only one of several corrections sent at once refiles it.
          const { id: _id, examId: _exam, accountId: _account, ...fields } = f.row;
          const [updated] = await tx
            .update(enrollments)
            .set(fields)
            .where(and(eq(enrollments.id, f.id), inArray(enrollments.status, ['rejected', 'withdrawn'])))
            .returning({ id: enrollments.id });
          if (!updated) throw enrolledAlready();
        } else {
          await tx.insert(enrollments).values(f.row);
        }
        for (const c of f.claims) await this.files.claim(tx, c.accountId, c.fileId, c.purpose, { usedBy: c.usedBy, field: c.field, label: c.label });
        await this.audit.record(tx, f.audit.event, f.audit.origin);
        return this.reviews.submit(tx, { ...f.review, attachments: attachmentsOf(f) });
      });
    } catch (err) {
      if (isUniqueViolation(err, 'enrollments_exam_account_uq')) throw enrolledAlready();
      throw err;
    }
  }

  /**
   * The first enrollments of several candidates in one transaction (platform/group-commit.ts): each table's
   * rows in one statement. Any failure rolls the whole batch back, and each is then filed alone (`fileOne`),
   * which gives each candidate their own answer.
   */
  private async fileAll(tx: Tx, fs: Filing[]): Promise<ReviewItem[]> {
    await tx.insert(enrollments).values(fs.map((f) => f.row));
    if (!(await this.files.claimAll(tx, fs.flatMap((f) => f.claims)))) throw new Error('a file of the batch could not be claimed');
    await this.audit.recordAll(tx, fs.map((f) => f.audit));
    return this.reviews.submitAll(tx, fs.map((f) => ({ ...f.review, attachments: attachmentsOf(f) })));
  }

  private readonly filings: GroupCommit<Filing, ReviewItem>;

  // ---- 网上缴费 and 重新报名 (issue 22): what modules/payment asks of an enrollment ----

  /** The candidate's own enrollment, or 404 (someone else's id answers as a missing one). */
  async own(accountId: string, enrollmentId: string): Promise<EnrollmentRow> {
    const [r] = isUuid(enrollmentId) ? await this.db.select().from(enrollments).where(and(eq(enrollments.id, enrollmentId), eq(enrollments.accountId, accountId))) : [];
    if (!r) throw new AppError(404, 'enrollment/not_found', '报名记录不存在');
    return r;
  }

  async byId(enrollmentId: string, db: Db | Tx = this.db): Promise<EnrollmentRow | undefined> {
    if (!isUuid(enrollmentId)) return undefined;
    return (await db.select().from(enrollments).where(eq(enrollments.id, enrollmentId)))[0];
  }

  /** 已缴费: only an approved enrollment takes a payment; false when it cannot (cancelled, paid already, closed). */
  async markPaid(tx: Tx, enrollmentId: string, at: Date): Promise<boolean> {
    const rows = await tx
      .update(enrollments)
      .set({ status: 'paid', paidAt: at })
      .where(and(eq(enrollments.id, enrollmentId), eq(enrollments.status, 'approved')))
      .returning({ id: enrollments.id });
    return rows.length > 0;
  }

  /** 缴费时间 ended unpaid. */
  async markClosed(tx: Db | Tx, enrollmentId: string): Promise<void> {
    await tx.update(enrollments).set({ status: 'closed' }).where(and(eq(enrollments.id, enrollmentId), eq(enrollments.status, 'approved')));
  }

  /** Every approved, unpaid enrollment of an exam and province whose 缴费时间 ended (those without an order too). */
  async closeUnpaid(examId: string, provinceId: string): Promise<number> {
    const rows = await this.db
      .update(enrollments)
      .set({ status: 'closed' })
      .where(and(eq(enrollments.examId, examId), eq(enrollments.provinceId, provinceId), eq(enrollments.status, 'approved')))
      .returning({ id: enrollments.id });
    return rows.length;
  }

  /** The console's rows of an exam and province, limited to the 报名点 of the staff member's authority. */
  async forConsole(examId: string, provinceId: string, siteAuthorityIds: string[] | null): Promise<EnrollmentRow[]> {
    if (!isUuid(examId)) return [];
    const conds = [eq(enrollments.examId, examId), eq(enrollments.provinceId, provinceId)];
    if (siteAuthorityIds) {
      if (!siteAuthorityIds.length) return [];
      conds.push(inArray(enrollments.siteAuthorityId, siteAuthorityIds));
    }
    return this.db.select().from(enrollments).where(and(...conds)).orderBy(desc(enrollments.submittedAt));
  }

  /**
   * Handlers run inside 重新报名's transaction (modules/payment closes the open order there); what one
   * returns runs after the commit (telling the provider).
   */
  private cancelHooks: Array<(tx: Tx, enrollment: EnrollmentRow) => Promise<(() => Promise<void>) | void>> = [];
  onCancel(hook: (tx: Tx, enrollment: EnrollmentRow) => Promise<(() => Promise<void>) | void>) {
    this.cancelHooks.push(hook);
  }

  /**
   * 重新报名 (seed 003 §6.3): before payment the enrollment is cancelled (kept as history), its open review
   * item withdrawn and its open order closed, in one transaction; the candidate starts again from 选择考试.
   * After payment it is refused with the reason and whom to ask.
   */
  async cancel(accountId: string, enrollmentId: string, origin: RequestOrigin): Promise<EnrollmentView> {
    const r = await this.own(accountId, enrollmentId);
    const settings = await this.exams.settings(r.examId, r.provinceId);
    const paidRefusal = () =>
      new AppError(
        409,
        'enrollment/paid',
        `您已缴费，报名已成功，不能重新报名。如需更改报名信息，请联系${settings?.provinceName ?? '报考省份'}考试管理机构${settings?.phone ? `（咨询电话：${settings.phone}）` : ''}`,
      );
    if (r.status === 'paid') throw paidRefusal();
    if (r.status === 'cancelled') throw new AppError(409, 'enrollment/cancelled', '该报名已取消，请从“选择考试”重新报名');
    const after: Array<() => Promise<void>> = [];
    await this.db.transaction(async (tx) => {
      // The order first (payment's hook locks it), so a payment settling at the same moment waits or wins.
      for (const hook of this.cancelHooks) {
        const then = await hook(tx, r);
        if (then) after.push(then);
      }
      const [done] = await tx
        .update(enrollments)
        .set({ status: 'cancelled', cancelledAt: this.clock.now() })
        .where(and(eq(enrollments.id, r.id), inArray(enrollments.status, ['pending', 'approved', 'rejected', 'withdrawn', 'closed'])))
        .returning();
      if (!done) throw paidRefusal();
      // The engine's withdraw handler changes only a pending enrollment: this one stays cancelled.
      if (r.reviewItemId && r.status === 'pending') {
        await this.reviews.withdraw(accountId, r.reviewItemId, tx).catch((err: unknown) => {
          // Decided in the meantime: nothing left open to withdraw.
          if (!(err instanceof AppError && err.code === 'review/already_decided')) throw err;
        });
      }
      await this.audit.record(tx, { kind: 'enrollment_cancel', accountId, detail: { enrollmentId: r.id, examId: r.examId, from: r.status } }, origin);
    });
    for (const then of after) await then();
    return this.view((await this.byId(r.id))!);
  }

  reviewKind(): ReviewKindHandler {
    const close = async (tx: Tx, item: ReviewItem, status: 'approved' | 'rejected' | 'withdrawn') => {
      const id = item.after.enrollmentId;
      if (typeof id !== 'string') return;
      await tx
        .update(enrollments)
        .set({ status, opinion: item.opinion, decidedAt: this.clock.now() })
        .where(and(eq(enrollments.id, id), eq(enrollments.accountId, item.accountId), eq(enrollments.status, 'pending')));
    };
    return {
      kind: ENROLLMENT_KIND,
      label: '考试报名资格审核',
      fields: FIELDS,
      autoDecide: ({ after }) => (after.autoReview === true ? 'approve' : null),
      onApproved: (tx, item) => close(tx, item, 'approved'),
      onRejected: (tx, item) => close(tx, item, 'rejected'),
      onWithdrawn: (tx, item) => close(tx, item, 'withdrawn'),
    };
  }

  // ---- internals ----

  private async row(accountId: string, examId: string): Promise<EnrollmentRow | undefined> {
    return this.rowBatched({ accountId, examId });
  }
  /** The start and the submit, the peak's two requests, read it: with the other requests' of the moment. */
  private readonly rowBatched = batchedRead(async (keys: readonly { accountId: string; examId: string }[]) => {
    const rows = await this.rowsOf().execute({ ids: keys.map((k) => k.accountId).filter(isUuid) });
    return keys.map((k) => rows.find((r) => r.accountId === k.accountId && r.examId === k.examId));
  });
  private readonly rowsOf = preparedOnce(() =>
    this.db
      .select()
      .from(enrollments)
      .where(and(anyOf(enrollments.accountId, sql.placeholder('ids')), ne(enrollments.status, 'cancelled')))
      .prepare('enrollments_of'),
  );

  /** `known`: the row's review item when the caller holds it (the submit that just filed it). */
  async view(r: EnrollmentRow, known?: ReviewItem): Promise<EnrollmentView> {
    const exam = await this.exams.get(r.examId);
    const settings = await this.exams.settings(r.examId, r.provinceId);
    const [item] = known?.id === r.reviewItemId ? [known] : r.reviewItemId ? await this.reviews.forAccountByIds(r.accountId, [r.reviewItemId]) : [];
    const status: EnrollmentView['status'] = r.status === 'pending' && item?.status === 'in_review' ? 'in_review' : r.status;
    const route = r.eligibility.routes.find((x) => x.code === r.category);
    return {
      id: r.id,
      examId: r.examId,
      examName: exam.name,
      provinceId: r.provinceId,
      provinceName: settings?.provinceName ?? r.provinceId,
      siteAuthorityId: r.siteAuthorityId,
      siteName: settings?.sites.find((s) => s.authorityId === r.siteAuthorityId)?.name ?? '',
      category: r.category,
      categoryName: route?.name ?? r.category,
      subjects: r.subjects.map((code) => ({ code, name: subjectName(code), fee: settings?.fees[code] ?? null })),
      photoFileId: r.photoFileId,
      proofs: r.proofs,
      status,
      mode: item?.mode ?? 'manual',
      authorityName: await this.authorities.label(r.siteAuthorityId),
      opinion: r.opinion,
      submittedAt: r.submittedAt,
      decidedAt: r.decidedAt,
      paidAt: r.paidAt,
      payWindow: settings ? { start: settings.payStart, end: settings.payEnd } : null,
      // 4 资格审核 until approved, then 5 网上缴费, 6 报名成功 once paid; a refused one goes back to 1 to be corrected.
      step: status === 'paid' ? 6 : status === 'approved' || status === 'closed' ? 5 : status === 'rejected' || status === 'withdrawn' || status === 'cancelled' ? 1 : 4,
      eligibility: r.eligibility,
    };
  }

  /**
   * 基本信息, 学历信息, 学位信息, 工作信息 from the approved record (seed: 信息采集已采集过的信息自动拉取), with the
   * 会计工作年限 of each unit counted to 31 December of `examYear`, as the eligibility rule counts.
   */
  private personal(
    person: { idType: Parameters<typeof idTypeLabel>[0]; idNumber: string; realName: string; mobile: string; sex: 'male' | 'female' | null; birthDate: string | null },
    record: ApprovedRecordView,
    emailIfMissing: string,
    examYear: number,
  ): PersonalInfo {
    const basic = (record.profile.basic ?? {}) as Partial<BasicData>;
    const sex = basic.sex ?? person.sex;
    const education = record.education.map((e) => ({ data: e.data as TEducationRequest, degreeCheck: e.degreeCheck }));
    return {
      realName: person.realName,
      idType: idTypeLabel(person.idType),
      idNumber: person.idNumber,
      sex: sex === 'male' ? '男' : sex === 'female' ? '女' : '',
      birthDate: basic.birthDate ?? person.birthDate ?? '',
      mobile: person.mobile,
      ethnicity: basic.ethnicity ? codeName(ETHNICITIES, basic.ethnicity) : '',
      email: basic.email || emailIfMissing,
      address: basic.address ? `${basic.address.regionName ?? ''}${basic.address.detail ?? ''}` : '',
      education: education.map(({ data, degreeCheck }) => ({
        school: data.school,
        level: codeName(EDUCATION_LEVELS, data.educationLevel),
        major: data.major ?? '',
        period: periodText(data.startDate, data.endDate),
        diplomaNo: data.diplomaNo ?? '',
        graduationDate: data.endDate ?? '',
        verified: degreeCheck === 'verified',
      })),
      degree: education
        .filter(({ data }) => data.degree && data.degree !== 'none')
        .map(({ data }) => ({ school: data.school, degree: codeName(DEGREES, data.degree!), degreeNo: data.degreeNo ?? '' })),
      work: record.work.map((w) => {
        const d = w.data as WorkData;
        return {
          unitName: d.unitName,
          period: periodText(d.startDate, d.endDate),
          accountingPost: d.accountingPost ? codeName(ACCOUNTING_POSTS, d.accountingPost) : '',
          appointmentDate: d.appointmentDate ?? '',
          experiences: (d.experiences ?? []).map((x) => periodText(x.startDate, x.endDate)),
          unitAddress: d.address ? `${d.address.regionName ?? ''}${d.address.detail ?? ''}` : '',
          unitType: d.unitType ? codeName(UNIT_TYPES, d.unitType) : '',
          postLevels: distinct((d.experiences ?? []).map((x) => codeName(POST_LEVELS, x.postLevel))),
          positions: distinct((d.experiences ?? []).map((x) => codeName(ACCOUNTING_POSITIONS, x.position))),
          accountingYears: accountingYearsText(d.experiences ?? [], `${examYear}-12-31`),
        };
      }),
    };
  }
}

/** The names of a list once each, in their first order: 出纳、总账报表. */
const distinct = (names: string[]) => [...new Set(names.filter(Boolean))].join('、');

/** What one 提交报名 writes, gathered before the write (a first enrollment is written with others: GroupCommit). */
type Filing = {
  id: string;
  /** A refused or withdrawn enrollment filed again in place. */
  refile: boolean;
  row: Omit<EnrollmentRow, 'paidAt' | 'cancelledAt'>;
  claims: Array<{ accountId: string; fileId: string; purpose: UploadPurpose; usedBy: string; field: string; label: string; attachment: string }>;
  audit: { event: SecurityEvent; origin: RequestOrigin };
  review: SubmitInput;
};

const attachmentsOf = (f: Filing): ReviewAttachment[] => f.claims.map((c) => ({ id: c.fileId, label: c.attachment }));

/** The approved record in the shape the domain's rule reads. */
function toRuleRecord(record: ApprovedRecordView, otherQualifications: Array<{ type: string; level: string | null }>, accountingTitles: Array<{ rank: string; obtainedAt: string | null }>) {
  return {
    otherQualifications,
    accountingTitles,
    scope: record.profile.scope,
    education: record.education.map((e) => ({ data: e.data as TEducationRequest, degreeCheck: e.degreeCheck })),
    work: record.work.map((w) => ({ data: w.data as WorkData })),
    qualification: record.profile.qualification,
  };
}

/** The record when the whole 信息采集 is approved (one read of it serves the status and the facts). */
function approvedOnly(record: ApprovedRecordView | undefined): ApprovedRecordView | undefined {
  if (!record) return undefined;
  const status = overallCollectionStatus(record.profile.reviewStatus, record.education.map((e) => e.reviewStatus), record.work.map((w) => w.reviewStatus));
  return status === 'approved' ? record : undefined;
}
