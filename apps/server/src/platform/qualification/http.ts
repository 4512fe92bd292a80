import { z } from 'zod';
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

export type HttpQualificationConfig = {
  /** The full URL of the lookup call (QUALIFICATION_ENDPOINT). */
  endpoint: string;
  /** Bearer token issued to the platform (QUALIFICATION_TOKEN). */
  token: string;
  /** How long to wait for an answer; default 5 s. */
  timeoutMs?: number;
};

const LEVELS: Record<string, QualificationLevel> = { 初级: 'junior', 中级: 'intermediate', 高级: 'senior' };
const LEVEL_NAMES: Record<QualificationLevel, string> = { junior: '初级', intermediate: '中级', senior: '高级' };

/** The registry's call that takes in a qualification: beside the lookup call, `records` in place of its last segment. */
export const recordEndpoint = (lookupEndpoint: string) => new URL('records', lookupEndpoint).toString();
export const revokeEndpoint = (lookupEndpoint: string) => new URL('records/revoke', lookupEndpoint).toString();

const ZAnswer = z.object({
  certificates: z.array(
    z.object({
      level: z.string(),
      certificateNo: z.string().min(1),
      obtainedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    }),
  ),
});

/**
 * The registry's lookup call, JSON over HTTPS: POST { idNumber, name } with the platform's bearer
 * token; 200 { certificates: [{ level: 初级 | 中级 | 高级, certificateNo, obtainedAt }] } (an empty
 * list when it holds none). Anything else, or no answer in time, is an outage: the platform then
 * submits without the check and the reviewer sees 未核验.
 *
 * Entering a qualification the exam completed (issue 24): POST { idNumber, level, certificateNo, obtainedAt } to
 * the `records` call beside the lookup (…/lookup → …/records); 2xx, or 409 for a certificate number it holds
 * already, means taken in. Taking a revoked one out: POST { certificateNo, reason } to …/records/revoke; 2xx, or 404
 * for one it does not hold, means done.
 */
export class HttpQualificationRegistry implements QualificationRegistry {
  constructor(
    private readonly config: HttpQualificationConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async record(entry: QualificationEntry): Promise<void> {
    const { status } = await this.call(recordEndpoint(this.config.endpoint), {
      idNumber: entry.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase(),
      level: LEVEL_NAMES[entry.level],
      certificateNo: entry.certificateNo,
      obtainedAt: entry.obtainedAt,
    });
    if (status === 409) return;
    if (status < 200 || status >= 300) throw new QualificationServiceUnavailable('unavailable', `全国会计资格职称库 refused the record: HTTP ${status}`);
  }

  async revoke(certificateNo: string, reason: string): Promise<void> {
    const { status } = await this.call(revokeEndpoint(this.config.endpoint), { certificateNo, reason });
    if (status === 404) return;
    if (status < 200 || status >= 300) throw new QualificationServiceUnavailable('unavailable', `全国会计资格职称库 refused the revocation: HTTP ${status}`);
  }

  private async call(url: string, body: unknown): Promise<{ status: number; text: string }> {
    const signal = AbortSignal.timeout(this.config.timeoutMs ?? 5_000);
    try {
      const res = await this.fetchImpl(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.config.token}`, 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body: JSON.stringify(body),
        signal,
      });
      return { status: res.status, text: await res.text() };
    } catch (err) {
      const reason = signal.aborted ? 'timeout' : 'unavailable';
      throw new QualificationServiceUnavailable(reason, `全国会计资格职称库 unreachable: ${(err as Error).message}`, { cause: err });
    }
  }

  async lookup(q: QualificationQuery): Promise<QualificationCertificate[]> {
    const { status, text } = await this.call(this.config.endpoint, {
      idNumber: q.idNumber.normalize('NFKC').replace(/\s+/g, '').toUpperCase(),
      name: q.name.normalize('NFKC').replace(/\s+/g, ''),
    });
    if (status < 200 || status >= 300) throw new QualificationServiceUnavailable('unavailable', `全国会计资格职称库 answered HTTP ${status}`);
    let answer: z.infer<typeof ZAnswer>;
    try {
      answer = ZAnswer.parse(JSON.parse(text));
    } catch (err) {
      throw new QualificationServiceUnavailable('unavailable', '全国会计资格职称库 answered something unreadable', { cause: err });
    }
    const certificates: QualificationCertificate[] = [];
    for (const c of answer.certificates) {
      const level = LEVELS[c.level];
      // Kinds other than the three 会计专业技术资格 levels are not what the platform asks about.
      if (!level) continue;
      certificates.push({ level, title: QUALIFICATION_TITLES[level], certificateNo: c.certificateNo, obtainedAt: c.obtainedAt });
    }
    return sinceRegistryStart(certificates);
  }
}
