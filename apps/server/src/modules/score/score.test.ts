import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifiedAccountant } from '../../test/collection';
import { buildTestApp, staffCookies } from '../../test/helpers';
import { scoreResults } from './tables';
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
    expect((await app.inject({ method: 'GET', url: '/api/scores', cookies: other.cookies })).json()).toEqual({ results: [], standings: [] });
  });
});
