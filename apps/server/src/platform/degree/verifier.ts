/**
 * The national degree database (学信网, CHSI): does a 学历证书 or 学位证书 with this number belong to
 * this person, school and graduation date? Asked when an education record of 大专 and above is saved;
 * when it does not verify, or does not answer in time, the platform asks for the certificate image.
 */

/** 学历证书 (diploma, 18 digits since 2002) or 学位证书 (degree, 16 digits). */
export type DegreeKind = 'diploma' | 'degree';

export type DegreeQuery = {
  kind: DegreeKind;
  certificateNo: string;
  name: string;
  idNumber: string;
  school: string;
  /** YYYY-MM-DD */
  graduationDate: string;
};

/** What the database holds for a certificate; only given back when the query verified. */
export type DegreeRecord = {
  school: string;
  /** 学历: 博士研究生, 硕士研究生, 本科, 大专 */
  level?: string;
  /** 学位: 博士, 硕士, 学士 */
  degree?: string;
  major?: string;
  /** YYYY-MM-DD */
  graduationDate: string;
};

export type DegreeResult = {
  /**
   * verified: the certificate exists and belongs to this name, ID number, school and date;
   * mismatch: the certificate exists but something differs; not_found: no such certificate.
   */
  result: 'verified' | 'mismatch' | 'not_found';
  record?: DegreeRecord;
};

/** `signal` lets a caller that stopped waiting (withTimeout) cancel the call. */
export type VerifyOptions = { signal?: AbortSignal };

export interface DegreeVerifier {
  verify(q: DegreeQuery, options?: VerifyOptions): Promise<DegreeResult>;
}

/** 学信网 did not answer in time (timeout) or answered with an error or not at all (unavailable). */
export class DegreeServiceUnavailable extends Error {
  constructor(
    readonly reason: 'timeout' | 'unavailable',
    message: string = reason === 'timeout' ? '学信网 did not answer in time' : '学信网 is unavailable',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DegreeServiceUnavailable';
  }
}

/**
 * Names and schools as people type them: NFKC turns full-width letters, digits and brackets into
 * ASCII (中国石油大学（华东） and 中国石油大学(华东) are one school), and spaces do not count.
 */
export const normalizeText = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** Certificate and ID numbers: no spaces, upper case (a trailing x of an ID number is X). */
export const normalizeNumber = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/**
 * Whether a found certificate is the one the person described. The database has already matched
 * the number (and, for the real service, name and ID number); school and date are compared here.
 */
export function sameSchoolAndDate(q: Pick<DegreeQuery, 'school' | 'graduationDate'>, record: DegreeRecord): boolean {
  return normalizeText(q.school) === normalizeText(record.school) && q.graduationDate.trim() === record.graduationDate;
}

/**
 * Gives up on the inner verifier after `ms` of real time (not the sandbox clock, which jumps when
 * set): throws DegreeServiceUnavailable('timeout') and aborts the inner call, so a hanging request
 * does not hold a socket. A caller's own signal is passed on as well.
 */
export function withTimeout(inner: DegreeVerifier, ms: number): DegreeVerifier {
  return {
    verify(q, options = {}) {
      const controller = new AbortController();
      const signal = options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal;
      return new Promise<DegreeResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          const err = new DegreeServiceUnavailable('timeout', `学信网 did not answer within ${ms} ms`);
          reject(err);
          controller.abort(err);
        }, ms);
        inner
          .verify(q, { signal })
          .then(resolve, reject)
          .finally(() => clearTimeout(timer));
      });
    },
  };
}
