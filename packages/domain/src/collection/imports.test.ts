import { describe, expect, it } from 'vitest';
import { makeId, withWrongCheck } from '../test-ids';
import { IMPORT_HEADER, importRowChecker } from './imports';

// Issue 17 item 14: an import took 2099-13-45, 0000-00-00, the credit code NOTAUSCC and HTML in
// names. A row now passes the rules of the person's own form, field by field, or says why not.
const now = new Date('2026-11-22T00:30:00+08:00'); // still 2026-11-21 in UTC: today is the 22nd in China
const check = importRowChecker(() => now);
const ID = makeId('370102', '19900307');

const row = (cells: Record<string, string>) => (column: string) => cells[column] ?? '';
const education = (cells: Record<string, string> = {}) =>
  row({ 证件类型: '内地居民身份证', 证件号码: ID, 记录类型: '教育经历', 培养方式: '全日制', 学校名称: '山东大学', 入学时间: '2011-09-01', 毕业时间: '2015-06-30', 学历: '本科', 学位: '学士', 所学专业: '会计学', ...cells });
const work = (cells: Record<string, string> = {}) =>
  row({ 证件类型: '内地居民身份证', 证件号码: ID, 记录类型: '工作经历', 工作开始时间: '2015-07-01', 工作结束时间: '至今', 单位名称: '济南某某会计服务有限公司', 统一社会信用代码: '91350100M000100Y43', 单位类型: '民营企业', 所属行业: 'L', ...cells });
const problems = (cells: (c: string) => string) => check(7, cells).problems.map((p) => `${p.column}: ${p.message}`);

describe('an import row', () => {
  it('becomes the form\u2019s values: codes for names, null for 至今, a normalized credit code; empty fields are the person\u2019s to fill in', () => {
    expect(check(2, education())).toEqual({
      row: {
        line: 2,
        idType: 'mainland_id',
        idNumber: ID,
        part: 'education',
        data: { studyMode: 'full_time', school: '山东大学', startDate: '2011-09-01', endDate: '2015-06-30', educationLevel: 'bachelor', degree: 'bachelor', major: '会计学' },
      },
      problems: [],
    });
    const w = check(3, work({ 统一社会信用代码: ' 91350100m000100y43 ' }));
    expect(w.row?.data).toMatchObject({ endDate: null, uscc: '91350100M000100Y43', unitType: expect.any(String), industry: 'L' });
    expect(check(4, row({ 证件类型: 'mainland_id', 证件号码: ID.toLowerCase(), 记录类型: '工作经历', 单位名称: '某单位' })).problems).toEqual([]);
  });

  it('refuses impossible and future dates, as the form does', () => {
    expect(problems(education({ 入学时间: '2099-13-45', 毕业时间: '0000-00-00' }))).toEqual(['入学时间: 入学时间格式不正确', '毕业时间: 毕业时间格式不正确']);
    expect(problems(education({ 入学时间: '2023-02-29' }))).toEqual(['入学时间: 入学时间格式不正确']);
    expect(problems(work({ 工作开始时间: '2026-11-23' }))).toEqual(['工作开始时间: 工作开始时间不能晚于今天']);
    expect(problems(work({ 工作开始时间: '2026-11-22' }))).toEqual([]);
    expect(problems(work({ 工作开始时间: '1949-12-31' }))).toEqual(['工作开始时间: 工作开始时间不能早于1950-01-01']);
    expect(problems(education({ 入学时间: '2016-09-01' }))).toEqual(['毕业时间: 毕业时间不能早于入学时间']);
  });

  it('refuses a credit code without its check character, and HTML in names', () => {
    expect(problems(work({ 统一社会信用代码: 'NOTAUSCC' }))).toEqual(['统一社会信用代码: 统一社会信用代码应为18位']);
    expect(problems(work({ 统一社会信用代码: '91350100M000100Y44' }))).toEqual(['统一社会信用代码: 统一社会信用代码校验位不正确']);
    expect(problems(education({ 学校名称: '<img src=x onerror=alert(1)>大学' }))).toEqual(['学校名称: 学校名称不能包含“<”“>”等特殊字符']);
    expect(problems(work({ 单位名称: '某公司<script>' }))).toEqual(['单位名称: 单位名称不能包含“<”“>”等特殊字符']);
    expect(problems(education({ 所学专业: '会'.repeat(51) }))).toEqual(['所学专业: 所学专业不能超过50个字']);
    expect(problems(work({ 工作单位电话: '0531-8888<8888' }))).toEqual(['工作单位电话: 请输入正确的电话号码']);
  });

  it('checks the person\u2019s ID as registration does, and names every wrong column of the row', () => {
    expect(problems(education({ 证件号码: withWrongCheck(ID) }))).toEqual(['证件号码: 身份证号码校验位不正确，请核对后重新输入']);
    expect(problems(education({ 证件类型: '学生证' }))).toEqual(['证件类型: 证件类型“学生证”不正确']);
    expect(problems(education({ 记录类型: '奖惩记录' }))).toEqual(['记录类型: 记录类型应为“教育经历”或“工作经历”']);
    expect(problems(education({ 学历: '大本', 入学时间: '2011-9-1', 学校名称: 'a>b' }))).toEqual([
      '学校名称: 学校名称不能包含“<”“>”等特殊字符',
      '入学时间: 入学时间格式不正确',
      '学历: 学历“大本”不在代码表中',
    ]);
    expect(check(9, education({ 学历: '大本' })).problems).toEqual([{ line: 9, column: '学历', message: '学历“大本”不在代码表中' }]);
  });

  it('offers the header every column of which it reads', () => {
    expect(IMPORT_HEADER.split(',')).toEqual(expect.arrayContaining(['证件类型', '证件号码', '记录类型', '学校名称', '统一社会信用代码', '工作单位电话']));
  });
});
