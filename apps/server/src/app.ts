import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { openDatabase, type Database } from './db/client';
import { sealPlainPersonalData } from './db/pii-migration';
import { AccountService, accountRoutes, SmsCodeService, WechatLoginService } from './modules/account';
import { auditRoutes, AuditTrailService } from './modules/audit';
import { AuthorityService, authorityRoutes, seedAuthorities } from './modules/authority';
import { reviewRoutes } from './modules/review';
import { ApprovedRecord, CollectionImports, CollectionRecords, collectionReviewKinds, collectionRoutes, CollectionService } from './modules/collection';
import { ChangeService, changeRoutes } from './modules/change';
import { ExamService, examRoutes } from './modules/exam';
import { EnrollmentService, enrollmentRoutes } from './modules/enrollment';
import { TransferService, transferRoutes } from './modules/transfer';
import { EnrollmentForms, PaymentConsole, PaymentService, paymentRoutes } from './modules/payment';
import type { PaymentGateway } from './platform/payment/gateway';
import { AlipayTradeGateway } from './platform/payment/alipay-trade';
import { SandboxPaymentGateway } from './platform/payment/sandbox';
import { TitleService, titleRoutes } from './modules/title';
import { CertificateService, ScoreService, scoreRoutes } from './modules/score';
import { CeService, ceRoutes } from './modules/ce';
import { backfillWorkUscc, EmployerFeedbackService, EmployerService, employerRoutes, EmployerStaffService } from './modules/employer';
import type { LegalPersonGateway } from './platform/legal-person/gateway';
import { GovLegalPersonGateway } from './platform/legal-person/gov';
import { SandboxLegalPersonGateway } from './platform/legal-person/sandbox';
import { StandardService, standardRoutes } from './modules/standards';
import { RewardService, rewardRoutes } from './modules/reward';
import { TalentService, talentRoutes } from './modules/talent';
import { sandboxDemoReview } from './modules/sandbox/demo-review';
import { makeRequireStaff, SANDBOX_STAFF, StaffService, staffRoutes } from './modules/staff';
import { helpRoutes } from './modules/help';
import { InquiryService, inquiryRoutes } from './modules/inquiry';
import { PrintedDocuments } from './platform/pdf';
import { fileRoutes, FileService, MULTIPART_LIMITS } from './modules/files';
import { IdentityService, identityRoutes, ManualVerificationService } from './modules/identity';
import { metaRoutes } from './modules/meta';
import { noticeRoutes } from './modules/notices';
import { NoticeService } from './platform/notices/service';
import { WechatMpTemplateSender, type WechatTemplateSender } from './platform/notices/wechat-template';
import { SandboxWechatTemplateSender } from './platform/notices/wechat-template-sandbox';
import { sandboxRoutes } from './modules/sandbox';
import { AuditLog } from './platform/audit';
import { SessionService, SessionTokens } from './platform/auth';
import { CaptchaService } from './platform/captcha';
import { AdjustableClock, type Clock } from './platform/clock';
import { PasswordHasher } from './platform/hasher';
import { AppError } from './platform/errors';
import { FirstPages, sendWithCaptcha } from './platform/first-pages';
import { completeOpenApiDocument } from './platform/openapi';
import { PlatformMetrics } from './platform/metrics';
import { assertSmAlgorithms, installPiiKeyring, PiiKeyring } from './platform/pii/keyring';
import { LOG_REDACT_PATHS, redactingLoggerOptions, requestIdOf } from './platform/pii/redact';
import { frameworkErrors, installErrorHandler, installInputGuard } from './platform/http';
import { installCrossSiteGuard, registerSecurityHeaders, swaggerUiCsp } from './platform/security';
import { ReviewEngine } from './platform/review/engine';
import { AdmissionGate, MemoryAdmissionStore, RedisAdmissionStore } from './platform/admission';
import { MemoryKv, RedisKv, type Kv } from './platform/kv';
import type { AlipayCertifyGateway } from './platform/identity/alipay';
import { AlipayOpenApiGateway } from './platform/identity/alipay-openapi';
import { SandboxAlipayGateway } from './platform/identity/alipay-sandbox';
import type { WechatLoginGateway } from './platform/wechat/gateway';
import { WechatOpenPlatformGateway } from './platform/wechat/open-platform';
import { SandboxWechatGateway } from './platform/wechat/sandbox';
import { AliyunSmsGateway } from './platform/sms/aliyun';
import type { SmsGateway } from './platform/sms/gateway';
import { SandboxSmsGateway } from './platform/sms/sandbox';
import { makeDegreeVerifier } from './platform/degree';
import { makeQualificationRegistry } from './platform/qualification';
import { every } from './platform/schedule';
import { StoredObjects } from './platform/uploads/objects';
import { UploadService } from './platform/uploads/service';
import { LocalFileStore, MemoryFileStore, S3FileStore, type FileStore } from './platform/uploads/storage';

declare module 'fastify' {
  interface FastifyInstance {
    /** Infrastructure only (STYLE.md): the database handle, for tests and scripts. */
    database: Database;
    /** The review engine: modules register their kinds on it (tests register a dummy one). */
    reviewEngine: ReviewEngine;
    /** The notices outbox (tests deliver and wait on it). */
    notices: NoticeService;
  }
}

/**
 * Builds the whole platform: infrastructure first, then the services (built explicitly and
 * passed to the modules that use them), then the modules' routes.
 */

/** A file of the web build whose name carries its content's hash (Vite's assets/name-HASH.ext). */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+(\.(br|gz))?$/;
export async function buildApp(config: Config, opts: { logStream?: NodeJS.WritableStream; pgliteTemplate?: Blob } = {}): Promise<FastifyInstance> {
  // The keys first: the data migration below and every query after it seal and open personal data with them.
  assertSmAlgorithms();
  const piiKeys = new PiiKeyring(config.pii);
  installPiiKeyring(piiKeys);
  const app = Fastify({
    // No identifier in the log: URLs, errors and messages go through redaction (platform/pii/redact.ts).
    // `logStream`: where tests read the log back.
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
            ...redactingLoggerOptions,
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    // The request id (docs/operations.md "Logs"): the reverse proxy's X-Request-ID when it sent a sane one, so a
    // request is one id from nginx's access log through every line of every node; otherwise a fresh UUID.
    requestIdHeader: false,
    genReqId: (req) => requestIdOf(req.headers['x-request-id']),
    frameworkErrors,
  }).withTypeProvider<ZodTypeProvider>();

  // First: every request is timed, refused ones too (platform/metrics.ts).
  const metrics = new PlatformMetrics();
  metrics.instrument(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The id goes back with the answer, so a person's report (or the web's error) can name it.
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  installErrorHandler(app);
  // First of the hooks: a cross-site request is refused before its body (an upload's too) is read.
  installCrossSiteGuard(app, { allowedOrigins: config.allowedOrigins });
  installInputGuard(app);

  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    timeouts: config.dbTimeouts,
    onConnectionLost: (err) => {
      metrics.databaseError('connection_lost');
      app.log.warn({ err }, 'database connection lost');
    },
    pgliteTemplate: opts.pgliteTemplate,
  });
  app.decorate('database', database);
  const { db } = database;
  if (config.pii.development) {
    app.log.warn('personal data is sealed with the fixed development keys (sandbox mode): set PII_KEYS, PII_ACTIVE_KEY and PII_INDEX_KEY (docs/personal-data.md)');
  }
  try {
    const sealed = await sealPlainPersonalData(db, piiKeys);
    if (sealed && Object.values(sealed).some((n) => n > 0)) app.log.info({ sealed }, 'personal data stored in plain text by earlier versions is now sealed');
  } catch (err) {
    await database.close();
    throw err;
  }

  // Infrastructure services, each an interface with a sandbox and a real implementation.
  const sandboxClock = config.mode === 'sandbox' ? new AdjustableClock() : null;
  const clock: Clock = sandboxClock ?? { now: () => new Date() };
  const kv: Kv = config.redisUrl ? new RedisKv(config.redisUrl, undefined, (err) => app.log.warn({ err }, 'redis unavailable')) : new MemoryKv(() => clock.now().getTime());
  const sandboxSms = config.sms.provider === 'sandbox' ? new SandboxSmsGateway(db, clock) : null;
  // Outside services: their failures are counted for /metrics (the sandboxes' too: they fail as the real ones do).
  const sms: SmsGateway = metrics.countFailures('sms', config.sms.provider === 'aliyun' ? new AliyunSmsGateway(config.sms) : sandboxSms!);
  const sandboxAlipay = config.alipay.provider === 'sandbox' ? new SandboxAlipayGateway(db, clock, config.publicBaseUrl) : null;
  const alipay: AlipayCertifyGateway = metrics.countFailures('alipay', config.alipay.provider === 'alipay' ? new AlipayOpenApiGateway(config.alipay) : sandboxAlipay!);
  // 网上缴费: the sandbox's notifications come in through this app's own HTTP stack (app.inject), signature and all.
  const sandboxPayment =
    config.payment.provider === 'sandbox'
      ? new SandboxPaymentGateway(db, clock, { cashierBase: '/sandbox/cashier', notifyUrl: '/api/payments/notify', returnUrl: '/exam/pay-return' })
      : null;
  const paymentGateway: PaymentGateway = metrics.countFailures('payment', config.payment.provider === 'alipay' ? new AlipayTradeGateway(config.payment) : sandboxPayment!);
  sandboxPayment?.setDelivery(async (url, params) => {
    const res = await app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, payload: new URLSearchParams(params).toString() });
    return res.body;
  });
  const sandboxWechat = config.wechat.provider === 'sandbox' ? new SandboxWechatGateway(db, clock) : null;
  const wechat: WechatLoginGateway = metrics.countFailures('wechat', config.wechat.provider === 'wechat' ? new WechatOpenPlatformGateway(config.wechat) : sandboxWechat!);
  const sandboxLegalPerson = config.legalPerson.provider === 'sandbox' ? new SandboxLegalPersonGateway(kv, clock) : null;
  const legalPerson: LegalPersonGateway = metrics.countFailures('legal_person', config.legalPerson.provider === 'gov' ? new GovLegalPersonGateway(config.legalPerson) : sandboxLegalPerson!);
  const hasher = new PasswordHasher(config.hashConcurrency, config.hashQueueMax, config.hashQueueWaitMs);
  const captcha = new CaptchaService(kv, clock);
  const audit = new AuditLog(clock);
  const sessions = new SessionService(db, clock, { secure: config.cookieSecure }, audit, new SessionTokens(config.pii.indexKey));
  const s3 = config.files.provider === 's3' ? new S3FileStore(config.files) : null;
  const fileStore: FileStore =
    config.files.provider === 's3'
      ? s3!
      : config.files.dir
        ? new LocalFileStore(config.files.dir)
        : config.dataDir
          ? new LocalFileStore(join(config.dataDir, 'files'))
          : new MemoryFileStore(); // an in-memory database (tests): the files go with it

  // Modules' services.
  const smsCodes = new SmsCodeService(db, clock, kv, sms, (err) => app.log.error({ err }, 'sms delivery failed'));
  const wechatLogin = new WechatLoginService(db, clock, kv, wechat, sessions, audit);
  const accounts = new AccountService(db, clock, hasher, smsCodes, captcha, sessions, audit, wechatLogin, kv);
  const authorities = new AuthorityService(db);
  await seedAuthorities(db);
  const staff = new StaffService(db, clock, hasher, captcha, sessions, audit, authorities, { totpPolicy: config.staffTotp });
  const requireStaff = makeRequireStaff(sessions, staff);
  const reviews = new ReviewEngine(db, clock, audit);
  app.decorate('reviewEngine', reviews);
  // Every decision of every kind notifies the person: written with the decision, sent after commit.
  const sandboxWechatMp = config.wechatMp.provider === 'sandbox' ? new SandboxWechatTemplateSender(db, clock) : null;
  const wechatMp: WechatTemplateSender = metrics.countFailures('wechat_mp', config.wechatMp.provider === 'wechat' ? new WechatMpTemplateSender(config.wechatMp) : sandboxWechatMp!);
  // A review item of an employer (单位法人用户) notifies its 经办人: set once the employer service exists.
  let employerRecipient: (id: string) => Promise<{ mobile: string; wechatOpenid: null } | null> = async () => null;
  const notices = new NoticeService(db, clock, audit, { wechat: wechatMp, sms }, async (id) => (await accounts.noticeRecipient(id)) ?? (await employerRecipient(id)), {
    portalUrl: config.publicBaseUrl,
    onError: (err) => app.log.error({ err }, 'notice delivery failed'),
  });
  reviews.onDecision(notices.listener);
  app.decorate('notices', notices);
  // Which rows name which stored objects: files and standards register; an object goes when none does.
  const storedObjects = new StoredObjects(db, fileStore, (err, key) => app.log.error({ err, key }, 'removing a released file failed'));
  const files = new FileService(db, clock, new UploadService(), fileStore, storedObjects, reviews, audit);
  const manualIdentity = new ManualVerificationService(db, clock, accounts, authorities, reviews, files);
  const identity = new IdentityService(db, clock, accounts, alipay, manualIdentity);
  // Modules register their review kinds here as they arrive; the sandbox adds a demo kind.
  reviews.register(manualIdentity.reviewKind());
  const degrees = metrics.countFailures('chsi', makeDegreeVerifier(config));
  // The sandbox national records keep what the score ledger enters (issue 24) in the database.
  const qualifications = metrics.countFailures('qualification', makeQualificationRegistry(config, { store: { db, clock } }));
  const records = new CollectionRecords(db, clock, accounts, authorities, files, degrees, qualifications);
  const collection = new CollectionService(db, clock, accounts, authorities, reviews, files, records, qualifications);
  const collectionImports = new CollectionImports(db, clock, accounts, authorities, audit);
  const inquiry = new InquiryService(db, clock, collection, accounts, reviews, new PrintedDocuments(db), config.publicBaseUrl);
  const auditTrail = new AuditTrailService(db, audit, staff, accounts, authorities, reviews);
  for (const kind of collectionReviewKinds()) reviews.register(kind);
  const approvedRecord = new ApprovedRecord(db, clock, authorities, files);
  const changes = new ChangeService(db, clock, collection, records, approvedRecord, authorities, reviews);
  for (const kind of changes.reviewKinds()) reviews.register(kind);
  const exams = new ExamService(db, clock, authorities, audit);
  const enrollments = new EnrollmentService(db, clock, exams, collection, approvedRecord, authorities, reviews, files, audit);
  // The peak's fair queue in front of the enrollment steps, shared by every node through Redis when there is one.
  const admission = new AdmissionGate(
    kv instanceof RedisKv ? new RedisAdmissionStore(kv.redis, kv.prefix) : new MemoryAdmissionStore(),
    clock,
    config.enrollmentAdmission,
    'enrollment',
  );
  reviews.register(enrollments.reviewKind());
  const payments = new PaymentService(db, clock, exams, enrollments, paymentGateway, audit, (err) => app.log.error({ err }, 'payment provider call failed'));
  const transfers = new TransferService(db, clock, collection, approvedRecord, authorities, reviews, files, changes, audit);
  for (const kind of transfers.reviewKinds()) reviews.register(kind);
  const titles = new TitleService(db, clock, collection, approvedRecord, authorities, reviews, files, qualifications, new PrintedDocuments(db), config.publicBaseUrl);
  for (const kind of titles.reviewKinds()) reviews.register(kind);
  enrollments.setOtherQualificationSource((accountId) => titles.approvedOther(accountId));
  const scores = new ScoreService(db, clock, accounts, audit, qualifications, (err) => app.log.error({ err }, 'entering a qualification into the national records failed'));
  const certificates = new CertificateService(db, clock, accounts, new PrintedDocuments(db), audit, config.publicBaseUrl);
  // A revoked certificate leaves the national records: 自动获取 no longer finds it.
  certificates.onRevoked((idNumber) => scores.recordNational(idNumber));
  // A qualification the score ledger completed is in the national records before 自动获取 reads them; the
  // 中级 enrollment offers only the subjects still needed; 高级 counts from the 会计师 date (records or titles).
  titles.setBeforeLookup((idNumber) => scores.recordNational(idNumber));
  enrollments.setScoreSource((accountId, identity) => scores.resultsOf(accountId, identity));
  enrollments.setAccountingTitleSource(async (accountId, identity) => {
    const [held, certificates] = await Promise.all([titles.approvedAccounting(accountId), scores.certificatesOf(accountId, identity)]);
    return [
      ...held,
      ...certificates.filter((c) => !c.revoked).map((c) => ({ rank: c.level === 'intermediate' ? 'accountant' : 'assistant', obtainedAt: c.obtainedAt })),
    ];
  });
  const ce = new CeService(db, clock, collection, approvedRecord, authorities, reviews, files, audit);
  // 考试 credits (继续教育) from the score ledger: after an import, and whenever the person's pages are read.
  ce.setPassedSubjectsSource((accountId) => scores.passedOf(accountId));
  scores.onImported(async (accountIds) => {
    for (const id of accountIds) await ce.syncExamCredits(id);
  });
  reviews.register(ce.reviewKind());
  const employerAccounts = new EmployerService(db, clock, hasher, smsCodes, captcha, sessions, audit, authorities, reviews, files, kv, legalPerson);
  const employerStaff = new EmployerStaffService(db, clock, employerAccounts, accounts, authorities, ce, reviews, files, audit);
  reviews.register(employerAccounts.reviewKind());
  reviews.register(employerStaff.reviewKind());
  employerRecipient = (id) => employerAccounts.noticeRecipient(id);
  const standards = new StandardService(db, clock, new UploadService(), fileStore, storedObjects, audit);
  const rewards = new RewardService(db, clock, accounts, collection, approvedRecord, authorities, reviews, files, audit);
  reviews.register(rewards.reviewKind());
  const talent = new TalentService(db, clock, audit);
  inquiry.addChangeSource((accountId) => changes.lastApproved(accountId));
  if (config.mode === 'sandbox') {
    reviews.register(sandboxDemoReview);
    await staff.seedSandboxStaff(SANDBOX_STAFF);
  }

  // The audit trail keeps events config.auditRetentionDays (≥ 183) and no longer: purged at start and daily.
  // Every process purges; a second purge finds nothing left to delete.
  const purgeAudit = () => audit.purgeExpired(db, config.auditRetentionDays);
  const logPurgeError = (err: unknown) => app.log.error({ err }, 'audit trail purge failed');
  let firstPurge: Promise<unknown> = Promise.resolve();
  app.addHook('onReady', async () => {
    firstPurge = Promise.all([
      purgeAudit().catch(logPurgeError),
      // Work records from before the plain 统一社会信用代码 column get it (modules/employer); closing waits for it.
      backfillWorkUscc(db).catch((err: unknown) => app.log.error({ err }, 'work record uscc backfill failed')),
    ]);
  });
  const auditPurge = every(86_400_000, purgeAudit, logPurgeError);
  // Uploads no record claimed within a day go (issue 17); the cutoff reads the platform clock, so
  // moving the sandbox clock moves it too.
  // Retries, and decisions an automatic rule took inside a module's transaction, are sent by this poll.
  const noticeDelivery = every(config.noticeDeliveryIntervalMs, () => notices.deliverDue(), (err) => app.log.error({ err }, 'notice delivery failed'));
  // Open orders close when their province's 缴费时间 ends (by the platform clock); refunds are sent again until answered.
  const paymentSweep = every(config.payment.sweepIntervalMs, () => payments.closeEnded(), (err) => app.log.error({ err }, 'closing ended orders failed'));
  const uploadCleanup = every(config.uploadCleanupIntervalMs, () => files.removeExpired(), (err) => app.log.error({ err }, 'removing expired uploads failed'));

  app.addHook('onClose', async () => {
    await firstPurge;
    await auditPurge.stop();
    await uploadCleanup.stop();
    await paymentSweep.stop();
    await sandboxPayment?.settled();
    await payments.settled();
    await noticeDelivery.stop();
    await notices.settled();
    s3?.close();
    await hasher.close();
    await kv.close();
    await database.close();
  });

  await registerSecurityHeaders(app, { production: config.mode === 'production' });
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '全国会计人员统一服务管理平台 API', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
    // operationIds, security, the AppError answers, servers: once for every route (platform/openapi.ts).
    transformObject: completeOpenApiDocument as never,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', transformStaticCSP: swaggerUiCsp });

  await app.register(metaRoutes, {
    mode: config.mode,
    clock,
    readiness: [{ name: 'database', ping: () => database.ping() }, ...(config.redisUrl ? [{ name: 'redis' as const, ping: () => kv.ping() }] : [])],
    readyTimeoutMs: config.readyTimeoutMs,
  });
  // What operators watch (platform/metrics.ts), read when Prometheus scrapes.
  metrics.gauge('ausm_password_hasher_threads_busy', 'Password hashing threads at work', [], (set) => set({}, hasher.stats().running));
  metrics.gauge('ausm_enrollment_queue_waiting', 'Candidates holding a place in the enrollment queue (all nodes with Redis)', [], async (set) => set({}, await admission.waiting()));
  metrics.gauge('ausm_enrollment_in_flight', 'Admitted enrollment requests this node is working on (ENROLLMENT_MAX_IN_FLIGHT caps them)', [], (set) => set({}, admission.working()));
  metrics.gauge('ausm_password_hasher_queued', 'Callers waiting for a hashing thread', [], (set) => set({}, hasher.stats().queued));
  metrics.gauge('ausm_password_hasher_places', 'Places taken (hashing or queued) and the most there may be; beyond, logins are refused with 429', ['state'], (set) => {
    const p = hasher.placeStats();
    set({ state: 'taken' }, p.taken);
    set({ state: 'max' }, p.max);
  });
  if (database.poolStats) {
    const poolStats = database.poolStats;
    metrics.gauge('ausm_db_pool_connections', 'PostgreSQL connections of this node: open, idle, the maximum, and requests waiting for one', ['state'], (set) => {
      const p = poolStats();
      set({ state: 'open' }, p.total);
      set({ state: 'idle' }, p.idle);
      set({ state: 'max' }, p.max);
      set({ state: 'waiting' }, p.waiting);
    });
  }
  metrics.gauge('ausm_review_queue_items', 'Open review items (pending, in review) per authority and kind', ['authority', 'kind', 'status'], async (set) => {
    for (const q of await reviews.openQueues()) set({ authority: q.authorityId, kind: q.kind, status: q.status }, q.n);
  });
  metrics.route(app, config.metricsToken);
  await app.register(helpRoutes);
  await app.register(accountRoutes, { accounts, wechatLogin, smsCodes, captcha, sessions, clock, cookieSecure: config.cookieSecure });
  await app.register(identityRoutes, { identity, manual: manualIdentity, sessions });
  // Multipart only in the scope of the file routes: the rest of the API never parses it.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: MULTIPART_LIMITS });
    await scope.register(fileRoutes, { files, sessions, requireStaff });
  });
  // 会计准则制度学习: its console takes a standard's PDF, so it has multipart in its own scope too.
  await app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: MULTIPART_LIMITS });
    await scope.register(standardRoutes, { standards, sessions, requireStaff });
  });
  await app.register(authorityRoutes, { authorities, requireStaff });
  await app.register(staffRoutes, { staff, sessions, requireStaff, clock });
  await app.register(collectionRoutes, { collection, records, accounts, imports: collectionImports, sessions, requireStaff, clock });
  await app.register(changeRoutes, { changes, sessions, clock });
  await app.register(examRoutes, { exams, requireStaff });
  await app.register(enrollmentRoutes, { enrollments, sessions, admission });
  await app.register(paymentRoutes, { payments, forms: new EnrollmentForms(db, clock, enrollments, payments, exams, files, new PrintedDocuments(db), config.publicBaseUrl), reports: new PaymentConsole(exams, enrollments, payments, authorities), sessions, requireStaff });
  await app.register(transferRoutes, { transfers, accounts, sessions, requireStaff, clock });
  await app.register(titleRoutes, { titles, sessions, clock });
  await app.register(scoreRoutes, { scores, certificates, sessions, requireStaff });
  await app.register(ceRoutes, { ce, engine: reviews, accounts, authorities, sessions, requireStaff, clock });
  await app.register(employerRoutes, {
    employers: employerAccounts,
    staff: employerStaff,
    feedback: new EmployerFeedbackService(db, clock, employerAccounts, files),
    files,
    requireStaff,
    sessions,
    clock,
    cookieSecure: config.cookieSecure,
  });
  await app.register(rewardRoutes, { rewards, sessions, requireStaff, clock });
  await app.register(talentRoutes, { talent, requireStaff });
  await app.register(inquiryRoutes, { inquiry, sessions });
  await app.register(reviewRoutes, { engine: reviews, authorities, accounts, requireStaff, sessions, employment: (accountId) => employerStaff.employmentOf(accountId) });
  await app.register(auditRoutes, { trail: auditTrail, requireStaff });
  await app.register(noticeRoutes, { notices, engine: reviews, sessions, requireStaff });
  if (config.mode === 'sandbox' && sandboxClock && sandboxSms && sandboxAlipay) {
    const fileDemoReview = async (input: { mobile: string; authorityId: string; title?: string; autoApprove?: boolean }) => {
      const accountId = await accounts.idByMobile(input.mobile);
      if (!accountId) throw new AppError(404, 'account/not_found', '该手机号未注册');
      const applicant = (await accounts.applicant(accountId))!;
      const authority = await authorities.require(input.authorityId);
      const item = await db.transaction((tx) =>
        reviews.submit(tx, {
          kind: sandboxDemoReview.kind,
          accountId,
          authorityId: authority.id,
          authorityPath: authority.path,
          applicantName: applicant.maskedName,
          applicantIdMasked: applicant.maskedIdNumber,
          title: input.title ?? '沙箱演示：基本信息变更',
          before: { realName: applicant.maskedName, politicalStatus: '群众', email: '', address: '山东省济南市历下区经十路1号' },
          after: { realName: applicant.maskedName, politicalStatus: '中共党员', email: 'demo@example.com', address: '山东省济南市历下区经十路1号', autoApprove: input.autoApprove ?? false },
        }),
      );
      return { id: item.id, status: item.status };
    };
    const sentNotices = async (mobile: string | undefined) => {
      if (!mobile) {
        // The 沙箱 page's list of everything sent lately: each with its person's registration mobile.
        const rows = await notices.recentlySent();
        const mobiles = new Map<string, string>();
        for (const accountId of new Set(rows.map((n) => n.accountId))) mobiles.set(accountId, ((await accounts.noticeRecipient(accountId)) ?? (await employerAccounts.noticeRecipient(accountId)))?.mobile ?? '');
        return rows.map((n) => ({ ...n, mobile: mobiles.get(n.accountId) ?? '' }));
      }
      if (!/^1[3-9]\d{9}$/.test(mobile)) return [];
      // The person of the mobile: an accountant, or the 经办人 of an employer (单位法人用户).
      const accountId = await accounts.idByMobile(mobile);
      const ids = [...(accountId ? [accountId] : []), ...(await employerAccounts.idsByAgentMobile(mobile))];
      const sent = (await Promise.all(ids.map((id) => notices.sentTo(id)))).flat();
      return sent.sort((a, b) => (b.sentAt?.getTime() ?? 0) - (a.sentAt?.getTime() ?? 0)).map((n) => ({ ...n, mobile }));
    };
    await app.register(sandboxRoutes, { clock: sandboxClock, captcha, sms: sandboxSms, reviews: fileDemoReview, alipay: sandboxAlipay, wechat: sandboxWechat, notices: sentNotices, payments: sandboxPayment, legalPerson: sandboxLegalPerson });
  }

  const spa = !!config.webDist && existsSync(`${config.webDist}/index.html`);
  if (spa) {
    // The web build writes .br and .gz beside its files; a browser that asks gets those (a third of the bytes).
    // Everything under assets/ is named by its content's hash (Vite): a phone keeps it for a year and never
    // asks again; a new build has new names, which the index.html (no-cache) points to.
    await app.register(fastifyStatic, {
      root: config.webDist!,
      wildcard: false,
      serve: true,
      // Cache-Control is set here for every file (the plugin's own would come after setHeaders and win).
      cacheControl: false,
      index: false,
      preCompressed: true,
      setHeaders: (res, path) => {
        res.setHeader('vary', 'accept-encoding');
        res.setHeader('cache-control', HASHED_ASSET.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
      },
    });
  }
  const firstPages = spa ? FirstPages.load(config.webDist!) : undefined;
  app.setNotFoundHandler((request, reply) => {
    // The portal is a single-page app: unknown non-API pages get its index.html, or, on a page where visits
    // usually start, that page's own HTML with its markup and its scripts and styles named (issue 19).
    if (firstPages && request.method === 'GET' && !request.url.startsWith('/api/')) {
      const withCaptcha = firstPages.captchaPageFor(request.url);
      if (withCaptcha) return sendWithCaptcha(request, reply, withCaptcha, () => captcha.issue(request.ip));
      return reply.header('cache-control', 'no-cache').sendFile(firstPages.fileFor(request.url) ?? 'index.html');
    }
    return reply.status(404).send({ code: 'request/not_found', message: '请求的资源不存在' });
  });

  return app;
}
