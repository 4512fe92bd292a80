import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { idTypeLabel, maskIdNumber, maskName } from '@ausm/domain';
import { isUniqueViolation, type Db, type Tx } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import type { ReviewEngine, ReviewItem, ReviewKindHandler } from '../../platform/review/engine';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { FileService } from '../files';
import { identityVerifications } from './tables';

export const MANUAL_REVIEW_KIND = 'identity_manual';

export type ManualSubmission = { provinceId: string; cityId: string; frontFileId: string; backFileId: string; handheldFileId: string };

/** The latest 线上实名认证 attempt, as the portal shows it. */
export type ManualStatus = { status: 'pending' | 'passed' | 'failed'; authorityName: string; opinion: string | null; submittedAt: Date };

// seed 000 §2.3: 分别上传证件照人像面，国徽面，手持证件照人像面三张照片. `label` names the photo on the
// review item's attachments; `name` names it in messages beside the form field.
const PHOTOS = [
  { field: 'frontFileId', key: 'front', label: '人像面', name: '证件人像面照片' },
  { field: 'backFileId', key: 'back', label: '国徽面', name: '证件国徽面照片' },
  { field: 'handheldFileId', key: 'handheld', label: '手持证件照', name: '手持证件人像面照片' },
] as const;

const pendingError = () => new AppError(409, 'identity/manual_pending', '您的线上实名认证正在审核中，请耐心等待');
const WITHDRAWN = '您已撤回本次线上实名认证申请';

/**
 * 线上实名认证 (seed 000 §2.3): for those who cannot use Alipay, three photos of the ID document and
 * the province and city whose authority reviews them. A reviewer of that city (or above) decides
 * through the review engine; the decision lands here through the kind's handler.
 */
export class ManualVerificationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
    private readonly files: FileService,
  ) {}

  async submit(accountId: string, input: ManualSubmission): Promise<ManualStatus> {
    const identity = await this.accounts.identity(accountId);
    if (!identity) throw new AppError(401, 'auth/required', '登录已失效，请重新登录');
    if (identity.verified) throw new AppError(409, 'identity/already_verified', '您已完成实名认证');
    if (await this.pending(accountId)) throw pendingError();
    const province = await this.authorities.byId(input.provinceId);
    if (!province || province.level !== 'province') throw new AppError(400, 'identity/province_invalid', '请选择所在省', { field: 'provinceId' });
    const city = await this.authorities.byId(input.cityId);
    if (!city || city.level !== 'city') throw new AppError(400, 'identity/city_invalid', '请选择所在市', { field: 'cityId' });
    if (city.parentId !== province.id) {
      throw new AppError(400, 'identity/city_mismatch', `所在市不属于${province.name}，请重新选择所在市`, { field: 'cityId' });
    }
    const id = randomUUID();
    try {
      await this.db.transaction(async (tx) => {
        const claimed: Record<string, string> = {};
        for (const photo of PHOTOS) {
          const file = await this.files.claim(tx, accountId, input[photo.field], 'realname_photo', {
            usedBy: `identity_verification:${id}`,
            field: photo.field,
            label: photo.name,
          });
          claimed[photo.key] = file.id;
        }
        const item = await this.reviews.submit(tx, {
          kind: MANUAL_REVIEW_KIND,
          accountId,
          authorityId: city.id,
          authorityPath: city.path,
          applicantName: maskName(identity.realName),
          applicantIdMasked: maskIdNumber(identity.idNumber),
          title: '线上实名认证',
          before: null,
          // Unmasked on purpose: the reviewer's whole task is to compare the name and number with the
          // photographed document, which a masked number makes impossible. Only staff whose scope
          // covers the city see the detail; queues and search keep showing the masked columns.
          after: {
            idType: idTypeLabel(identity.idType),
            idNumber: identity.idNumber,
            realName: identity.realName,
            province: province.name,
            city: city.name,
          },
          attachments: PHOTOS.map((p) => ({ id: claimed[p.key]!, label: p.label })),
        });
        await tx.insert(identityVerifications).values({
          id,
          accountId,
          method: 'manual',
          status: 'pending',
          certName: identity.realName,
          certNo: identity.idNumber,
          reviewItemId: item.id,
          authorityId: city.id,
          files: claimed,
          createdAt: this.clock.now(),
        });
      });
    } catch (err) {
      // Two submissions at once: the partial unique index lets one through.
      if (isUniqueViolation(err, 'identity_verifications_manual_pending_uq')) throw pendingError();
      throw err;
    }
    return (await this.latest(accountId))!;
  }

  async pending(accountId: string, tx: Tx = this.db): Promise<boolean> {
    const rows = await tx
      .select({ id: identityVerifications.id })
      .from(identityVerifications)
      .where(and(eq(identityVerifications.accountId, accountId), eq(identityVerifications.method, 'manual'), eq(identityVerifications.status, 'pending')))
      .limit(1);
    return rows.length > 0;
  }

  async latest(accountId: string): Promise<ManualStatus | null> {
    const [row] = await this.db
      .select()
      .from(identityVerifications)
      .where(and(eq(identityVerifications.accountId, accountId), eq(identityVerifications.method, 'manual')))
      .orderBy(desc(identityVerifications.createdAt))
      .limit(1);
    if (!row) return null;
    const authority = row.authorityId ? await this.authorities.byId(row.authorityId) : null;
    return { status: row.status, authorityName: authority?.name ?? '', opinion: row.status === 'failed' ? row.failReason : null, submittedAt: row.createdAt };
  }

  /**
   * Alipay verified the account while a manual submission waited: the reviewer has nothing left to
   * decide, so the submission is withdrawn in the same transaction. If a reviewer decided it a
   * moment before, that decision stands.
   */
  async withdrawPending(tx: Tx, accountId: string, reason: string): Promise<void> {
    const [row] = await tx
      .update(identityVerifications)
      .set({ status: 'failed', failReason: reason, completedAt: this.clock.now() })
      .where(and(eq(identityVerifications.accountId, accountId), eq(identityVerifications.method, 'manual'), eq(identityVerifications.status, 'pending')))
      .returning({ reviewItemId: identityVerifications.reviewItemId });
    if (!row?.reviewItemId) return;
    try {
      await this.reviews.withdraw(accountId, row.reviewItemId, tx);
    } catch (err) {
      if (!(err instanceof AppError && err.status === 409)) throw err;
    }
  }

  /** The review kind, registered on the engine in app.ts. */
  reviewKind(): ReviewKindHandler {
    return {
      kind: MANUAL_REVIEW_KIND,
      label: '线上实名认证',
      fields: [
        { key: 'idType', label: '证件类型' },
        { key: 'idNumber', label: '证件号码' },
        { key: 'realName', label: '真实姓名' },
        { key: 'province', label: '所在省' },
        { key: 'city', label: '所在市' },
      ],
      onApproved: async (tx, item) => {
        if (await this.finish(tx, item, 'passed', null)) await this.accounts.markIdentityVerified(tx, item.accountId, 'manual');
      },
      onRejected: async (tx, item) => void (await this.finish(tx, item, 'failed', item.opinion)),
      onWithdrawn: async (tx, item) => void (await this.finish(tx, item, 'failed', WITHDRAWN)),
    };
  }

  private async finish(tx: Tx, item: ReviewItem, status: 'passed' | 'failed', failReason: string | null): Promise<boolean> {
    const rows = await tx
      .update(identityVerifications)
      .set({ status, failReason, completedAt: this.clock.now() })
      .where(and(eq(identityVerifications.reviewItemId, item.id), eq(identityVerifications.status, 'pending')))
      .returning({ id: identityVerifications.id });
    return rows.length > 0;
  }
}
