import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { and, eq, isNull, or } from 'drizzle-orm';
import { maxUploadBytes, UPLOAD_RULES, type UploadFileType, type UploadPurpose } from '@ausm/domain';
import type { Db, Tx } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine, ReviewerScope } from '../../platform/review/engine';
import type { UploadService } from '../../platform/uploads/service';
import type { FileStore } from '../../platform/uploads/storage';
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

export const UPLOAD_PURPOSES = Object.keys(UPLOAD_RULES) as [UploadPurpose, ...UploadPurpose[]];

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
    private readonly reviews: ReviewEngine,
    private readonly audit: AuditLog,
  ) {}

  async upload(accountId: string, purpose: UploadPurpose, stream: AsyncIterable<Buffer> | Readable, fileName: string): Promise<FileView> {
    const accepted = await this.uploads.accept(purpose, stream, fileName);
    const [row] = await this.db
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
    return toFileView(row!);
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
  async claim(tx: Tx, accountId: string, fileId: string, purpose: UploadPurpose, use: FileUse): Promise<FileRow> {
    const invalid = () => new AppError(400, 'file/invalid', `${use.label}文件不存在，请重新上传`, { field: use.field });
    if (!isUuid(fileId)) throw invalid();
    const [claimed] = await tx
      .update(files)
      .set({ usedBy: use.usedBy, usedAt: this.clock.now() })
      .where(and(eq(files.id, fileId), eq(files.ownerAccountId, accountId), eq(files.purpose, purpose), or(isNull(files.usedBy), eq(files.usedBy, use.usedBy))))
      .returning();
    if (claimed) return claimed;
    const [own] = await tx.select().from(files).where(and(eq(files.id, fileId), eq(files.ownerAccountId, accountId)));
    if (!own) throw invalid();
    if (own.purpose !== purpose) throw new AppError(400, 'file/wrong_purpose', `${use.label}文件不符合本项的上传要求，请重新上传`, { field: use.field });
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

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
