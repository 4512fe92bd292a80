import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { approvedAccountant } from '../../test/exam';
import { advanceClock, buildTestApp, makeMobile, makeUscc, PASSWORD, randomIp, sessionCookie, solveCaptcha, staffCookies } from '../../test/helpers';
import { uploadFile } from '../../test/uploads';
import { makeJpeg, makePdf } from '../../platform/uploads/test-files';
import { securityEvents } from '../../platform/tables';
import { ceCredits } from '../ce/tables';
import { employers } from './tables';

// 单位法人用户 (issue 26) through the API, on a real database: registration and its review by the authority
// of the unit's address, the two ways in, the staff whose work record names the unit, and the training it
// files for them, credited once.

let app: FastifyInstance;
type Cookies = Record<string, string>;
let lixia: Cookies;
let beijing: Cookies;
const YEAR = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
/** 硕士 at 山东财经大学: verified by the 学信网 sandbox for a person named 李四. */
const LISI_MASTER = {
  studyMode: 'full_time',
  school: '山东财经大学',
  startDate: '2015-09-01',
  endDate: '2018-06-30',
  educationLevel: 'master',
  diplomaNo: '104561201802000318',
  degree: 'master',
  degreeNo: '1045632018000318',
  major: '会计学',
  attachments: {},
};
const JINAN_LIXIA = { provinceId: '370000', cityId: '370100', countyId: '370102', detail: '泉城路1号' };

beforeAll(async () => {
  app = await buildTestApp();
  lixia = await staffCookies(app, 'lx_reviewer');
  beijing = await staffCookies(app, 'bj_reviewer');
});
afterAll(() => app.close());

let serial = 0;
const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookies: Cookies = {}, payload?: unknown) =>
  app.inject({ method, url, cookies, ...(payload === undefined ? {} : { payload: payload as object }), remoteAddress: randomIp() });

async function smsCode(mobile: string): Promise<string> {
  const sent = await inject('POST', '/api/employer/sms-codes', {}, { agentMobile: mobile });
  expect(sent.statusCode, sent.body).toBe(200);
  return (await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${mobile}` })).json()[0].code as string;
}

/** Registers an employer; returns its session and its credit code. */
async function register(unitName = '济南某某会计服务有限公司') {
  const uscc = makeUscc();
  const agentMobile = makeMobile();
  const res = await inject('POST', '/api/employer/accounts', {}, {
    uscc,
    unitName,
    agentName: '王经办',
    agentMobile,
    smsCode: await smsCode(agentMobile),
    password: PASSWORD,
    confirmPassword: PASSWORD,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { uscc, agentMobile, cookies: sessionCookie(res), employer: res.json().employer };
}

const license = async (cookies: Cookies) => {
  const res = await uploadFile(app, cookies, 'business_license', makeJpeg({ width: 1200, height: 900, size: 40_000 + (serial++ % 997) }), '营业执照.jpg');
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const submit = async (cookies: Cookies, unitName = '济南某某会计服务有限公司') =>
  inject('PUT', '/api/employer/registration', cookies, { unitName, address: JINAN_LIXIA, licenseFileId: await license(cookies) });
const me = async (cookies: Cookies) => (await inject('GET', '/api/employer/session', cookies)).json().employer;

/** A registered employer approved by 历下区. */
async function approvedEmployer(unitName?: string) {
  const e = await register(unitName);
  const submitted = await submit(e.cookies, unitName);
  expect(submitted.statusCode, submitted.body).toBe(200);
  const { id } = await me(e.cookies);
  const [row] = await app.database.db.select().from(employers).where(eq(employers.id, id));
  const approved = await inject('POST', `/api/console/review-items/${row!.reviewItemId}/approve`, lixia, {});
  expect(approved.statusCode, approved.body).toBe(200);
  return { ...e, id };
}

describe('registration and review', () => {
  it('checks the 统一社会信用代码 and changes nothing on a bad one', async () => {
    const agentMobile = makeMobile();
    const good = makeUscc();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const res = await inject('POST', '/api/employer/accounts', {}, {
      uscc: bad,
      unitName: '某单位',
      agentName: '王经办',
      agentMobile,
      smsCode: '123456',
      password: PASSWORD,
      confirmPassword: PASSWORD,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields.uscc).toBe('统一社会信用代码校验位不正确');
    expect(await app.database.db.select().from(employers).where(eq(employers.uscc, bad))).toHaveLength(0);
    const short = await inject('POST', '/api/employer/accounts', {}, { uscc: '9137010', unitName: '某单位', agentName: '王经办', agentMobile, smsCode: '123456', password: PASSWORD, confirmPassword: PASSWORD });
    expect(short.json().fields.uscc).toBe('统一社会信用代码应为18位');
  });

  it('registers with the 经办人 code, is reviewed by the authority of the address, refused, corrected and approved', async () => {
    const e = await register();
    expect(e.employer).toMatchObject({ uscc: e.uscc, status: 'draft', canAct: false, agentName: '王**' });
    // Not yet approved: nothing an employer does is open.
    expect((await inject('GET', '/api/employer/staff', e.cookies)).json()).toMatchObject({ code: 'employer/not_approved' });

    // The same code again: taken (after the code of a new mobile is checked).
    const again = makeMobile();
    const taken = await inject('POST', '/api/employer/accounts', {}, { uscc: e.uscc, unitName: 'x', agentName: '李四', agentMobile: again, smsCode: await smsCode(again), password: PASSWORD, confirmPassword: PASSWORD });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().code).toBe('employer/uscc_taken');

    // Someone else's file is not a 营业执照 of this employer.
    const other = await register();
    const foreign = await inject('PUT', '/api/employer/registration', e.cookies, { unitName: '某单位', address: JINAN_LIXIA, licenseFileId: await license(other.cookies) });
    expect(foreign.statusCode).toBe(400);
    expect((await me(e.cookies)).status).toBe('draft');

    const first = await submit(e.cookies);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().employer).toMatchObject({ status: 'pending', authorityName: '山东省-济南市-历下区' });
    expect((await submit(e.cookies)).json().code).toBe('employer/under_review');

    const { id } = await me(e.cookies);
    const itemId = (await app.database.db.select().from(employers).where(eq(employers.id, id)))[0]!.reviewItemId!;
    // 北京市 cannot see or decide it; 历下区 sees the unit, its address and the 营业执照.
    expect((await inject('POST', `/api/console/review-items/${itemId}/approve`, beijing, {})).statusCode).toBe(404);
    const detail = (await inject('GET', `/api/console/review-items/${itemId}`, lixia)).json();
    expect(detail.fields).toContainEqual(expect.objectContaining({ label: '统一社会信用代码', after: e.uscc }));
    expect(detail.attachments[0].label).toBe('营业执照（法人登记证书）');
    const file = await inject('GET', `/api/files/${detail.attachments[0].id}`, lixia);
    expect(file.statusCode).toBe(200);

    const refused = await inject('POST', `/api/console/review-items/${itemId}/reject`, lixia, { opinion: '营业执照照片不清晰' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(await me(e.cookies)).toMatchObject({ status: 'rejected', statusLabel: '审核不通过', opinion: '营业执照照片不清晰', canAct: false });

    const resubmitted = await submit(e.cookies, '济南某某会计服务有限公司（更正）');
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    const second = (await app.database.db.select().from(employers).where(eq(employers.id, id)))[0]!.reviewItemId!;
    expect(second).not.toBe(itemId);
    expect((await inject('POST', `/api/console/review-items/${second}/approve`, lixia, {})).statusCode).toBe(200);
    expect(await me(e.cookies)).toMatchObject({ status: 'approved', canAct: true, opinion: null, unitName: '济南某某会计服务有限公司（更正）' });
    // The 经办人 was told by SMS.
    await app.notices.settled();
    await app.notices.deliverDue();
    const texts = (await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${e.agentMobile}` })).json() as Array<{ content: string }>;
    expect(texts.some((t) => t.content.includes('单位法人用户注册'))).toBe(true);
    // And SANDBOX.md's notices of the person of that registration mobile: both decisions, newest first.
    const sent = (await app.inject({ method: 'GET', url: `/api/sandbox/notices?mobile=${e.agentMobile}` })).json() as Array<{ mobile: string; channel: string; content: string }>;
    expect(sent.length).toBe(2);
    expect(sent.every((n) => n.mobile === e.agentMobile && n.channel === 'sms')).toBe(true);
    expect(sent[0]!.content).toContain('审核通过');
    expect(sent[1]!.content).toContain('审核不通过');
  });

  it('logs in by credit code and password, counts wrong passwords, and logs out', async () => {
    const e = await register();
    const login = async (password: string) => inject('POST', '/api/employer/session', {}, { uscc: e.uscc.toLowerCase(), password, ...(await solveCaptcha(app)) });
    const wrong = await login('Wrong#12345');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toContain('再失败4次');
    const right = await login(PASSWORD);
    expect(right.statusCode, right.body).toBe(200);
    const cookies = sessionCookie(right);
    expect((await inject('GET', '/api/employer/session', cookies)).statusCode).toBe(200);
    expect((await inject('DELETE', '/api/employer/session', cookies)).statusCode).toBe(204);
    expect((await inject('GET', '/api/employer/session', cookies)).statusCode).toBe(401);
    const unknown = await inject('POST', '/api/employer/session', {}, { uscc: makeUscc(), password: PASSWORD, ...(await solveCaptcha(app)) });
    expect(unknown.statusCode).toBe(401);
  });
});

describe('找回密码', () => {
  const NEW_PASSWORD = 'Newp@ss2026';
  const askCode = (uscc: string) => inject('POST', '/api/employer/password-resets/sms-codes', {}, { uscc });
  const resetWith = (uscc: string, smsCode: string, password = NEW_PASSWORD) =>
    inject('POST', '/api/employer/password-resets', {}, { uscc, smsCode, password, confirmPassword: password });
  /** The 经办人's newest code: the text goes out after the answer (EmployerService.sendResetCode), so it is waited for. */
  const codeOf = (mobile: string) =>
    vi.waitFor(async () => {
      const [latest] = (await app.inject({ method: 'GET', url: `/api/sandbox/sms?mobile=${mobile}` })).json();
      expect(latest.content).toContain('单位法人用户找回密码');
      return latest.code as string;
    });
  const loginAs = async (uscc: string, password: string) => inject('POST', '/api/employer/session', {}, { uscc, password, ...(await solveCaptcha(app)) });
  const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');
  it('texts a code to the 经办人, refuses a wrong one, resets with the right one, ends the unit\'s sessions; the old password no longer works', async () => {
    const e = await register();
    expect((await inject('GET', '/api/employer/session', e.cookies)).statusCode).toBe(200);
    const sent = await askCode(e.uscc.toLowerCase());
    expect(sent.statusCode, sent.body).toBe(200);
    const code = await codeOf(e.agentMobile);
    // The personal 找回密码's rules: one code per 3 minutes.
    const again = await askCode(e.uscc);
    expect(again.statusCode).toBe(429);
    expect(again.json().code).toBe('sms/too_frequent');

    const wrong = await resetWith(e.uscc, wrongCode(code));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ code: 'sms/code_invalid', message: '验证码错误，还可尝试4次' });
    // The new password under the password rule, from the same schema as registration.
    const weak = await resetWith(e.uscc, code, 'abcd1234');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().fields.password).toBe('密码须为8-16位字符，由大小写字母、数字、特殊符号组成');
    const mismatch = await inject('POST', '/api/employer/password-resets', {}, { uscc: e.uscc, smsCode: code, password: NEW_PASSWORD, confirmPassword: PASSWORD });
    expect(mismatch.json().fields.confirmPassword).toBe('两次输入的密码不一致');

    const done = await resetWith(e.uscc, code);
    expect(done.statusCode, done.body).toBe(204);
    // The session open before the reset is over; the old password fails, the new one opens.
    expect((await inject('GET', '/api/employer/session', e.cookies)).statusCode).toBe(401);
    expect((await loginAs(e.uscc, PASSWORD)).statusCode).toBe(401);
    expect((await loginAs(e.uscc, NEW_PASSWORD)).statusCode).toBe(200);
    // The code was used: it resets nothing twice.
    expect((await resetWith(e.uscc, code, 'Again@2026x')).json().code).toBe('sms/code_used');
    const events = await app.database.db.select().from(securityEvents).where(eq(securityEvents.kind, 'employer_password_reset'));
    const outcomes = events.filter((ev) => (ev.detail as { employerId?: string } | null)?.employerId === e.employer.id).map((ev) => (ev.detail as { outcome: string }).outcome);
    expect(outcomes).toEqual(['success']);
  });

  it('lifts a lockout', async () => {
    const e = await register();
    for (let i = 0; i < 5; i++) await loginAs(e.uscc, 'Wrong#12345');
    const locked = await loginAs(e.uscc, PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().message).toContain('忘记密码');
    await askCode(e.uscc);
    expect((await resetWith(e.uscc, await codeOf(e.agentMobile))).statusCode).toBe(204);
    expect((await loginAs(e.uscc, NEW_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a code expired by the sandbox clock', async () => {
    const e = await register();
    await askCode(e.uscc);
    const code = await codeOf(e.agentMobile);
    await advanceClock(app, 3 * 60_000 + 1_000);
    const expired = await resetWith(e.uscc, code);
    expect(expired.statusCode).toBe(400);
    expect(expired.json()).toMatchObject({ code: 'sms/code_expired', message: '验证码已过期，请重新获取' });
    expect((await loginAs(e.uscc, PASSWORD)).statusCode).toBe(200);
  });

  it('sixteen resets with one code at once: one succeeds, and its password is the one that works', async () => {
    const e = await register();
    await askCode(e.uscc);
    const code = await codeOf(e.agentMobile);
    const passwords = Array.from({ length: 16 }, (_, i) => `Reset@${String(i).padStart(2, '0')}ab`);
    const answers = await Promise.all(passwords.map((p) => resetWith(e.uscc, code, p)));
    const won = answers.flatMap((a, i) => (a.statusCode === 204 ? [passwords[i]!] : []));
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => x.statusCode !== 204)) {
      expect(a.statusCode).toBe(400);
      expect(a.json().code).toMatch(/^sms\/code_(burnt|used|missing)$/);
    }
    const lost = passwords.find((p) => p !== won[0])!;
    expect((await loginAs(e.uscc, lost)).statusCode).toBe(401);
    expect((await loginAs(e.uscc, PASSWORD)).statusCode).toBe(401);
    expect((await loginAs(e.uscc, won[0]!)).statusCode).toBe(200);
  });

  it('answers a credit code no employer has exactly as a registered one, and texts nobody', async () => {
    const e = await register();
    const unknown = makeUscc();
    const smsBefore = (await app.inject({ method: 'GET', url: '/api/sandbox/sms?mobile=' + e.agentMobile })).json().length;
    const known = await askCode(e.uscc);
    const stranger = await askCode(unknown);
    const wrong = wrongCode(await codeOf(e.agentMobile));
    expect(stranger.statusCode).toBe(known.statusCode);
    expect(Object.keys(stranger.json()).sort()).toEqual(Object.keys(known.json()).sort());
    // Only the registered unit's 经办人 got a text (the stranger's code went nowhere: no number to look at).
    expect((await app.inject({ method: 'GET', url: '/api/sandbox/sms?mobile=' + e.agentMobile })).json().length).toBe(smsBefore + 1);
    // Asked again: the same 3-minute wait.
    const [knownAgain, strangerAgain] = [await askCode(e.uscc), await askCode(unknown)];
    expect([knownAgain.statusCode, strangerAgain.statusCode]).toEqual([429, 429]);
    expect(strangerAgain.json().code).toBe(knownAgain.json().code);
    // A code tried: the same answers, try for try.
    for (let i = 0; i < 6; i++) {
      const a = await resetWith(e.uscc, wrong);
      const b = await resetWith(unknown, wrong);
      expect(b.statusCode).toBe(a.statusCode);
      expect(b.json()).toEqual(a.json());
    }
    // A credit code that never asked for a code: the same as a registered unit's that did not.
    const fresh = await register();
    expect((await resetWith(makeUscc(), '123456')).json()).toEqual((await resetWith(fresh.uscc, '123456')).json());
  });
});

describe('政务服务平台 法人登录 (sandbox)', () => {
  /** The browser's round trip: start, the sandbox login page, the legal person's act, and back with the code. */
  async function roundTrip(act: Record<string, unknown>) {
    const start = await inject('POST', '/api/employer/session/legal-person/start');
    expect(start.statusCode, start.body).toBe(200);
    const url = new URL(start.json().authorizeUrl as string, 'http://localhost');
    expect(url.pathname).toBe('/sandbox/legal-person');
    const stateCookie = start.cookies.find((c) => c.name === 'ausm_lp_state')!.value;
    const state = url.searchParams.get('state')!;
    const opened = await inject('POST', '/api/sandbox/legal-person/authorize', {}, { state, redirectUri: url.searchParams.get('redirect_uri') });
    const { ticket } = opened.json();
    const acted = await inject('POST', `/api/sandbox/legal-person/${ticket}`, {}, act);
    expect(acted.statusCode, acted.body).toBe(204);
    const view = (await inject('GET', `/api/sandbox/legal-person/${ticket}`)).json();
    if (!view.redirect) return { view, back: null, stateCookie, state };
    const back = new URL(view.redirect as string, 'http://localhost');
    if (back.searchParams.has('error')) return { view, back: null, error: back.searchParams.get('error'), returnedState: back.searchParams.get('state'), stateCookie, state };
    const code = back.searchParams.get('code')!;
    const res = await inject('POST', '/api/employer/session/legal-person', { ausm_lp_state: stateCookie }, { code, state: back.searchParams.get('state') });
    return { view, back: res, code, stateCookie, state };
  }

  it('logs a registered unit in, refuses an unknown one, a used code, a foreign state and a service that does not answer', async () => {
    const e = await register('济南法人登录测试有限公司');
    const ok = await roundTrip({ action: 'confirm', uscc: e.uscc, unitName: '济南法人登录测试有限公司', legalRepresentative: '赵法人' });
    expect(ok.back!.statusCode, ok.back!.body).toBe(200);
    const cookies = sessionCookie(ok.back!);
    expect((await me(cookies)).uscc).toBe(e.uscc);
    // The code once only (and the state once only).
    const reused = await inject('POST', '/api/employer/session/legal-person', { ausm_lp_state: ok.stateCookie }, { code: ok.code, state: ok.state });
    expect(reused.statusCode).toBe(400);

    const stranger = makeUscc();
    const unknown = await roundTrip({ action: 'confirm', uscc: stranger, unitName: '未注册单位', legalRepresentative: '' });
    expect(unknown.back!.statusCode).toBe(404);
    expect(unknown.back!.json().message).toContain('尚未注册单位法人用户');

    const down = await roundTrip({ action: 'unavailable', uscc: e.uscc, unitName: '济南法人登录测试有限公司', legalRepresentative: '' });
    expect(down.back!.statusCode).toBe(503);

    const cancelled = await roundTrip({ action: 'cancel' });
    expect(cancelled.view.status).toBe('cancelled');
    // Cancelled: back to the platform with OAuth's access_denied and the state, and no code.
    expect(cancelled).toMatchObject({ error: 'access_denied', returnedState: cancelled.state });
    expect(new URL(cancelled.view.redirect as string, 'http://localhost').pathname).toBe('/login/legal-person');

    // A state this browser never started: refused before the code is spent.
    const start = await inject('POST', '/api/employer/session/legal-person/start');
    const state = new URL(start.json().authorizeUrl as string, 'http://localhost').searchParams.get('state')!;
    expect((await inject('POST', '/api/employer/session/legal-person', { ausm_lp_state: 'other' }, { code: '0'.repeat(32), state })).statusCode).toBe(400);
  });
});

describe('staff and their continuing education', () => {
  let employer: Awaited<ReturnType<typeof approvedEmployer>>;
  let other: Awaited<ReturnType<typeof approvedEmployer>>;
  let a: Awaited<ReturnType<typeof approvedAccountant>>;
  let b: Awaited<ReturnType<typeof approvedAccountant>>;
  let c: Awaited<ReturnType<typeof approvedAccountant>>;
  let ids: Record<'a' | 'b' | 'c', string>;

  beforeAll(async () => {
    employer = await approvedEmployer('济南甲会计服务有限公司');
    other = await approvedEmployer('济南乙会计服务有限公司');
    a = await approvedAccountant(app, { uscc: employer.uscc, realName: '张三' });
    b = await approvedAccountant(app, { uscc: employer.uscc, realName: '李四', education: LISI_MASTER, workFrom: '2018-07-01' });
    c = await approvedAccountant(app, { uscc: other.uscc });
    const list = (await inject('GET', '/api/employer/staff', employer.cookies)).json();
    const idOf = (name: string) => list.items.find((i: { name: string }) => i.name === name)?.accountId as string;
    ids = { a: idOf('张三'), b: idOf('李四'), c: '' };
    ids.c = (await inject('GET', '/api/employer/staff', other.cookies)).json().items[0].accountId;
  }, 120_000);

  it('an employer sees only the people whose current work record names it, masked', async () => {
    const list = (await inject('GET', '/api/employer/staff', employer.cookies)).json();
    expect(list.year).toBe(YEAR);
    expect(list.items.map((i: { name: string }) => i.name).sort()).toEqual(['张三', '李四'].sort());
    const row = list.items.find((i: { name: string }) => i.name === '张三');
    expect(row).toMatchObject({ decision: null, decisionLabel: '待确认', position: '出纳', postLevel: '一般会计人员' });
    expect(row.idNumberMasked).toMatch(/^\d{3}\*+\w{4}$/);
    expect(JSON.stringify(list)).not.toContain(a.person.idNumber);
    expect(row.ce).toMatchObject({ year: YEAR, total: 0, reached: false });
    const others = (await inject('GET', '/api/employer/staff', other.cookies)).json();
    expect(others.items.map((i: { accountId: string }) => i.accountId)).toEqual([ids.c]);
    expect(others.items.map((i: { accountId: string }) => i.accountId)).not.toContain(ids.a);
  });

  it('confirms or denies employment of its own staff only; reviewers of their later items see it', async () => {
    // Someone else's person, a made-up id, a bad decision: refused, nothing written.
    expect((await inject('PUT', `/api/employer/staff/${ids.c}`, employer.cookies, { decision: 'confirmed' })).statusCode).toBe(404);
    expect((await inject('PUT', `/api/employer/staff/${ids.a}`, other.cookies, { decision: 'confirmed' })).statusCode).toBe(404);
    expect((await inject('PUT', '/api/employer/staff/not-an-id', employer.cookies, { decision: 'confirmed' })).statusCode).toBe(404);
    expect((await inject('PUT', `/api/employer/staff/${ids.a}`, employer.cookies, { decision: 'maybe' })).statusCode).toBe(400);

    const denied = await inject('PUT', `/api/employer/staff/${ids.b}`, employer.cookies, { decision: 'denied' });
    expect(denied.json()).toMatchObject({ decision: 'denied', decisionLabel: '非本单位人员' });
    for (const id of [ids.a, ids.b]) {
      const res = await inject('PUT', `/api/employer/staff/${id}`, employer.cookies, { decision: 'confirmed' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ decision: 'confirmed', decisionLabel: '已确认在职' });
    }

    // A's next submission: its reviewer sees the employer's word.
    const proof = await uploadFile(app, a.cookies, 'ce_proof', makePdf(4_000), '证明.pdf');
    const applied = await inject('POST', '/api/ce/applications', a.cookies, {
      form: 'meeting',
      startDate: `${YEAR}-01-10`,
      endDate: `${YEAR}-01-11`,
      days: 2,
      place: '济南市会计学会',
      content: '研讨',
      proofFileId: proof.json().id,
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const detail = (await inject('GET', `/api/console/review-items/${applied.json().reviewItemId}`, lixia)).json();
    expect(detail.employment).toEqual([expect.objectContaining({ unitName: '济南甲会计服务有限公司', uscc: employer.uscc, decisionLabel: '已确认在职' })]);
  });

  it('exports the list as CSV, recorded in the audit trail', async () => {
    const res = await inject('GET', '/api/employer/staff.csv', employer.cookies);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.body).toContain('张三');
    expect(res.body).toContain('已确认在职');
    expect(res.body).not.toContain(a.person.idNumber);
    const events = await app.database.db.select().from(securityEvents).where(eq(securityEvents.kind, 'employer_staff_export'));
    expect(events.some((e) => e.detail?.employerId === employer.id && e.detail?.rows === 2)).toBe(true);
  });

  const training = async (cookies: Cookies, extra: Record<string, unknown> = {}) => {
    const proof = await uploadFile(app, cookies, 'ce_proof', makePdf(5_000 + (serial++ % 997)), '培训证明.pdf');
    expect(proof.statusCode, proof.body).toBe(201);
    return {
      form: 'public',
      startDate: `${YEAR}-01-05`,
      endDate: `${YEAR}-01-06`,
      unitName: '山东省会计人员继续教育基地',
      rows: [{ minutes: 450, credits: 10, content: '会计职业道德' }],
      proofFileId: proof.json().id,
      ...extra,
    };
  };

  it('files one training for confirmed staff only; sixteen identical filings leave one; one approval credits each once', async () => {
    // C is not this employer's; nobody may be filed for without confirmation.
    const foreign = await inject('POST', '/api/employer/ce-filings', employer.cookies, { accountIds: [ids.a, ids.c], training: await training(employer.cookies) });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().code).toBe('employer/staff_not_confirmed');
    // An accountant's proof is not the employer's.
    const stolen = await inject('POST', '/api/employer/ce-filings', employer.cookies, { accountIds: [ids.a], training: await training(a.cookies) });
    expect(stolen.statusCode).toBe(400);

    const proofs = await Promise.all(Array.from({ length: 16 }, () => training(employer.cookies)));
    const filed = await Promise.all(proofs.map((t) => inject('POST', '/api/employer/ce-filings', employer.cookies, { accountIds: [ids.a, ids.b, ids.a], training: t })));
    const codes = filed.map((r) => r.statusCode).sort();
    expect(codes.filter((s) => s === 201)).toHaveLength(1);
    expect(codes.filter((s) => s === 409)).toHaveLength(15);
    const filing = filed.find((r) => r.statusCode === 201)!.json();
    expect(filing).toMatchObject({ status: 'pending', people: ['张三', '李四'], computed: 10, formName: '公需科目·公需科目培训' });

    const list = (await inject('GET', '/api/employer/ce-filings', employer.cookies)).json();
    expect(list.items).toHaveLength(1);
    const queue = (await inject('GET', '/api/console/review-items?kind=employer_ce&state=open', lixia)).json();
    const item = queue.items.find((i: { applicantName: string }) => i.applicantName === '济南甲会计服务有限公司');
    expect(item).toBeTruthy();
    const detail = (await inject('GET', `/api/console/review-items/${item.id}`, lixia)).json();
    expect(detail.fields).toContainEqual(expect.objectContaining({ label: '每人按规则折算学分', after: '10' }));
    // 北京市 cannot decide it.
    expect((await inject('POST', `/api/console/review-items/${item.id}/approve`, beijing, {})).statusCode).toBe(404);

    const decided = await Promise.all(Array.from({ length: 16 }, () => inject('POST', `/api/console/review-items/${item.id}/approve`, lixia, {})));
    expect(decided.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(decided.filter((r) => r.statusCode === 409)).toHaveLength(15);

    for (const person of [a, b]) {
      const year = (await inject('GET', `/api/ce/years/${YEAR}`, person.cookies)).json();
      const mine = year.entries.filter((e: { methodName: string }) => e.methodName === '单位申报');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ total: 10, public: 10, professional: 0, reason: '单位申报（济南甲会计服务有限公司）：公需科目培训' });
    }
    const rows = await app.database.db.select().from(ceCredits).where(eq(ceCredits.method, 'employer'));
    expect(rows.filter((r) => r.sourceKey?.startsWith(`employer_ce:${filing.id}:`))).toHaveLength(2);
    expect((await inject('GET', '/api/employer/ce-filings', employer.cookies)).json().items[0]).toMatchObject({ status: 'approved', statusLabel: '审核通过' });
    // The list shows the credits of the year.
    const staff = (await inject('GET', '/api/employer/staff', employer.cookies)).json();
    expect(staff.items.find((i: { name: string }) => i.name === '李四').ce.total).toBe(10);
  });

  it('refuses a filing for nobody, for too many, and with a missing training field', async () => {
    expect((await inject('POST', '/api/employer/ce-filings', employer.cookies, { accountIds: [], training: await training(employer.cookies) })).statusCode).toBe(400);
    const bad = await inject('POST', '/api/employer/ce-filings', employer.cookies, { accountIds: [ids.a], training: { ...(await training(employer.cookies)), unitName: '' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('培训单位名称');
  });
});

describe('employer and accountant sessions stay apart', () => {
  it('an employer reaches no personal or console route, an accountant no employer route', async () => {
    const e = await approvedEmployer();
    for (const url of ['/api/session', '/api/ce', '/api/collection', '/api/my/review-items', '/api/console/review-items', '/api/identity']) {
      const res = await inject('GET', url, e.cookies);
      expect([401, 403], `${url} answered ${res.statusCode}`).toContain(res.statusCode);
    }
    // Nor does it upload a personal file.
    const photo = await uploadFile(app, e.cookies, 'proof', makeJpeg({ width: 800, height: 600, size: 30_000 }), 'p.jpg');
    expect(photo.statusCode).toBe(401);
    const person = await approvedAccountant(app);
    for (const url of ['/api/employer/session', '/api/employer/staff', '/api/employer/ce-filings', '/api/employer/staff.csv']) {
      expect((await inject('GET', url, person.cookies)).statusCode, url).toBe(401);
    }
    expect((await inject('PUT', '/api/employer/registration', person.cookies, { unitName: 'x', address: JINAN_LIXIA, licenseFileId: 'x' })).statusCode).toBe(401);
    expect((await uploadFile(app, person.cookies, 'business_license', makeJpeg({ width: 1200, height: 900, size: 40_000 }), 'l.jpg')).statusCode).toBe(401);
    const staff = await staffCookies(app, 'lx_reviewer');
    expect((await inject('GET', '/api/employer/staff', staff)).statusCode).toBe(401);
  }, 60_000);
});

describe('单位会计准则制度反馈意见', () => {
  it('an approved employer files feedback on a published standard with a PDF; only the 财政部 answers, once; the employer sees the answer', async () => {
    const mof = await staffCookies(app, 'mof_admin');
    const created = await inject('POST', '/api/console/standards', mof, { title: '企业会计准则第14号——收入', docNumber: '财会〔2017〕22号', issuedOn: '2017-07-05', category: 'standard', body: '第一条 为了规范收入的确认、计量和相关信息的披露，制定本准则。' });
    expect(created.statusCode, created.body).toBe(201);
    const standardId = created.json().id as string;
    // Not yet published: not a document of the library.
    const e = await approvedEmployer('济南反馈意见测试有限公司');
    expect((await inject('POST', '/api/employer/feedback', e.cookies, { standardId, clause: '第一条', content: '建议明确合同变更的处理' })).statusCode).toBe(400);
    expect((await inject('POST', `/api/console/standards/${standardId}/publish`, mof)).statusCode).toBe(200);

    const pdf = await uploadFile(app, e.cookies, 'feedback_attachment', makePdf(6_000), '意见说明.pdf');
    expect(pdf.statusCode, pdf.body).toBe(201);
    const filed = await inject('POST', '/api/employer/feedback', e.cookies, { standardId, clause: '第一条', content: '建议明确合同变更的处理', attachmentFileId: pdf.json().id });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json()).toMatchObject({ status: 'pending', statusLabel: '待答复', standardTitle: '企业会计准则第14号——收入', attachmentName: '意见说明.pdf', answer: null });
    const id = filed.json().id as string;

    // A provincial administrator or reviewer may not answer; nobody answers twice.
    for (const who of ['sd_admin', 'lx_reviewer']) {
      expect((await inject('POST', `/api/console/employer-feedback/${id}/answer`, await staffCookies(app, who), { answer: '答复' })).statusCode).toBe(403);
    }
    const list = (await inject('GET', '/api/console/employer-feedback', mof)).json();
    expect(list.items.find((i: { id: string }) => i.id === id)).toMatchObject({ unitName: '济南反馈意见测试有限公司', uscc: e.uscc, clause: '第一条' });
    const attachment = await inject('GET', `/api/console/employer-feedback/${id}/attachment`, mof);
    expect(attachment.statusCode).toBe(200);
    expect(attachment.headers['content-type']).toBe('application/pdf');
    const answers = await Promise.all(Array.from({ length: 4 }, () => inject('POST', `/api/console/employer-feedback/${id}/answer`, mof, { answer: '已研究，将在解释中明确。' })));
    expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 409)).toHaveLength(3);
    const mine = (await inject('GET', '/api/employer/feedback', e.cookies)).json();
    expect(mine.items).toEqual([expect.objectContaining({ id, status: 'answered', answer: '已研究，将在解释中明确。' })]);
    // Another employer sees none of it.
    const other = await approvedEmployer();
    expect((await inject('GET', '/api/employer/feedback', other.cookies)).json().items).toEqual([]);
  }, 60_000);
});
