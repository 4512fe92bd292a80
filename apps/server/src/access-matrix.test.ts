import { randomUUID } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicInfo, JINAN_LIXIA, uploadProof, uploadStandardPhoto, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from './test/collection';
import { buildTestApp, login, makeMobile, makePerson, makeUscc, PASSWORD, randomIp, registerAccount, sessionCookie, solveCaptcha, staffCookies } from './test/helpers';
import { multipart, uploadFile, uploadRealnamePhoto } from './test/uploads';
import { approvedAccountant, juniorSettings } from './test/exam';
import { makeJpeg, makePdf } from './platform/uploads/test-files';
import { eq } from 'drizzle-orm';
import { notices } from './platform/notices/tables';
import { reviewItems } from './platform/review/tables';
import { transferRequests } from './modules/transfer/tables';
import { accountingTitles, otherQualifications } from './modules/title/tables';
import { qualificationCertificates } from './modules/score/tables';
import { blindIndex } from './platform/pii/keyring';
import { isPublicOperation } from './platform/openapi';
import { enrollments } from './modules/enrollment/tables';
import { orders } from './modules/payment/tables';

/**
 * The access matrix (issue 17, Proof): every route of the platform, asked by every kind of caller —
 * nobody, the accountant who owns the data (A), another accountant (B), staff whose authority holds
 * A's record, staff of another province, and staff in scope without the role the route needs — and
 * the answer each must get: refused (401/403/404, or the route's own refusal), or let through, and
 * then never with data of someone else.
 *
 * The expectation is a declared table, ROUTES: a route → who may call it and how its ids are owned.
 * A route the platform serves that the table does not name fails the first test, so every module
 * added later declares its routes' access here before it can land.
 *
 * `MATRIX_LOG=1 npx vitest run --project server src/access-matrix.test.ts --silent=false` prints
 * every cell's answer, to read the matrix as a table.
 */

type Caller = 'anonymous' | 'owner' | 'other' | 'staffIn' | 'staffOut' | 'staffNoRole' | 'employer';
/** `employer`: an approved 单位法人用户 (issue 26), whose session opens its own routes and no one else's. */
const CALLERS: Caller[] = ['anonymous', 'owner', 'other', 'staffOut', 'staffNoRole', 'staffIn', 'employer'];

type Access =
  /** Anyone, and the answer does not depend on who asks (same status for every caller). */
  | 'public'
  /** Anyone in sandbox mode; 404 in production (SANDBOX.md). Exposes sandbox data by contract. */
  | 'sandbox'
  /** Any accountant, about themselves: the session decides whose data, never an id in the request. */
  | 'accountant'
  /** Only the accountant who owns the id in the path or the files named in the body. */
  | 'owner'
  /** Any staff member (with `role`); what is answered is limited to their authority's subtree. */
  | 'staff'
  /** Staff (with `role`) whose authority's subtree holds the record the id names. */
  | 'scoped'
  /** The owning accountant, or staff whose subtree holds a review item the file is attached to. */
  | 'ownerOrScoped'
  /** Only 财政部 administrators (none of the callers here: enrollment.test.ts lets one through). */
  | 'national'
  /** Any 单位法人用户, about itself: the session decides which employer, and ids must be of its own staff. */
  | 'employer';

type Request = Omit<InjectOptions, 'method' | 'url'> & { url: string; cookies?: Record<string, string> };

type Rule = {
  access: Access;
  role?: 'admin' | 'reviewer';
  /** How the ids of the request are owned (documentation of the table; the request builds them so). */
  ids?: string;
  /** The request a caller makes: built per call, so a call that changes something gets fresh data. */
  request: (fx: Fixtures, caller: Caller) => Request | Promise<Request>;
  /** A refusal the route answers in its own words (e.g. 400 file/invalid for someone else's file). */
  refusal?: (res: LightMyRequestResponse) => boolean;
  /**
   * Cells whose correct answer another change of issue 17 brings: each is checked with `it.fails`,
   * which passes while the defect is there and fails once it is fixed, so that the entry is removed.
   */
  awaiting?: Partial<Record<Caller, string>>;
};

type Fixtures = {
  app: FastifyInstance;
  a: { mobile: string; idNumber: string; cookies: Record<string, string> };
  b: { cookies: Record<string, string> };
  staff: Record<'lx' | 'sdAdmin' | 'sdReviewer' | 'bjReviewer' | 'bjAdmin' | 'sdAdminOnly' | 'mof', Record<string, string>>;
  /** A 初级 exam 山东省 has set (its settings as saved). */
  examId: string;
  examSettings: Record<string, unknown>;
  /** A's enrollment in that exam at 历下区 (in 资格审核) and its open order, written straight into the tables. */
  enrollmentId: string;
  orderNo: string;
  /** A's records and files (all submitted to 历下区), and A's 支付宝 certification. */
  educationId: string;
  workId: string;
  /** What A saved as that 工作经历. */
  workPayload: Record<string, unknown>;
  itemId: string;
  fileId: string;
  certifyId: string;
  /** A's 属地关系调转 (历下区 → 市中区), written straight into the table: A's 信息采集 is still in review. */
  transferId: string;
  /** A's manual 会计专业技术资格 and 其他专业技术人员职业资格 rows (approved), written straight into the tables. */
  titleId: string;
  otherTitleId: string;
  /** A 资格证书 of A's ID number (初级), written straight into the table. */
  certificateId: string;
  /**
   * 继续教育 (issue 25): C, an accountant of 历下区 whose 信息采集 is approved (A's is still in review, and only
   * an approved person files), with a pending 会议 application; `fresh` files another. The owner caller of
   * these routes is C.
   */
  ce: { cookies: Record<string, string>; applicationId: string; reviewItemId: string; fresh: () => Promise<{ id: string; reviewItemId: string }> };
  /**
   * 会计人员奖惩记录 (issue 26): C's 证件号码, a pending 奖惩申请 of C's (`fresh` files another) and a record of C's
   * entered by 历下区 (`freshRecord` enters another).
   */
  reward: { idNumber: string; applicationId: string; recordId: string; fresh: () => Promise<{ id: string }>; freshRecord: () => Promise<string> };
  /** A published document of the standards library (issue 26), without a PDF. */
  standardId: string;
  /** A staff member of 历下区: what the administrators' routes act on. */
  lxStaff: { id: string; username: string };
  /** Everything that is A's (or 历下区's staff's): none may reach a caller who is not entitled to it. */
  secrets: string[];
  /** A fresh 沙箱演示事项 of A at 历下区, for a call that decides or withdraws it. */
  freshItem: () => Promise<string>;
  /** A notice about A's item at 历下区 kept as 发送失败, for a call that retries it. */
  freshFailedNotice: () => Promise<string>;
  /** A fresh staff member of 历下区, for a call that changes one. */
  freshLxStaff: () => Promise<string>;
  /** A new session of the caller, for a call that ends its session. */
  freshSession: (caller: Caller, role?: Rule['role']) => Promise<Record<string, string>>;
  /** An approved 单位法人用户 of 历下区 whose credit code C's work record names (C is its staff). */
  employer: { uscc: string; cookies: Record<string, string>; staffId: string };
  /** The caller's cookies for a route needing `role`. */
  cookies: (caller: Caller, role?: Rule['role']) => Record<string, string>;
};

const STAFF_PASSWORD = 'Kj#8821abcd';
/** What an administrator gives a new staff member, who must change it at the first login (to STAFF_PASSWORD). */
const STAFF_INITIAL_PASSWORD = 'Kj#8821init';
const none = '00000000-0000-0000-0000-000000000000';
const json = (payload: unknown) => ({ payload: payload as InjectOptions['payload'] });
const byCode = (code: string) => (res: LightMyRequestResponse) => res.statusCode < 500 && safeJson(res)?.code === code;
const safeJson = (res: LightMyRequestResponse): Record<string, unknown> | null => {
  try {
    return res.json();
  } catch {
    return null;
  }
};
const fileInvalid = byCode('file/invalid');
/** This year in Beijing: open for 继续教育 applications. */
const CE_YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

// ---- the table ----------------------------------------------------------------------------------

const ROUTES: Record<string, Rule> = {
  // platform
  'GET /api/health': { access: 'public', request: () => ({ url: '/api/health' }) },
  'GET /api/ready': { access: 'public', request: () => ({ url: '/api/ready' }) },
  'GET /api/meta': { access: 'public', request: () => ({ url: '/api/meta' }) },
  'GET /api/help/faqs': { access: 'public', request: () => ({ url: '/api/help/faqs' }) },
  'GET /api/help/faqs/topics/{topic}': { access: 'public', request: () => ({ url: '/api/help/faqs/topics/exam' }) },
  'GET /api/help/faqs/search': { access: 'public', request: () => ({ url: '/api/help/faqs/search?q=%E5%AF%86%E7%A0%81' }) },
  'GET /api/help/guide': { access: 'public', request: () => ({ url: '/api/help/guide' }) },
  'GET /api/captcha': { access: 'public', request: () => ({ url: '/api/captcha' }) },
  'GET /api/authorities': { access: 'public', request: () => ({ url: '/api/authorities?parentId=370100' }) },
  'GET /api/authorities/{id}/chain': { access: 'public', request: () => ({ url: '/api/authorities/370102/chain' }) },

  // account: the public doors answer everybody alike
  'POST /api/sms-codes': { access: 'public', request: () => ({ url: '/api/sms-codes', ...json({ mobile: makeMobile(), purpose: 'register' }) }) },
  'POST /api/accounts': {
    access: 'public',
    request: () => {
      const p = makePerson();
      return { url: '/api/accounts', ...json({ ...p, confirmPassword: p.password, smsCode: '000000' }) };
    },
  },
  'POST /api/session': {
    access: 'public',
    // An identifier nobody has: a login that succeeded would end the caller's own session.
    request: async (fx) => ({ url: '/api/session', ...json({ identifier: makeMobile(), password: PASSWORD, ...(await solveCaptcha(fx.app)) }) }),
  },
  'DELETE /api/session': { access: 'public', request: async (fx, caller) => ({ url: '/api/session', cookies: await fx.freshSession(caller) }) },
  'POST /api/session/wechat/start': { access: 'public', request: () => ({ url: '/api/session/wechat/start', ...json({ purpose: 'login' }) }) },
  'POST /api/session/wechat': { access: 'public', request: () => ({ url: '/api/session/wechat', ...json({ code: 'not-a-code', state: 'not-a-state' }) }) },
  'POST /api/password-resets': {
    access: 'public',
    request: (fx) => ({ url: '/api/password-resets', ...json({ idNumber: fx.a.idNumber, realName: '张三', password: 'Xy#12345678', confirmPassword: 'Xy#12345678', mobile: makeMobile(), smsCode: '000000' }) }),
  },
  'GET /api/session': { access: 'accountant', request: () => ({ url: '/api/session' }) },
  'GET /api/session/expiry': { access: 'accountant', request: () => ({ url: '/api/session/expiry' }) },
  'POST /api/session/extend': { access: 'accountant', request: () => ({ url: '/api/session/extend' }) },
  'PUT /api/my/mobile': { access: 'accountant', request: () => ({ url: '/api/my/mobile', ...json({ mobile: makeMobile(), smsCode: '000000', password: 'Wrong#1234' }) }) },
  'GET /api/my/wechat': { access: 'accountant', request: () => ({ url: '/api/my/wechat' }) },
  'DELETE /api/my/wechat': { access: 'accountant', request: () => ({ url: '/api/my/wechat' }) },

  // 实名认证
  'GET /api/identity': { access: 'accountant', request: () => ({ url: '/api/identity' }) },
  'PATCH /api/identity/real-name': { access: 'accountant', request: () => ({ url: '/api/identity/real-name', ...json({ realName: '张三' }) }) },
  'POST /api/identity/alipay': { access: 'accountant', request: () => ({ url: '/api/identity/alipay' }) },
  'GET /api/identity/alipay/{certifyId}': { access: 'owner', ids: "A's 支付宝 certification", request: (fx) => ({ url: `/api/identity/alipay/${fx.certifyId}` }) },
  'POST /api/identity/manual': {
    access: 'accountant',
    ids: "A's fresh photos in the body (B, verified already, is answered before any file is looked at)",
    request: async (fx) => ({
      url: '/api/identity/manual',
      ...json({
        provinceId: '370000',
        cityId: '370100',
        frontFileId: await uploadRealnamePhoto(fx.app, fx.a.cookies),
        backFileId: await uploadRealnamePhoto(fx.app, fx.a.cookies),
        handheldFileId: await uploadRealnamePhoto(fx.app, fx.a.cookies),
      }),
    }),
  },

  // files
  'POST /api/files': {
    access: 'accountant',
    request: () => ({ url: '/api/files?purpose=proof', ...multipart([{ name: 'file', filename: 'p.jpg', contentType: 'image/jpeg', data: makeJpeg({ width: 800, height: 600, size: 30_000 + Math.floor(Math.random() * 900) }) }]) }),
  },
  'GET /api/files/{id}': { access: 'ownerOrScoped', ids: "a proof of A's 工作经历, attached to its review item at 历下区", request: (fx) => ({ url: `/api/files/${fx.fileId}` }) },

  // 信息采集: the session is the person; ids in the path and files in the body must be theirs
  'GET /api/collection': { access: 'accountant', request: () => ({ url: '/api/collection' }) },
  // 信息查询: the session's own approved record (A's is still under review here: 409 in the route's words).
  'GET /api/inquiry': { access: 'accountant', request: () => ({ url: '/api/inquiry' }) },
  'GET /api/inquiry/record.pdf': { access: 'accountant', request: () => ({ url: '/api/inquiry/record.pdf' }) },
  // Anyone checks a printed code; an unknown one is 404 for all.
  'GET /api/verify/{code}': { access: 'public', request: () => ({ url: '/api/verify/ABCD-EFGH-JKMN-PQRS' }) },
  'GET /api/collection/summary': { access: 'accountant', request: () => ({ url: '/api/collection/summary' }) },
  'PUT /api/collection/scope': { access: 'accountant', request: () => ({ url: '/api/collection/scope', ...json({ scope: 'accountant' }) }) },
  'PUT /api/collection/basic': {
    access: 'owner',
    ids: "the photo in the body: a fresh upload of A's",
    request: async (fx) => ({ url: '/api/collection/basic', ...json(await basicInfo(fx.app, fx.a.cookies)) }),
    refusal: fileInvalid,
  },
  'POST /api/collection/education': { access: 'accountant', request: () => ({ url: '/api/collection/education', ...json(ZHANGSAN_BACHELOR) }) },
  'PUT /api/collection/education/{id}': { access: 'owner', ids: "A's 教育经历", request: (fx) => ({ url: `/api/collection/education/${fx.educationId}`, ...json(ZHANGSAN_BACHELOR) }) },
  'DELETE /api/collection/education/{id}': { access: 'owner', ids: "A's 教育经历 (under review: A is answered 409)", request: (fx) => ({ url: `/api/collection/education/${fx.educationId}` }) },
  'POST /api/collection/work': {
    access: 'owner',
    ids: "the proofs in the body: fresh uploads of A's",
    request: async (fx) => ({ url: '/api/collection/work', ...json(await workRecord(fx.app, fx.a.cookies, { startDate: '2010-01-01', endDate: '2011-12-31', experiences: [{ postLevel: '04', position: '02', startDate: '2010-01-01', endDate: '2011-12-31' }] })) }),
    refusal: fileInvalid,
  },
  'PUT /api/collection/work/{id}': {
    access: 'owner',
    ids: "A's 工作经历",
    // The record as it was saved, its own attachments again: fresh uploads for every caller would fill A's quota of unused files.
    request: (fx) => ({ url: `/api/collection/work/${fx.workId}`, ...json(fx.workPayload) }),
  },
  'DELETE /api/collection/work/{id}': { access: 'owner', ids: "A's 工作经历", request: (fx) => ({ url: `/api/collection/work/${fx.workId}` }) },
  'PUT /api/collection/authority': { access: 'accountant', request: () => ({ url: '/api/collection/authority', ...json(JINAN_LIXIA) }) },
  'POST /api/collection/submit': { access: 'accountant', request: () => ({ url: '/api/collection/submit', ...json({ promise: true }) }) },
  'GET /api/collection/templates/{name}': { access: 'accountant', request: () => ({ url: '/api/collection/templates/work-proof' }) },

  // 信息变更: the session is the person; A's 信息采集 is under review, so A is answered 409 (仅在信息采集审核通过状态下允许变更)
  // once the ids are found A's; ids of someone else are not found.
  // 属地关系调转 (issue 20): the person's own; the decisions are the review engine's routes
  'GET /api/transfer': { access: 'accountant', request: () => ({ url: '/api/transfer' }) },
  'GET /api/transfer/{id}': { access: 'owner', ids: "A's transfer", request: (fx) => ({ url: `/api/transfer/${fx.transferId}` }) },
  'POST /api/transfer': {
    access: 'accountant',
    ids: 'the proof file in the body (none: each caller is refused by their own 信息采集 or by the file)',
    request: () => ({ url: '/api/transfer', ...json({ reason: 'household', place: '北京市东城区', authority: { provinceId: '110000', cityId: '110100', countyId: '110101' }, proofFileId: none }) }),
  },
  'GET /api/console/transfers': { access: 'staff', ids: "A's transfer out of 历下区: staff of another province get none", request: () => ({ url: '/api/console/transfers?pageSize=100' }) },
  'GET /api/console/transfers.csv': { access: 'staff', request: () => ({ url: '/api/console/transfers.csv' }) },
  // 会计职称管理 (issue 24): the person's own rows; A's 信息采集 is in review, so A is answered 409 once the id is A's.
  'GET /api/titles': { access: 'accountant', request: () => ({ url: '/api/titles' }) },
  'POST /api/titles/fetch': { access: 'accountant', request: () => ({ url: '/api/titles/fetch' }) },
  'POST /api/titles/accounting': {
    access: 'accountant',
    ids: 'the proof file in the body (none: each caller is refused by their own 信息采集)',
    request: () => ({ url: '/api/titles/accounting', ...json({ rank: 'professor', titleMethod: 'review', titleCertificateNo: 'A1', proofFileId: none }) }),
  },
  'PUT /api/titles/accounting/{id}': {
    access: 'owner',
    ids: "A's manual row",
    request: (fx) => ({ url: `/api/titles/accounting/${fx.titleId}`, ...json({ rank: 'professor', titleMethod: 'review', titleCertificateNo: 'A1', proofFileId: none }) }),
  },
  'DELETE /api/titles/accounting/{id}': { access: 'owner', ids: "A's manual row", request: (fx) => ({ url: `/api/titles/accounting/${fx.titleId}` }) },
  'POST /api/titles/other': {
    access: 'accountant',
    request: () => ({ url: '/api/titles/other', ...json({ type: 'tax_advisor', obtainedAt: '2020-01-01', certificateNo: 'T1' }) }),
  },
  'PUT /api/titles/other/{id}': {
    access: 'owner',
    ids: "A's row",
    request: (fx) => ({ url: `/api/titles/other/${fx.otherTitleId}`, ...json({ type: 'tax_advisor', obtainedAt: '2020-01-01', certificateNo: 'T1' }) }),
  },
  'DELETE /api/titles/other/{id}': { access: 'owner', ids: "A's row", request: (fx) => ({ url: `/api/titles/other/${fx.otherTitleId}` }) },
  'GET /api/titles/accounting/{id}/print': { access: 'owner', ids: "A's manual row", request: (fx) => ({ url: `/api/titles/accounting/${fx.titleId}/print` }) },
  // The score ledger (issue 24): 成绩查询 is the person's own; the import is 财政部 administrators' only.
  'GET /api/scores': { access: 'accountant', request: () => ({ url: '/api/scores' }) },
  'POST /api/console/scores/import': { access: 'national', role: 'admin', request: () => ({ url: '/api/console/scores/import', ...json({ year: 2025, level: 'junior', csv: '证件号码,科目,成绩,合格线' }) }) },
  'GET /api/scores/certificates/{id}/pdf': { access: 'owner', ids: "a 资格证书 of A's ID number", request: (fx) => ({ url: `/api/scores/certificates/${fx.certificateId}/pdf` }) },
  'GET /api/verify/certificate/{code}': { access: 'public', request: () => ({ url: '/api/verify/certificate/ABCD-EFGH-JKMN-PQRS' }) },
  'GET /api/console/certificates': { access: 'national', role: 'admin', request: () => ({ url: '/api/console/certificates?certificateNo=MATRIX-CERT' }) },
  'POST /api/console/certificates/{id}/revoke': {
    access: 'national',
    role: 'admin',
    ids: "a 资格证书 of A's ID number",
    request: (fx) => ({ url: `/api/console/certificates/${fx.certificateId}/revoke`, ...json({ reason: '矩阵测试' }) }),
  },
  'GET /api/change': { access: 'accountant', request: () => ({ url: '/api/change' }) },
  'POST /api/change/basic': {
    access: 'accountant',
    request: () => ({ url: '/api/change/basic', ...json({ photoFileId: none, politicalStatus: '13', ethnicity: '01', address: { ...JINAN_LIXIA, detail: '经十路1号' } }) }),
  },
  'POST /api/change/scope': { access: 'accountant', request: () => ({ url: '/api/change/scope', ...json({ scope: 'other_intermediate_candidate' }) }) },
  'POST /api/change/education': { access: 'accountant', request: () => ({ url: '/api/change/education', ...json(ZHANGSAN_BACHELOR) }) },
  'PUT /api/change/education/{id}': { access: 'owner', ids: "A's 教育经历", request: (fx) => ({ url: `/api/change/education/${fx.educationId}`, ...json(ZHANGSAN_BACHELOR) }) },
  'DELETE /api/change/education/{id}': { access: 'owner', ids: "A's 教育经历", request: (fx) => ({ url: `/api/change/education/${fx.educationId}` }) },
  'POST /api/change/work': { access: 'accountant', request: (fx) => ({ url: '/api/change/work', ...json({ ...fx.workPayload, startDate: '2001-01-01', endDate: '2002-01-01', experiences: [], hasAccountingExperience: false }) }) },
  'PUT /api/change/work/{id}': { access: 'owner', ids: "A's 工作经历", request: (fx) => ({ url: `/api/change/work/${fx.workId}`, ...json(fx.workPayload) }) },
  'DELETE /api/change/work/{id}': { access: 'owner', ids: "A's 工作经历", request: (fx) => ({ url: `/api/change/work/${fx.workId}` }) },

  // 会计专业技术资格考试: the exams and 省份选择 hold no person (public); the enrollment is the session's own;
  // exams are created by 财政部 administrators, a province's settings by its administrators.
  'GET /api/exams': { access: 'public', request: () => ({ url: '/api/exams' }) },
  'GET /api/exams/{examId}/provinces': { access: 'public', request: (fx) => ({ url: `/api/exams/${fx.examId}/provinces` }) },
  'GET /api/exams/{examId}/provinces/{provinceId}': { access: 'public', request: (fx) => ({ url: `/api/exams/${fx.examId}/provinces/370000` }) },
  'GET /api/enrollment/start': { access: 'accountant', request: (fx) => ({ url: `/api/enrollment/start?examId=${fx.examId}&provinceId=370000` }) },
  'GET /api/enrollments': { access: 'accountant', request: () => ({ url: '/api/enrollments' }) },
  'POST /api/enrollments': {
    access: 'accountant',
    request: (fx) => ({
      url: '/api/enrollments',
      ...json({ examId: fx.examId, provinceId: '370000', category: 'junior_education', siteAuthorityId: '370100', subjects: ['junior_practice', 'economic_law_basics'], photoFileId: none, proofs: {}, promise: true }),
    }),
  },
  // 网上缴费 (issue 22): the candidate's own enrollment and order; the provider's notification and return are
  // public (authenticated by their signature); the 报名表's check is public; the console's report is scoped.
  'GET /api/payments/enrollments/{enrollmentId}': { access: 'owner', ids: "A's enrollment", request: (fx) => ({ url: `/api/payments/enrollments/${fx.enrollmentId}` }) },
  'POST /api/payments/enrollments/{enrollmentId}/order': { access: 'owner', ids: "A's enrollment", request: (fx) => ({ url: `/api/payments/enrollments/${fx.enrollmentId}/order`, ...json({}) }) },
  'POST /api/payments/orders/{orderNo}/pay': { access: 'owner', ids: "A's order", request: (fx) => ({ url: `/api/payments/orders/${fx.orderNo}/pay`, ...json({}) }) },
  'GET /api/payments/enrollments/{enrollmentId}/form.pdf': { access: 'owner', ids: "A's enrollment", request: (fx) => ({ url: `/api/payments/enrollments/${fx.enrollmentId}/form.pdf` }) },
  'POST /api/enrollments/{enrollmentId}/cancel': { access: 'owner', ids: "A's enrollment", request: (fx) => ({ url: `/api/enrollments/${fx.enrollmentId}/cancel`, ...json({}) }) },
  'POST /api/payments/notify': {
    access: 'public',
    request: (fx) => ({ url: '/api/payments/notify', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `out_trade_no=${fx.orderNo}&total_amount=112.00&sign_type=RSA2&sign=forged` }),
  },
  'GET /api/payments/return': { access: 'public', request: (fx) => ({ url: `/api/payments/return?out_trade_no=${fx.orderNo}&sign_type=RSA2&sign=forged` }) },
  'GET /api/verify/enrollment/{code}': { access: 'public', request: () => ({ url: '/api/verify/enrollment/ABCD-EFGH-JKMN-PQRS' }) },
  'GET /api/console/exams/{examId}/provinces/{provinceId}/enrollments': {
    access: 'scoped',
    ids: '山东省: staff of another province are refused; within it, the 报名点 of their subtree',
    request: (fx) => ({ url: `/api/console/exams/${fx.examId}/provinces/370000/enrollments` }),
  },
  'GET /api/console/exams/{examId}/provinces/{provinceId}/enrollments.csv': {
    access: 'scoped',
    ids: '山东省, as the report',
    request: (fx) => ({ url: `/api/console/exams/${fx.examId}/provinces/370000/enrollments.csv` }),
  },
  'GET /api/console/enrollments/{enrollmentId}/history': { access: 'scoped', ids: "A's enrollment at 历下区", request: (fx) => ({ url: `/api/console/enrollments/${fx.enrollmentId}/history` }) },
  'GET /api/sandbox/payments': { access: 'sandbox', request: () => ({ url: '/api/sandbox/payments?orderNo=20250101000000000000' }) },
  'POST /api/sandbox/payments/{orderNo}/pay': { access: 'sandbox', request: () => ({ url: '/api/sandbox/payments/20250101000000000000/pay', ...json({}) }) },
  'GET /api/sandbox/payments/{orderNo}/return': { access: 'sandbox', request: () => ({ url: '/api/sandbox/payments/20250101000000000000/return' }) },
  'POST /api/sandbox/payments/{orderNo}/notify': { access: 'sandbox', request: () => ({ url: '/api/sandbox/payments/20250101000000000000/notify', ...json({ times: 1 }) }) },
  'GET /api/sandbox/payments/{orderNo}/notification': { access: 'sandbox', request: () => ({ url: '/api/sandbox/payments/20250101000000000000/notification' }) },
  'PUT /api/sandbox/payments/{orderNo}/outage': { access: 'sandbox', request: () => ({ url: '/api/sandbox/payments/20250101000000000000/outage', ...json({ calls: [] }) }) },
  'GET /api/console/exams': { access: 'staff', request: () => ({ url: '/api/console/exams' }) },
  'POST /api/console/exams': { access: 'national', request: () => ({ url: '/api/console/exams', ...json({ year: 2030, level: 'senior' }) }) },
  'GET /api/console/exams/{examId}/provinces': { access: 'staff', request: (fx) => ({ url: `/api/console/exams/${fx.examId}/provinces` }) },
  'GET /api/console/exams/{examId}/provinces/{provinceId}': {
    access: 'scoped',
    role: 'admin',
    ids: '山东省, the province of the administrators in scope',
    request: (fx) => ({ url: `/api/console/exams/${fx.examId}/provinces/370000` }),
  },
  'PUT /api/console/exams/{examId}/provinces/{provinceId}': {
    access: 'scoped',
    role: 'admin',
    ids: '山东省, the province of the administrators in scope',
    request: (fx) => ({ url: `/api/console/exams/${fx.examId}/provinces/370000`, ...json(fx.examSettings) }),
  },

  // 会计人员继续教育 (issue 25): the person's own (the owner caller is C, see Fixtures.ce); the console's lists are
  // limited to the staff member's subtree, an application to the staff of its authority.
  'GET /api/ce': { access: 'accountant', request: () => ({ url: '/api/ce' }) },
  'GET /api/ce/years/{year}': { access: 'accountant', request: () => ({ url: `/api/ce/years/${CE_YEAR}` }) },
  'GET /api/ce/settings/{year}': { access: 'accountant', request: () => ({ url: `/api/ce/settings/${CE_YEAR}` }) },
  'GET /api/ce/applications': { access: 'accountant', request: () => ({ url: '/api/ce/applications' }) },
  'GET /api/ce/applications/{id}': {
    access: 'owner',
    ids: "C's application",
    request: (fx, caller) => ({ url: `/api/ce/applications/${fx.ce.applicationId}`, ...(caller === 'owner' ? { cookies: fx.ce.cookies } : {}) }),
  },
  'POST /api/ce/applications': {
    access: 'accountant',
    ids: 'the proof file in the body (none: each caller is refused by their own 信息采集 or by the file)',
    request: () => ({ url: '/api/ce/applications', ...json({ form: 'meeting', startDate: `${CE_YEAR}-01-10`, endDate: `${CE_YEAR}-01-12`, days: 3, place: '济南', content: '研讨', proofFileId: none }) }),
  },
  'POST /api/ce/applications/{id}/withdraw': {
    access: 'owner',
    ids: "a pending application of C's",
    request: async (fx, caller) => ({ url: `/api/ce/applications/${(await fx.ce.fresh()).id}/withdraw`, ...(caller === 'owner' ? { cookies: fx.ce.cookies } : {}) }),
  },
  'GET /api/console/ce/applications': { access: 'staff', request: () => ({ url: '/api/console/ce/applications' }) },
  'GET /api/console/ce/applications/{id}': { access: 'scoped', ids: "the review item of C's application at 历下区", request: (fx) => ({ url: `/api/console/ce/applications/${fx.ce.reviewItemId}` }) },
  'POST /api/console/ce/applications/{id}/approve': {
    access: 'scoped',
    role: 'reviewer',
    ids: "the review item of a pending application of C's at 历下区",
    request: async (fx) => ({ url: `/api/console/ce/applications/${(await fx.ce.fresh()).reviewItemId}/approve`, ...json({}) }),
  },
  'GET /api/console/ce/years/{year}': { access: 'staff', request: () => ({ url: `/api/console/ce/years/${CE_YEAR}` }) },
  'GET /api/console/ce/years/{year}/not-reached.csv': { access: 'staff', request: () => ({ url: `/api/console/ce/years/${CE_YEAR}/not-reached.csv` }) },
  'GET /api/console/ce/settings/{year}': { access: 'staff', request: () => ({ url: `/api/console/ce/settings/${CE_YEAR}` }) },
  'PUT /api/console/ce/settings/{year}': {
    access: 'scoped',
    role: 'admin',
    ids: '山东省, the province of the administrators in scope',
    request: () => ({ url: `/api/console/ce/settings/${CE_YEAR}?provinceId=370000`, ...json({ requiredTotal: 90, professionalMin: 60, minutesPerCredit: 45, closesOn: `${CE_YEAR + 1}-03-31` }) }),
  },

  // 会计准则制度学习 (issue 26): reading is open to everybody, 已学习 is the reader's own, upkeep the 财政部's.
  'GET /api/standards': { access: 'public', request: () => ({ url: '/api/standards?q=%E6%94%B6%E5%85%A5' }) },
  'GET /api/standards/{id}': { access: 'public', request: (fx) => ({ url: `/api/standards/${fx.standardId}` }) },
  'GET /api/standards/{id}/pdf': { access: 'public', ids: 'a published document without a PDF', request: (fx) => ({ url: `/api/standards/${fx.standardId}/pdf` }) },
  'GET /api/standards/studied': { access: 'accountant', request: () => ({ url: '/api/standards/studied' }) },
  'PUT /api/standards/{id}/studied': { access: 'accountant', request: (fx) => ({ url: `/api/standards/${fx.standardId}/studied` }) },
  'DELETE /api/standards/{id}/studied': { access: 'accountant', request: (fx) => ({ url: `/api/standards/${fx.standardId}/studied` }) },
  'GET /api/console/standards': { access: 'national', role: 'admin', request: () => ({ url: '/api/console/standards' }) },
  'POST /api/console/standards': {
    access: 'national',
    role: 'admin',
    request: () => ({ url: '/api/console/standards', ...json({ title: '矩阵测试', docNumber: '矩阵1号', issuedOn: '2020-01-01', category: 'standard', body: '正文' }) }),
  },
  'GET /api/console/standards/{id}': { access: 'national', role: 'admin', request: (fx) => ({ url: `/api/console/standards/${fx.standardId}` }) },
  'PUT /api/console/standards/{id}': {
    access: 'national',
    role: 'admin',
    request: (fx) => ({ url: `/api/console/standards/${fx.standardId}`, ...json({ title: '矩阵测试', docNumber: '矩阵1号', issuedOn: '2020-01-01', category: 'standard', body: '正文' }) }),
  },
  'POST /api/console/standards/{id}/publish': { access: 'national', role: 'admin', request: (fx) => ({ url: `/api/console/standards/${fx.standardId}/publish` }) },
  'POST /api/console/standards/{id}/unpublish': { access: 'national', role: 'admin', request: (fx) => ({ url: `/api/console/standards/${fx.standardId}/unpublish` }) },
  'POST /api/console/standards/{id}/pdf': {
    access: 'national',
    role: 'admin',
    request: (fx) => ({ url: `/api/console/standards/${fx.standardId}/pdf`, ...multipart([{ name: 'file', filename: 'a.pdf', contentType: 'application/pdf', data: makePdf(3000) }]) }),
  },
  'DELETE /api/console/standards/{id}/pdf': { access: 'national', role: 'admin', request: (fx) => ({ url: `/api/console/standards/${fx.standardId}/pdf` }) },

  // 会计人员奖惩记录 (issue 26): the person's own list and 奖惩申请 (the owner caller is C), staff's entries in scope.
  'GET /api/rewards': { access: 'accountant', request: () => ({ url: '/api/rewards' }) },
  'POST /api/rewards/applications': {
    access: 'accountant',
    ids: 'the proof file in the body (none: each caller is refused by their own 信息采集 or by the file)',
    request: () => ({ url: '/api/rewards/applications', ...json({ reason: '先进个人', occurredOn: '2024-01-01', docNumber: '矩阵1号', issuer: '山东省财政厅', proofFileId: none }) }),
  },
  'GET /api/rewards/applications/{id}': {
    access: 'owner',
    ids: "C's pending 奖惩申请",
    request: (fx, caller) => ({ url: `/api/rewards/applications/${fx.reward.applicationId}`, ...(caller === 'owner' ? { cookies: fx.ce.cookies } : {}) }),
  },
  'POST /api/rewards/applications/{id}/withdraw': {
    access: 'owner',
    ids: "a fresh 奖惩申请 of C's",
    request: async (fx, caller) => ({ url: `/api/rewards/applications/${(await fx.reward.fresh()).id}/withdraw`, ...(caller === 'owner' ? { cookies: fx.ce.cookies } : {}) }),
  },
  'GET /api/console/rewards': { access: 'staff', request: () => ({ url: '/api/console/rewards' }) },
  'POST /api/console/rewards': {
    access: 'scoped',
    ids: "C's 证件号码 (approved at 历下区)",
    request: (fx) => ({ url: '/api/console/rewards', ...json({ idNumber: fx.reward.idNumber, kind: 'reward', reason: '先进个人', occurredOn: '2024-01-01', docNumber: `矩阵${randomUUID().slice(0, 8)}`, issuer: '山东省财政厅' }) }),
  },
  'GET /api/console/rewards/{id}': { access: 'scoped', ids: "a record of C's entered at 历下区", request: (fx) => ({ url: `/api/console/rewards/${fx.reward.recordId}` }) },
  'POST /api/console/rewards/{id}/revoke': { access: 'scoped', ids: "a fresh record of C's at 历下区", request: async (fx) => ({ url: `/api/console/rewards/${await fx.reward.freshRecord()}/revoke` }) },
  // 高端会计人才培养项目 (issue 26): read by everybody, kept by 财政部 administrators.
  'GET /api/talent/years': { access: 'public', request: () => ({ url: '/api/talent/years' }) },
  'GET /api/talent/years/{year}': { access: 'public', request: () => ({ url: '/api/talent/years/2025' }) },
  'GET /api/console/talent/years/{year}': { access: 'national', role: 'admin', request: () => ({ url: '/api/console/talent/years/2025' }) },
  'PUT /api/console/talent/years/{year}': {
    access: 'national',
    role: 'admin',
    request: () => ({ url: '/api/console/talent/years/2025', ...json({ title: '矩阵测试', intro: '介绍', notices: [] }) }),
  },

  // the console
  'POST /api/console/session': {
    access: 'public',
    request: async (fx) => ({ url: '/api/console/session', ...json({ username: `nobody_${randomUUID().slice(0, 8)}`, password: STAFF_PASSWORD, ...(await solveCaptcha(fx.app)) }) }),
  },
  'POST /api/console/session/totp': { access: 'public', request: () => ({ url: '/api/console/session/totp', ...json({ pendingToken: 'not-a-token', code: '123456' }) }) },
  'GET /api/console/session': { access: 'staff', request: () => ({ url: '/api/console/session' }) },
  'GET /api/console/session/expiry': { access: 'staff', request: () => ({ url: '/api/console/session/expiry' }) },
  'POST /api/console/session/extend': { access: 'staff', request: () => ({ url: '/api/console/session/extend' }) },
  'POST /api/console/session/password': {
    access: 'staff',
    // A wrong old password: each staff caller spends one of its five tries, and keeps its password.
    request: () => ({ url: '/api/console/session/password', ...json({ oldPassword: 'Wrong#88210', password: 'Kj#8821new1', confirmPassword: 'Kj#8821new1' }) }),
  },
  'DELETE /api/console/session': { access: 'public', request: async (fx, caller) => ({ url: '/api/console/session', cookies: await fx.freshSession(caller) }) },
  'GET /api/console/authorities': { access: 'staff', request: () => ({ url: '/api/console/authorities' }) },
  'GET /api/console/staff': {
    access: 'staff',
    role: 'admin',
    ids: 'the search names a staff member of 历下区: administrators elsewhere find nobody',
    request: (fx) => ({ url: `/api/console/staff?pageSize=100&q=${fx.lxStaff.username}` }),
  },
  'POST /api/console/staff': {
    access: 'scoped',
    role: 'admin',
    ids: 'the authority in the body: 历下区',
    request: () => ({
      url: '/api/console/staff',
      ...json({ username: `lx_${randomUUID().slice(0, 8)}`, realName: '历下新人', authorityId: '370102', roles: ['reviewer'], password: STAFF_PASSWORD }),
    }),
  },
  'PATCH /api/console/staff/{id}': {
    access: 'scoped',
    role: 'admin',
    ids: 'a staff member of 历下区',
    request: async (fx) => ({ url: `/api/console/staff/${await fx.freshLxStaff()}`, ...json({ realName: '改名测试' }) }),
  },
  'POST /api/console/staff/{id}/password': {
    access: 'scoped',
    role: 'admin',
    ids: 'a staff member of 历下区',
    request: async (fx) => ({ url: `/api/console/staff/${await fx.freshLxStaff()}/password`, ...json({ password: 'Kj#8821reset' }) }),
  },
  'POST /api/console/collection-imports': {
    access: 'scoped',
    role: 'admin',
    ids: "the person in the file: A, whose 会计管理部门 is 历下区 (another province's file is refused whole, 400 import/invalid)",
    request: (fx) => ({
      url: '/api/console/collection-imports',
      ...json({ csv: `证件类型,证件号码,记录类型,学校名称\r\n内地居民身份证,${fx.a.idNumber},教育经历,矩阵测试学院${randomUUID().slice(0, 6)}` }),
    }),
    refusal: (res) => res.statusCode === 400 && safeJson(res)?.code === 'import/invalid' && JSON.stringify(res.json()).includes('管辖范围'),
  },
  'GET /api/console/audit-events': {
    access: 'staff',
    role: 'admin',
    ids: 'the subject is a staff member of 历下区: administrators elsewhere find none of their events',
    request: (fx) => ({ url: `/api/console/audit-events?pageSize=100&subject=${fx.lxStaff.id}` }),
  },
  'GET /api/console/review-kinds': { access: 'staff', request: () => ({ url: '/api/console/review-kinds' }) },
  'GET /api/console/review-items': {
    access: 'staff',
    ids: "the filter names 历下区, A's authority: staff of another province get nothing of it",
    request: () => ({ url: '/api/console/review-items?authorityId=370102&pageSize=100' }),
  },
  'GET /api/console/review-items/{id}': { access: 'scoped', ids: "A's 教育经历 item at 历下区", request: (fx) => ({ url: `/api/console/review-items/${fx.itemId}` }) },
  'POST /api/console/review-items/{id}/claim': {
    access: 'scoped',
    role: 'reviewer',
    ids: 'a pending item of A at 历下区',
    request: async (fx) => ({ url: `/api/console/review-items/${await fx.freshItem()}/claim` }),
  },
  'POST /api/console/review-items/{id}/approve': {
    access: 'scoped',
    role: 'reviewer',
    ids: 'a pending item of A at 历下区',
    request: async (fx) => ({ url: `/api/console/review-items/${await fx.freshItem()}/approve`, ...json({}) }),
  },
  'POST /api/console/review-items/{id}/reject': {
    access: 'scoped',
    role: 'reviewer',
    ids: 'a pending item of A at 历下区',
    request: async (fx) => ({ url: `/api/console/review-items/${await fx.freshItem()}/reject`, ...json({ opinion: '材料不全' }) }),
  },
  'POST /api/console/review-items/batch-approve': {
    access: 'scoped',
    role: 'reviewer',
    ids: 'a pending item of A at 历下区 in the body; each id out of scope fails on its own (200, nothing approved)',
    request: async (fx) => ({ url: '/api/console/review-items/batch-approve', ...json({ ids: [await fx.freshItem()] }) }),
    refusal: (res) => res.statusCode === 200 && (res.json() as { approved: string[] }).approved.length === 0,
  },
  'GET /api/console/review-history': { access: 'staff', request: () => ({ url: '/api/console/review-history?pageSize=100' }) },
  'GET /api/console/dashboard': { access: 'staff', request: () => ({ url: '/api/console/dashboard' }) },

  // the accountant's own review items
  'GET /api/my/review-items': { access: 'accountant', request: () => ({ url: '/api/my/review-items' }) },
  'POST /api/my/review-items/{id}/withdraw': { access: 'owner', ids: 'a pending item of A', request: async (fx) => ({ url: `/api/my/review-items/${await fx.freshItem()}/withdraw` }) },
  'GET /api/my/notices': { access: 'accountant', request: () => ({ url: '/api/my/notices' }) },

  // notices of decisions: the console's list (scope by subtree) and an administrator's 重试
  'GET /api/console/notices': {
    access: 'staff',
    ids: "A's failed notices at 历下区: staff of another province get none of them",
    request: () => ({ url: '/api/console/notices?status=failed&pageSize=100' }),
  },
  'POST /api/console/notices/{id}/retry': {
    access: 'scoped',
    role: 'admin',
    ids: 'a failed notice about an item of A at 历下区',
    request: async (fx) => ({ url: `/api/console/notices/${await fx.freshFailedNotice()}/retry` }),
  },

  // the sandbox (SANDBOX.md): open to all in sandbox mode, absent in production
  // 单位法人用户 (issue 26): its doors answer everybody alike; the rest is the employer's own
  'POST /api/employer/sms-codes': { access: 'public', request: () => ({ url: '/api/employer/sms-codes', ...json({ agentMobile: makeMobile() }) }) },
  'POST /api/employer/accounts': {
    access: 'public',
    request: () => ({
      url: '/api/employer/accounts',
      ...json({ uscc: '91350100M000100Y43', unitName: '某单位', agentName: '王经办', agentMobile: makeMobile(), smsCode: '000000', password: PASSWORD, confirmPassword: PASSWORD }),
    }),
  },
  'POST /api/employer/session': {
    access: 'public',
    // A credit code nobody registered: a login that succeeded would end the caller's own session.
    request: async (fx) => ({ url: '/api/employer/session', ...json({ uscc: '91110108551385082Q', password: PASSWORD, ...(await solveCaptcha(fx.app)) }) }),
  },
  'DELETE /api/employer/session': { access: 'public', request: async (fx, caller) => ({ url: '/api/employer/session', cookies: await fx.freshSession(caller) }) },
  'POST /api/employer/password-resets/sms-codes': { access: 'public', request: () => ({ url: '/api/employer/password-resets/sms-codes', ...json({ uscc: makeUscc() }) }) },
  'POST /api/employer/password-resets': {
    access: 'public',
    request: () => ({ url: '/api/employer/password-resets', ...json({ uscc: makeUscc(), smsCode: '000000', password: 'Xy#12345678', confirmPassword: 'Xy#12345678' }) }),
  },
  'POST /api/employer/session/legal-person/start': { access: 'public', request: () => ({ url: '/api/employer/session/legal-person/start' }) },
  'POST /api/employer/session/legal-person': { access: 'public', request: () => ({ url: '/api/employer/session/legal-person', ...json({ code: 'not-a-code', state: 'not-a-state' }) }) },
  'GET /api/employer/session': { access: 'employer', request: () => ({ url: '/api/employer/session' }) },
  'GET /api/employer/session/expiry': { access: 'employer', request: () => ({ url: '/api/employer/session/expiry' }) },
  'POST /api/employer/session/extend': { access: 'employer', request: () => ({ url: '/api/employer/session/extend' }) },
  'PUT /api/employer/registration': {
    access: 'employer',
    ids: "the employer's own (approved: 409); a file id nobody has",
    request: () => ({ url: '/api/employer/registration', ...json({ unitName: '某单位', address: { provinceId: '370000', cityId: '370100', countyId: '370102', detail: '泉城路1号' }, licenseFileId: none }) }),
  },
  'GET /api/employer/staff': { access: 'employer', request: () => ({ url: '/api/employer/staff' }) },
  'PUT /api/employer/staff/{accountId}': {
    access: 'employer',
    ids: "C, whose current work record names the employer (A's id would be 404 to it)",
    request: (fx) => ({ url: `/api/employer/staff/${fx.employer.staffId}`, ...json({ decision: 'confirmed' }) }),
  },
  'GET /api/employer/staff.csv': { access: 'employer', request: () => ({ url: '/api/employer/staff.csv' }) },
  'GET /api/employer/ce-filings': { access: 'employer', request: () => ({ url: '/api/employer/ce-filings' }) },
  'POST /api/employer/ce-filings': {
    access: 'employer',
    ids: 'nobody confirmed and no proof: the employer gets its 400',
    request: () => ({
      url: '/api/employer/ce-filings',
      ...json({ accountIds: [none], training: { form: 'public', startDate: `${CE_YEAR}-01-05`, endDate: `${CE_YEAR}-01-06`, unitName: '基地', rows: [{ minutes: 450, credits: 10, content: '职业道德' }], proofFileId: none } }),
    }),
  },
  'GET /api/employer/feedback': { access: 'employer', request: () => ({ url: '/api/employer/feedback' }) },
  'POST /api/employer/feedback': {
    access: 'employer',
    ids: 'a published standard of the library',
    request: (fx) => ({ url: '/api/employer/feedback', ...json({ standardId: fx.standardId, clause: '第一条', content: '矩阵测试意见' }) }),
  },
  'GET /api/console/employer-feedback': { access: 'national', role: 'admin', request: () => ({ url: '/api/console/employer-feedback' }) },
  'POST /api/console/employer-feedback/{id}/answer': { access: 'national', role: 'admin', request: () => ({ url: `/api/console/employer-feedback/${none}/answer`, ...json({ answer: '答复' }) }) },
  'GET /api/console/employer-feedback/{id}/attachment': { access: 'national', role: 'admin', request: () => ({ url: `/api/console/employer-feedback/${none}/attachment` }) },
  'POST /api/sandbox/legal-person/authorize': { access: 'sandbox', request: () => ({ url: '/api/sandbox/legal-person/authorize', ...json({ state: 'matrix', redirectUri: '/login/legal-person' }) }) },
  'GET /api/sandbox/legal-person/{ticket}': { access: 'sandbox', request: () => ({ url: `/api/sandbox/legal-person/${'0'.repeat(32)}` }) },
  'POST /api/sandbox/legal-person/{ticket}': { access: 'sandbox', request: () => ({ url: `/api/sandbox/legal-person/${'0'.repeat(32)}`, ...json({ action: 'cancel' }) }) },

  'POST /api/sandbox/wechat/qrconnect': { access: 'sandbox', request: () => ({ url: '/api/sandbox/wechat/qrconnect', ...json({ state: 'matrix', redirectUri: '/login/wechat' }) }) },
  'GET /api/sandbox/wechat/{ticket}': { access: 'sandbox', request: () => ({ url: `/api/sandbox/wechat/${none}` }) },
  'POST /api/sandbox/wechat/{ticket}': { access: 'sandbox', request: () => ({ url: `/api/sandbox/wechat/${none}`, ...json({ action: 'cancel' }) }) },
  'GET /api/sandbox/alipay/{certifyId}': { access: 'sandbox', request: () => ({ url: `/api/sandbox/alipay/${none}` }) },
  'POST /api/sandbox/alipay/{certifyId}': { access: 'sandbox', request: () => ({ url: `/api/sandbox/alipay/${none}`, ...json({ action: 'cancel' }) }) },
  'POST /api/sandbox/review-items': { access: 'sandbox', request: () => ({ url: '/api/sandbox/review-items', ...json({ mobile: makeMobile(), authorityId: '370102' }) }) },
  'GET /api/sandbox/sms': { access: 'sandbox', request: () => ({ url: `/api/sandbox/sms?mobile=${makeMobile()}` }) },
  'GET /api/sandbox/notices': { access: 'sandbox', request: () => ({ url: `/api/sandbox/notices?mobile=${makeMobile()}` }) },
  'GET /api/sandbox/captcha/latest': { access: 'sandbox', request: () => ({ url: '/api/sandbox/captcha/latest' }) },
  'GET /api/sandbox/captcha/{id}': { access: 'sandbox', request: () => ({ url: `/api/sandbox/captcha/${none}` }) },
  'GET /api/sandbox/clock': { access: 'sandbox', request: () => ({ url: '/api/sandbox/clock' }) },
  'PUT /api/sandbox/clock': { access: 'sandbox', request: () => ({ url: '/api/sandbox/clock', ...json({ now: new Date().toISOString() }) }) },
  'DELETE /api/sandbox/clock': { access: 'sandbox', request: () => ({ url: '/api/sandbox/clock' }) },
};

/** What a caller must get from a route of this access: let through, refused, or (public) the same as all. */
function expected(rule: Rule, caller: Caller): 'allowed' | 'refused' {
  const roleNeeded = !!rule.role;
  switch (rule.access) {
    case 'public':
    case 'sandbox':
      return 'allowed';
    case 'accountant':
      return caller === 'owner' || caller === 'other' ? 'allowed' : 'refused';
    case 'owner':
      return caller === 'owner' ? 'allowed' : 'refused';
    case 'staff':
      return caller === 'staffIn' || caller === 'staffOut' || (caller === 'staffNoRole' && !roleNeeded) ? 'allowed' : 'refused';
    case 'scoped':
      return caller === 'staffIn' || (caller === 'staffNoRole' && !roleNeeded) ? 'allowed' : 'refused';
    case 'ownerOrScoped':
      return caller === 'owner' || caller === 'staffIn' || caller === 'staffNoRole' ? 'allowed' : 'refused';
    case 'national':
      return 'refused';
    case 'employer':
      return caller === 'employer' ? 'allowed' : 'refused';
  }
}

/** Callers entitled to nothing of A's: whatever they are answered must hold none of it. */
const STRANGERS: Caller[] = ['anonymous', 'other', 'staffOut', 'employer'];

// ---- the run ------------------------------------------------------------------------------------

let app: FastifyInstance;
let fx: Fixtures;

/** Every route the app serves under /api, from Fastify's own tree (a route hidden from OpenAPI included). */
function servedRoutes(instance: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of instance.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)(?:├── |└── )(.+?) \(([^)]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    const path = (stack[depth - 1] ?? '') + m[2]!;
    stack[depth] = path;
    for (const method of m[3]!.split(',').map((s) => s.trim())) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue; // Swagger UI: the public document
      out.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return [...new Set(out)].sort();
}

beforeAll(async () => {
  app = await buildTestApp();
  // A: verified, every part of 信息采集 submitted to 历下区, uploads of their own.
  const a = await verifiedAccountant(app, { realName: '张三' });
  const put = (url: string, payload: unknown) => app.inject({ method: 'PUT', url, cookies: a.cookies, payload: payload as object });
  const post = (url: string, payload: unknown) => app.inject({ method: 'POST', url, cookies: a.cookies, payload: payload as object });
  expect((await put('/api/collection/scope', { scope: 'accountant' })).statusCode).toBe(200);
  expect((await put('/api/collection/basic', await basicInfo(app, a.cookies))).statusCode).toBe(200);
  const education = await post('/api/collection/education', ZHANGSAN_BACHELOR);
  expect(education.statusCode, education.body).toBe(201);
  const workPayload = await workRecord(app, a.cookies);
  const work = await post('/api/collection/work', workPayload);
  expect(work.statusCode, work.body).toBe(201);
  expect((await put('/api/collection/authority', JINAN_LIXIA)).statusCode).toBe(200);
  const submitted = await post('/api/collection/submit', { promise: true });
  expect(submitted.statusCode, submitted.body).toBe(200);
  const state = submitted.json() as { notices: Array<{ part: string; reviewItemId: string }>; work: Array<{ attachments: Record<string, string> }> };
  const itemId = state.notices.find((n) => n.part === 'education')!.reviewItemId;
  const fileId = Object.values(state.work[0]!.attachments)[0]!;
  const certifyId = a.certifyId;
  // B: another verified accountant.
  const b = await verifiedAccountant(app, { realName: '李四' });
  await uploadProof(app, b.cookies);
  await uploadStandardPhoto(app, b.cookies);

  const transferId = randomUUID();
  await app.database.db.insert(transferRequests).values({
    id: transferId,
    accountId: (await app.database.db.select().from(reviewItems).where(eq(reviewItems.id, itemId)))[0]!.accountId,
    reason: 'household',
    status: 'out_pending',
    data: { request: { reason: 'household', place: '济南市市中区', authority: { provinceId: '370000', cityId: '370100', countyId: '370103' }, proofFileId: fileId } },
    fromAuthorityId: '370102',
    fromAuthorityPath: '/100000/370000/370100/370102/',
    toAuthorityId: '370103',
    toAuthorityPath: '/100000/370000/370100/370103/',
    proofFileId: fileId,
    submittedAt: new Date(),
  });
  const aAccountId = (await app.database.db.select().from(reviewItems).where(eq(reviewItems.id, itemId)))[0]!.accountId;
  const titleId = randomUUID();
  const otherTitleId = randomUUID();
  const at = new Date();
  await app.database.db.insert(accountingTitles).values({
    id: titleId,
    accountId: aAccountId,
    source: 'manual',
    status: 'approved',
    rank: 'professor',
    titleMethod: 'review',
    titleCertificateNo: 'MATRIX-1',
    titleCertificateIndex: 'matrix-1',
    authorityId: '370102',
    createdAt: at,
    updatedAt: at,
  });
  await app.database.db.insert(otherQualifications).values({
    id: otherTitleId,
    accountId: aAccountId,
    status: 'approved',
    type: 'cpa',
    obtainedAt: '2020-01-01',
    certificateNo: 'MATRIX-2',
    certificateIndex: 'matrix-2',
    authorityId: '370102',
    createdAt: at,
    updatedAt: at,
  });
  const certificateId = randomUUID();
  await app.database.db.insert(qualificationCertificates).values({
    id: certificateId,
    level: 'junior',
    examYear: 2025,
    idNumber: a.person.idNumber,
    idNumberIndex: blindIndex(a.person.idNumber),
    certificateNo: 'MATRIX-CERT',
    certificateIndex: blindIndex('MATRIX-CERT'),
    obtainedAt: '2025-09-01',
    importId: randomUUID(),
    issuedAt: at,
  });
  // C: approved at 历下区, with a pending 会议 application (继续教育); each `fresh` files another.
  const c = await approvedAccountant(app);
  let ceSerial = 0;
  const ceFresh = async () => {
    const n = ceSerial++;
    const proof = await uploadFile(app, c.cookies, 'ce_proof', makePdf(3_000 + n), '证明.pdf');
    if (proof.statusCode !== 201) throw new Error(`ce proof: ${proof.body}`);
    const res = await app.inject({
      method: 'POST',
      url: '/api/ce/applications',
      cookies: c.cookies,
      payload: { form: 'meeting', startDate: `${CE_YEAR}-01-10`, endDate: `${CE_YEAR}-01-12`, days: 3, place: `济南市会计学会${n}`, content: '企业会计准则研讨', proofFileId: proof.json().id },
    });
    if (res.statusCode !== 201) throw new Error(`ce application: ${res.body}`);
    return res.json() as { id: string; reviewItemId: string };
  };
  const first = await ceFresh();
  const ce = { cookies: c.cookies, applicationId: first.id, reviewItemId: first.reviewItemId, fresh: ceFresh };
  const mof = await staffCookies(app, 'mof_admin');
  const sdAdmin = await staffCookies(app, 'sd_admin');
  const createStaff = async (by: Record<string, string>, authorityId: string, roles: string[]) => {
    const username = `m_${randomUUID().slice(0, 10)}`;
    const res = await app.inject({ method: 'POST', url: '/api/console/staff', cookies: by, payload: { username, realName: '矩阵测试', authorityId, roles, password: STAFF_INITIAL_PASSWORD } });
    expect(res.statusCode, res.body).toBe(201);
    // The first login changes the password an administrator set (issue 17 item 8).
    const first = await loginWith(username, STAFF_INITIAL_PASSWORD);
    const changed = await app.inject({
      method: 'POST',
      url: '/api/console/session/password',
      cookies: first,
      payload: { oldPassword: STAFF_INITIAL_PASSWORD, password: STAFF_PASSWORD, confirmPassword: STAFF_PASSWORD },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    return { id: res.json().id as string, username };
  };
  const loginAs = (username: string) => loginWith(username, STAFF_PASSWORD);
  async function loginWith(username: string, password: string) {
    const captcha = await solveCaptcha(app);
    const res = await app.inject({ method: 'POST', url: '/api/console/session', payload: { username, password, ...captcha } });
    if (res.statusCode !== 200 || res.json().step !== 'done') throw new Error(`staff login of ${username} answered ${res.statusCode}: ${res.body}`);
    return sessionCookie(res);
  }
  const bjAdmin = await createStaff(mof, '110000', ['admin', 'reviewer']);
  const sdAdminOnly = await createStaff(sdAdmin, '370000', ['admin']);
  const lxStaff = await createStaff(sdAdmin, '370102', ['reviewer']);
  const staff = {
    lx: await staffCookies(app, 'lx_reviewer'),
    sdAdmin,
    sdReviewer: await staffCookies(app, 'sd_reviewer'),
    bjReviewer: await staffCookies(app, 'bj_reviewer'),
    bjAdmin: await loginAs(bjAdmin.username),
    sdAdminOnly: await loginAs(sdAdminOnly.username),
    mof,
  };
  const staffFor = (caller: Caller, role?: Rule['role']) => {
    const admin = role === 'admin';
    if (caller === 'staffIn') return admin ? { user: 'sd_admin', cookies: staff.sdAdmin } : { user: 'lx_reviewer', cookies: staff.lx };
    if (caller === 'staffOut') return admin ? { user: bjAdmin.username, cookies: staff.bjAdmin } : { user: 'bj_reviewer', cookies: staff.bjReviewer };
    return admin ? { user: 'sd_reviewer', cookies: staff.sdReviewer } : { user: sdAdminOnly.username, cookies: staff.sdAdminOnly };
  };
  // The employer: registered with the credit code C's work record names, approved by 历下区.
  const employerUscc = '91350100M000100Y43';
  const employerMobile = makeMobile();
  await app.inject({ method: 'POST', url: '/api/employer/sms-codes', payload: { agentMobile: employerMobile }, remoteAddress: randomIp() });
  const employerCode = (await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${employerMobile}` })).json()[0].code as string;
  const registered = await app.inject({
    method: 'POST',
    url: '/api/employer/accounts',
    payload: { uscc: employerUscc, unitName: '济南某某会计服务有限公司', agentName: '王经办', agentMobile: employerMobile, smsCode: employerCode, password: PASSWORD, confirmPassword: PASSWORD },
  });
  expect(registered.statusCode, registered.body).toBe(201);
  const employerCookies = sessionCookie(registered);
  const licenseUpload = await uploadFile(app, employerCookies, 'business_license', makeJpeg({ width: 1200, height: 900, size: 41_000 }), '营业执照.jpg');
  const employerSubmitted = await app.inject({
    method: 'PUT',
    url: '/api/employer/registration',
    cookies: employerCookies,
    payload: { unitName: '济南某某会计服务有限公司', address: { provinceId: '370000', cityId: '370100', countyId: '370102', detail: '泉城路1号' }, licenseFileId: licenseUpload.json().id },
  });
  expect(employerSubmitted.statusCode, employerSubmitted.body).toBe(200);
  const employerItem = (await app.inject({ method: 'GET', url: '/api/console/review-items?kind=employer_registration&state=open', cookies: await staffCookies(app, 'lx_reviewer') })).json().items[0].id as string;
  expect((await app.inject({ method: 'POST', url: `/api/console/review-items/${employerItem}/approve`, cookies: await staffCookies(app, 'lx_reviewer'), payload: {} })).statusCode).toBe(200);
  const employerStaffId = (await app.inject({ method: 'GET', url: '/api/employer/staff', cookies: employerCookies })).json().items[0].accountId as string;
  const employerLogin = async () => {
    const res = await app.inject({ method: 'POST', url: '/api/employer/session', payload: { uscc: employerUscc, password: PASSWORD, ...(await solveCaptcha(app)) }, remoteAddress: randomIp() });
    if (res.statusCode !== 200) throw new Error(`employer login: ${res.body}`);
    return sessionCookie(res);
  };

  const cookies = (caller: Caller, role?: Rule['role']) =>
    caller === 'anonymous'
      ? {}
      : caller === 'owner'
        ? a.cookies
        : caller === 'other'
          ? b.cookies
          : caller === 'employer'
            ? employerCookies
            : staffFor(caller, role).cookies;

  const exam = await app.inject({ method: 'POST', url: '/api/console/exams', cookies: mof, payload: { year: 2025, level: 'junior' } });
  expect(exam.statusCode, exam.body).toBe(201);
  const examSettings = juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }]);
  const set = await app.inject({ method: 'PUT', url: `/api/console/exams/${exam.json().id}/provinces/370000`, cookies: sdAdmin, payload: examSettings });
  expect(set.statusCode, set.body).toBe(200);

  const accountA = (await app.database.db.select().from(reviewItems).where(eq(reviewItems.id, itemId)))[0]!.accountId;
  const enrollmentId = randomUUID();
  await app.database.db.insert(enrollments).values({
    id: enrollmentId,
    examId: exam.json().id,
    accountId: accountA,
    provinceId: '370000',
    siteAuthorityId: '370102',
    category: 'junior_education',
    subjects: ['junior_practice', 'economic_law_basics'],
    photoFileId: fileId,
    proofs: {},
    snapshot: { realName: '张三', idNumber: a.person.idNumber, idType: '居民身份证', sex: '男', birthDate: '', ethnicity: '', email: '', address: '', education: [], degree: [], work: [] },
    eligibility: { eligible: true, routes: [], message: null } as never,
    status: 'pending',
    submittedAt: new Date(),
  });
  const orderNo = '20250101123456789012';
  await app.database.db.insert(orders).values({
    id: randomUUID(),
    orderNo,
    enrollmentId,
    accountId: accountA,
    examId: exam.json().id,
    provinceId: '370000',
    amount: '112.00',
    subject: '报名费',
    provider: 'alipay_sandbox',
    status: 'open',
    createdAt: new Date(),
  });

  let rewardSerial = 0;
  const rewardFresh = async () => {
    const n = rewardSerial++;
    const proof = await uploadFile(app, c.cookies, 'reward_proof', makePdf(4_000 + n), '表彰决定.pdf');
    if (proof.statusCode !== 201) throw new Error(`reward proof: ${proof.body}`);
    const res = await app.inject({
      method: 'POST',
      url: '/api/rewards/applications',
      cookies: c.cookies,
      payload: { reason: '先进个人', occurredOn: '2024-01-01', docNumber: `鲁财会〔2024〕${n}号`, issuer: '山东省财政厅', proofFileId: proof.json().id },
    });
    if (res.statusCode !== 201) throw new Error(`reward application: ${res.body}`);
    return res.json() as { id: string };
  };
  const rewardRecord = async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/console/rewards',
      cookies: await staffCookies(app, 'lx_reviewer'),
      payload: { idNumber: c.person.idNumber, kind: 'penalty', reason: '通报批评', occurredOn: '2024-01-01', docNumber: `历财〔2024〕${randomUUID().slice(0, 8)}`, issuer: '历下区财政局' },
    });
    if (res.statusCode !== 201) throw new Error(`reward record: ${res.body}`);
    return res.json().id as string;
  };
  const reward = { idNumber: c.person.idNumber, applicationId: (await rewardFresh()).id, recordId: await rewardRecord(), fresh: rewardFresh, freshRecord: rewardRecord };
  const talentPage = await app.inject({ method: 'PUT', url: '/api/console/talent/years/2025', cookies: mof, payload: { title: '2025年度全国高端会计人才培养项目', intro: '介绍', notices: [] } });
  expect(talentPage.statusCode, talentPage.body).toBe(200);
  const standard = await app.inject({ method: 'POST', url: '/api/console/standards', cookies: mof, payload: { title: '企业会计准则第14号——收入', docNumber: '财会〔2017〕22号', issuedOn: '2017-07-05', category: 'standard', body: '收入' } });
  expect(standard.statusCode, standard.body).toBe(201);
  expect((await app.inject({ method: 'POST', url: `/api/console/standards/${standard.json().id}/publish`, cookies: mof })).statusCode).toBe(200);

  fx = {
    app,
    standardId: standard.json().id,
    reward,
    examId: exam.json().id,
    examSettings,
    enrollmentId,
    orderNo,
    a: { mobile: a.person.mobile, idNumber: a.person.idNumber, cookies: a.cookies },
    b: { cookies: b.cookies },
    staff,
    educationId: education.json().record.id,
    workId: work.json().record.id,
    workPayload,
    itemId,
    fileId,
    certifyId,
    transferId,
    titleId,
    otherTitleId,
    certificateId,
    ce,
    lxStaff,
    secrets: [a.person.idNumber, a.person.mobile, education.json().record.id, work.json().record.id, itemId, fileId, certifyId, lxStaff.id, lxStaff.username],
    freshItem: async () => {
      const res = await app.inject({ method: 'POST', url: '/api/sandbox/review-items', payload: { mobile: a.person.mobile, authorityId: '370102' } });
      if (res.statusCode !== 201) throw new Error(`sandbox item: ${res.body}`);
      return res.json().id as string;
    },
    freshFailedNotice: async () => {
      const [item] = await app.database.db.select().from(reviewItems).where(eq(reviewItems.id, itemId));
      const id = randomUUID();
      const now = new Date();
      await app.database.db.insert(notices).values({
        id,
        accountId: item!.accountId,
        reviewItemId: item!.id,
        reviewKind: item!.kind,
        decision: 'approved',
        authorityPath: item!.authorityPath,
        applicantName: item!.applicantName,
        applicantIdMasked: item!.applicantIdMasked,
        content: '矩阵测试通知',
        templateData: { keyword1: '矩阵测试' },
        status: 'failed',
        channel: 'sms',
        tries: 5,
        triesLeft: 0,
        nextAttemptAt: now,
        lastError: '短信发送失败（矩阵测试）',
        createdAt: now,
        decidedAt: now,
      });
      return id;
    },
    freshLxStaff: async () => (await createStaff(sdAdmin, '370102', ['reviewer'])).id,
    employer: { uscc: employerUscc, cookies: employerCookies, staffId: employerStaffId },
    freshSession: async (caller, role) => {
      if (caller === 'anonymous') return {};
      if (caller === 'employer') return employerLogin();
      if (caller === 'owner' || caller === 'other') {
        const mobile = caller === 'owner' ? a.person.mobile : b.person.mobile;
        return sessionCookie(await login(app, mobile, PASSWORD, { remoteAddress: randomIp() }));
      }
      const { user } = staffFor(caller, role);
      return user.startsWith('m_') ? loginAs(user) : staffCookies(app, user);
    },
    cookies,
  };
}, 180_000);

afterAll(async () => {
  await app?.close();
});

async function call(rule: Rule, method: string, caller: Caller) {
  const req = await rule.request(fx, caller);
  const res = await app.inject({ remoteAddress: randomIp(), ...req, method: method as InjectOptions['method'], cookies: req.cookies ?? fx.cookies(caller, rule.role) });
  return { req, res };
}

/** Refused: 401/403/404, or the route's own refusal; let through: anything else below 500. */
const isRefusal = (rule: Rule, res: LightMyRequestResponse) => [401, 403, 404].includes(res.statusCode) || !!rule.refusal?.(res);

async function checkCell(key: string, rule: Rule, caller: Caller): Promise<number> {
  const method = key.split(' ')[0]!;
  const { req, res } = await call(rule, method, caller);
  const where = `${key} as ${caller} (${rule.access}${rule.role ? `, ${rule.role}` : ''}) → ${res.statusCode} ${res.body.slice(0, 300)}`;
  if (process.env.MATRIX_LOG) console.log(`${key} as ${caller}: ${res.statusCode} ${res.body.slice(0, 90)}`);
  expect(res.statusCode, where).toBeLessThan(500);
  if (expected(rule, caller) === 'refused') expect(isRefusal(rule, res), `${where}: should be refused`).toBe(true);
  else if (rule.access !== 'public' && rule.access !== 'sandbox') expect(isRefusal(rule, res), `${where}: should be let through`).toBe(false);
  if (STRANGERS.includes(caller) && rule.access !== 'sandbox') {
    // Nothing of A's in the answer, unless the caller wrote it into the request itself.
    const sent = `${req.url} ${typeof req.payload === 'string' ? req.payload : JSON.stringify(req.payload ?? '')}`;
    for (const secret of fx.secrets.filter((s) => !sent.includes(s))) expect(res.body.includes(secret), `${where}: holds ${secret}`).toBe(false);
  }
  return res.statusCode;
}

describe('the access matrix', () => {
  it('declares every route the platform serves, and only those', () => {
    const served = servedRoutes(app);
    const spec = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(spec.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(served.length).toBeGreaterThan(60);
    for (const route of documented) expect(served, `${route} is in the OpenAPI document but not served`).toContain(route);
    const undeclared = served.filter((r) => !(r in ROUTES));
    expect(undeclared, 'routes without an entry in ROUTES (access-matrix.test.ts): declare who may call each').toEqual([]);
    const stale = Object.keys(ROUTES).filter((r) => !served.includes(r));
    expect(stale, 'entries of ROUTES the platform no longer serves').toEqual([]);
  });

  it('the OpenAPI document asks a session of exactly the routes this table does not open to everybody', () => {
    // platform/openapi.ts applies the session scheme by default and removes it for PUBLIC_OPERATIONS and the
    // sandbox: a route made public here must be named there, or the contract would ask integrators for a cookie.
    const spec = app.swagger() as { paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>> };
    for (const [key, rule] of Object.entries(ROUTES)) {
      const [method, path] = key.split(' ') as [string, string];
      const security = spec.paths[path]?.[method.toLowerCase()]?.security;
      const open = rule.access === 'public' || rule.access === 'sandbox';
      expect(isPublicOperation(method, path), `${key} (${rule.access}): PUBLIC_OPERATIONS in platform/openapi.ts`).toBe(open);
      expect(!!security && (security.length === 0 || security.some((s) => Object.keys(s).length === 0)), `${key}: security ${JSON.stringify(security)}`).toBe(open);
    }
  });

  for (const [key, rule] of Object.entries(ROUTES)) {
    const awaiting = rule.awaiting ?? {};
    it(`${key}: ${rule.access}${rule.role ? ` (${rule.role})` : ''}${rule.ids ? `; ids: ${rule.ids}` : ''}`, async () => {
      const statuses: number[] = [];
      for (const caller of CALLERS) {
        if (awaiting[caller]) continue;
        statuses.push(await checkCell(key, rule, caller));
      }
      // Public: whoever asks gets the same kind of answer.
      if (rule.access === 'public' || rule.access === 'sandbox') expect(new Set(statuses).size, `${key}: ${statuses.join(',')}`).toBe(1);
    });
    for (const [caller, reason] of Object.entries(awaiting)) {
      it.fails(`${key} as ${caller}: awaiting ${reason}`, async () => {
        await checkCell(key, rule, caller as Caller);
      });
    }
  }

  it('the sandbox routes are absent in production', async () => {
    const prod = await buildTestApp({ mode: 'production' });
    try {
      for (const key of Object.keys(ROUTES).filter((k) => ROUTES[k]!.access === 'sandbox')) {
        const [method, path] = key.split(' ') as [InjectOptions['method'], string];
        const res = await prod.inject({ method, url: path.replace(/\{[^}]+\}/g, none), payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
        expect(res.statusCode, `${key} in production`).toBe(404);
      }
    } finally {
      await prod.close();
    }
  });
});
