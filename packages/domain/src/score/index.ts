import { EXAM_SUBJECTS, examLevelName, subjectName, type ExamLevel } from '../exam/codes';
import { checkIdNumber, normalizeIdNumber } from '../id-number';

// 成绩 (issue 24, beyond the seeds): the exam results a 财政部 administrator imports into the score ledger,
// and what a candidate still needs to qualify under the validity rules. Read by the server (modules/score)
// and by 成绩查询.

/** One imported line: 证件号码, 科目 (name or code), 成绩, 合格线. */
export type ScoreLine = { idNumber: string; subject: string; score: number; passLine: number };
export type ScoreImportError = { line: number; message: string };

/** The most lines one import holds: a province's results of one level fit. */
export const SCORE_IMPORT_MAX_LINES = 20_000;
export const SCORE_CSV_HEADER = ['证件号码', '科目', '成绩', '合格线'] as const;

const NUMBER = /^\d{1,3}(?:\.\d{1,2})?$/;

/** A CSV cell list of one line (quotes as RFC 4180 writes them; no newlines inside cells). */
function cells(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= line.length) return null;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      out.push(value.trim());
      if (i < line.length && line[i] !== ',') return null;
      i++;
    } else {
      const end = line.indexOf(',', i);
      out.push((end === -1 ? line.slice(i) : line.slice(i, end)).trim());
      if (end === -1) break;
      i = end + 1;
    }
  }
  return out;
}

/**
 * The results of one exam level as a CSV (header 证件号码,科目,成绩,合格线; 科目 by its name or code). Every bad
 * line is reported with its number (the header is line 1); any error means nothing is imported.
 */
export function parseScoreCsv(text: string, level: ExamLevel, today: Date): { lines: ScoreLine[]; errors: ScoreImportError[] } {
  const raw = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (raw.length > 0 && raw[raw.length - 1]!.trim() === '') raw.pop();
  const errors: ScoreImportError[] = [];
  const lines: ScoreLine[] = [];
  const head = cells(raw[0] ?? '');
  if (!head || head.join(',') !== SCORE_CSV_HEADER.join(',')) {
    return { lines, errors: [{ line: 1, message: `表头应为：${SCORE_CSV_HEADER.join(',')}` }] };
  }
  if (raw.length < 2) return { lines, errors: [{ line: 2, message: '文件中没有成绩数据' }] };
  if (raw.length - 1 > SCORE_IMPORT_MAX_LINES) return { lines, errors: [{ line: SCORE_IMPORT_MAX_LINES + 2, message: `一次最多导入${SCORE_IMPORT_MAX_LINES}条成绩` }] };
  const subjects = EXAM_SUBJECTS[level];
  const seen = new Map<string, number>();
  raw.slice(1).forEach((text, i) => {
    const line = i + 2;
    const c = cells(text);
    if (!c || c.length !== 4) {
      errors.push({ line, message: '应为4列：证件号码,科目,成绩,合格线' });
      return;
    }
    const [idRaw, subjectRaw, scoreRaw, passRaw] = c as [string, string, string, string];
    const idNumber = normalizeIdNumber('mainland_id', idRaw);
    const idProblem = checkIdNumber('mainland_id', idNumber, today);
    if (idProblem) return void errors.push({ line, message: `证件号码：${idProblem}` });
    const subject = subjects.find((s) => s.code === subjectRaw || s.name === subjectRaw);
    if (!subject) return void errors.push({ line, message: `科目“${subjectRaw}”不是${examLevelName(level)}考试的科目（${subjects.map((s) => s.name).join('、')}）` });
    if (!NUMBER.test(scoreRaw) || Number(scoreRaw) > 100) return void errors.push({ line, message: '成绩应为0到100之间的数字（最多两位小数）' });
    if (!NUMBER.test(passRaw) || Number(passRaw) > 100 || Number(passRaw) === 0) return void errors.push({ line, message: '合格线应为1到100之间的数字' });
    const key = `${idNumber}|${subject.code}`;
    if (seen.has(key)) return void errors.push({ line, message: `与第${seen.get(key)}行重复（同一证件号码、同一科目）` });
    seen.set(key, line);
    lines.push({ idNumber, subject: subject.code, score: Number(scoreRaw), passLine: Number(passRaw) });
  });
  return { lines: errors.length ? [] : lines, errors };
}

// ---- validity (成绩有效期) ----

export type ScoreResult = { year: number; level: ExamLevel; subject: string; score: number; passLine: number };

export type ScoreStanding = {
  level: ExamLevel;
  levelLabel: string;
  /** 已合格: the level's rule met (初级 / 中级: a qualification; 高级: may apply for 评审 until `validUntil`). */
  qualified: boolean;
  /** The exam year that completed it. */
  qualifiedYear: number | null;
  /** The passed subjects that still count (for 中级, within the rolling two years). */
  valid: Array<{ subject: string; subjectLabel: string; year: number }>;
  /** Subjects still needed (none when qualified). */
  remaining: Array<{ subject: string; subjectLabel: string }>;
  /** The last exam year the passes still count for (中级: rolling; 高级: three years for 评审). */
  validUntil: number | null;
  text: string;
};

const passed = (r: ScoreResult) => r.score >= r.passLine;

/**
 * What a candidate's results mean at `currentYear` (issue 24): 初级 both subjects in one exam year; 中级 all
 * three within two consecutive exam years (a pass counts in its year and the next: rolling); 高级 a pass
 * is valid for 评审 for three years (its year and the two after, the national line's period).
 */
export function scoreStanding(level: ExamLevel, results: readonly ScoreResult[], currentYear: number): ScoreStanding {
  const subjects = EXAM_SUBJECTS[level].map((s) => s.code as string);
  const mine = results.filter((r) => r.level === level && passed(r));
  const label = (subject: string) => subjectName(subject);
  const base = { level, levelLabel: examLevelName(level) };
  const years = [...new Set(mine.map((r) => r.year))].sort((a, b) => a - b);
  const passedIn = (from: number, to: number) => new Map(mine.filter((r) => r.year >= from && r.year <= to).map((r) => [r.subject, r.year]));

  if (level === 'junior') {
    const done = years.find((y) => subjects.every((s) => passedIn(y, y).has(s)));
    if (done !== undefined) return { ...base, qualified: true, qualifiedYear: done, valid: subjects.map((s) => ({ subject: s, subjectLabel: label(s), year: done })), remaining: [], validUntil: null, text: `${done}年度两科均合格，已取得初级资格` };
    const current = passedIn(currentYear, currentYear);
    return {
      ...base,
      qualified: false,
      qualifiedYear: null,
      valid: [...current].map(([s, y]) => ({ subject: s, subjectLabel: label(s), year: y })),
      remaining: subjects.filter((s) => !current.has(s)).map((s) => ({ subject: s, subjectLabel: label(s) })),
      validUntil: current.size ? currentYear : null,
      text: '初级须在同一考试年度内两科均合格；往年单科合格不予保留',
    };
  }

  if (level === 'intermediate') {
    // The first window of two consecutive years holding all three.
    const done = years.find((y) => subjects.every((s) => passedIn(y - 1, y).has(s)));
    if (done !== undefined) {
      const held = passedIn(done - 1, done);
      return { ...base, qualified: true, qualifiedYear: done, valid: subjects.map((s) => ({ subject: s, subjectLabel: label(s), year: held.get(s)! })), remaining: [], validUntil: null, text: `${done}年度三科均在连续两个考试年度内合格，已取得中级资格` };
    }
    // Still counting: passes of this year and last (each the latest of its subject).
    const window = passedIn(currentYear - 1, currentYear);
    const oldest = Math.min(...window.values());
    return {
      ...base,
      qualified: false,
      qualifiedYear: null,
      valid: [...window].map(([s, y]) => ({ subject: s, subjectLabel: label(s), year: y })),
      remaining: subjects.filter((s) => !window.has(s)).map((s) => ({ subject: s, subjectLabel: label(s) })),
      validUntil: window.size ? oldest + 1 : null,
      text: '中级须在连续两个考试年度内三科均合格；单科成绩滚动有效两年',
    };
  }

  // 高级: the latest pass, valid for 评审 in its year and the two after.
  const last = years[years.length - 1];
  if (last !== undefined && currentYear <= last + 2) {
    return { ...base, qualified: true, qualifiedYear: last, valid: subjects.map((s) => ({ subject: s, subjectLabel: label(s), year: last })), remaining: [], validUntil: last + 2, text: `高级会计实务${last}年度合格，${last + 2}年底前可申报高级会计师评审` };
  }
  return {
    ...base,
    qualified: false,
    qualifiedYear: null,
    valid: [],
    remaining: subjects.map((s) => ({ subject: s, subjectLabel: label(s) })),
    validUntil: null,
    text: last !== undefined ? `${last}年度的合格成绩已超过三年有效期` : '高级会计实务合格后三年内可申报评审',
  };
}

// ---- what an enrollment may offer (中级) ----

/** The subjects a candidate may still take at `level` in the exam of `examYear`, by the score ledger. */
export type SubjectsStillNeeded = {
  /** The subjects an enrollment may choose (all of them when the level keeps no pass from year to year). */
  needed: string[];
  /** Passes that still count in `examYear` (中级: the year before; rolling), so are not taken again. */
  passed: Array<{ subject: string; subjectLabel: string; year: number }>;
  /** The level's qualification is held already (all subjects within two consecutive years). */
  qualified: boolean;
};

/**
 * 中级报考科目 (issue 24): a pass counts in its exam year and the next, so the exam of `examYear` offers only the
 * subjects without a pass in `examYear - 1` (or `examYear` itself, when that year's results are in already);
 * nothing when the qualification is held. 初级 and 高级 keep no pass from one year to the next: all subjects.
 */
export function subjectsStillNeeded(level: ExamLevel, results: readonly ScoreResult[], examYear: number): SubjectsStillNeeded {
  const all = EXAM_SUBJECTS[level].map((s) => s.code as string);
  if (level !== 'intermediate') return { needed: all, passed: [], qualified: false };
  const standing = scoreStanding(level, results.filter((r) => r.year <= examYear), examYear);
  if (standing.qualified) return { needed: [], passed: standing.valid, qualified: true };
  return { needed: standing.remaining.map((r) => r.subject), passed: standing.valid, qualified: false };
}

/** Why a chosen subject is not offered (null: every chosen one is still needed). */
export function passedSubjectProblem(stillNeeded: SubjectsStillNeeded, subjects: readonly string[]): string | null {
  if (stillNeeded.qualified) return '您已在连续两个考试年度内通过中级资格考试全部科目，无需再报考';
  for (const s of subjects) {
    if (stillNeeded.needed.includes(s)) continue;
    const pass = stillNeeded.passed.find((p) => p.subject === s);
    if (pass) return `“${pass.subjectLabel}”已于${pass.year}年度合格，成绩仍在有效期内，无需再次报考`;
  }
  return null;
}

// ---- certificates (资格证书) ----

/** The levels whose exam alone grants the qualification (高级 is decided by 评审 after the exam). */
export const CERTIFIED_LEVELS = ['junior', 'intermediate'] as const;
export type CertifiedLevel = (typeof CERTIFIED_LEVELS)[number];
export const CERTIFICATE_TITLES: Record<CertifiedLevel, string> = { junior: '助理会计师', intermediate: '会计师' };

/**
 * A 资格证书 number, in the scheme the national records' sandbox uses: exam year (4), the province of the ID
 * number (2), level (1 初级, 2 中级), serial (7). The serial comes from the platform's own sequence.
 */
export function qualificationCertificateNo(examYear: number, idNumber: string, level: CertifiedLevel, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 9_999_999) throw new RangeError('certificate serial out of range');
  return `${examYear}${idNumber.slice(0, 2)}${level === 'junior' ? 1 : 2}${String(serial).padStart(7, '0')}`;
}
