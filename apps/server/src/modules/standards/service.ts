import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import {
  STANDARD_CATEGORIES,
  standardCategoryName,
  standardPublishProblem,
  standardQueryTokens,
  standardTokens,
  tsqueryText,
  type StandardCategory,
  type TStandardInput,
} from '@ausm/domain';
import { isUuid, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { StoredObjects } from '../../platform/uploads/objects';
import type { UploadService } from '../../platform/uploads/service';
import type { FileStore } from '../../platform/uploads/storage';
import type { StaffContext } from '../staff';
import { standards, standardStudies, type StandardRow } from './tables';

const notFound = () => new AppError(404, 'standards/not_found', '该会计准则制度不存在或未发布');

/** A document as a list shows it (no body). */
export type StandardSummary = {
  id: string;
  title: string;
  docNumber: string;
  issuedOn: string;
  category: StandardCategory;
  categoryName: string;
  hasPdf: boolean;
  published: boolean;
  publishedAt: Date | null;
  updatedAt: Date;
  /** The reader's 已学习 mark (null for nobody signed in, or not marked). */
  studiedAt: Date | null;
  /** The opening of the body, for a list. */
  excerpt: string;
};
export type StandardView = StandardSummary & { body: string; pdfName: string | null; pdfSize: number | null };

/** The tsvector of a document: title and number weigh A, the body D (decision 0024). */
function searchVector(input: { title: string; docNumber: string; body: string }): SQL {
  const head = JSON.stringify(standardTokens(`${input.title} ${input.docNumber}`));
  const body = JSON.stringify(standardTokens(input.body));
  return sql`setweight(array_to_tsvector(array(select jsonb_array_elements_text(${head}::jsonb))), 'A') || setweight(array_to_tsvector(array(select jsonb_array_elements_text(${body}::jsonb))), 'D')`;
}

/**
 * 会计准则制度学习 (issue 26; docs/decisions/0024-standards-search.md): the 财政部's administrators keep the
 * library in the console; the portal lists, searches and shows what is published; a signed-in reader marks
 * a document 已学习.
 */
export class StandardService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly uploads: UploadService,
    private readonly store: FileStore,
    private readonly objects: StoredObjects,
    private readonly audit: AuditLog,
  ) {
    // No index on pdf_storage_key: the library is a few hundred documents, and this runs once per object removed.
    objects.register('standards', async (tx, key) => (await tx.select({ id: standards.id }).from(standards).where(eq(standards.pdfStorageKey, key)).limit(1)).length > 0);
  }

  /** Only administrators of the 财政部 keep the library. */
  requireEditor(ctx: StaffContext): void {
    if (ctx.authorityLevel !== 'national' || !ctx.roles.includes('admin')) {
      throw new AppError(403, 'standards/forbidden', '仅财政部管理员可以维护会计准则制度');
    }
  }

  // ---- the portal ----

  /** Published documents, newest first, or best match first for a search; of one category or all. */
  async list(q: { query?: string; category?: StandardCategory; page: number; pageSize: number }, accountId: string | null) {
    return this.search({ ...q, publishedOnly: true }, accountId);
  }

  async one(id: string, accountId: string | null): Promise<StandardView> {
    const row = await this.row(id);
    if (!row || !row.published) throw notFound();
    return (await this.views([row], accountId, true))[0] as StandardView;
  }

  /** A published document's PDF. */
  async pdf(id: string, consoleCtx?: StaffContext): Promise<{ name: string; bytes: Buffer }> {
    const row = await this.row(id);
    if (consoleCtx) this.requireEditor(consoleCtx);
    if (!row || (!row.published && !consoleCtx) || !row.pdfStorageKey) throw notFound();
    const bytes = await this.store.get(row.pdfStorageKey);
    if (!bytes) throw notFound();
    return { name: row.pdfName ?? `${row.title}.pdf`, bytes };
  }

  /** 已学习: marked once; a second mark (or sixteen at once) keeps the first time. */
  async markStudied(accountId: string, id: string): Promise<{ studiedAt: Date }> {
    const row = await this.row(id);
    if (!row || !row.published) throw notFound();
    await this.db.insert(standardStudies).values({ accountId, standardId: row.id, studiedAt: this.clock.now() }).onConflictDoNothing();
    const [mark] = await this.db.select().from(standardStudies).where(and(eq(standardStudies.accountId, accountId), eq(standardStudies.standardId, row.id)));
    return { studiedAt: mark!.studiedAt };
  }

  async unmarkStudied(accountId: string, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound();
    await this.db.delete(standardStudies).where(and(eq(standardStudies.accountId, accountId), eq(standardStudies.standardId, id)));
  }

  /** 个人档案 · 会计准则制度学习: what the reader marked, newest mark first (documents since withdrawn left out). */
  async studied(accountId: string): Promise<{ total: number; studied: number; items: Array<{ id: string; title: string; docNumber: string; categoryName: string; studiedAt: Date }> }> {
    const rows = await this.db
      .select({ id: standards.id, title: standards.title, docNumber: standards.docNumber, category: standards.category, studiedAt: standardStudies.studiedAt })
      .from(standardStudies)
      .innerJoin(standards, eq(standards.id, standardStudies.standardId))
      .where(and(eq(standardStudies.accountId, accountId), eq(standards.published, true)))
      .orderBy(desc(standardStudies.studiedAt))
      .limit(500);
    const [all] = await this.db.select({ n: sql<number>`count(*)::int` }).from(standards).where(eq(standards.published, true));
    return {
      total: all?.n ?? 0,
      studied: rows.length,
      items: rows.map((r) => ({ id: r.id, title: r.title, docNumber: r.docNumber, categoryName: standardCategoryName(r.category), studiedAt: r.studiedAt })),
    };
  }

  // ---- the console ----

  async consoleList(ctx: StaffContext, q: { query?: string; category?: StandardCategory; page: number; pageSize: number }) {
    this.requireEditor(ctx);
    return this.search({ ...q, publishedOnly: false }, null);
  }

  async consoleOne(ctx: StaffContext, id: string): Promise<StandardView> {
    this.requireEditor(ctx);
    const row = await this.row(id);
    if (!row) throw notFound();
    return (await this.views([row], null, true))[0] as StandardView;
  }

  /** 新增: saved unpublished; 发布 makes it visible. */
  async create(ctx: StaffContext, input: TStandardInput, origin: RequestOrigin): Promise<StandardView> {
    this.requireEditor(ctx);
    const id = randomUUID();
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.insert(standards).values({
        id,
        ...input,
        published: false,
        publishedAt: null,
        searchVector: searchVector(input) as unknown as string,
        createdBy: ctx.staffId,
        updatedBy: ctx.staffId,
        createdAt: now,
        updatedAt: now,
      });
      await this.audit.record(tx, { kind: 'standard_save', actor: ctx, detail: { standardId: id, title: input.title, docNumber: input.docNumber } }, origin);
    });
    return this.consoleOne(ctx, id);
  }

  /** 修改: a published document stays published with its new text; emptied of body and PDF, it cannot be. */
  async update(ctx: StaffContext, id: string, input: TStandardInput, origin: RequestOrigin): Promise<StandardView> {
    this.requireEditor(ctx);
    await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id);
      if (row.published) {
        const problem = standardPublishProblem({ body: input.body, hasPdf: !!row.pdfStorageKey });
        if (problem) throw new AppError(409, 'standards/empty', problem, { field: 'body' });
      }
      await tx
        .update(standards)
        .set({ ...input, searchVector: searchVector(input) as unknown as string, updatedBy: ctx.staffId, updatedAt: this.clock.now() })
        .where(eq(standards.id, row.id));
      await this.audit.record(tx, { kind: 'standard_save', actor: ctx, detail: { standardId: id, title: input.title, docNumber: input.docNumber } }, origin);
    });
    return this.consoleOne(ctx, id);
  }

  /** 发布 / 撤回发布: the transition happens once; a repeat answers the document as it is. */
  async setPublished(ctx: StaffContext, id: string, published: boolean, origin: RequestOrigin): Promise<StandardView> {
    this.requireEditor(ctx);
    await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id);
      if (row.published === published) return;
      if (published) {
        const problem = standardPublishProblem({ body: row.body, hasPdf: !!row.pdfStorageKey });
        if (problem) throw new AppError(409, 'standards/empty', problem);
      }
      const now = this.clock.now();
      await tx
        .update(standards)
        .set({ published, publishedAt: published ? now : row.publishedAt, updatedBy: ctx.staffId, updatedAt: now })
        .where(eq(standards.id, row.id));
      await this.audit.record(tx, { kind: published ? 'standard_publish' : 'standard_unpublish', actor: ctx, detail: { standardId: id, title: row.title } }, origin);
    });
    return this.consoleOne(ctx, id);
  }

  /**
   * 上传PDF: judged by the upload rules (standard_pdf), stored, and named on the document. A PDF it replaces
   * leaves the file store after the commit, unless another row (another standard, an accountant's upload of
   * the same bytes) still names it.
   */
  async attachPdf(ctx: StaffContext, id: string, stream: AsyncIterable<Buffer>, fileName: string, origin: RequestOrigin): Promise<StandardView> {
    this.requireEditor(ctx);
    if (!(await this.row(id))) throw notFound();
    const accepted = await this.uploads.accept('standard_pdf', stream, fileName);
    const replaced = await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id);
      await this.objects.put(tx, accepted);
      await tx
        .update(standards)
        .set({ pdfStorageKey: accepted.key, pdfName: accepted.name, pdfSize: accepted.size, updatedBy: ctx.staffId, updatedAt: this.clock.now() })
        .where(eq(standards.id, row.id));
      await this.audit.record(tx, { kind: 'standard_save', actor: ctx, detail: { standardId: id, pdf: accepted.name } }, origin);
      return row.pdfStorageKey;
    });
    await this.objects.release([replaced]);
    return this.consoleOne(ctx, id);
  }

  /** 删除PDF: a published document keeps something to read, or the PDF stays; a removed one leaves the store as a replaced one does. */
  async removePdf(ctx: StaffContext, id: string, origin: RequestOrigin): Promise<StandardView> {
    this.requireEditor(ctx);
    const removed = await this.db.transaction(async (tx) => {
      const row = await this.lock(tx, id);
      if (!row.pdfStorageKey) return null;
      if (row.published && !row.body.trim()) throw new AppError(409, 'standards/empty', '已发布的文件须有正文或PDF文件：请先填写正文或撤回发布');
      await tx.update(standards).set({ pdfStorageKey: null, pdfName: null, pdfSize: null, updatedBy: ctx.staffId, updatedAt: this.clock.now() }).where(eq(standards.id, row.id));
      await this.audit.record(tx, { kind: 'standard_save', actor: ctx, detail: { standardId: id, pdf: null } }, origin);
      return row.pdfStorageKey;
    });
    await this.objects.release([removed]);
    return this.consoleOne(ctx, id);
  }

  // ---- internals ----

  private async row(id: string): Promise<StandardRow | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.db.select().from(standards).where(eq(standards.id, id));
    return row;
  }

  private async lock(tx: Tx, id: string): Promise<StandardRow> {
    if (!isUuid(id)) throw notFound();
    const [row] = await tx.select().from(standards).where(eq(standards.id, id)).for('update');
    if (!row) throw notFound();
    return row;
  }

  private async search(q: { query?: string; category?: StandardCategory; page: number; pageSize: number; publishedOnly: boolean }, accountId: string | null) {
    const conds: SQL[] = [];
    if (q.publishedOnly) conds.push(eq(standards.published, true));
    if (q.category) conds.push(eq(standards.category, q.category));
    const text = q.query?.trim() ?? '';
    const tokens = text ? standardQueryTokens(text) : [];
    // A search of punctuation only finds nothing rather than everything.
    if (text && tokens.length === 0) return { total: 0, tokens, items: [] as StandardSummary[] };
    const tsq = tokens.length ? sql`${tsqueryText(tokens)}::tsquery` : null;
    if (tsq) conds.push(sql`${standards.searchVector} @@ ${tsq}`);
    const where = conds.length ? and(...conds) : undefined;
    const [count] = await this.db.select({ n: sql<number>`count(*)::int` }).from(standards).where(where);
    const order = tsq
      ? [sql`ts_rank(${standards.searchVector}, ${tsq}) desc`, desc(standards.issuedOn), desc(standards.id)]
      : [desc(standards.issuedOn), desc(standards.id)];
    const rows = await this.db
      .select()
      .from(standards)
      .where(where)
      .orderBy(...order)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize);
    return { total: count?.n ?? 0, tokens, items: await this.views(rows, accountId, false) };
  }

  private async views(rows: StandardRow[], accountId: string | null, withBody: boolean): Promise<Array<StandardSummary | StandardView>> {
    const marks = new Map<string, Date>();
    if (accountId && rows.length) {
      const found = await this.db
        .select()
        .from(standardStudies)
        .where(and(eq(standardStudies.accountId, accountId), inArray(standardStudies.standardId, rows.map((r) => r.id))));
      for (const m of found) marks.set(m.standardId, m.studiedAt);
    }
    return rows.map((r) => {
      const summary: StandardSummary = {
        id: r.id,
        title: r.title,
        docNumber: r.docNumber,
        issuedOn: r.issuedOn,
        category: r.category,
        categoryName: standardCategoryName(r.category),
        hasPdf: !!r.pdfStorageKey,
        published: r.published,
        publishedAt: r.publishedAt,
        updatedAt: r.updatedAt,
        studiedAt: marks.get(r.id) ?? null,
        excerpt: r.body.replace(/\s+/g, ' ').trim().slice(0, 120),
      };
      return withBody ? { ...summary, body: r.body, pdfName: r.pdfName, pdfSize: r.pdfSize } : summary;
    });
  }
}

