import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AUDIT_RETENTION_MIN_DAYS } from '@ausm/domain';
import { KEY_ID, type PiiKey } from './platform/pii/keyring';
import { DEFAULT_DB_TIMEOUTS, type DbTimeouts } from './db/pool';
import { SANDBOX_APP_ID, SANDBOX_APP_PRIVATE_KEY, SANDBOX_APP_PUBLIC_KEY, SANDBOX_PROVIDER_PRIVATE_KEY, SANDBOX_PROVIDER_PUBLIC_KEY } from './platform/payment/sandbox-keys';
import { STAFF_TOTP_POLICIES, type StaffTotpPolicy } from '@ausm/domain';

/** The payment application's keys: PAYMENT_ALIPAY_* when set, else the identity adapter's ALIPAY_*. */
type PaymentKeyEnv = { [K in 'PAYMENT_ALIPAY_APP_ID' | 'PAYMENT_ALIPAY_PRIVATE_KEY' | 'PAYMENT_ALIPAY_PUBLIC_KEY' | 'ALIPAY_APP_ID' | 'ALIPAY_PRIVATE_KEY' | 'ALIPAY_PUBLIC_KEY']?: string };
function paymentKeys(env: PaymentKeyEnv) {
  return {
    appId: env.PAYMENT_ALIPAY_APP_ID ?? env.ALIPAY_APP_ID,
    privateKey: env.PAYMENT_ALIPAY_PRIVATE_KEY ?? env.ALIPAY_PRIVATE_KEY,
    alipayPublicKey: env.PAYMENT_ALIPAY_PUBLIC_KEY ?? env.ALIPAY_PUBLIC_KEY,
  };
}
const pemBody = (s: string | undefined) => (s ?? '').replace(/-----[^-]+-----|\s|\\n/g, '');
/** True when any of the keys is one of the sandbox's published ones (platform/payment/sandbox-keys.ts). */
function usesSandboxPaymentKeys(keys: ReturnType<typeof paymentKeys>): boolean {
  const published = [SANDBOX_APP_PRIVATE_KEY, SANDBOX_APP_PUBLIC_KEY, SANDBOX_PROVIDER_PRIVATE_KEY, SANDBOX_PROVIDER_PUBLIC_KEY].map(pemBody);
  return keys.appId === SANDBOX_APP_ID || [keys.privateKey, keys.alipayPublicKey].some((k) => k && published.includes(pemBody(k)));
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** PGlite's folder when DATA_DIR is unset (the server and the staff:create-admin command alike). */
export const DEFAULT_DATA_DIR = `${repoRoot}data`;

const ZConfig = z
  .object({
    AUSM_MODE: z.enum(['sandbox', 'production']).default('sandbox'),
    HOST: z.string().default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // Without DATABASE_URL the platform runs on embedded PGlite persisted in DATA_DIR.
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default(DEFAULT_DATA_DIR),
    // PostgreSQL's limits (decision 0009): a request fails in bounded time and an abandoned transaction rolls back.
    DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(1).default(DEFAULT_DB_TIMEOUTS.connectMs),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1).default(DEFAULT_DB_TIMEOUTS.statementMs),
    DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(1).default(DEFAULT_DB_TIMEOUTS.lockMs),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(1).default(DEFAULT_DB_TIMEOUTS.idleInTransactionMs),
    // GET /api/ready: how long the database (and Redis) may take to answer before it says 503.
    READY_TIMEOUT_MS: z.coerce.number().int().min(1).default(2_000),
    REDIS_URL: z.string().url().optional(),
    WEB_DIST: z.string().default(`${repoRoot}apps/web/dist`),
    SMS_PROVIDER: z.enum(['sandbox', 'aliyun']).default('sandbox'),
    ALIYUN_SMS_ACCESS_KEY_ID: z.string().optional(),
    ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().optional(),
    ALIYUN_SMS_SIGN_NAME: z.string().optional(),
    ALIYUN_SMS_TEMPLATE_CODE: z.string().optional(),
    // The template of review-result notices (参数 service, result, time, opinion).
    ALIYUN_SMS_NOTICE_TEMPLATE_CODE: z.string().optional(),
    ALIYUN_SMS_ENDPOINT: z.string().url().default('https://dysmsapi.aliyuncs.com/'),
    // Where people reach the platform; the sandbox Alipay QR code points at its 沙箱 page there.
    PUBLIC_BASE_URL: z.string().url().optional(),
    ALIPAY_PROVIDER: z.enum(['sandbox', 'alipay']).default('sandbox'),
    ALIPAY_APP_ID: z.string().optional(),
    ALIPAY_PRIVATE_KEY: z.string().optional(),
    ALIPAY_PUBLIC_KEY: z.string().optional(),
    ALIPAY_GATEWAY: z.string().url().default('https://openapi.alipay.com/gateway.do'),
    // 网上缴费 (电脑网站支付): the same Alipay application's keys unless PAYMENT_ALIPAY_* name another one.
    PAYMENT_PROVIDER: z.enum(['sandbox', 'alipay']).default('sandbox'),
    PAYMENT_ALIPAY_APP_ID: z.string().optional(),
    PAYMENT_ALIPAY_PRIVATE_KEY: z.string().optional(),
    PAYMENT_ALIPAY_PUBLIC_KEY: z.string().optional(),
    /** How often open orders are checked against 缴费时间 and pending refunds sent again. */
    PAYMENT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),
    // 微信扫码登录 (WeChat Open Platform website application).
    WECHAT_PROVIDER: z.enum(['sandbox', 'wechat']).default('sandbox'),
    WECHAT_APP_ID: z.string().optional(),
    WECHAT_APP_SECRET: z.string().optional(),
    // 微信公众号模板消息 (review-result notices to a bound WeChat): the official account and its template.
    WECHAT_MP_PROVIDER: z.enum(['sandbox', 'wechat']).default('sandbox'),
    WECHAT_MP_APP_ID: z.string().optional(),
    WECHAT_MP_APP_SECRET: z.string().optional(),
    WECHAT_MP_TEMPLATE_ID: z.string().optional(),
    // 单位法人用户's second way in: 国家政务服务平台 法人登录 (OAuth 2.0 authorization code).
    LEGAL_PERSON_PROVIDER: z.enum(['sandbox', 'gov']).default('sandbox'),
    LEGAL_PERSON_CLIENT_ID: z.string().optional(),
    LEGAL_PERSON_CLIENT_SECRET: z.string().optional(),
    LEGAL_PERSON_BASE_URL: z.string().url().optional(),
    // How often each process looks for notices due (retries; decisions taken inside a module's transaction).
    NOTICE_DELIVERY_INTERVAL_MS: z.coerce.number().int().min(10).default(2_000),
    // 学信网 degree check: the platform waits DEGREE_CHECK_TIMEOUT_MS, then asks for the certificate image.
    DEGREE_PROVIDER: z.enum(['sandbox', 'chsi']).default('sandbox'),
    CHSI_ENDPOINT: z.string().url().optional(),
    CHSI_APP_KEY: z.string().optional(),
    CHSI_APP_SECRET: z.string().optional(),
    DEGREE_CHECK_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
    SANDBOX_DEGREE_DELAY_MS: z.coerce.number().int().min(0).default(0),
    // 全国会计资格职称库 (accounting qualifications since 2001).
    QUALIFICATION_PROVIDER: z.enum(['sandbox', 'http']).default('sandbox'),
    QUALIFICATION_ENDPOINT: z.string().url().optional(),
    QUALIFICATION_TOKEN: z.string().optional(),
    // Where uploads live: a directory (FILES_DIR, default DATA_DIR/files) or an S3-compatible bucket.
    FILE_STORE: z.enum(['local', 's3']).default('local'),
    FILES_DIR: z.string().optional(),
    S3_ENDPOINT: z.string().url().optional(),
    S3_REGION: z.string().default('us-east-1'),
    S3_BUCKET: z.string().optional(),
    S3_ACCESS_KEY_ID: z.string().optional(),
    S3_SECRET_ACCESS_KEY: z.string().optional(),
    // How often the server removes uploads no record claimed within a day (reading the platform clock).
    UPLOAD_CLEANUP_INTERVAL_MS: z.coerce.number().int().min(10).default(10 * 60 * 1000),
    // Unset: Secure cookies in production (served over HTTPS), plain ones in sandbox mode (http://localhost).
    COOKIE_SECURE: z.enum(['true', 'false']).optional(),
    // The reverse proxies whose X-Forwarded-For is believed for the client's IP (rate limits, the audit log):
    // `false`, or their addresses/CIDRs separated by commas (proxy-addr's `loopback`, `linklocal`,
    // `uniquelocal` too). `true` would believe any hop, so a client could name its own IP; a hop count cannot
    // tell the proxy from a client that reaches the port directly (Fastify trusts nobody on one). Both refused.
    TRUST_PROXY: z
      .string()
      .default('false')
      .transform((v) => v.trim().toLowerCase())
      .refine((v) => v === 'false' || v.split(',').every((a) => isProxyAddress(a.trim())), {
        message: 'give false, or the proxies\' addresses/CIDRs separated by commas (true and hop counts would trust an X-Forwarded-For the client writes)',
      })
      .transform((v): false | string => (v === 'false' ? false : v.split(',').map((a) => a.trim()).join(','))),
    // Password hashing is the most expensive step: never more hashes at once than cores.
    HASH_CONCURRENCY: z.coerce.number().int().min(1).default(availableParallelism()),
    HASH_QUEUE_MAX: z.coerce.number().int().min(0).default(availableParallelism() * 8),
    HASH_QUEUE_WAIT_MS: z.coerce.number().int().min(1).default(5_000),
    // 考试报名's admission control (platform/admission.ts): people admitted per second while others queue, from
    // the bench's submit peak (bench/README.md, figure 7: 0.85 of ~212 submits/s on the reference machine); the
    // admissions that may go at once when nobody waits (default: a second's worth); how long an admission lasts.
    ENROLLMENT_ADMISSIONS_PER_SECOND: z.coerce.number().positive().default(180),
    ENROLLMENT_ADMISSION_BURST: z.coerce.number().int().min(1).optional(),
    ENROLLMENT_PASS_SECONDS: z.coerce.number().int().min(10).default(1_800),
    ENROLLMENT_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(48),
    ENROLLMENT_IN_FLIGHT_WAIT_MS: z.coerce.number().int().min(0).default(3_000),
    // The event loop at real-time priority where the system allows it (platform/realtime.ts), so that
    // pages do not wait behind the hashers for a core; `normal` leaves it as started.
    EVENT_LOOP_PRIORITY: z.enum(['realtime', 'normal']).default('realtime'),
    // How long the audit trail keeps an event: the law's floor is six months, so less is refused at start.
    AUDIT_RETENTION_DAYS: z.coerce
      .number()
      .int()
      .min(AUDIT_RETENTION_MIN_DAYS, `must be at least ${AUDIT_RETENTION_MIN_DAYS} (six months: 网络安全法 art. 21, 等保 2.0 level 3)`)
      .default(365),
    // 动态口令 for staff: `required` makes every staff member enrol one at first login (等保 2.0 level 3 asks two
    // factors of administrators); `optional` asks it only of those an administrator marks. Unset: required in
    // production, optional in sandbox mode, so the seeded staff of the demo and the tests log in without.
    STAFF_TOTP: z.enum(STAFF_TOTP_POLICIES).optional(),
    // GET /metrics (Prometheus) answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, it is not served.
    METRICS_TOKEN: z.string().min(16, 'give at least 16 characters (openssl rand -hex 24)').optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Personal data at rest (docs/personal-data.md): SM4 keys `id:base64` separated by commas, the one new
    // values are sealed under, and the HMAC-SM3 key of the blind indexes. Sandbox mode without them uses
    // fixed development keys (and says so in the log); production refuses to start without them.
    PII_KEYS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return undefined;
        const parsed = parsePiiKeys(v);
        if (typeof parsed === 'string') {
          ctx.addIssue({ code: 'custom', message: parsed });
          return z.NEVER;
        }
        return parsed;
      }),
    PII_ACTIVE_KEY: z.string().trim().optional(),
    PII_INDEX_KEY: z
      .string()
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v.trim() === '') return undefined;
        const key = decodeKey(v.trim());
        if (!key || key.length < 16) {
          ctx.addIssue({ code: 'custom', message: 'give at least 128 bits in base64 (openssl rand -base64 32)' });
          return z.NEVER;
        }
        return key;
      }),
  })
  .superRefine((env, ctx) => {
    if (env.FILE_STORE === 's3') {
      for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required by the s3 file store' });
      }
    }
    if (env.DEGREE_PROVIDER === 'chsi') {
      for (const key of ['CHSI_ENDPOINT', 'CHSI_APP_KEY', 'CHSI_APP_SECRET'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required by the chsi degree provider' });
      }
    }
    if (env.QUALIFICATION_PROVIDER === 'http') {
      for (const key of ['QUALIFICATION_ENDPOINT', 'QUALIFICATION_TOKEN'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required by the http qualification provider' });
      }
    }
    if (env.WECHAT_PROVIDER === 'wechat') {
      for (const key of ['WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'PUBLIC_BASE_URL'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required by the wechat provider' });
      }
    }
    if (env.LEGAL_PERSON_PROVIDER === 'gov') {
      for (const key of ['LEGAL_PERSON_CLIENT_ID', 'LEGAL_PERSON_CLIENT_SECRET', 'LEGAL_PERSON_BASE_URL', 'PUBLIC_BASE_URL'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required by the gov legal-person provider' });
      }
    }
    if (env.WECHAT_MP_PROVIDER === 'wechat') {
      for (const key of ['WECHAT_MP_APP_ID', 'WECHAT_MP_APP_SECRET', 'WECHAT_MP_TEMPLATE_ID'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required by the wechat official-account provider' });
      }
    }
    if (env.PII_KEYS || env.PII_INDEX_KEY || env.PII_ACTIVE_KEY) {
      if (!env.PII_KEYS) ctx.addIssue({ code: 'custom', path: ['PII_KEYS'], message: 'give the SM4 keys with PII_INDEX_KEY and PII_ACTIVE_KEY (docs/personal-data.md)' });
      if (!env.PII_INDEX_KEY) ctx.addIssue({ code: 'custom', path: ['PII_INDEX_KEY'], message: 'give the blind-index key with PII_KEYS (docs/personal-data.md)' });
      if (env.PII_KEYS) {
        const active = env.PII_ACTIVE_KEY || (env.PII_KEYS.length === 1 ? env.PII_KEYS[0]!.id : undefined);
        if (!active) ctx.addIssue({ code: 'custom', path: ['PII_ACTIVE_KEY'], message: 'name the key new values are sealed under (one of PII_KEYS)' });
        else if (!env.PII_KEYS.some((k) => k.id === active)) ctx.addIssue({ code: 'custom', path: ['PII_ACTIVE_KEY'], message: `${active} is not among PII_KEYS` });
        if (env.PII_INDEX_KEY && env.PII_KEYS.some((k) => k.key.equals(env.PII_INDEX_KEY!))) {
          ctx.addIssue({ code: 'custom', path: ['PII_INDEX_KEY'], message: 'the blind-index key must differ from every SM4 key' });
        }
      }
    }
    if (env.AUSM_MODE !== 'production') return;
    if (!env.PII_KEYS || !env.PII_INDEX_KEY) {
      ctx.addIssue({ code: 'custom', path: ['PII_KEYS'], message: 'production mode needs PII_KEYS, PII_ACTIVE_KEY and PII_INDEX_KEY: personal data is sealed at rest with them (docs/personal-data.md)' });
    } else if (env.PII_KEYS.some((k) => k.key.equals(DEVELOPMENT_PII.keys[0]!.key)) || env.PII_INDEX_KEY.equals(DEVELOPMENT_PII.indexKey)) {
      ctx.addIssue({ code: 'custom', path: ['PII_KEYS'], message: 'production mode refuses the published development keys' });
    }
    if (env.STAFF_TOTP === 'optional') {
      ctx.addIssue({ code: 'custom', path: ['STAFF_TOTP'], message: 'production mode requires a second factor of every staff member (STAFF_TOTP=required)' });
    }
    // SANDBOX.md: the server refuses to start in production while any provider is a sandbox.
    if (env.SMS_PROVIDER === 'sandbox') {
      ctx.addIssue({ code: 'custom', path: ['SMS_PROVIDER'], message: 'production mode needs a real SMS provider' });
    }
    if (env.ALIPAY_PROVIDER === 'sandbox') {
      ctx.addIssue({ code: 'custom', path: ['ALIPAY_PROVIDER'], message: 'production mode needs the real Alipay provider' });
    }
    if (env.WECHAT_PROVIDER === 'sandbox') {
      ctx.addIssue({ code: 'custom', path: ['WECHAT_PROVIDER'], message: 'production mode needs the real WeChat provider' });
    }
    if (env.LEGAL_PERSON_PROVIDER === 'sandbox') {
      ctx.addIssue({ code: 'custom', path: ['LEGAL_PERSON_PROVIDER'], message: 'production mode needs the real 政务服务平台 法人登录 (LEGAL_PERSON_PROVIDER=gov)' });
    }
    if (env.WECHAT_MP_PROVIDER === 'sandbox') {
      ctx.addIssue({ code: 'custom', path: ['WECHAT_MP_PROVIDER'], message: 'production mode needs the real WeChat official account (template messages)' });
    }
    if (env.DEGREE_PROVIDER === 'sandbox') {
      ctx.addIssue({ code: 'custom', path: ['DEGREE_PROVIDER'], message: 'production mode needs the real 学信网 provider' });
    }
    if (env.QUALIFICATION_PROVIDER === 'sandbox') {
      ctx.addIssue({ code: 'custom', path: ['QUALIFICATION_PROVIDER'], message: 'production mode needs the real qualification registry' });
    }
    if (env.ALIPAY_PROVIDER === 'alipay') {
      for (const key of ['ALIPAY_APP_ID', 'ALIPAY_PRIVATE_KEY', 'ALIPAY_PUBLIC_KEY', 'PUBLIC_BASE_URL'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required by the alipay provider' });
      }
    }
    if (env.PAYMENT_PROVIDER === 'sandbox') {
      ctx.addIssue({ code: 'custom', path: ['PAYMENT_PROVIDER'], message: 'production mode needs the real payment provider (PAYMENT_PROVIDER=alipay)' });
    }
    if (env.PAYMENT_PROVIDER === 'alipay') {
      const keys = paymentKeys(env);
      if (!keys.appId || !keys.privateKey || !keys.alipayPublicKey || !env.PUBLIC_BASE_URL) {
        ctx.addIssue({ code: 'custom', path: ['PAYMENT_ALIPAY_APP_ID'], message: 'the alipay payment provider needs an app id, its private key, Alipay\'s public key and PUBLIC_BASE_URL' });
      }
      if (usesSandboxPaymentKeys(keys)) {
        ctx.addIssue({ code: 'custom', path: ['PAYMENT_ALIPAY_PRIVATE_KEY'], message: 'production mode refuses the published sandbox payment keys' });
      }
    }
    if (!env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'production mode needs PostgreSQL' });
    }
    if (env.SMS_PROVIDER === 'aliyun') {
      for (const key of ['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME', 'ALIYUN_SMS_TEMPLATE_CODE', 'ALIYUN_SMS_NOTICE_TEMPLATE_CODE'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'required by the aliyun SMS provider' });
      }
    }
  });

/** Every environment variable the platform reads (docs/operations.md "Environment" lists each; a test keeps them equal). */
export const CONFIG_ENV_NAMES: readonly string[] = Object.keys(ZConfig.shape);

const decodeKey = (b64: string): Buffer | null => (/^[A-Za-z0-9+/_-]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : null);

/** `k1:<base64 of 16 bytes>,k2:…` → the keys, or what is wrong with them. */
function parsePiiKeys(value: string): PiiKey[] | string {
  const keys: PiiKey[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const colon = part.indexOf(':');
    const id = colon > 0 ? part.slice(0, colon) : '';
    if (!KEY_ID.test(id)) return 'give keys as id:base64 separated by commas; an id is 1-16 letters, digits, _ or -';
    const key = decodeKey(part.slice(colon + 1));
    if (!key || key.length !== 16) return `key ${id} must be 128 bits in base64 (openssl rand -base64 16)`;
    if (keys.some((k) => k.id === id)) return `key ${id} is given twice`;
    keys.push({ id, key });
  }
  return keys.length ? keys : 'give at least one key';
}

/**
 * Sandbox mode's keys when none are configured: fixed, so a persisted sandbox database stays readable across
 * restarts, and published here, so production refuses them.
 */
export const DEVELOPMENT_PII = {
  keys: [{ id: 'dev', key: Buffer.from('c2FuZGJveC1zbTQta2V5MQ==', 'base64') }],
  activeKeyId: 'dev',
  indexKey: Buffer.from('c2FuZGJveC1zbTMtaW5kZXgta2V5LS0tLS0tLS0tLS0=', 'base64'),
} as const;

/** An address, a CIDR or a proxy-addr range name, as TRUST_PROXY takes them. */
function isProxyAddress(value: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(value)) return true;
  const [address, prefix, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

export type Config = {
  mode: 'sandbox' | 'production';
  host: string;
  port: number;
  databaseUrl?: string;
  /** PostgreSQL only. */
  dbTimeouts: DbTimeouts;
  readyTimeoutMs: number;
  /** null means an in-memory PGlite (tests). */
  dataDir: string | null;
  redisUrl?: string;
  webDist: string | null;
  sms:
    | { provider: 'sandbox' }
    | { provider: 'aliyun'; accessKeyId: string; accessKeySecret: string; signName: string; templateCode: string; noticeTemplateCode: string; endpoint: string };
  alipay:
    | { provider: 'sandbox' }
    | { provider: 'alipay'; appId: string; privateKey: string; alipayPublicKey: string; gateway: string; returnUrl: string };
  wechat: { provider: 'sandbox' } | { provider: 'wechat'; appId: string; appSecret: string; authorizeBase: string; apiBase: string; redirectUri: string };
  /** 政务服务平台 法人登录 (单位法人用户). */
  legalPerson: { provider: 'sandbox' } | { provider: 'gov'; clientId: string; clientSecret: string; baseUrl: string; redirectUri: string };
  /** 网上缴费's provider (电脑网站支付). */
  payment:
    | { provider: 'sandbox'; sweepIntervalMs: number }
    | { provider: 'alipay'; appId: string; privateKey: string; alipayPublicKey: string; gateway: string; notifyUrl: string; returnUrl: string; sweepIntervalMs: number };
  /** 公众号模板消息 for notices. */
  wechatMp: { provider: 'sandbox' } | { provider: 'wechat'; appId: string; appSecret: string; templateId: string; apiBase: string };
  noticeDeliveryIntervalMs: number;
  /** 学信网 degree check; endpoint, appKey and appSecret are set when provider is chsi. */
  degree: { provider: 'sandbox' | 'chsi'; endpoint?: string; appKey?: string; appSecret?: string; timeoutMs: number; sandboxDelayMs: number };
  /** 全国会计资格职称库; endpoint and token are set when provider is http. */
  qualification: { provider: 'sandbox' | 'http'; endpoint?: string; token?: string };
  /**
   * A local directory (null: DATA_DIR/files, or memory when dataDir is null too) or an S3 bucket.
   */
  files: { provider: 'local'; dir: string | null } | { provider: 's3'; endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  /** How often expired unused uploads are removed. */
  uploadCleanupIntervalMs: number;
  publicBaseUrl: string;
  /**
   * Origins besides the request's own host whose pages may send state-changing requests: that of
   * PUBLIC_BASE_URL when it is set (platform/security.ts).
   */
  allowedOrigins: string[];
  cookieSecure: boolean;
  /** Fastify's trustProxy: false, or the proxies' addresses/CIDRs. */
  trustProxy: false | string;
  hashConcurrency: number;
  hashQueueMax: number;
  hashQueueWaitMs: number;
  /** The enrollment's admission control (platform/admission.ts). */
  enrollmentAdmission: { ratePerSecond: number; burst: number; passMs: number; ticketMs: number; maxInFlight?: number; inFlightWaitMs?: number };
  eventLoopPriority: 'realtime' | 'normal';
  /** Days the audit trail keeps an event (≥ 183); older ones are purged daily. */
  auditRetentionDays: number;
  /** STAFF_TOTP: whether every staff member must use a 动态口令; always `required` in production. */
  staffTotp: StaffTotpPolicy;
  logLevel: string;
  /** The bearer token of GET /metrics; undefined: no /metrics. */
  metricsToken?: string;
  /** SM4 keys (id → 128 bits), the active one, the HMAC-SM3 blind-index key; development: the sandbox's fixed keys. */
  pii: { keys: PiiKey[]; activeKeyId: string; indexKey: Buffer; development: boolean };
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZConfig.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    mode: e.AUSM_MODE,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dbTimeouts: {
      connectMs: e.DB_CONNECT_TIMEOUT_MS,
      statementMs: e.DB_STATEMENT_TIMEOUT_MS,
      lockMs: e.DB_LOCK_TIMEOUT_MS,
      idleInTransactionMs: e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    readyTimeoutMs: e.READY_TIMEOUT_MS,
    dataDir: e.DATA_DIR,
    redisUrl: e.REDIS_URL,
    webDist: e.WEB_DIST,
    sms:
      e.SMS_PROVIDER === 'aliyun'
        ? {
            provider: 'aliyun',
            accessKeyId: e.ALIYUN_SMS_ACCESS_KEY_ID!,
            accessKeySecret: e.ALIYUN_SMS_ACCESS_KEY_SECRET!,
            signName: e.ALIYUN_SMS_SIGN_NAME!,
            templateCode: e.ALIYUN_SMS_TEMPLATE_CODE!,
            noticeTemplateCode: e.ALIYUN_SMS_NOTICE_TEMPLATE_CODE!,
            endpoint: e.ALIYUN_SMS_ENDPOINT,
          }
        : { provider: 'sandbox' },
    alipay:
      e.ALIPAY_PROVIDER === 'alipay'
        ? {
            provider: 'alipay',
            appId: e.ALIPAY_APP_ID!,
            privateKey: e.ALIPAY_PRIVATE_KEY!,
            alipayPublicKey: e.ALIPAY_PUBLIC_KEY!,
            gateway: e.ALIPAY_GATEWAY,
            returnUrl: `${e.PUBLIC_BASE_URL}/identity`,
          }
        : { provider: 'sandbox' },
    payment:
      e.PAYMENT_PROVIDER === 'alipay'
        ? {
            provider: 'alipay',
            ...(paymentKeys(e) as { appId: string; privateKey: string; alipayPublicKey: string }),
            gateway: e.ALIPAY_GATEWAY,
            notifyUrl: `${e.PUBLIC_BASE_URL}/api/payments/notify`,
            returnUrl: `${e.PUBLIC_BASE_URL}/exam/pay-return`,
            sweepIntervalMs: e.PAYMENT_SWEEP_INTERVAL_MS,
          }
        : { provider: 'sandbox', sweepIntervalMs: e.PAYMENT_SWEEP_INTERVAL_MS },
    wechat:
      e.WECHAT_PROVIDER === 'wechat'
        ? {
            provider: 'wechat',
            appId: e.WECHAT_APP_ID!,
            appSecret: e.WECHAT_APP_SECRET!,
            authorizeBase: 'https://open.weixin.qq.com',
            apiBase: 'https://api.weixin.qq.com',
            redirectUri: `${e.PUBLIC_BASE_URL}/login/wechat`,
          }
        : { provider: 'sandbox' },
    legalPerson:
      e.LEGAL_PERSON_PROVIDER === 'gov'
        ? {
            provider: 'gov',
            clientId: e.LEGAL_PERSON_CLIENT_ID!,
            clientSecret: e.LEGAL_PERSON_CLIENT_SECRET!,
            baseUrl: e.LEGAL_PERSON_BASE_URL!,
            redirectUri: `${e.PUBLIC_BASE_URL}/login/legal-person`,
          }
        : { provider: 'sandbox' },
    wechatMp:
      e.WECHAT_MP_PROVIDER === 'wechat'
        ? { provider: 'wechat', appId: e.WECHAT_MP_APP_ID!, appSecret: e.WECHAT_MP_APP_SECRET!, templateId: e.WECHAT_MP_TEMPLATE_ID!, apiBase: 'https://api.weixin.qq.com' }
        : { provider: 'sandbox' },
    noticeDeliveryIntervalMs: e.NOTICE_DELIVERY_INTERVAL_MS,
    degree: {
      provider: e.DEGREE_PROVIDER,
      endpoint: e.CHSI_ENDPOINT,
      appKey: e.CHSI_APP_KEY,
      appSecret: e.CHSI_APP_SECRET,
      timeoutMs: e.DEGREE_CHECK_TIMEOUT_MS,
      sandboxDelayMs: e.SANDBOX_DEGREE_DELAY_MS,
    },
    qualification: { provider: e.QUALIFICATION_PROVIDER, endpoint: e.QUALIFICATION_ENDPOINT, token: e.QUALIFICATION_TOKEN },
    files:
      e.FILE_STORE === 's3'
        ? {
            provider: 's3',
            endpoint: e.S3_ENDPOINT!,
            region: e.S3_REGION,
            bucket: e.S3_BUCKET!,
            accessKeyId: e.S3_ACCESS_KEY_ID!,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY!,
          }
        : { provider: 'local', dir: e.FILES_DIR ?? null },
    uploadCleanupIntervalMs: e.UPLOAD_CLEANUP_INTERVAL_MS,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    allowedOrigins: e.PUBLIC_BASE_URL ? [new URL(e.PUBLIC_BASE_URL).origin] : [],
    cookieSecure: e.COOKIE_SECURE ? e.COOKIE_SECURE === 'true' : e.AUSM_MODE === 'production',
    trustProxy: e.TRUST_PROXY,
    hashConcurrency: e.HASH_CONCURRENCY,
    hashQueueMax: e.HASH_QUEUE_MAX,
    hashQueueWaitMs: e.HASH_QUEUE_WAIT_MS,
    enrollmentAdmission: {
      ratePerSecond: e.ENROLLMENT_ADMISSIONS_PER_SECOND,
      burst: e.ENROLLMENT_ADMISSION_BURST ?? Math.max(1, Math.ceil(e.ENROLLMENT_ADMISSIONS_PER_SECOND)),
      passMs: e.ENROLLMENT_PASS_SECONDS * 1000,
      // A place not asked about for two minutes (twice the longest Retry-After) is the place of someone who left.
      ticketMs: 120_000,
      maxInFlight: e.ENROLLMENT_MAX_IN_FLIGHT,
      inFlightWaitMs: e.ENROLLMENT_IN_FLIGHT_WAIT_MS,
    },
    eventLoopPriority: e.EVENT_LOOP_PRIORITY,
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    staffTotp: e.STAFF_TOTP ?? (e.AUSM_MODE === 'production' ? 'required' : 'optional'),
    logLevel: e.LOG_LEVEL,
    metricsToken: e.METRICS_TOKEN,
    pii:
      e.PII_KEYS && e.PII_INDEX_KEY
        ? { keys: e.PII_KEYS, activeKeyId: e.PII_ACTIVE_KEY || e.PII_KEYS[0]!.id, indexKey: e.PII_INDEX_KEY, development: false }
        : { keys: [...DEVELOPMENT_PII.keys], activeKeyId: DEVELOPMENT_PII.activeKeyId, indexKey: DEVELOPMENT_PII.indexKey, development: true },
  };
}
