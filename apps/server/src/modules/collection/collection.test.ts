import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicInfo, JINAN_LIXIA, uploadProof, verifiedAccountant, workRecord, ZHANGSAN_BACHELOR } from '../../test/collection';
import { buildTestApp, login, makePerson, PASSWORD, registerAccount, sessionCookie, staffCookies } from '../../test/helpers';
import { uploadRealnamePhoto } from '../../test/uploads';
import { loadConfig } from '../../config';

// The platform waits this long for 学信网 before asking for the certificate image (5 s in production).
const DEGREE_TIMEOUT_MS = 300;
const degreeConfig = (sandboxDelayMs = 0) => ({ degree: { ...loadConfig({ AUSM_MODE: 'sandbox' }).degree, timeoutMs: DEGREE_TIMEOUT_MS, sandboxDelayMs } });

// 会计人员信息采集 (issue 5; seeds 000/001/003 §3) through the API, on a real database.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp(degreeConfig());
});
afterAll(() => app.close());

type Cookies = Record<string, string>;
const get = async (cookies: Cookies) => (await app.inject({ method: 'GET', url: '/api/collection', cookies })).json();
const put = (cookies: Cookies, path: string, payload: unknown) => app.inject({ method: 'PUT', url: `/api/collection/${path}`, cookies, payload: payload as object });
const post = (cookies: Cookies, path: string, payload: unknown) => app.inject({ method: 'POST', url: `/api/collection/${path}`, cookies, payload: payload as object });
const refusal = (res: { json(): { code: string; message: string; field?: string; fields?: Record<string, string> } }) => res.json();

/** Everything a 会计人员 needs, up to and including 提交审核. */
async function completeCollection(cookies: Cookies) {
  expect((await put(cookies, 'scope', { scope: 'accountant' })).statusCode).toBe(200);
  expect((await put(cookies, 'basic', await basicInfo(app, cookies))).statusCode).toBe(200);
  const edu = await post(cookies, 'education', ZHANGSAN_BACHELOR);
  expect(edu.statusCode, edu.body).toBe(201);
  const wr = await workRecord(app, cookies);
  const work = await post(cookies, 'work', wr);
  expect(work.statusCode, work.body).toBe(201);
  expect((await put(cookies, 'authority', JINAN_LIXIA)).statusCode).toBe(200);
  const submitted = await post(cookies, 'submit', { promise: true });
  expect(submitted.statusCode, submitted.body).toBe(200);
  return { education: edu.json().record, work: work.json().record, state: submitted.json() };
}

async function queue(reviewer: string) {
  const cookies = await staffCookies(app, reviewer);
  const res = await app.inject({ method: 'GET', url: '/api/console/review-items?status=pending&pageSize=100', cookies });
  return { cookies, items: res.json().items as Array<{ id: string; kind: string; title: string; applicantName: string }> };
}
const decide = (cookies: Cookies, id: string, action: 'approve' | 'reject', opinion?: string) =>
  app.inject({ method: 'POST', url: `/api/console/review-items/${id}/${action}`, cookies, payload: opinion ? { opinion } : {} });

describe('entering the wizard', () => {
  it('needs a session, then real-name verification', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/collection' })).statusCode).toBe(401);
    const { person } = await registerAccount(app, makePerson());
    const cookies = sessionCookie(await login(app, person.mobile, PASSWORD));
    const res = await app.inject({ method: 'GET', url: '/api/collection', cookies });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'collection/identity_required', message: '请先完成实名认证' });
  });

  it('shows the fixed fields masked, with sex and birth date from the ID number', async () => {
    const { cookies, person } = await verifiedAccountant(app, { realName: '张三' });
    const state = await get(cookies);
    expect(state.collectionStatus).toBe('none');
    expect(state.readonly).toMatchObject({ idTypeLabel: '内地居民身份证', mainland: true, maskedName: '张**' });
    expect(state.readonly.maskedIdNumber).not.toContain(person.idNumber.slice(6, 14));
    expect(state.readonly.birthDate).toBe(`${person.idNumber.slice(6, 10)}-${person.idNumber.slice(10, 12)}-${person.idNumber.slice(12, 14)}`);
    expect(state.readonly.sex).toBe(Number(person.idNumber[16]) % 2 === 1 ? 'male' : 'female');
  });
});

type Notice = { part: string; reviewItemId: string; reviewStatus: string; label: string; authorityName: string; opinion: string | null };
const noticeOf = (state: { notices: Notice[] }, part: string) => state.notices.find((n) => n.part === part)!;
const detail = async (cookies: Cookies, id: string) => (await app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies })).json();

describe('the six steps, end to end through review', () => {
  it('a 会计人员 submits every part; 历下区 approves them all: 信息采集审核通过', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    const { education, state } = await completeCollection(cookies);
    expect(education.degreeCheck).toBe('verified');
    expect(state.collectionStatus).toBe('pending');
    expect(state.authority).toMatchObject({ countyId: '370102', name: '山东省-济南市-历下区' });
    expect(state.notices.map((n: Notice) => n.label)).toEqual(['基本信息', '教育经历：山东大学', '工作经历：济南某某会计服务有限公司']);
    expect(state.notices.every((n: Notice) => n.reviewStatus === 'pending' && n.authorityName === '山东省-济南市-历下区')).toBe(true);

    // A neighbour province's reviewer cannot open it; the county's sees every field and attachment.
    const beijing = await staffCookies(app, 'dc_reviewer');
    for (const n of state.notices as Notice[]) {
      expect((await app.inject({ method: 'GET', url: `/api/console/review-items/${n.reviewItemId}`, cookies: beijing })).statusCode).toBe(404);
    }
    const reviewer = await staffCookies(app, 'lx_reviewer');
    const edu = await detail(reviewer, noticeOf(state, 'education').reviewItemId);
    expect(edu.fields.find((f: { label: string }) => f.label === '学信网核验').after).toBe('学信网已核验');
    expect(edu.fields.find((f: { label: string }) => f.label === '学历').after).toBe('本科');
    const basic = await detail(reviewer, noticeOf(state, 'basic').reviewItemId);
    expect(basic.attachments.map((a: { label: string }) => a.label)).toEqual(['照片']);
    expect(basic.fields.find((f: { label: string }) => f.label === '通讯地址').after).toBe('山东省 济南市 历下区 经十路100号');
    const work = await detail(reviewer, noticeOf(state, 'work').reviewItemId);
    expect(work.attachments).toHaveLength(3);
    expect(work.fields.find((f: { label: string }) => f.label === '会计工作经历').after).toContain('稽核');
    // An open end reads 至今, never 至 至今 (issue 18).
    expect(work.fields.find((f: { label: string }) => f.label === '会计工作经历').after).toContain('2015-07-01 至今');
    expect(work.fields.find((f: { label: string }) => f.label === '会计工作经历').after).not.toContain('至 至今');

    // The reviewer may open the attachments; another accountant may not.
    const other = await verifiedAccountant(app);
    const photo = basic.attachments[0].id;
    expect((await app.inject({ method: 'GET', url: `/api/files/${photo}`, cookies: reviewer })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/files/${photo}`, cookies: other.cookies })).statusCode).toBe(404);

    expect((await decide(reviewer, noticeOf(state, 'basic').reviewItemId, 'approve')).statusCode).toBe(200);
    expect((await decide(reviewer, noticeOf(state, 'education').reviewItemId, 'approve')).statusCode).toBe(200);
    expect((await get(cookies)).collectionStatus).toBe('pending');
    expect((await decide(reviewer, noticeOf(state, 'work').reviewItemId, 'approve')).statusCode).toBe(200);
    const done = await get(cookies);
    expect(done.collectionStatus).toBe('approved');
    expect(done.notices.every((n: Notice) => n.reviewStatus === 'approved')).toBe(true);
  });

  it('a rejected work record shows the reason; fixed and resubmitted alone, then approved', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    const { work, state } = await completeCollection(cookies);
    const reviewer = await staffCookies(app, 'jn_reviewer'); // the city above 历下区
    expect((await decide(reviewer, noticeOf(state, 'work').reviewItemId, 'reject', '劳动合同照片不清晰，请重新上传')).statusCode).toBe(200);
    const rejected = await get(cookies);
    expect(noticeOf(rejected, 'work')).toMatchObject({ reviewStatus: 'rejected', opinion: '劳动合同照片不清晰，请重新上传' });
    expect(rejected.collectionStatus).toBe('pending'); // the other parts are still waiting

    // Parts under review cannot change; the rejected one can, and goes back to 未提交审核.
    const edu = rejected.education[0];
    expect(refusal(await put(cookies, `education/${edu.id}`, ZHANGSAN_BACHELOR))).toMatchObject({ code: 'collection/under_review' });
    expect(refusal(await app.inject({ method: 'DELETE', url: `/api/collection/education/${edu.id}`, cookies }))).toMatchObject({ code: 'collection/under_review' });
    const fixed = { ...(await workRecord(app, cookies)), attachments: { ...work.attachments, employment: await uploadProof(app, cookies) } };
    const updated = await put(cookies, `work/${work.id}`, fixed);
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json().record.reviewStatus).toBe('draft');

    const resubmitted = (await post(cookies, 'submit', { promise: true })).json();
    expect(noticeOf(resubmitted, 'work').reviewItemId).not.toBe(noticeOf(state, 'work').reviewItemId);
    expect(noticeOf(resubmitted, 'education').reviewItemId).toBe(noticeOf(state, 'education').reviewItemId); // not submitted twice
    expect(refusal(await post(cookies, 'submit', { promise: true }))).toMatchObject({ code: 'collection/nothing_to_submit' });

    for (const n of resubmitted.notices as Notice[]) expect((await decide(reviewer, n.reviewItemId, 'approve')).statusCode).toBe(200);
    expect((await get(cookies)).collectionStatus).toBe('approved');
  });
});

describe('rules the form also runs, checked again by the server', () => {
  it('refuses bad records with a message beside the field, and saves nothing', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    const good = await workRecord(app, cookies);
    const cases: Array<[Record<string, unknown>, string, string?]> = [
      [{ ...good, uscc: '91350100M000100Y44' }, 'uscc', '统一社会信用代码校验位不正确'],
      [{ ...good, uscc: '9135010' }, 'uscc'],
      [{ ...good, startDate: '2099-01-01' }, 'startDate'],
      [{ ...good, endDate: '2014-01-01' }, 'endDate'],
      [{ ...good, accountingPost: 'clerk', appointmentDate: '2015-06-30' }, 'appointmentDate', '会计专业职务聘任时间不能早于工作开始时间'],
      [{ ...good, accountingPost: 'clerk', appointmentDate: null }, 'appointmentDate'],
      [{ ...good, experiences: [] }, 'experiences'],
      [{ ...good, experiences: [{ ...good.experiences[0], startDate: '2014-01-01' }] }, 'experiences', '会计工作时间应在本单位工作时间之内'],
    ];
    for (const [payload, field, message] of cases) {
      const res = await post(cookies, 'work', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const body = refusal(res);
      const fields = body.fields ?? { [body.field!]: body.message };
      expect(Object.keys(fields).some((k) => k.startsWith(field)), `${field}: ${JSON.stringify(body)}`).toBe(true);
      if (message) expect(Object.values(fields)).toContain(message);
    }
    const edu = [
      [{ ...ZHANGSAN_BACHELOR, startDate: '2099-09-01', endDate: null }, 'startDate'],
      [{ ...ZHANGSAN_BACHELOR, endDate: '2010-06-30' }, 'endDate'],
      [{ ...ZHANGSAN_BACHELOR, school: '' }, 'school'],
      [{ ...ZHANGSAN_BACHELOR, educationLevel: 'nonsense' }, 'educationLevel'],
    ] as const;
    for (const [payload, field] of edu) {
      const body = refusal(await post(cookies, 'education', payload));
      expect(Object.keys(body.fields ?? { [body.field!]: 1 }).some((k) => k.startsWith(field)), JSON.stringify(body)).toBe(true);
    }
    const state = await get(cookies);
    expect(state.work).toHaveLength(0);
    expect(state.education).toHaveLength(0);
  });

  it('takes a city without counties as a whole address, and asks for the county elsewhere', async () => {
    const { cookies } = await verifiedAccountant(app);
    const noCounty = await put(cookies, 'basic', await basicInfo(app, cookies, { address: { provinceId: '440000', cityId: '441900', countyId: null, detail: '东城街道1号' } }));
    expect(noCounty.statusCode, noCounty.body).toBe(200);
    expect(noCounty.json().basic.address.regionName).toBe('广东省 东莞市');
    const missing = await put(cookies, 'basic', await basicInfo(app, cookies, { address: { ...JINAN_LIXIA, countyId: null, detail: '经十路100号' } }));
    expect(refusal(missing)).toMatchObject({ code: 'collection/region_invalid', message: '请选择区县', field: 'address' });
  });

  it('work periods of one person do not overlap', async () => {
    const { cookies } = await verifiedAccountant(app);
    expect((await post(cookies, 'work', await workRecord(app, cookies, { endDate: '2018-12-31', experiences: [{ postLevel: (await workRecord(app, cookies)).experiences[0]!.postLevel, position: (await workRecord(app, cookies)).experiences[0]!.position, startDate: '2015-07-01', endDate: '2018-12-31' }] }))).statusCode).toBe(201);
    const overlapping = await post(cookies, 'work', await workRecord(app, cookies, { startDate: '2018-12-31', unitName: '第二家单位', experiences: [], hasAccountingExperience: false }));
    expect(refusal(overlapping)).toMatchObject({ code: 'collection/work_overlap', field: 'startDate' });
    const after = await post(cookies, 'work', await workRecord(app, cookies, { startDate: '2019-01-01', unitName: '第二家单位', experiences: [], hasAccountingExperience: false }));
    expect(after.statusCode, after.body).toBe(201);
  });

  it('asks for certificates when 学信网 does not verify, or does not answer in time', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '李某某' });
    for (const [diplomaNo, code] of [
      ['104221201505009999', 'collection/degree_check_failed'],
      ['104221201505TIMEOUT', 'collection/degree_check_failed'],
      ['104221201505UNAVAILABLE', 'collection/degree_check_failed'],
    ] as const) {
      const res = await post(cookies, 'education', { ...ZHANGSAN_BACHELOR, diplomaNo });
      expect(res.statusCode, diplomaNo).toBe(400);
      expect(refusal(res)).toMatchObject({ code });
      expect(Object.keys(refusal(res).fields!)).toContain('attachments.diploma');
    }
    const withCertificates = await post(cookies, 'education', {
      ...ZHANGSAN_BACHELOR,
      diplomaNo: '104221201505UNAVAILABLE',
      attachments: { diploma: await uploadProof(app, cookies), degree: await uploadProof(app, cookies) },
    });
    expect(withCertificates.statusCode, withCertificates.body).toBe(201);
    expect(withCertificates.json().degreeCheck).toBe('unavailable');
  });

  it('a 会计人员 needs 会计工作经历; the 博士 scope a 博士 degree; someone neither working nor studying ID proofs', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    await put(cookies, 'scope', { scope: 'accountant' });
    await put(cookies, 'basic', await basicInfo(app, cookies));
    await post(cookies, 'education', ZHANGSAN_BACHELOR);
    await put(cookies, 'authority', JINAN_LIXIA);
    let res = await post(cookies, 'submit', { promise: true });
    expect(res.statusCode).toBe(400);
    expect(refusal(res)).toMatchObject({ code: 'collection/incomplete' });
    expect(refusal(res).fields).toHaveProperty('work');
    expect(refusal(res).fields!.basic).toContain('身份证明');

    await put(cookies, 'scope', { scope: 'doctor_intermediate_candidate' });
    res = await post(cookies, 'submit', { promise: true });
    expect(refusal(res).fields).toHaveProperty('education');
    expect(refusal(res).fields).not.toHaveProperty('work');

    // With ID proofs and the 高中 path of scope 三 … the rules hold together; nothing was submitted.
    expect((await get(cookies)).notices).toHaveLength(0);
    expect(refusal(await post(cookies, 'submit', {}))).toMatchObject({ code: 'validation/failed' });
  });

  it('keeps each person to their own records, and the authority once submitted', async () => {
    const a = await verifiedAccountant(app, { realName: '张三' });
    const b = await verifiedAccountant(app);
    const { education, work } = await completeCollection(a.cookies);
    for (const [method, url] of [
      ['PUT', `/api/collection/education/${education.id}`],
      ['DELETE', `/api/collection/education/${education.id}`],
      ['DELETE', `/api/collection/work/${work.id}`],
      ['DELETE', '/api/collection/work/not-a-uuid'],
    ] as const) {
      const res = await app.inject({ method, url, cookies: b.cookies, ...(method === 'PUT' ? { payload: ZHANGSAN_BACHELOR } : {}) });
      expect(res.statusCode, url).toBe(404);
    }
    expect((await get(b.cookies)).education).toHaveLength(0);
    const moved = await put(a.cookies, 'authority', { provinceId: '110000', cityId: '110100', countyId: '110101' });
    expect(refusal(moved)).toMatchObject({ code: 'collection/authority_locked' });
    expect(refusal(await put(a.cookies, 'authority', { provinceId: '370000', cityId: '110100' }))).toMatchObject({ code: 'collection/authority_invalid', field: 'cityId' });
  });

  it('serves the proof templates with the person\u2019s name', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '王五' });
    const res = await app.inject({ method: 'GET', url: '/api/collection/templates/work-proof', cookies });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('王五同志');
    expect(res.body).toContain('工作证明');
    expect((await app.inject({ method: 'GET', url: '/api/collection/templates/other', cookies })).statusCode).toBe(400);
  });
});

describe('历史 records imported from a province', () => {
  it('appear once, with their original fields locked and the missing ones editable', async () => {
    const person = makePerson({ realName: '张三' });
    const admin = await staffCookies(app, 'sd_admin');
    const csv = [
      '证件类型,证件号码,记录类型,培养方式,学校名称,入学时间,毕业时间,学历,学历证书编号,学位,学位证书编号,所学专业,工作开始时间,工作结束时间,单位名称,统一社会信用代码,单位类型,所属行业',
      `内地居民身份证,${person.idNumber},教育经历,全日制,山东大学,2011-09-01,2015-06-30,本科,,学士,,会计学,,,,,,`,
      `内地居民身份证,${person.idNumber},工作经历,,,,,,,,,,2015-07-01,至今,"济南某某会计服务有限公司",91350100M000100Y43,,`,
    ].join('\r\n');
    const res = await app.inject({ method: 'POST', url: '/api/console/collection-imports', cookies: admin, payload: { csv } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ imported: 2, skipped: 0 });
    expect((await app.inject({ method: 'POST', url: '/api/console/collection-imports', cookies: admin, payload: { csv } })).json()).toEqual({ imported: 0, skipped: 2 });
    // Reviewers and county administrators do not import.
    expect((await app.inject({ method: 'POST', url: '/api/console/collection-imports', cookies: await staffCookies(app, 'jn_reviewer'), payload: { csv } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/console/collection-imports', cookies: admin, payload: { csv: csv.replace('本科', '大本') } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('未导入任何数据');

    const { cookies } = await verifiedAccountant(app, person);
    const state = await get(cookies);
    expect(state.education).toHaveLength(1);
    expect(state.education[0]).toMatchObject({ source: 'import', school: '山东大学', educationLevel: 'bachelor' });
    expect(state.education[0].lockedFields).toEqual(expect.arrayContaining(['school', 'startDate', 'endDate', 'educationLevel', 'degree', 'major']));
    expect(state.education[0].lockedFields).not.toContain('diplomaNo');
    expect(state.work).toHaveLength(1);
    expect((await get(cookies)).education).toHaveLength(1); // taken once

    const id = state.education[0].id;
    expect(refusal(await put(cookies, `education/${id}`, { ...ZHANGSAN_BACHELOR, school: '山东财经大学' }))).toMatchObject({ code: 'collection/locked_field', field: 'school' });
    const filled = await put(cookies, `education/${id}`, ZHANGSAN_BACHELOR);
    expect(filled.statusCode, filled.body).toBe(200);
    expect(filled.json().record).toMatchObject({ diplomaNo: ZHANGSAN_BACHELOR.diplomaNo, degreeCheck: 'verified', source: 'import' });
  });
});

describe('a slow 学信网, and a long history', () => {
  it('asks for the certificate image when the check does not answer in time, without holding the form', async () => {
    const slow = await buildTestApp(degreeConfig(10_000));
    try {
      const { person } = await registerAccount(slow, makePerson({ realName: '张三' }));
      const cookies = sessionCookie(await login(slow, person.mobile, PASSWORD));
      const { certifyId } = (await slow.inject({ method: 'POST', url: '/api/identity/alipay', cookies })).json();
      await slow.inject({ method: 'POST', url: `/api/sandbox/alipay/${certifyId}`, payload: { action: 'confirm' } });
      await slow.inject({ method: 'GET', url: `/api/identity/alipay/${certifyId}`, cookies });
      const started = Date.now();
      const [saved, state] = await Promise.all([
        slow.inject({ method: 'POST', url: '/api/collection/education', cookies, payload: ZHANGSAN_BACHELOR }),
        slow.inject({ method: 'GET', url: '/api/collection', cookies }),
      ]);
      expect(state.statusCode).toBe(200);
      expect(saved.statusCode).toBe(400);
      expect(saved.json()).toMatchObject({ code: 'collection/degree_check_failed', message: '学信网核验服务暂时无法访问，请上传学历证书、学位证书', degreeCheck: 'unavailable' });
      expect(Date.now() - started).toBeLessThan(5_000); // the timeout answered, not the 10 s service
    } finally {
      await slow.close();
    }
  });

  it('lists records in the order of time, not of entry', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    await put(cookies, 'scope', { scope: 'accountant' });
    for (const [startDate, endDate] of [['2018-03-01', '2019-02-28'], ['2012-07-01', '2015-06-30'], ['2016-01-01', '2017-12-31']]) {
      const res = await post(cookies, 'work', await workRecord(app, cookies, { startDate, endDate, hasAccountingExperience: false, experiences: [] }));
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await get(cookies)).work.map((w: { startDate: string }) => w.startDate)).toEqual(['2012-07-01', '2016-01-01', '2018-03-01']);
  });

  it('keeps working with 200 education and 200 work records', { timeout: 240_000 }, async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    await put(cookies, 'scope', { scope: 'accountant' });
    // All of the work lies in the past: not working, not studying, so the ID proofs are needed.
    const proofs = { idProofFrontFileId: await uploadProof(app, cookies), idProofBackFileId: await uploadProof(app, cookies) };
    expect((await put(cookies, 'basic', await basicInfo(app, cookies, proofs))).statusCode).toBe(200);
    await put(cookies, 'authority', JINAN_LIXIA);
    // 200 periods of one month each, one after the other, since 1990 (work) and 1960 (study: periods of one
    // person's education do not overlap either; 初中及以下 needs neither the 学信网 check nor a certificate).
    const month = (i: number, from = 1990) => `${from + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    for (let i = 0; i < 200; i++) {
      const study = { ...ZHANGSAN_BACHELOR, educationLevel: 'junior_high', degree: 'none', degreeNo: null, diplomaNo: null, startDate: `${month(i, 1960)}-01`, endDate: `${month(i, 1960)}-28` };
      const res = await post(cookies, 'education', i === 199 ? ZHANGSAN_BACHELOR : study);
      expect(res.statusCode, res.body).toBe(201);
    }
    for (let i = 0; i < 200; i++) {
      const payload = await workRecord(app, cookies, {
        startDate: `${month(i)}-01`,
        endDate: `${month(i)}-28`,
        unitName: `单位${i + 1}`,
        hasAccountingExperience: i === 199,
        experiences: i === 199 ? [{ postLevel: (await workRecord(app, cookies)).experiences[0]!.postLevel, position: (await workRecord(app, cookies)).experiences[0]!.position, startDate: `${month(i)}-01`, endDate: `${month(i)}-28` }] : [],
      });
      const res = await post(cookies, 'work', payload);
      expect(res.statusCode, res.body).toBe(201);
    }
    const overlapping = await post(cookies, 'work', await workRecord(app, cookies, { startDate: '1995-03-15', endDate: '1995-04-15', hasAccountingExperience: false, experiences: [] }));
    expect(refusal(overlapping)).toMatchObject({ code: 'collection/work_overlap' });

    const state = await get(cookies);
    expect(state.education).toHaveLength(200);
    expect(state.work).toHaveLength(200);
    const submitted = await post(cookies, 'submit', { promise: true });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().notices).toHaveLength(401);
    expect(submitted.json().collectionStatus).toBe('pending');
  });
});

describe('each scope, and the attachments each record needs', () => {
  it('scope 二 is looked up in the national qualification records: 已核验全国证书库 when found', async () => {
    for (const [realName, verified, text] of [
      ['王会计', true, '已核验全国证书库'],
      ['李某某', false, '全国证书库未查到证书（未核验）'],
    ] as const) {
      const { cookies } = await verifiedAccountant(app, { realName });
      await put(cookies, 'scope', { scope: 'qualified_non_accountant' });
      await put(cookies, 'basic', await basicInfo(app, cookies, { idProofFrontFileId: await uploadProof(app, cookies), idProofBackFileId: await uploadProof(app, cookies) }));
      const edu = await post(cookies, 'education', { ...ZHANGSAN_BACHELOR, attachments: { diploma: await uploadProof(app, cookies), degree: await uploadProof(app, cookies) } });
      expect(edu.statusCode, edu.body).toBe(201);
      await put(cookies, 'authority', JINAN_LIXIA);
      const state = (await post(cookies, 'submit', { promise: true })).json();
      expect(state.qualification.verified).toBe(verified);
      if (verified) expect(state.qualification.certificates.map((c: { level: string }) => c.level)).toEqual(['junior', 'intermediate']);
      const basic = await detail(await staffCookies(app, 'lx_reviewer'), noticeOf(state, 'basic').reviewItemId);
      expect(basic.fields.find((f: { label: string }) => f.label === '全国证书库核验').after).toBe(text);
    }
  });

  it('scope 三 needs a 高中 (or higher) certificate image; a verified degree without images does not do', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' });
    await put(cookies, 'scope', { scope: 'junior_exam_candidate' });
    await put(cookies, 'basic', await basicInfo(app, cookies, { idProofFrontFileId: await uploadProof(app, cookies), idProofBackFileId: await uploadProof(app, cookies) }));
    await post(cookies, 'education', ZHANGSAN_BACHELOR);
    await put(cookies, 'authority', JINAN_LIXIA);
    const refused = refusal(await post(cookies, 'submit', { promise: true }));
    expect(refused.fields!.education).toBe('须上传高中及以上学历证书原件照片');
    const highSchool = { ...ZHANGSAN_BACHELOR, school: '济南第一中学', startDate: '2008-09-01', endDate: '2011-06-30', educationLevel: 'high_school', degree: 'none', degreeNo: null, diplomaNo: 'G2011001' };
    expect(refusal(await post(cookies, 'education', highSchool))).toMatchObject({ code: 'collection/attachment_missing', fields: { 'attachments.diploma': expect.stringContaining('学历证书') } });
    expect((await post(cookies, 'education', { ...highSchool, attachments: { diploma: await uploadProof(app, cookies) } })).statusCode).toBe(201);
    expect((await post(cookies, 'submit', { promise: true })).statusCode).toBe(200);
  });

  it('a student (至今) shows a student card; study abroad at 本科 the 留学服务中心认证书', async () => {
    const { cookies } = await verifiedAccountant(app);
    const student = { ...ZHANGSAN_BACHELOR, startDate: '2024-09-01', endDate: null, diplomaNo: null, degreeNo: null };
    expect(Object.keys(refusal(await post(cookies, 'education', student)).fields!)).toEqual(['attachments.student_card']);
    const saved = await post(cookies, 'education', { ...student, attachments: { student_card: await uploadProof(app, cookies) } });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json().degreeCheck).toBe('not_applicable');
    const abroad = { ...ZHANGSAN_BACHELOR, studyMode: 'abroad', school: 'University of Melbourne', diplomaNo: 'AU2015001', degreeNo: 'AU2015001D' };
    expect(Object.keys(refusal(await post(cookies, 'education', abroad)).fields!)).toContain('attachments.abroad');
    const abroadSaved = await post(cookies, 'education', { ...abroad, attachments: { abroad: await uploadProof(app, cookies) } });
    expect(abroadSaved.statusCode, abroadSaved.body).toBe(201);
    // A studying person with no current work needs no ID proofs on 基本信息.
    expect((await get(cookies)).idProofRequired).toBe(false);
  });

  it('a 会计专业职务 is not appointed before its qualification was obtained (全国证书库)', async () => {
    const { cookies } = await verifiedAccountant(app, { realName: '张三' }); // 初级 obtained 2016-06-20
    const early = await post(cookies, 'work', await workRecord(app, cookies, { accountingPost: 'assistant', appointmentDate: '2015-08-01', attachments: { ...(await workRecord(app, cookies)).attachments, appointment: await uploadProof(app, cookies) } }));
    expect(refusal(early)).toMatchObject({ code: 'collection/appointment_before_qualification', field: 'appointmentDate', message: '会计专业职务聘任时间不能早于资格取得时间' });
    const missingFile = await post(cookies, 'work', await workRecord(app, cookies, { accountingPost: 'assistant', appointmentDate: '2016-07-01' }));
    expect(refusal(missingFile)).toMatchObject({ code: 'collection/attachment_missing', fields: { 'attachments.appointment': expect.any(String) } });
    const ok = await post(cookies, 'work', await workRecord(app, cookies, { accountingPost: 'assistant', appointmentDate: '2016-07-01', attachments: { ...(await workRecord(app, cookies)).attachments, appointment: await uploadProof(app, cookies) } }));
    expect(ok.statusCode, ok.body).toBe(201);
  });
});

describe('a person registered with a 港澳居民来往内地通行证', () => {
  it('gives sex and birth date on 基本信息, and may give a 港澳台居民居住证', async () => {
    const idNumber = `H${String(Date.now()).slice(-8)}`;
    const { person } = await registerAccount(app, makePerson({ idType: 'hk_macao_permit', idNumber, realName: '陈大文' } as never));
    const cookies = sessionCookie(await login(app, person.mobile, PASSWORD));
    // 线上实名认证 (Alipay is for mainland IDs), approved by 济南市.
    const photos = { frontFileId: await uploadRealnamePhoto(app, cookies), backFileId: await uploadRealnamePhoto(app, cookies), handheldFileId: await uploadRealnamePhoto(app, cookies) };
    expect((await app.inject({ method: 'POST', url: '/api/identity/manual', cookies, payload: { provinceId: '370000', cityId: '370100', ...photos } })).statusCode).toBe(201);
    const [item] = (await app.inject({ method: 'GET', url: '/api/my/review-items?kind=identity_manual', cookies })).json().items;
    expect((await decide(await staffCookies(app, 'jn_reviewer'), item.id, 'approve')).statusCode).toBe(200);

    const state = await get(cookies);
    expect(state.readonly).toMatchObject({ mainland: false, idTypeLabel: '港澳居民来往内地通行证', sex: null, birthDate: null });
    const missing = refusal(await put(cookies, 'basic', await basicInfo(app, cookies)));
    expect(missing).toMatchObject({ code: 'validation/failed', fields: { sex: '请选择性别', birthDate: '请选择出生年月' } });
    const saved = await put(cookies, 'basic', await basicInfo(app, cookies, { sex: 'male', birthDate: '1990-05-01', residencePermitNo: '810000199005010012' }));
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().readonly).toMatchObject({ sex: 'male', birthDate: '1990-05-01' });
    expect(saved.json().basic.residencePermitNo).toBe('810000199005010012');
  });
});
