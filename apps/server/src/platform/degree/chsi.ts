import { createHash, createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  DegreeServiceUnavailable,
  normalizeNumber,
  normalizeText,
  sameSchoolAndDate,
  type DegreeQuery,
  type DegreeResult,
  type DegreeVerifier,
  type VerifyOptions,
} from './verifier';

export type ChsiConfig = {
  /** The full URL of the verification call (CHSI_ENDPOINT). */
  endpoint: string;
  appKey: string;
  appSecret: string;
};

/** Answer codes of the verification call. Any other code (signature, quota, system busy) is an outage. */
export const CHSI_CODES = {
  /** The certificate exists and belongs to the name and ID number sent; `data` is its record. */
  found: '0000',
  /** No certificate with this number. */
  notFound: '1001',
  /** The certificate exists but is another person's (name or ID number differ). */
  otherPerson: '1002',
} as const;

const ZDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZAnswer = z.object({
  code: z.union([z.string(), z.number()]).transform(String),
  message: z.string().optional(),
  data: z
    .object({
      school: z.string(),
      level: z.string().optional(),
      degree: z.string().optional(),
      major: z.string().optional(),
      graduationDate: ZDate,
    })
    .nullish(),
});

export const sha256Hex = (body: string) => createHash('sha256').update(body, 'utf8').digest('hex');

/**
 * 学信网 certificate verification for institutions, JSON over HTTPS. Each request is signed with the
 * application's secret: HMAC-SHA256 over
 *   METHOD \n path?query \n appKey \n timestamp (ms since epoch) \n nonce \n sha256-hex(body)
 * sent base64 in X-Chsi-Signature beside X-Chsi-App-Key, X-Chsi-Timestamp and X-Chsi-Nonce; the
 * timestamp and the nonce let the service refuse replays. The request carries only what the service
 * needs to find the certificate (type, number, name, ID number); the service answers with the
 * record when number, name and ID number belong together, and school and graduation date are compared
 * here, as the sandbox does.
 */
export class ChsiDegreeVerifier implements DegreeVerifier {
  constructor(
    private readonly config: ChsiConfig,
    private readonly fetchImpl: typeof fetch = fetch,
    // Real time, not the sandbox clock: the service refuses timestamps far from its own.
    private readonly now: () => Date = () => new Date(),
    private readonly nonce: () => string = () => randomUUID().replace(/-/g, ''),
  ) {}

  /** The headers that sign one request (public for tests). */
  signedHeaders(method: string, body: string): Record<string, string> {
    const url = new URL(this.config.endpoint);
    const timestamp = String(this.now().getTime());
    const nonce = this.nonce();
    const stringToSign = [method, `${url.pathname}${url.search}`, this.config.appKey, timestamp, nonce, sha256Hex(body)].join('\n');
    return {
      'content-type': 'application/json; charset=utf-8',
      'x-chsi-app-key': this.config.appKey,
      'x-chsi-timestamp': timestamp,
      'x-chsi-nonce': nonce,
      'x-chsi-signature': createHmac('sha256', this.config.appSecret).update(stringToSign, 'utf8').digest('base64'),
    };
  }

  async verify(q: DegreeQuery, options: VerifyOptions = {}): Promise<DegreeResult> {
    const body = JSON.stringify({
      certType: q.kind === 'diploma' ? 'XL' : 'XW',
      certNo: normalizeNumber(q.certificateNo),
      name: normalizeText(q.name),
      idNo: normalizeNumber(q.idNumber),
    });
    let status: number;
    let text: string;
    try {
      const res = await this.fetchImpl(this.config.endpoint, { method: 'POST', headers: this.signedHeaders('POST', body), body, signal: options.signal });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const reason = options.signal?.aborted ? 'timeout' : 'unavailable';
      throw new DegreeServiceUnavailable(reason, `学信网 unreachable: ${(err as Error).message}`, { cause: err });
    }
    if (status < 200 || status >= 300) throw new DegreeServiceUnavailable('unavailable', `学信网 answered HTTP ${status}: ${text.slice(0, 200)}`);
    let answer: z.infer<typeof ZAnswer>;
    try {
      answer = ZAnswer.parse(JSON.parse(text));
    } catch (err) {
      throw new DegreeServiceUnavailable('unavailable', '学信网 answered something unreadable', { cause: err });
    }
    switch (answer.code) {
      case CHSI_CODES.notFound:
        return { result: 'not_found' };
      case CHSI_CODES.otherPerson:
        return { result: 'mismatch' };
      case CHSI_CODES.found: {
        const record = answer.data;
        if (!record) throw new DegreeServiceUnavailable('unavailable', '学信网 answered found without a record');
        return sameSchoolAndDate(q, record) ? { result: 'verified', record } : { result: 'mismatch' };
      }
      default:
        throw new DegreeServiceUnavailable('unavailable', `学信网 refused: ${answer.code} ${answer.message ?? ''}`.trim());
    }
  }
}
