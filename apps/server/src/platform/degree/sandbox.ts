import { setTimeout as sleep } from 'node:timers/promises';
import {
  DegreeServiceUnavailable,
  normalizeNumber,
  normalizeText,
  sameSchoolAndDate,
  type DegreeKind,
  type DegreeQuery,
  type DegreeRecord,
  type DegreeResult,
  type DegreeVerifier,
  type VerifyOptions,
} from './verifier';

/** One certificate as the sandbox database holds it. */
export type SandboxDegreeRecord = DegreeRecord & {
  kind: DegreeKind;
  certificateNo: string;
  name: string;
  /** '*' matches any ID number, so demo and test accounts with generated ID numbers can use it. */
  idNumber: string;
};

/**
 * Fictional people in the real numbering schemes. 学历证书编号 (18 digits): school code (5), 办学类型
 * (1 = 普通高等教育), year (4), 培养层次 (01 博士研究生, 02 硕士研究生, 05 本科, 06 专科), serial (6).
 * 学位证书编号 (16 digits): school code (5), 学位级别 (2 博士, 3 硕士, 4 学士), year (4), serial (6).
 * School codes: 山东大学 10422, 山东财经大学 10456, 清华大学 10003, 中国人民大学 10002, 上海财经大学 10272,
 * 中南财经政法大学 10520. docs/sandbox.md lists them for people trying the platform.
 */
export const SANDBOX_DEGREE_RECORDS: readonly SandboxDegreeRecord[] = [
  { kind: 'diploma', certificateNo: '104221201505001234', name: '张三', idNumber: '*', school: '山东大学', level: '本科', major: '会计学', graduationDate: '2015-06-30' },
  { kind: 'degree', certificateNo: '1042242015001234', name: '张三', idNumber: '*', school: '山东大学', level: '本科', degree: '学士', major: '会计学', graduationDate: '2015-06-30' },
  { kind: 'diploma', certificateNo: '104561201802000318', name: '李四', idNumber: '*', school: '山东财经大学', level: '硕士研究生', major: '会计学', graduationDate: '2018-06-30' },
  { kind: 'degree', certificateNo: '1045632018000318', name: '李四', idNumber: '*', school: '山东财经大学', level: '硕士研究生', degree: '硕士', major: '会计学', graduationDate: '2018-06-30' },
  { kind: 'diploma', certificateNo: '104561201206002345', name: '王芳', idNumber: '*', school: '山东财经大学', level: '大专', major: '会计', graduationDate: '2012-07-01' },
  { kind: 'diploma', certificateNo: '100021201601000087', name: '周文博', idNumber: '*', school: '中国人民大学', level: '博士研究生', major: '会计学', graduationDate: '2016-07-01' },
  { kind: 'degree', certificateNo: '1000222016000087', name: '周文博', idNumber: '*', school: '中国人民大学', level: '博士研究生', degree: '博士', major: '会计学', graduationDate: '2016-07-01' },
  { kind: 'diploma', certificateNo: '100031201405003021', name: '刘洋', idNumber: '110108199203053018', school: '清华大学', level: '本科', major: '经济与金融', graduationDate: '2014-07-01' },
  { kind: 'degree', certificateNo: '1000342014003021', name: '刘洋', idNumber: '110108199203053018', school: '清华大学', level: '本科', degree: '学士', major: '经济与金融', graduationDate: '2014-07-01' },
  { kind: 'diploma', certificateNo: '102721201902000452', name: '孙丽', idNumber: '310110199308124029', school: '上海财经大学', level: '硕士研究生', major: '会计学', graduationDate: '2019-06-30' },
  { kind: 'degree', certificateNo: '1027232019000452', name: '孙丽', idNumber: '310110199308124029', school: '上海财经大学', level: '硕士研究生', degree: '硕士', major: '会计学', graduationDate: '2019-06-30' },
  { kind: 'diploma', certificateNo: '105201201705004410', name: '周明', idNumber: '420106199502153510', school: '中南财经政法大学', level: '本科', major: '财务管理', graduationDate: '2017-06-30' },
  { kind: 'degree', certificateNo: '1052042017004410', name: '周明', idNumber: '420106199502153510', school: '中南财经政法大学', level: '本科', degree: '学士', major: '财务管理', graduationDate: '2017-06-30' },
];

/** How long a TIMEOUT certificate keeps the caller waiting before it gives up itself (a gateway 504). */
export const SANDBOX_DEGREE_HANG_MS = 10 * 60_000;

export type SandboxDegreeOptions = {
  /** Every answer comes this late (SANDBOX_DEGREE_DELAY_MS), to try the platform with a slow service. */
  delayMs?: number;
  records?: readonly SandboxDegreeRecord[];
};

/**
 * Answers like 学信网: a number it does not hold is not_found; a number it holds for someone else, or
 * with another school or date, is a mismatch, and then tells nothing about the record. Numbers ending
 * in TIMEOUT never answer in time and numbers ending in UNAVAILABLE fail, so the platform's fallback
 * (asking for the certificate image) can be tried.
 */
export class SandboxDegreeVerifier implements DegreeVerifier {
  private readonly delayMs: number;
  private readonly records: readonly SandboxDegreeRecord[];

  constructor(options: SandboxDegreeOptions = {}) {
    this.delayMs = options.delayMs ?? 0;
    this.records = options.records ?? SANDBOX_DEGREE_RECORDS;
  }

  async verify(q: DegreeQuery, options: VerifyOptions = {}): Promise<DegreeResult> {
    const { signal } = options;
    signal?.throwIfAborted();
    if (this.delayMs > 0) await sleep(this.delayMs, undefined, { signal });
    const certificateNo = normalizeNumber(q.certificateNo);
    if (certificateNo.endsWith('TIMEOUT')) {
      // Unref'd: a process with nothing else to do need not stay up for a call nobody waits for.
      await sleep(SANDBOX_DEGREE_HANG_MS, undefined, { signal, ref: false });
      throw new DegreeServiceUnavailable('timeout', '学信网 gateway timeout');
    }
    if (certificateNo.endsWith('UNAVAILABLE')) throw new DegreeServiceUnavailable('unavailable', '学信网 service unavailable (sandbox)');

    const held = this.records.find((r) => r.kind === q.kind && r.certificateNo === certificateNo);
    if (!held) return { result: 'not_found' };
    const samePerson =
      normalizeText(q.name) === normalizeText(held.name) && (held.idNumber === '*' || normalizeNumber(q.idNumber) === held.idNumber);
    if (!samePerson || !sameSchoolAndDate(q, held)) return { result: 'mismatch' };
    const { kind: _kind, certificateNo: _no, name: _name, idNumber: _id, ...record } = held;
    return { result: 'verified', record };
  }
}
