/**
 * 全国会计资格职称库: the national records of accounting qualifications (会计专业技术资格). The
 * registry holds certificates obtained since 2001 (seed 003 §3.2: "2001年之后的证书数据"); a person
 * whose only certificate is older is not found there, and the reviewer sees 未核验.
 */

import type { QualificationLevel } from '@ausm/domain';

export { QUALIFICATION_TITLES, type QualificationLevel } from '@ausm/domain';

export type QualificationCertificate = {
  level: QualificationLevel;
  /** 助理会计师 / 会计师 / 高级会计师 */
  title: string;
  certificateNo: string;
  /** YYYY-MM-DD, never before QUALIFICATION_RECORDS_SINCE */
  obtainedAt: string;
};

export type QualificationQuery = { idNumber: string; name: string };

/** The first day the registry holds certificates for. */
export const QUALIFICATION_RECORDS_SINCE = '2001-01-01';

/** A qualification the platform's score ledger completed, as it enters the national records (issue 24). */
export type QualificationEntry = { idNumber: string; level: QualificationLevel; certificateNo: string; obtainedAt: string };

export interface QualificationRegistry {
  /** The person's certificates, oldest first; an empty list when the registry holds none. */
  lookup(q: QualificationQuery): Promise<QualificationCertificate[]>;
  /**
   * Enters a qualification the exam completed. Idempotent by certificate number: entering it again (a retry,
   * two processes at once) keeps one. Throws QualificationServiceUnavailable when the registry cannot take it.
   */
  record(entry: QualificationEntry): Promise<void>;
  /**
   * Takes a qualification the platform entered out of the records (the 财政部 revoked its certificate). Idempotent:
   * one it does not hold (never entered, or taken out already) is done. Throws QualificationServiceUnavailable
   * when the registry cannot take it now.
   */
  revoke(certificateNo: string, reason: string): Promise<void>;
}

/** The registry did not answer in time (timeout) or answered with an error or not at all. */
export class QualificationServiceUnavailable extends Error {
  constructor(
    readonly reason: 'timeout' | 'unavailable' = 'unavailable',
    message: string = reason === 'timeout' ? '全国会计资格职称库 did not answer in time' : '全国会计资格职称库 is unavailable',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'QualificationServiceUnavailable';
  }
}

/** Oldest first, and nothing before 2001 (an older one is not in the registry, whatever a source says). */
export function sinceRegistryStart(certificates: QualificationCertificate[]): QualificationCertificate[] {
  return certificates.filter((c) => c.obtainedAt >= QUALIFICATION_RECORDS_SINCE).sort((a, b) => a.obtainedAt.localeCompare(b.obtainedAt));
}
