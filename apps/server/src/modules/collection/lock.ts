import { collectionReadOnly, COLLECTION_APPROVED_MESSAGE, overallCollectionStatus } from '@ausm/domain';
import type { Db, Tx } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { CollectionRepo } from './repo';

/** issue 18: an approved record changes only through 信息变更, never through the wizard. */
export const approvedRefusal = () => new AppError(409, 'collection/approved', COLLECTION_APPROVED_MESSAGE);

/**
 * Refuses a write to an approved collection (409 collection/approved), changing nothing. Inside a
 * write's transaction pass `lock`: the profile row, which every submission locks too, is taken first,
 * so the status read is the one the write lands on. A collection turns approved only by a decision on
 * an open item, while the wizard's writes of that part are refused as under review.
 */
export async function assertWritable(repo: CollectionRepo, db: Db | Tx, accountId: string, lock = false): Promise<void> {
  const profile = await repo.profile(db, accountId, lock);
  // The profile is approved in every approved collection: most writes stop here without reading records.
  if (profile?.reviewStatus !== 'approved') return;
  const [education, work] = await Promise.all([repo.education(db, accountId), repo.work(db, accountId)]);
  const status = overallCollectionStatus(
    profile.reviewStatus,
    education.map((e) => e.reviewStatus),
    work.map((w) => w.reviewStatus),
  );
  if (collectionReadOnly(status)) throw approvedRefusal();
}
