import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityEvents } from '../../platform/tables';
import { basicInfo, JINAN_LIXIA, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from '../../test/collection';
import {
  buildTestApp,
  login,
  loginStaff,
  makePerson,
  PASSWORD,
  registerAccount,
  SANDBOX_STAFF_PASSWORD,
  sessionCookie,
  staffCookies,
} from '../../test/helpers';
import { staff } from '../staff/tables';

/** 审计日志 (issue 17 item 16): what staff do is recorded with who, whom, what and from where; administrators search it within their authority. */

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

const IP = '10.20.30.40';
const UA = 'AuditTest/1.0 (console)';
/** A request from a known address and browser, so each event's "from where" can be checked. */
const send = (opts: InjectOptions) => app.inject({ ...opts, remoteAddress: IP, headers: { ...(opts.headers ?? {}), 'user-agent': UA } });

async function staffIdOf(username: string): Promise<string> {
  const [row] = await app.database.db.select({ id: staff.id }).from(staff).where(eq(staff.username, username));
  return row!.id;
}

const eventsAbout = (subject: { staffId?: string; accountId?: string }) =>
  app.database.db
    .select()
    .from(securityEvents)
    .where(subject.staffId ? eq(securityEvents.subjectStaffId, subject.staffId) : eq(securityEvents.accountId, subject.accountId!))
    .orderBy(asc(securityEvents.id));

async function createStaff(admin: Record<string, string>, username: string, authorityId: string, roles = ['reviewer']): Promise<string> {
  const res = await send({ method: 'POST', url: '/api/console/staff', cookies: admin, payload: { username, realName: '审计测试员', authorityId, roles, password: 'Audit@2025' } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

/** Makes the database refuse events of these kinds while `run` runs: a failed audit write must undo the change. */
async function withAuditFailing<T>(kinds: string[], run: () => Promise<T>): Promise<T> {
  const db = app.database.db;
  const list = sql.raw(kinds.map((k) => `'${k}'`).join(','));
  await db.execute(sql`create or replace function test_refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit write refused by the test'; end $$`);
  await db.execute(sql`create trigger test_refuse_audit before insert on security_events for each row when (new.kind in (${list})) execute function test_refuse_audit()`);
  try {
    return await run();
  } finally {
    await db.execute(sql`drop trigger test_refuse_audit on security_events`);
  }
}

describe('staff administration is recorded', () => {
  it('records creating staff, changing roles, disabling, enabling, other changes and password resets: who, whom, what, where', async () => {
    const admin = await staffCookies(app, 'sd_admin');
    const adminId = await staffIdOf('sd_admin');
    const id = await createStaff(admin, 'audit_qd', '370200');
    const patch = (payload: object) => send({ method: 'PATCH', url: `/api/console/staff/${id}`, cookies: admin, payload });
    expect((await patch({ roles: ['reviewer', 'admin'] })).statusCode).toBe(200);
    expect((await patch({ roles: ['admin', 'reviewer'] })).statusCode).toBe(200); // the same roles: nothing changed, nothing recorded
    expect((await patch({ disabled: true })).statusCode).toBe(200);
    expect((await patch({ disabled: false })).statusCode).toBe(200);
    expect((await patch({ totpRequired: true, realName: '李四' })).statusCode).toBe(200);
    expect((await send({ method: 'POST', url: `/api/console/staff/${id}/password`, cookies: admin, payload: { password: 'Reset@2025' } })).statusCode).toBe(204);

    const events = await eventsAbout({ staffId: id });
    expect(events.map((e) => e.kind)).toEqual(['staff_create', 'staff_roles_change', 'staff_disable', 'staff_enable', 'staff_update', 'staff_password_reset']);
    for (const e of events) expect(e).toMatchObject({ actorStaffId: adminId, actorUsername: 'sd_admin', subjectStaffId: id, ip: IP, userAgent: UA });
    expect(events[0]!.detail).toEqual({ username: 'audit_qd', authorityId: '370200', roles: ['reviewer'], totpRequired: false });
    expect(events[1]!.detail).toEqual({ username: 'audit_qd', from: ['reviewer'], to: ['reviewer', 'admin'] });
    // A name is kept masked; a password never.
    expect(events[4]!.detail).toEqual({ username: 'audit_qd', changes: { totpRequired: { from: false, to: true }, realName: { from: '审**', to: '李**' } } });
    const stored = JSON.stringify(events);
    expect(stored).not.toContain('Audit@2025');
    expect(stored).not.toContain('Reset@2025');
    expect(stored).not.toContain('李四');
  });

  it('writes each event in the transaction of its change: an event that cannot be written leaves the change undone', async () => {
    const admin = await staffCookies(app, 'sd_admin');
    const id = await createStaff(admin, 'audit_atomic', '370100');
    const [created] = await app.database.db.select().from(staff).where(eq(staff.id, id));
    await withAuditFailing(['staff_create', 'staff_roles_change', 'staff_disable', 'staff_password_reset'], async () => {
      const created = await send({
        method: 'POST',
        url: '/api/console/staff',
        cookies: admin,
        payload: { username: 'audit_never', realName: '审计测试员', authorityId: '370100', roles: ['reviewer'], password: 'Audit@2025' },
      });
      expect(created.statusCode).toBe(500);
      expect((await send({ method: 'PATCH', url: `/api/console/staff/${id}`, cookies: admin, payload: { roles: ['reviewer', 'admin'] } })).statusCode).toBe(500);
      expect((await send({ method: 'PATCH', url: `/api/console/staff/${id}`, cookies: admin, payload: { disabled: true } })).statusCode).toBe(500);
      expect((await send({ method: 'POST', url: `/api/console/staff/${id}/password`, cookies: admin, payload: { password: 'Reset@2025' } })).statusCode).toBe(500);
    });
    expect(await app.database.db.select().from(staff).where(eq(staff.username, 'audit_never'))).toHaveLength(0);
    const [row] = await app.database.db.select().from(staff).where(eq(staff.id, id));
    expect(row).toMatchObject({ roles: ['reviewer'], disabled: false, passwordHash: created!.passwordHash });
  });

  it('records console logins, failures, a lockout, a try while locked and a logout, with the staff member as subject', async () => {
    const id = await staffIdOf('dc_reviewer');
    const ok = await loginStaff(app, 'dc_reviewer', SANDBOX_STAFF_PASSWORD);
    expect(ok.json().step).toBe('done');
    expect((await app.inject({ method: 'DELETE', url: '/api/console/session', cookies: sessionCookie(ok) })).statusCode).toBe(204);
    for (let i = 0; i < 5; i++) await loginStaff(app, 'dc_reviewer', 'Wrong@2025');
    expect((await loginStaff(app, 'dc_reviewer', SANDBOX_STAFF_PASSWORD)).statusCode).toBe(423);

    const events = await eventsAbout({ staffId: id });
    expect(events.map((e) => [e.kind, e.actorStaffId])).toEqual([
      ['login_success', id],
      ['logout', id],
      // Every wrong password is a failure, the fifth also the lockout (each try is taken before the compare).
      ['login_failure', null],
      ['login_failure', null],
      ['login_failure', null],
      ['login_failure', null],
      ['login_failure', null],
      ['lockout', null],
      ['login_failure', null],
    ]);
    expect(events[0]).toMatchObject({ actorUsername: 'dc_reviewer', ip: '127.0.0.1' });
    expect(events.at(-1)!.detail).toMatchObject({ reason: 'locked' });
  });
});

describe('staff work on people is recorded', () => {
  it('records opening a review detail, seeing an attachment, claiming, approving and rejecting, against the person', async () => {
    const { person, cookies: accountant } = await verifiedAccountant(app, { realName: '张三' });
    const put = (url: string, payload: object) => app.inject({ method: 'PUT', url, cookies: accountant, payload });
    const post = (url: string, payload: object) => app.inject({ method: 'POST', url, cookies: accountant, payload });
    expect((await put('/api/collection/scope', { scope: 'accountant' })).statusCode).toBe(200);
    expect((await put('/api/collection/basic', await basicInfo(app, accountant))).statusCode).toBe(200);
    expect((await post('/api/collection/education', ZHANGSAN_BACHELOR)).statusCode).toBe(201);
    expect((await post('/api/collection/work', await workRecord(app, accountant))).statusCode).toBe(201);
    expect((await put('/api/collection/authority', JINAN_LIXIA)).statusCode).toBe(200);
    expect((await post('/api/collection/submit', { promise: true })).statusCode).toBe(200);
    const accountId = (await app.inject({ method: 'GET', url: '/api/session', cookies: accountant })).json().account.id as string;

    const reviewer = await staffCookies(app, 'lx_reviewer');
    const lxId = await staffIdOf('lx_reviewer');
    const queue = (await app.inject({ method: 'GET', url: '/api/console/review-items?pageSize=100', cookies: reviewer })).json().items as Array<{ id: string; kind: string }>;
    const basic = queue.find((i) => i.kind === 'collection_basic')!;
    const work = queue.find((i) => i.kind === 'collection_work')!;
    const detail = await send({ method: 'GET', url: `/api/console/review-items/${basic.id}`, cookies: reviewer });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).toContain(person.idNumber); // the detail shows it whole: that is why the opening is recorded
    const photo = detail.json().attachments[0].id as string;
    expect((await send({ method: 'GET', url: `/api/files/${photo}`, cookies: reviewer })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/files/${photo}`, cookies: accountant })).statusCode).toBe(200); // the owner's own look is not staff work
    expect((await send({ method: 'POST', url: `/api/console/review-items/${basic.id}/claim`, cookies: reviewer })).statusCode).toBe(200);
    expect((await send({ method: 'POST', url: `/api/console/review-items/${basic.id}/approve`, cookies: reviewer, payload: {} })).statusCode).toBe(200);
    expect((await send({ method: 'POST', url: `/api/console/review-items/${work.id}/reject`, cookies: reviewer, payload: { opinion: '附件不清晰' } })).statusCode).toBe(200);

    const staffWork = (await eventsAbout({ accountId })).filter((e) => e.actorStaffId);
    expect(staffWork.map((e) => e.kind)).toEqual(['personal_data_view', 'personal_data_view', 'review_claim', 'review_approve', 'review_reject']);
    for (const e of staffWork) expect(e).toMatchObject({ actorStaffId: lxId, actorUsername: 'lx_reviewer', accountId, ip: IP, userAgent: UA });
    expect(staffWork[0]!.detail).toEqual({ reviewItemId: basic.id, reviewKind: 'collection_basic' });
    expect(staffWork[1]!.detail).toEqual({ fileId: photo, purpose: 'standard_photo' });
    expect(staffWork[3]!.detail).toEqual({ reviewItemId: basic.id, reviewKind: 'collection_basic', from: 'in_review', to: 'approved' });
    expect(staffWork[4]!.detail).toMatchObject({ reviewItemId: work.id, to: 'rejected' });
    expect(JSON.stringify(staffWork)).not.toContain(person.idNumber);
  }, 60_000);

  it('records a collection import by who, with its counts and the file\'s digest, never an ID number', async () => {
    const person = makePerson({ realName: '张三' });
    const admin = await staffCookies(app, 'sd_admin');
    const csv = [
      '证件类型,证件号码,记录类型,培养方式,学校名称,入学时间,毕业时间,学历,学历证书编号,学位,学位证书编号,所学专业',
      `内地居民身份证,${person.idNumber},教育经历,全日制,山东大学,2011-09-01,2015-06-30,本科,,学士,,会计学`,
    ].join('\r\n');
    const res = await send({ method: 'POST', url: '/api/console/collection-imports', cookies: admin, payload: { csv } });
    expect(res.statusCode, res.body).toBe(200);
    const [event] = await app.database.db.select().from(securityEvents).where(and(eq(securityEvents.kind, 'collection_import'), eq(securityEvents.actorUsername, 'sd_admin')));
    expect(event).toMatchObject({ actorStaffId: await staffIdOf('sd_admin'), ip: IP, userAgent: UA, detail: { rows: 1, imported: 1, skipped: 0 } });
    expect((event!.detail as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(event)).not.toContain(person.idNumber);
  });
});

describe('审计日志: an administrator searches the trail within their authority', () => {
  const search = async (cookies: Record<string, string>, query = '') => {
    const res = await app.inject({ method: 'GET', url: `/api/console/audit-events${query}`, cookies });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { total: number; items: Array<{ id: string; kind: string; kindLabel: string; at: string; actor: { id: string | null; label: string }; subject: { id: string | null; label: string }; summary: string; ip: string | null }> };
  };

  it('shows a province administrator the events of its staff and of accountants who filed with it, never Beijing\'s', async () => {
    // Both sides act: a Beijing reviewer and a Shandong one log in; an accountant files with each province.
    await staffCookies(app, 'bj_reviewer');
    await staffCookies(app, 'jn_reviewer');
    const mof = await staffCookies(app, 'mof_admin');
    const bjStaffId = await createStaff(mof, 'audit_bj_staff', '110000');
    // Beijing's administrator: the Ministry makes bj_reviewer one.
    const bjReviewer = await staffIdOf('bj_reviewer');
    expect((await app.inject({ method: 'PATCH', url: `/api/console/staff/${bjReviewer}`, cookies: mof, payload: { roles: ['reviewer', 'admin'] } })).statusCode).toBe(200);
    const bjAdmin = await staffCookies(app, 'bj_reviewer');
    const sdAdmin = await staffCookies(app, 'sd_admin');
    const filer = async (authorityId: string) => {
      const { person, account } = await registerAccount(app);
      await login(app, person.mobile, PASSWORD);
      const filed = await app.inject({ method: 'POST', url: '/api/sandbox/review-items', payload: { mobile: person.mobile, authorityId } });
      expect(filed.statusCode, filed.body).toBe(201);
      return account.id as string;
    };
    const beijinger = await filer('110101');
    const shandonger = await filer('370102');
    const jnReviewer = await staffIdOf('jn_reviewer');

    const sd = await search(sdAdmin, '?pageSize=100&kind=login_success');
    expect(sd.items.some((e) => e.actor.id === jnReviewer)).toBe(true);
    expect(sd.items.some((e) => e.actor.id === bjReviewer)).toBe(false);
    expect(sd.items.some((e) => e.subject.id === shandonger)).toBe(true);
    expect(sd.items.some((e) => e.subject.id === beijinger)).toBe(false);
    // Asking by name or id for Beijing's people gives nothing, not an error that would confirm them.
    expect((await search(sdAdmin, '?actor=bj_reviewer')).total).toBe(0);
    expect((await search(sdAdmin, '?subject=bj_reviewer')).total).toBe(0);
    expect((await search(sdAdmin, `?subject=${beijinger}`)).total).toBe(0);
    expect((await search(sdAdmin, `?subject=${bjStaffId}`)).total).toBe(0);
    expect((await search(sdAdmin, `?subject=${shandonger}`)).items.map((e) => e.kind)).toEqual(expect.arrayContaining(['register', 'login_success']));

    // Beijing's administrator sees the mirror image; the Ministry sees both.
    const bj = await search(bjAdmin, '?pageSize=100&kind=login_success');
    expect(bj.items.some((e) => e.actor.id === bjReviewer)).toBe(true);
    expect(bj.items.some((e) => e.actor.id === jnReviewer)).toBe(false);
    expect((await search(bjAdmin, `?subject=${beijinger}`)).total).toBeGreaterThan(0);
    expect((await search(bjAdmin, `?subject=${shandonger}`)).total).toBe(0);
    expect((await search(mof, `?subject=${beijinger}`)).total).toBeGreaterThan(0);
    expect((await search(mof, `?subject=${shandonger}`)).total).toBeGreaterThan(0);
    expect((await search(mof, '?actor=bj_reviewer&kind=login_success')).total).toBeGreaterThan(0);
    // The Ministry created Beijing's administrator: Shandong does not see that, Beijing does (it is about its staff).
    expect((await search(bjAdmin, `?subject=${bjStaffId}&kind=staff_create`)).items[0]).toMatchObject({ actor: { label: 'mof_admin（财政部管理员）' } });
  }, 60_000);

  it('is for administrators only, and refuses an ID number or a mobile as the subject', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/console/audit-events' })).statusCode).toBe(401);
    const reviewer = await app.inject({ method: 'GET', url: '/api/console/audit-events', cookies: await staffCookies(app, 'sd_reviewer') });
    expect(reviewer.statusCode).toBe(403);
    expect(reviewer.json()).toMatchObject({ code: 'audit/forbidden', message: '仅管理员可以查看审计日志' });
    const { person } = await registerAccount(app);
    const accountant = sessionCookie(await login(app, person.mobile, PASSWORD));
    expect((await app.inject({ method: 'GET', url: '/api/console/audit-events', cookies: accountant })).statusCode).toBe(401);
    const admin = await staffCookies(app, 'mof_admin');
    for (const typed of [person.idNumber, person.mobile]) {
      const res = await app.inject({ method: 'GET', url: `/api/console/audit-events?subject=${typed}`, cookies: admin });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe('不能按证件号码或手机号查询，请输入账号ID、财政用户ID或用户名');
    }
    const backwards = await app.inject({ method: 'GET', url: '/api/console/audit-events?from=2025-02-01&to=2025-01-01', cookies: admin });
    expect(backwards.json()).toMatchObject({ code: 'validation/failed', message: '开始日期不能晚于结束日期' });
  });

  it('lists newest first, a page at a time, by kind, actor and day, with masked values only', async () => {
    const admin = await staffCookies(app, 'mof_admin');
    const { person, account } = await registerAccount(app);
    await login(app, person.mobile, 'Wrong@2025');
    await login(app, person.idNumber.slice(0, 17) + (person.idNumber.endsWith('1') ? '2' : '1'), 'Wrong@2025'); // an ID number nobody has
    const all = await search(admin, '?pageSize=100');
    expect(all.total).toBeGreaterThan(10);
    const times = all.items.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const page2 = await search(admin, '?pageSize=3&page=2');
    expect(page2.items.map((e) => e.id)).toEqual(all.items.slice(3, 6).map((e) => e.id));

    const mine = await search(admin, `?subject=${account.id}`);
    expect(mine.items.map((e) => e.kind)).toEqual(['login_failure', 'register']);
    expect(mine.items[0]).toMatchObject({ kindLabel: '登录失败', summary: '密码错误（连续第1次）', subject: { label: `张** ${person.idNumber.slice(0, 3)}*****${person.idNumber.slice(-4)}` } });
    const unknown = (await search(admin, '?kind=login_failure')).items.find((e) => e.summary === '账号不存在')!;
    expect(unknown.subject.label).toMatch(/^\d{3}\*{5}[\dX]{4}$/);
    expect(JSON.stringify(all)).not.toContain(person.idNumber);
    expect(JSON.stringify(all)).not.toContain(person.mobile);

    const byActor = await search(admin, '?actor=sd_admin&kind=staff_create');
    expect(byActor.total).toBeGreaterThan(0);
    expect(byActor.items.every((e) => e.kind === 'staff_create' && e.actor.label.startsWith('sd_admin'))).toBe(true);
    expect((await search(admin, '?actor=nobody_here')).total).toBe(0);
    const today = new Date(all.items[0]!.at).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    expect((await search(admin, `?from=2001-01-01&to=2001-12-31`)).total).toBe(0);
    expect((await search(admin, `?from=${today}&to=${today}`)).total).toBeGreaterThan(0);
  });
});
