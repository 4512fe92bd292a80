import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { EMPLOYER_FEEDBACK_STATUSES, type TEmployerFeedback } from '@ausm/domain';
import { isUuid, type Db } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Clock } from '../../platform/clock';
import type { FileService } from '../files';
import { files } from '../files/tables';
import type { StaffContext } from '../staff';
import { standards } from '../standards/tables';
import type { EmployerService } from './service';
import { employerFeedback, employers } from './tables';

const notFound = () => new AppError(404, 'employer/feedback_not_found', '反馈意见不存在');

/**
 * 单位会计准则制度反馈意见 (issue 26): an approved employer's feedback on a published standard of the library
 * (modules/standards), answered once by a 财政部 administrator; the employer sees the answer.
 */
export class EmployerFeedbackService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly employers: EmployerService,
    private readonly files: FileService,
  ) {}

  async submit(employerId: string, input: TEmployerFeedback) {
    await this.employers.approved(employerId);
    const [standard] = isUuid(input.standardId)
      ? await this.db.select({ id: standards.id }).from(standards).where(and(eq(standards.id, input.standardId), eq(standards.published, true)))
      : [];
    if (!standard) throw new AppError(400, 'employer/standard_unknown', '请选择会计准则制度库中的文件', { field: 'standardId' });
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      if (input.attachmentFileId) {
        await this.files.claim(tx, employerId, input.attachmentFileId, 'feedback_attachment', { usedBy: `employer_feedback:${id}`, field: 'attachmentFileId', label: '附件' });
      }
      await tx.insert(employerFeedback).values({
        id,
        employerId,
        standardId: standard.id,
        clause: input.clause,
        content: input.content,
        attachmentFileId: input.attachmentFileId ?? null,
        status: 'pending',
        submittedAt: this.clock.now(),
      });
    });
    return (await this.list({ employerId }, [id]))[0]!;
  }

  /** The employer's own, or (the console) every feedback; `ids` narrows to those. */
  async list(who: { employerId?: string }, ids?: string[]) {
    const conds = [];
    if (who.employerId) conds.push(eq(employerFeedback.employerId, who.employerId));
    if (ids) conds.push(inArray(employerFeedback.id, ids));
    const rows = await this.db
      .select({ f: employerFeedback, title: standards.title, docNumber: standards.docNumber, unitName: employers.unitName, uscc: employers.uscc, fileName: files.displayName })
      .from(employerFeedback)
      .innerJoin(standards, eq(standards.id, employerFeedback.standardId))
      .innerJoin(employers, eq(employers.id, employerFeedback.employerId))
      .leftJoin(files, eq(files.id, employerFeedback.attachmentFileId))
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(desc(employerFeedback.submittedAt))
      .limit(500);
    return rows.map(({ f, title, docNumber, unitName, uscc, fileName }) => ({
      id: f.id,
      unitName,
      uscc,
      standardId: f.standardId,
      standardTitle: title,
      standardDocNumber: docNumber,
      clause: f.clause,
      content: f.content,
      attachmentFileId: f.attachmentFileId,
      attachmentName: fileName ?? null,
      status: f.status,
      statusLabel: EMPLOYER_FEEDBACK_STATUSES[f.status],
      answer: f.answer,
      answeredByName: f.answeredByName,
      answeredAt: f.answeredAt,
      submittedAt: f.submittedAt,
    }));
  }

  private requireMof(ctx: StaffContext): void {
    if (ctx.authorityLevel !== 'national' || !ctx.roles.includes('admin')) throw new AppError(403, 'employer/feedback_forbidden', '仅财政部管理员可以答复会计准则制度反馈意见');
  }

  async consoleList(ctx: StaffContext) {
    this.requireMof(ctx);
    return this.list({});
  }

  /** 答复: once; a second answer (or two at once) finds it answered. */
  async answer(ctx: StaffContext, id: string, answer: string) {
    this.requireMof(ctx);
    if (!isUuid(id)) throw notFound();
    const [updated] = await this.db
      .update(employerFeedback)
      .set({ status: 'answered', answer, answeredBy: ctx.staffId, answeredByName: ctx.staffName, answeredAt: this.clock.now() })
      .where(and(eq(employerFeedback.id, id), eq(employerFeedback.status, 'pending')))
      .returning({ id: employerFeedback.id });
    if (!updated) {
      const [exists] = await this.db.select({ id: employerFeedback.id }).from(employerFeedback).where(eq(employerFeedback.id, id));
      if (!exists) throw notFound();
      throw new AppError(409, 'employer/feedback_answered', '该反馈意见已答复');
    }
    return (await this.list({}, [id]))[0]!;
  }

  /** The attachment, for the 财政部 reading the feedback. */
  async attachment(ctx: StaffContext, id: string) {
    this.requireMof(ctx);
    if (!isUuid(id)) throw notFound();
    const [row] = await this.db.select({ fileId: employerFeedback.attachmentFileId, employerId: employerFeedback.employerId }).from(employerFeedback).where(eq(employerFeedback.id, id));
    if (!row?.fileId) throw notFound();
    return { fileId: row.fileId, employerId: row.employerId };
  }
}
