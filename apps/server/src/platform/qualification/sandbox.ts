import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client';
import type { Clock } from '../clock';
import { sandboxQualificationRecords } from '../tables';
import {
  QUALIFICATION_TITLES,
  QualificationServiceUnavailable,
  sinceRegistryStart,
  type QualificationCertificate,
  type QualificationEntry,
  type QualificationLevel,
  type QualificationQuery,
  type QualificationRegistry,
} from './registry';

/** One certificate as the sandbox registry holds it. */
export type SandboxQualificationRecord = {
  name: string;
  /** '*' matches any ID number, so demo and test accounts with generated ID numbers can use it. */
  idNumber: string;
  level: QualificationLevel;
  certificateNo: string;
  obtainedAt: string;
};

/**
 * Seed records for fictional people. Certificate numbers follow the sandbox's own scheme (no public
 * one is fixed): year (4), province code (2), level (1 初级, 2 中级, 3 高级), serial (7). Two are from
 * before 2001 and so are never returned: 赵建国's 1998 初级 (his 2004 中级 is), and 钱守业's only
 * certificate. docs/sandbox.md lists them for people trying the platform.
 */
export const SANDBOX_QUALIFICATION_RECORDS: readonly SandboxQualificationRecord[] = [
  { name: '王会计', idNumber: '*', level: 'junior', certificateNo: '20153710012345', obtainedAt: '2015-06-18' },
  { name: '王会计', idNumber: '*', level: 'intermediate', certificateNo: '20193720004567', obtainedAt: '2019-10-18' },
  { name: '张三', idNumber: '*', level: 'junior', certificateNo: '20163710020318', obtainedAt: '2016-06-20' },
  { name: '刘红梅', idNumber: '370102198004162022', level: 'junior', certificateNo: '20033710001088', obtainedAt: '2003-06-10' },
  { name: '刘红梅', idNumber: '370102198004162022', level: 'intermediate', certificateNo: '20083720000621', obtainedAt: '2008-09-25' },
  { name: '刘红梅', idNumber: '370102198004162022', level: 'senior', certificateNo: '20143730000057', obtainedAt: '2014-12-20' },
  { name: '赵建国', idNumber: '370102197509231017', level: 'junior', certificateNo: '19983710000432', obtainedAt: '1998-10-15' },
  { name: '赵建国', idNumber: '370102197509231017', level: 'intermediate', certificateNo: '20043720000219', obtainedAt: '2004-09-20' },
  { name: '孙丽', idNumber: '310110199308124029', level: 'intermediate', certificateNo: '20213120003316', obtainedAt: '2021-10-20' },
  { name: '钱守业', idNumber: '*', level: 'junior', certificateNo: '19993710000815', obtainedAt: '1999-06-10' },
];

const normalizeName = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
const normalizeIdNumber = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/**
 * Answers like the national registry: the certificates held for this name and ID number since
 * 2001, oldest first. A name ending in 不可用 makes it fail, to try the platform without it.
 *
 * Besides the fixed list it holds what the platform entered (`record`, issue 24: qualifications the score
 * ledger completed), kept in `sandbox_qualification_records` when given a database (in memory otherwise, for
 * unit tests) and found by ID number alone, since the score ledger holds no names. A revoked one is taken out
 * (`revoke`).
 */
export class SandboxQualificationRegistry implements QualificationRegistry {
  private readonly entered = new Map<string, QualificationEntry>();

  constructor(
    private readonly records: readonly SandboxQualificationRecord[] = SANDBOX_QUALIFICATION_RECORDS,
    private readonly store: { db: Db; clock: Clock } | null = null,
  ) {}

  async lookup(q: QualificationQuery): Promise<QualificationCertificate[]> {
    const name = normalizeName(q.name);
    if (name.endsWith('不可用')) throw new QualificationServiceUnavailable('unavailable', '全国会计资格职称库 is unavailable (sandbox)');
    const idNumber = normalizeIdNumber(q.idNumber);
    const held = this.records.filter((r) => r.name === name && (r.idNumber === '*' || r.idNumber === idNumber));
    const entered = this.store
      ? await this.store.db.select().from(sandboxQualificationRecords).where(eq(sandboxQualificationRecords.idNumber, idNumber))
      : [...this.entered.values()].filter((e) => e.idNumber === idNumber);
    const all = [...held, ...entered.filter((e) => !held.some((h) => h.certificateNo === e.certificateNo))];
    return sinceRegistryStart(all.map((r) => ({ level: r.level, title: QUALIFICATION_TITLES[r.level], certificateNo: r.certificateNo, obtainedAt: r.obtainedAt })));
  }

  async record(entry: QualificationEntry): Promise<void> {
    const e = { ...entry, idNumber: normalizeIdNumber(entry.idNumber) };
    if (!this.store) {
      if (!this.entered.has(e.certificateNo)) this.entered.set(e.certificateNo, e);
      return;
    }
    await this.store.db
      .insert(sandboxQualificationRecords)
      .values({ ...e, recordedAt: this.store.clock.now() })
      .onConflictDoNothing({ target: sandboxQualificationRecords.certificateNo });
  }

  async revoke(certificateNo: string): Promise<void> {
    if (!this.store) {
      this.entered.delete(certificateNo);
      return;
    }
    await this.store.db.delete(sandboxQualificationRecords).where(eq(sandboxQualificationRecords.certificateNo, certificateNo));
  }
}
