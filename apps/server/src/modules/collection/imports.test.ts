import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedAccountant } from '../../test/collection';
import { buildTestApp, makePerson, staffCookies } from '../../test/helpers';
import { collectionImports } from './tables';
import { blindIndex } from '../../platform/pii/keyring';

// Issue 17 item 14: a 山东省 administrator's import wrote an education record into a 北京市
// accountant's file, and rows with 2099-13-45, 0000-00-00, the credit code NOTAUSCC and HTML in names
// were taken. An import now reaches only people of the importer's subtree, every row passes the
// rules of the person's form, and a file with any bad row imports nothing and lists the problems.

const HEADER =
  '证件类型,证件号码,记录类型,培养方式,学校名称,入学时间,毕业时间,学历,学历证书编号,学位,学位证书编号,所学专业,工作开始时间,工作结束时间,单位名称,统一社会信用代码,单位类型,所属行业';
const educationRow = (idNumber: string, school = '山东大学', start = '2011-09-01', end = '2015-06-30') =>
  `内地居民身份证,${idNumber},教育经历,全日制,${school},${start},${end},本科,,学士,,会计学,,,,,,`;
const workRow = (idNumber: string, uscc = '91350100M000100Y43', unit = '济南某某会计服务有限公司', start = '2015-07-01') =>
  `内地居民身份证,${idNumber},工作经历,,,,,,,,,,${start},至今,${unit},${uscc},,`;
const file = (...rows: string[]) => [HEADER, ...rows].join('\r\n');

let app: FastifyInstance;
let sdAdmin: Record<string, string>;
beforeAll(async () => {
  app = await buildTestApp();
  sdAdmin = await staffCookies(app, 'sd_admin');
});
afterAll(() => app.close());

const importCsv = (cookies: Record<string, string>, csv: string) => app.inject({ method: 'POST', url: '/api/console/collection-imports', cookies, payload: { csv } });
const importedRows = async () => (await app.database.db.select({ n: count() }).from(collectionImports))[0]!.n;
const collection = async (cookies: Record<string, string>) => (await app.inject({ method: 'GET', url: '/api/collection', cookies })).json();

/** A verified accountant whose 会计管理部门 (step 5) is 北京市-东城区. */
async function beijingAccountant() {
  const { person, cookies } = await verifiedAccountant(app, makePerson({ realName: '张三' }));
  const res = await app.inject({ method: 'PUT', url: '/api/collection/authority', cookies, payload: { provinceId: '110000', cityId: '110100', countyId: '110101' } });
  expect(res.statusCode, res.body).toBe(200);
  return { person, cookies };
}

describe('the scope of an import', () => {
  it('a 山东省 administrator cannot write into a 北京市 accountant\u2019s file: the file is refused whole, naming the row', async () => {
    const beijing = await beijingAccountant();
    const shandong = makePerson(); // not registered yet: nobody's, so the province may import for them
    const before = await importedRows();
    const res = await importCsv(sdAdmin, file(educationRow(shandong.idNumber), educationRow(beijing.person.idNumber)));
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'import/invalid',
      message: '导入文件有1行数据不正确，未导入任何数据',
      errors: [{ line: 3, column: '证件号码', message: '该人员的会计管理部门不在本部门管辖范围内，不能导入' }],
    });
    expect(await importedRows()).toBe(before);
    expect((await collection(beijing.cookies)).education).toEqual([]);

    // The Ministry's administrator holds every authority: the same row is taken.
    const mof = await importCsv(await staffCookies(app, 'mof_admin'), file(educationRow(beijing.person.idNumber)));
    expect(mof.statusCode, mof.body).toBe(200);
    expect(mof.json()).toEqual({ imported: 1, skipped: 0 });
    expect((await collection(beijing.cookies)).education).toMatchObject([{ source: 'import', school: '山东大学' }]);
  });

  it('rows of another subtree waiting for a person are never taken into their file', async () => {
    // A row that went in before the person chose 北京市 (or before this check existed, its scope
    // backfilled from the importer): the person's first visit leaves it where it is.
    const beijing = await beijingAccountant();
    const staffId = (await app.inject({ method: 'GET', url: '/api/console/session', cookies: sdAdmin })).json().staff.id as string;
    await app.database.db.insert(collectionImports).values({
      id: randomUUID(),
      idType: 'mainland_id',
      idNumber: beijing.person.idNumber,
      // Found by the person's first visit (as every import row is, by its blind index): only the scope keeps it out.
      idNumberIndex: blindIndex(beijing.person.idNumber),
      part: 'education',
      data: { school: '山东大学', educationLevel: 'bachelor' },
      sourceKey: randomUUID(),
      importedBy: staffId,
      authorityId: '370000',
      authorityPath: '/100000/370000/',
      importedAt: new Date(),
    });
    expect((await collection(beijing.cookies)).education).toEqual([]);
    const [row] = await app.database.db.select().from(collectionImports).where(eq(collectionImports.idNumberIndex, blindIndex(beijing.person.idNumber)));
    expect(row!.takenBy).toBeNull();
  });

  it('a person of the importer\u2019s subtree, or of none yet, gets the rows', async () => {
    const { person, cookies } = await verifiedAccountant(app, makePerson({ realName: '张三' }));
    await app.inject({ method: 'PUT', url: '/api/collection/authority', cookies, payload: { provinceId: '370000', cityId: '370100', countyId: '370102' } });
    const res = await importCsv(sdAdmin, file(educationRow(person.idNumber), workRow(person.idNumber)));
    expect(res.statusCode, res.body).toBe(200);
    const state = await collection(cookies);
    expect(state.education).toMatchObject([{ source: 'import', school: '山东大学' }]);
    expect(state.work).toMatchObject([{ source: 'import', unitName: '济南某某会计服务有限公司', uscc: '91350100M000100Y43' }]);
  });
});

describe('the rows of an import pass the form\u2019s rules', () => {
  it('impossible or future dates, a credit code without its check character, HTML in names: nothing is imported, each problem listed', async () => {
    const good = makePerson();
    const other = makePerson();
    const before = await importedRows();
    const res = await importCsv(
      sdAdmin,
      file(
        educationRow(good.idNumber),
        educationRow(other.idNumber, '山东大学', '2099-13-45', '0000-00-00'),
        workRow(other.idNumber, 'NOTAUSCC'),
        educationRow(other.idNumber, '<script>alert(1)</script>'),
        workRow(other.idNumber, '91350100M000100Y43', '<img src=x onerror=alert(1)>'),
        workRow(other.idNumber, '91350100M000100Y43', '某某公司', '2099-01-01'),
        educationRow(`${other.idNumber.slice(0, 17)}${other.idNumber[17] === '0' ? '1' : '0'}`),
      ),
    );
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toEqual({
      code: 'import/invalid',
      message: '导入文件有6行数据不正确，未导入任何数据',
      errorCount: 7,
      errors: [
        { line: 3, column: '入学时间', message: '入学时间格式不正确' },
        { line: 3, column: '毕业时间', message: '毕业时间格式不正确' },
        { line: 4, column: '统一社会信用代码', message: '统一社会信用代码应为18位' },
        { line: 5, column: '学校名称', message: '学校名称不能包含“<”“>”等特殊字符' },
        { line: 6, column: '单位名称', message: '单位名称不能包含“<”“>”等特殊字符' },
        { line: 7, column: '工作开始时间', message: '工作开始时间不能晚于今天' },
        { line: 8, column: '证件号码', message: '身份证号码校验位不正确，请核对后重新输入' },
      ],
    });
    expect(await importedRows()).toBe(before);
    // The good row alone goes in, with the values as the form keeps them.
    const ok = await importCsv(sdAdmin, file(workRow(good.idNumber, ' 91350100m000100y43 ')));
    expect(ok.json()).toEqual({ imported: 1, skipped: 0 });
    const [row] = await app.database.db.select().from(collectionImports).where(eq(collectionImports.idNumberIndex, blindIndex(good.idNumber)));
    expect(row!.data).toMatchObject({ uscc: '91350100M000100Y43', endDate: null, startDate: '2015-07-01' });
    expect(row).toMatchObject({ authorityId: '370000', authorityPath: '/100000/370000/' });
  });

  it('nothing of a refused file reaches a person already registered', async () => {
    const { person, cookies } = await verifiedAccountant(app, makePerson({ realName: '张三' }));
    const res = await importCsv(sdAdmin, file(educationRow(person.idNumber), workRow(person.idNumber, 'NOTAUSCC')));
    expect(res.statusCode).toBe(400);
    const state = await collection(cookies);
    expect(state.education).toEqual([]);
    expect(state.work).toEqual([]);
  });
});
