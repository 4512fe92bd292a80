import { describe, expect, it } from 'vitest';
import { parseScoreCsv, passedSubjectProblem, qualificationCertificateNo, scoreStanding, subjectsStillNeeded, type ScoreResult } from './index';
import { makeId } from '../test-ids';

const today = new Date('2026-06-01T04:00:00Z');
const r = (year: number, level: ScoreResult['level'], subject: string, score = 70, passLine = 60): ScoreResult => ({ year, level, subject, score, passLine });

describe('成绩有效期 (issue 24)', () => {
  it('初级: both subjects in one exam year; a pass of an earlier year is not kept (a re-sit starts again)', () => {
    expect(scoreStanding('junior', [r(2024, 'junior', 'junior_practice'), r(2024, 'junior', 'economic_law_basics')], 2025)).toMatchObject({ qualified: true, qualifiedYear: 2024, remaining: [] });
    const split = scoreStanding('junior', [r(2024, 'junior', 'junior_practice'), r(2025, 'junior', 'economic_law_basics')], 2025);
    expect(split).toMatchObject({ qualified: false, remaining: [{ subject: 'junior_practice' }], validUntil: 2025 });
    expect(scoreStanding('junior', [r(2025, 'junior', 'junior_practice', 59.5)], 2025).remaining).toHaveLength(2);
  });

  it('中级: three within two consecutive years; a score expires on a rolling basis', () => {
    const two = [r(2024, 'intermediate', 'intermediate_practice'), r(2024, 'intermediate', 'financial_management'), r(2025, 'intermediate', 'economic_law')];
    expect(scoreStanding('intermediate', two, 2025)).toMatchObject({ qualified: true, qualifiedYear: 2025 });
    // The year boundary: 2023 + 2025 is three years apart.
    const gap = [r(2023, 'intermediate', 'intermediate_practice'), r(2025, 'intermediate', 'financial_management'), r(2025, 'intermediate', 'economic_law')];
    const s = scoreStanding('intermediate', gap, 2025);
    expect(s).toMatchObject({ qualified: false, remaining: [{ subject: 'intermediate_practice' }], validUntil: 2026 });
    // A re-sit of the expired subject in 2026 completes 2025 + 2026.
    expect(scoreStanding('intermediate', [...gap, r(2026, 'intermediate', 'intermediate_practice')], 2026)).toMatchObject({ qualified: true, qualifiedYear: 2026 });
    // 2024's single pass, seen in 2025, counts until 2025 (its year and the next).
    expect(scoreStanding('intermediate', [r(2024, 'intermediate', 'economic_law')], 2025).validUntil).toBe(2025);
    expect(scoreStanding('intermediate', [r(2024, 'intermediate', 'economic_law')], 2026).valid).toEqual([]);
  });

  it('高级: valid for 评审 for three years, then expired', () => {
    expect(scoreStanding('senior', [r(2023, 'senior', 'senior_practice')], 2025)).toMatchObject({ qualified: true, validUntil: 2025 });
    expect(scoreStanding('senior', [r(2023, 'senior', 'senior_practice')], 2026)).toMatchObject({ qualified: false, text: '2023年度的合格成绩已超过三年有效期' });
  });
});

describe('the results CSV', () => {
  const id = makeId('370102', '19900101');
  it('reads names or codes of the level\'s subjects', () => {
    const csv = `\uFEFF证件号码,科目,成绩,合格线\r\n${id},初级会计实务,72,60\r\n${id},economic_law_basics,"59.5",60\r\n`;
    expect(parseScoreCsv(csv, 'junior', today)).toEqual({
      errors: [],
      lines: [
        { idNumber: id, subject: 'junior_practice', score: 72, passLine: 60 },
        { idNumber: id, subject: 'economic_law_basics', score: 59.5, passLine: 60 },
      ],
    });
  });
  it('reports every bad line by its number and keeps nothing', () => {
    const csv = ['证件号码,科目,成绩,合格线', `${id},初级会计实务,72,60`, '123,初级会计实务,72,60', `${id},财务管理,72,60`, `${id},经济法基础,101,60`, `${id},初级会计实务,70,60`].join('\n');
    const out = parseScoreCsv(csv, 'junior', today);
    expect(out.lines).toEqual([]);
    expect(out.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(out.errors[1]!.message).toContain('不是初级考试的科目');
    expect(out.errors[3]!.message).toBe('与第2行重复（同一证件号码、同一科目）');
    expect(parseScoreCsv('姓名,成绩', 'junior', today).errors).toEqual([{ line: 1, message: '表头应为：证件号码,科目,成绩,合格线' }]);
  });
});

describe('中级报考科目 by the score ledger (issue 24)', () => {
  it('offers only the subjects without a pass still valid in the exam year; a pass two years back is taken again', () => {
    const ledger = [r(2024, 'intermediate', 'economic_law'), r(2025, 'intermediate', 'financial_management'), r(2025, 'intermediate', 'intermediate_practice', 59)];
    // The 2026 exam: 2025's pass counts (rolling), 2024's has expired.
    const in2026 = subjectsStillNeeded('intermediate', ledger, 2026);
    expect(in2026).toMatchObject({ qualified: false, needed: ['intermediate_practice', 'economic_law'], passed: [{ subject: 'financial_management', year: 2025 }] });
    expect(passedSubjectProblem(in2026, ['intermediate_practice', 'economic_law'])).toBeNull();
    expect(passedSubjectProblem(in2026, ['financial_management'])).toBe('“财务管理”已于2025年度合格，成绩仍在有效期内，无需再次报考');
    // Seen in 2025 (its results in): 2024's economic_law still counts beside 2025's pass.
    expect(subjectsStillNeeded('intermediate', ledger, 2025).needed).toEqual(['intermediate_practice']);
    // The year after: nothing of 2025 counts in 2027.
    expect(subjectsStillNeeded('intermediate', ledger, 2027)).toMatchObject({ needed: ['intermediate_practice', 'financial_management', 'economic_law'], passed: [] });
  });

  it('a held 中级 offers nothing; 初级 and 高级 keep nothing from year to year', () => {
    const all = [r(2024, 'intermediate', 'economic_law'), r(2025, 'intermediate', 'financial_management'), r(2025, 'intermediate', 'intermediate_practice')];
    const held = subjectsStillNeeded('intermediate', all, 2026);
    expect(held).toMatchObject({ qualified: true, needed: [] });
    expect(passedSubjectProblem(held, ['economic_law'])).toBe('您已在连续两个考试年度内通过中级资格考试全部科目，无需再报考');
    expect(subjectsStillNeeded('junior', [r(2025, 'junior', 'junior_practice')], 2026).needed).toEqual(['junior_practice', 'economic_law_basics']);
    expect(subjectsStillNeeded('senior', [r(2025, 'senior', 'senior_practice')], 2026).needed).toEqual(['senior_practice']);
  });

  it('certificate numbers: year, province of the ID number, level, a seven-digit serial', () => {
    expect(qualificationCertificateNo(2026, '370102199001011239', 'junior', 42)).toBe('20263710000042');
    expect(qualificationCertificateNo(2025, '110105199001011234', 'intermediate', 5_000_001)).toBe('20251125000001');
    expect(() => qualificationCertificateNo(2025, '110105199001011234', 'junior', 0)).toThrow(RangeError);
  });
});
