import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, count, eq, gte, isNull, lt, or, sql, sum } from 'drizzle-orm';
import { checkUploadQuota, maxUploadBytes, UNUSED_UPLOAD_LIMITS, UPLOAD_RULES, type UnusedUploads, type UploadFileType, type UploadPurpose } from '@ausm/domain';
import { isUuid, type Db, type Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine, ReviewerScope } from '../../platform/review/engine';
import type { StoredObjects } from '../../platform/uploads/objects';
import type { UploadService } from '../../platform/uploads/service';
import type { FileStore } from '../../platform/uploads/storage';
import { uploadError } from '../../platform/uploads/upload-error';
import { files } from './tables';

export type FileRow = typeof files.$inferSelect;

/** What the portal learns of an upload: the id to send back with the form, and what to show. */
export type FileView = {
  id: string;
  purpose: UploadPurpose;
  name: string;
  size: number;
  type: UploadFileType;
  width: number | null;
  height: number | null;
};

/** Who asks for a file's bytes; a browser may carry both kinds of session. */
export type FileViewer = { kind: 'accountant'; accountId: string } | { kind: 'staff'; scope: ReviewerScope };

/** How a module uses a file it claims: the record that consumes it, and the form field it came from. */
export type FileUse = { usedBy: string; field: string; label: string };

/** What an accountant may upload: every purpose but a standard's PDF, which the console's library keeps itself. */
export const UPLOAD_PURPOSES = (Object.keys(UPLOAD_RULES) as UploadPurpose[]).filter((p) => p !== 'standard_pdf') as [UploadPurpose, ...UploadPurpose[]];

/**
 * Multipart limits, a backstop only: the upload service stops reading each purpose at its own cap.
 * The file size limit sits above the largest cap so the service always refuses first (busboy would
 * silently truncate the stream at its limit, and a truncated file must never look complete).
 */
export const MULTIPART_LIMITS = {
  fileSize: Math.max(...UPLOAD_PURPOSES.map(maxUploadBytes)) + 64 * 1024,
  files: 1,
  fields: 4,
  fieldSize: 1024,
  fieldNameSize: 100,
  parts: 5,
  headerPairs: 20,
};

// One answer for "does not exist" and "not yours": ids cannot be probed.
const notFound = () => new AppError(404, 'file/not_found', '文件不存在或无权查看');

/**
 * Files as records: the upload service decides whether bytes are acceptable, this service keeps
 * who uploaded what, for which purpose, who may see it, and which record used it.
 */
export class FileService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly uploads: UploadService,
    private readonly store: FileStore,
    private readonly objects: StoredObjects,
    private readonly reviews: ReviewEngine,
    private readonly audit: AuditLog,
  ) {
    // Uses the storage key index (files_storage_key_idx).
    objects.register('files', async (tx, key) => (await tx.select({ id: files.id }).from(files).where(eq(files.storageKey, key)).limit(1)).length > 0);
  }

  /**
   * Judges the upload, then stores it and records it in one transaction, within the account's quota of
   * unused uploads. The quota is checked once before the file is read (a full account costs no reading
   * or decoding) and again under the account's lock, so a burst of parallel uploads cannot pass it
   * together. The object is written under its key's lock (see `removeExpired`).
   */
  async upload(accountId: string, purpose: UploadPurpose, stream: AsyncIterable<Buffer> | Readable, fileName: string): Promise<FileView> {
    const early = checkUploadQuota(await this.unusedUploads(this.db, accountId));
    if (early) throw uploadError(early.reason, early.message);
    const accepted = await this.uploads.accept(purpose, stream, fileName);
    const row = await this.db.transaction(async (tx) => {
      await advisoryLock(tx, `files:account:${accountId}`);
      const problem = checkUploadQuota(await this.unusedUploads(tx, accountId), accepted.size);
      if (problem) throw uploadError(problem.reason, problem.message);
      await this.objects.put(tx, accepted);
      const [inserted] = await tx
        .insert(files)
        .values({
          id: randomUUID(),
          ownerAccountId: accountId,
          purpose,
          storageKey: accepted.key,
          type: accepted.type,
          size: accepted.size,
          width: accepted.width ?? null,
          height: accepted.height ?? null,
          sha256: accepted.sha256,
          displayName: accepted.name,
          createdAt: this.clock.now(),
        })
        .returning();
      return inserted!;
    });
    return toFileView(row);
  }

  /** The account's uploads that no record claimed and that have not expired. */
  private async unusedUploads(tx: Tx, accountId: string): Promise<UnusedUploads> {
    const [row] = await tx
      .select({ files: count(), bytes: sum(files.size) })
      .from(files)
      .where(and(eq(files.ownerAccountId, accountId), isNull(files.usedBy), gte(files.createdAt, this.expiryCutoff())));
    return { files: Number(row?.files ?? 0), bytes: Number(row?.bytes ?? 0) };
  }

  /** Uploads created before this and still unused are expired: no record may claim them, cleanup removes them. */
  private expiryCutoff(): Date {
    return new Date(this.clock.now().getTime() - UNUSED_UPLOAD_LIMITS.expiresAfterMs);
  }

  /**
   * Removes uploads no record claimed within a day (issue 17), a batch at a time; returns how many.
   * Each goes in a transaction holding its storage key's lock: the row is deleted first, then the
   * object unless another row shares it (keys are content hashes, so two people uploading the same
   * file share one object, and a standard's PDF may be the same bytes: StoredObjects asks every module
   * that keeps keys), and the transaction commits after both. An upload of the same bytes
   * waits on that lock before writing the object, so it never lands on an object about to be
   * deleted. If the object cannot be deleted the row stays too; if the commit itself fails after
   * the object went, the row left behind is an expired, unclaimable one whose GET answers 404,
   * and the next run removes it.
   */
  async removeExpired(batch = 200): Promise<number> {
    const cutoff = this.expiryCutoff();
    const expired = and(isNull(files.usedBy), lt(files.createdAt, cutoff));
    const candidates = await this.db.select({ id: files.id, storageKey: files.storageKey }).from(files).where(expired).limit(batch);
    let removed = 0;
    let failure: unknown = null;
    for (const c of candidates) {
      try {
        await this.db.transaction(async (tx) => {
          await this.objects.lock(tx, c.storageKey);
          // Still unused and expired: a claim may have taken it since it was listed.
          const [gone] = await tx.delete(files).where(and(eq(files.id, c.id), expired)).returning({ id: files.id });
          if (!gone) return;
          await this.objects.removeIfUnused(tx, c.storageKey);
          removed++;
        });
      } catch (err) {
        // One object the store would not delete keeps its row; the others still go.
        failure ??= err;
      }
    }
    if (failure) throw failure;
    return removed;
  }

  /**
   * The file and its bytes, for the owner, or for staff whose scope covers a review item that shows
   * the file. Anyone else gets the same 404 whether the file exists or not.
   */
  async open(viewers: FileViewer[], id: string, origin: RequestOrigin): Promise<{ file: FileRow; bytes: Buffer }> {
    if (!isUuid(id) || viewers.length === 0) throw notFound();
    const [file] = await this.db.select().from(files).where(eq(files.id, id));
    const viewer = file ? await this.viewerOf(viewers, file) : null;
    if (!file || !viewer) throw notFound();
    const bytes = await this.store.get(file.storageKey);
    if (!bytes) throw notFound();
    // A person's photos and proofs shown to staff are personal data seen unmasked: audited before they leave.
    if (viewer.kind === 'staff') {
      await this.audit.record(
        this.db,
        { kind: 'personal_data_view', actor: viewer.scope, accountId: file.ownerAccountId, detail: { fileId: file.id, purpose: file.purpose } },
        origin,
      );
    }
    return { file, bytes };
  }

  /** The viewer who may see the file: its owner first, else staff whose scope covers an item that shows it. */
  private async viewerOf(viewers: FileViewer[], file: FileRow): Promise<FileViewer | null> {
    for (const v of viewers) {
      if (v.kind === 'accountant' && v.accountId === file.ownerAccountId) return v;
    }
    for (const v of viewers) {
      if (v.kind === 'staff' && (await this.reviews.attachmentInScope(v.scope, file.id))) return v;
    }
    return null;
  }

  /**
   * Takes a fresh upload for a submission, inside the module's transaction: it must be the
   * account's own, of the expected purpose, and not used before by another record (a record edited
   * after a rejection keeps the photos it already had). A concurrent claim of the same
   * file waits on the row and then finds it used, so a file is attached once.
   */
  /**
   * The claims of several people's submissions in one statement (a group commit, platform/group-commit.ts):
   * true when every file was claimed as `claim` would claim it. False says only that one was not: the caller
   * rolls the batch back and claims each alone, which gives that person the reason.
   */
  async claimAll(tx: Tx, claims: Array<{ accountId: string; fileId: string; purpose: UploadPurpose; usedBy: string }>): Promise<boolean> {
    if (!claims.length) return true;
    if (!claims.every((c) => isUuid(c.fileId)) || new Set(claims.map((c) => c.fileId)).size !== claims.length) return false;
    const values = sql.join(
      claims.map((c) => sql`(${c.fileId}::uuid, ${c.accountId}::uuid, ${c.purpose}::text, ${c.usedBy}::text)`),
      sql`, `,
    );
    const result = (await tx.execute(sql`
      update files set used_by = v.used_by, used_at = ${this.clock.now().toISOString()}::timestamptz
      from (values ${values}) as v(id, owner, purpose, used_by)
      where files.id = v.id and files.owner_account_id = v.owner and files.purpose = v.purpose
        and ((files.used_by is null and files.created_at >= ${this.expiryCutoff().toISOString()}::timestamptz) or files.used_by = v.used_by)
      returning files.id`)) as unknown as { rows: unknown[] };
    return result.rows.length === claims.length;
  }

  async claim(tx: Tx, accountId: string, fileId: string, purpose: UploadPurpose, use: FileUse): Promise<FileRow> {
    const invalid = () => new AppError(400, 'file/invalid', `${use.label}文件不存在，请重新上传`, { field: use.field });
    if (!isUuid(fileId)) throw invalid();
    const [claimed] = await tx
      .update(files)
      .set({ usedBy: use.usedBy, usedAt: this.clock.now() })
      .where(
        and(
          eq(files.id, fileId),
          eq(files.ownerAccountId, accountId),
          eq(files.purpose, purpose),
          or(and(isNull(files.usedBy), gte(files.createdAt, this.expiryCutoff())), eq(files.usedBy, use.usedBy)),
        ),
      )
      .returning();
    if (claimed) return claimed;
    const [own] = await tx.select().from(files).where(and(eq(files.id, fileId), eq(files.ownerAccountId, accountId)));
    if (!own) throw invalid();
    if (own.purpose !== purpose) throw new AppError(400, 'file/wrong_purpose', `${use.label}文件不符合本项的上传要求，请重新上传`, { field: use.field });
    if (own.usedBy === null) throw new AppError(400, 'file/expired', `${use.label}文件上传后超过1天未提交，已失效，请重新上传`, { field: use.field });
    // seed 000 §2.3: 如需再次提交，三张照片需要全部重新提交
    throw new AppError(400, 'file/used', `${use.label}已随之前的申请提交过，如需再次提交，请重新上传`, { field: use.field });
  }
}

export const toFileView = (f: FileRow): FileView => ({
  id: f.id,
  purpose: f.purpose,
  name: f.displayName,
  size: f.size,
  type: f.type,
  width: f.width,
  height: f.height,
});

/**
 * A transaction-scoped PostgreSQL advisory lock on a name (released at commit or rollback): it
 * serialises work on things that have no row to lock yet, an account's quota or a storage key.
 */
async function advisoryLock(tx: Tx, name: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${name}, 0))`);
}

