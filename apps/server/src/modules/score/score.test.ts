import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedAccountant } from '../../test/collection';
import { buildTestApp, staffCookies } from '../../test/helpers';
import { approvedAccountant } from '../../test/exam';
import { sandboxQualificationRecords } from '../../platform/tables';
import { qualificationCertificates, scoreResults } from './tables';
import { blindIndex } from '../../platform/pii/keyring';

// The score ledger (issue 24) through the API: the 财政部 administrator's import and 成绩查询.

let app: FastifyInstance;
let mof: Record<string, string>;
beforeAll(async () => {
  app = await buildTestApp();
  mof = await staffCookies(app, 'mof_admin');
});
afterAll(() => app.close());

const importCsv = (cookies: Record<string, string>, body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/console/scores/import', cookies, payload: body });

describe('导入考试成绩', () => {
  it('a bad line is reported by its number and nothing of the file is kept; a good file then counts', async () => {
    const { person, cookies } = await verifiedAccountant(app, { realName: '张三' });
    const id = person.idNumber;
    const bad = ['证件号码,科目,成绩,合格线', `${id},初级会计实务,72,60`, `${id},经济法,72,60`].join('\n');
    const refused = await importCsv(mof, { year: 2025, level: 'junior', csv: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('第3行');
    expect(refused.json().errors).toEqual([{ line: 3, message: '科目“经济法”不是初级考试的科目（初级会计实务、经济法基础）' }]);
    expect(await app.database.db.select().from(scoreResults).where(eq(scoreResults.idNumberIndex, blindIndex(id)))).toEqual([]);

    const good = ['证件号码,科目,成绩,合格线', `${id},初级会计实务,72,60`, `${id},经济法基础,59.5,60`].join('\n');
    expect((await importCsv(mof, { year: 2025, level: 'junior', csv: good })).json()).toEqual({ imported: 2 });
    // A corrected file replaces the same subject's row.
    expect((await importCsv(mof, { year: 2025, level: 'junior', csv: ['证件号码,科目,成绩,合格线', `${id},经济法基础,61,60`].join('\n') })).statusCode).toBe(200);

    const mine = await app.inject({ method: 'GET', url: '/api/scores', cookies });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().results).toEqual([
      { year: 2025, level: 'junior', levelLabel: '初级', subject: 'economic_law_basics', subjectLabel: '经济法基础', score: 61, passLine: 60, passed: true },
      { year: 2025, level: 'junior', levelLabel: '初级', subject: 'junior_practice', subjectLabel: '初级会计实务', score: 72, passLine: 60, passed: true },
    ]);
    expect(mine.json().standings[0]).toMatchObject({ level: 'junior', qualified: true, qualifiedYear: 2025 });
    // ID numbers are sealed at rest.
    const raw = (await app.database.db.execute(`select id_number from score_results where id_number_index = '${blindIndex(id)}'`)) as unknown as { rows: Array<{ id_number: string }> };
    expect(raw.rows.every((r) => !r.id_number.includes(id))).toBe(true);
  });

  it('only a 财政部 administrator imports; someone else sees none of it', async () => {
    const sd = await staffCookies(app, 'sd_admin');
    const res = await importCsv(sd, { year: 2025, level: 'junior', csv: '证件号码,科目,成绩,合格线' });
    expect(res.statusCode).toBe(403);
    expect((await importCsv(mof, { year: 2999, level: 'junior', csv: 'x' })).statusCode).toBe(400);
    const other = await verifiedAccountant(app, { realName: '李四' });
    expect((await app.inject({ method: 'GET', url: '/api/scores', cookies: other.cookies })).json()).toEqual({ results: [], standings: [], certificates: [] });
  });
});

describe('资格证书 from the score ledger (issue 24)', () => {
  const csv = (rows: string[]) => ['证件号码,科目,成绩,合格线', ...rows].join('\n');
  const thisYear = () => Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));

  it('初级 both subjects: one certificate, entered into the national records once (16 imports at once); 自动获取 finds it', async () => {
    // 李四: 学信网 (sandbox) holds his 硕士; the national records hold nothing of his until this import.
    const education = { studyMode: 'full_time', school: '山东财经大学', startDate: '2015-09-01', endDate: '2018-06-30', educationLevel: 'master', diplomaNo: '104561201802000318', degree: 'master', degreeNo: '1045632018000318', major: '会计学', attachments: {} };
    const { person, cookies } = await approvedAccountant(app, { realName: '李四', education, workFrom: '2018-07-01' });
    const id = person.idNumber;
    const year = thisYear();
    // Only one subject passed: no certificate.
    expect((await importCsv(mof, { year, level: 'junior', csv: csv([`${id},初级会计实务,72,60`, `${id},经济法基础,50,60`]) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/scores', cookies })).json().certificates).toEqual([]);

    const both = csv([`${id},初级会计实务,72,60`, `${id},经济法基础,66,60`]);
    const many = await Promise.all(Array.from({ length: 16 }, () => importCsv(mof, { year, level: 'junior', csv: both })));
    expect(many.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    const certs = await app.database.db.select().from(qualificationCertificates).where(eq(qualificationCertificates.idNumberIndex, blindIndex(id)));
    expect(certs).toHaveLength(1);
    expect(certs[0]).toMatchObject({ level: 'junior', examYear: year, recordedAt: expect.any(Date), revokedAt: null });
    const no = certs[0]!.certificateNo;
    expect(no).toMatch(new RegExp(`^${year}${id.slice(0, 2)}1\\d{7}$`));
    // Sealed at rest.
    const raw = (await app.database.db.execute(sql`select certificate_no, id_number from qualification_certificates where id = ${certs[0]!.id}`)) as unknown as { rows: Array<Record<string, string>> };
    expect(JSON.stringify(raw.rows)).not.toContain(no);
    // The national records (sandbox) hold it once.
    expect(await app.database.db.select().from(sandboxQualificationRecords).where(eq(sandboxQualificationRecords.idNumber, id))).toEqual([
      { certificateNo: no, idNumber: id, level: 'junior', obtainedAt: certs[0]!.obtainedAt, recordedAt: expect.any(Date) },
    ]);

    // 成绩查询 lists it; 自动获取 finds it as a 系统记录 (16 at once: one row).
    expect((await app.inject({ method: 'GET', url: '/api/scores', cookies })).json().certificates).toEqual([
      { id: certs[0]!.id, level: 'junior', levelLabel: '初级', title: '助理会计师', certificateNo: no, examYear: year, obtainedAt: certs[0]!.obtainedAt, revoked: false, revokedAt: null },
    ]);
    const fetched = await Promise.all(Array.from({ length: 16 }, () => app.inject({ method: 'POST', url: '/api/titles/fetch', cookies })));
    expect(fetched.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    const titles = (await app.inject({ method: 'GET', url: '/api/titles', cookies })).json().accounting;
    expect(titles).toHaveLength(1);
    expect(titles[0]).toMatchObject({ source: 'system', rank: 'assistant', rankLabel: '助理会计师', titleCertificateNo: no, passDate: certs[0]!.obtainedAt });
  });

  it('a certificate the national records could not take at the import is entered before the person\'s 自动获取', async () => {
    const education = { studyMode: 'full_time', school: '山东财经大学', startDate: '2015-09-01', endDate: '2018-06-30', educationLevel: 'master', diplomaNo: '104561201802000318', degree: 'master', degreeNo: '1045632018000318', major: '会计学', attachments: {} };
    const { person, cookies } = await approvedAccountant(app, { realName: '李四', education, workFrom: '2018-07-01' });
    const id = person.idNumber;
    await importCsv(mof, { year: thisYear(), level: 'junior', csv: csv([`${id},初级会计实务,70,60`, `${id},经济法基础,70,60`]) });
    // As if the registry had been down after the commit: not in the records, not marked.
    await app.database.db.delete(sandboxQualificationRecords).where(eq(sandboxQualificationRecords.idNumber, id));
    await app.database.db.update(qualificationCertificates).set({ recordedAt: null }).where(eq(qualificationCertificates.idNumberIndex, blindIndex(id)));
    const res = await app.inject({ method: 'POST', url: '/api/titles/fetch', cookies });
    expect(res.json()).toMatchObject({ found: 1, message: '获取更新成功' });
    const [cert] = await app.database.db.select().from(qualificationCertificates).where(eq(qualificationCertificates.idNumberIndex, blindIndex(id)));
    expect(cert!.recordedAt).toBeInstanceOf(Date);
    expect(res.json().state.accounting[0]).toMatchObject({ source: 'system', titleCertificateNo: cert!.certificateNo });
  });

  it('中级: three subjects within two consecutive years; a pass three years back does not count', async () => {
    const { person, cookies } = await verifiedAccountant(app, { realName: '王五' });
    const id = person.idNumber;
    const year = thisYear();
    await importCsv(mof, { year: year - 3, level: 'intermediate', csv: csv([`${id},中级会计实务,70,60`]) });
    await importCsv(mof, { year: year - 1, level: 'intermediate', csv: csv([`${id},财务管理,70,60`]) });
    await importCsv(mof, { year, level: 'intermediate', csv: csv([`${id},经济法,70,60`]) });
    expect((await app.inject({ method: 'GET', url: '/api/scores', cookies })).json().certificates).toEqual([]);
    // The re-sit of the expired subject completes the last two years.
    await importCsv(mof, { year, level: 'intermediate', csv: csv([`${id},经济法,70,60`, `${id},中级会计实务,61,60`]) });
    const mine = (await app.inject({ method: 'GET', url: '/api/scores', cookies })).json();
    expect(mine.certificates).toMatchObject([{ level: 'intermediate', title: '会计师', examYear: year }]);
    expect(mine.standings.find((s: { level: string }) => s.level === 'intermediate')).toMatchObject({ qualified: true, qualifiedYear: year });
  });

  it('the electronic certificate: the holder prints it; its QR page shows the masked name, level, number, date; a revocation shows there', async () => {
    const { person, cookies } = await verifiedAccountant(app, { realName: '赵六' });
    const id = person.idNumber;
    await importCsv(mof, { year: thisYear(), level: 'junior', csv: csv([`${id},初级会计实务,90,60`, `${id},经济法基础,90,60`]) });
    const cert = (await app.inject({ method: 'GET', url: '/api/scores', cookies })).json().certificates[0];

    const pdf = await app.inject({ method: 'GET', url: `/api/scores/certificates/${cert.id}/pdf`, cookies });
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const code = String(pdf.headers['x-verification-code']);
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    // Someone else's certificate, an unknown id: 404.
    const other = await verifiedAccountant(app, { realName: '钱七' });
    expect((await app.inject({ method: 'GET', url: `/api/scores/certificates/${cert.id}/pdf`, cookies: other.cookies })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/scores/certificates/x/pdf`, cookies })).statusCode).toBe(404);

    const check = await app.inject({ method: 'GET', url: `/api/verify/certificate/${code}` });
    expect(check.statusCode, check.body).toBe(200);
    expect(check.json()).toEqual({
      title: '会计专业技术资格电子证书',
      holderMasked: '赵**',
      levelLabel: '初级',
      qualification: '助理会计师',
      certificateNo: cert.certificateNo,
      obtainedAt: cert.obtainedAt,
      status: 'valid',
      statusLabel: '有效',
      revokedAt: null,
    });
    expect(check.body).not.toContain(id);
    // A guess, a code of another kind of document: nothing.
    expect((await app.inject({ method: 'GET', url: '/api/verify/certificate/ABCD-EFGH-JKMN-PQRS' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/verify/certificate/x' })).json().message).toBe('未找到该验证码对应的资格证书，请核对后重试');

    // The console: only 财政部 administrators find and revoke; a reason is required; once.
    const sd = await staffCookies(app, 'sd_admin');
    const lx = await staffCookies(app, 'lx_reviewer');
    const find = (c: Record<string, string>) => app.inject({ method: 'GET', url: `/api/console/certificates?certificateNo=${cert.certificateNo}`, cookies: c });
    expect((await find(sd)).statusCode).toBe(403);
    expect((await find(lx)).statusCode).toBe(403);
    const found = await find(mof);
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json()).toMatchObject({ id: cert.id, certificateNo: cert.certificateNo, idNumberMasked: expect.stringContaining('*'), recorded: true, revoked: false });
    expect(found.body).not.toContain(id);
    expect((await app.inject({ method: 'GET', url: '/api/console/certificates?certificateNo=20001111111111', cookies: mof })).statusCode).toBe(404);
    const revoke = (c: Record<string, string>, payload: unknown) => app.inject({ method: 'POST', url: `/api/console/certificates/${cert.id}/revoke`, cookies: c, payload: payload as object });
    expect((await revoke(sd, { reason: '考试违纪，成绩无效' })).statusCode).toBe(403);
    const noReason = await revoke(mof, { reason: ' ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toBe('请填写撤销原因（至少2个字）');
    const many = await Promise.all(Array.from({ length: 16 }, () => revoke(mof, { reason: '考试违纪，成绩无效' })));
    expect(many.map((r) => r.statusCode).sort()).toEqual([200, ...Array(15).fill(409)]);
    expect(many.find((r) => r.statusCode === 409)!.json().message).toBe('该资格证书已撤销');
    expect((await find(mof)).json()).toMatchObject({ revoked: true, revokedReason: '考试违纪，成绩无效', revokedBy: 'mof_admin', recorded: true });
    // The revocation reached the national records (sandbox): they no longer hold it.
    expect(await app.database.db.select().from(sandboxQualificationRecords).where(eq(sandboxQualificationRecords.certificateNo, cert.certificateNo))).toEqual([]);

    const after = (await app.inject({ method: 'GET', url: `/api/verify/certificate/${code}` })).json();
    expect(after).toMatchObject({ status: 'revoked', statusLabel: '已撤销', revokedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(JSON.stringify(after)).not.toContain('违纪');
    expect((await app.inject({ method: 'GET', url: `/api/scores/certificates/${cert.id}/pdf`, cookies })).json().message).toBe('该资格证书已被撤销，不能打印电子证书');
  });
});
