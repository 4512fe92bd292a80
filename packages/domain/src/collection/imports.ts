import { checkIdNumber, ID_TYPES, normalizeIdNumber, type IdType } from '../id-number';
import { DEGREES, EDUCATION_LEVELS, INDUSTRIES, STUDY_MODES, UNIT_TYPES } from './codes';
import { collectionSchemas } from './schemas';

/**
 * 历史教育经历 / 历史工作经历 (seed 001 §3.3–3.4): a province's earlier platform exports what it
 * collected and approved, as CSV with a header row, and an administrator imports it. Columns (Chinese,
 * as the export names them): 证件类型, 证件号码, 记录类型 (教育经历 | 工作经历), then the record's
 * fields. Values of code tables are given by name (全日制, 本科 …). A field left empty is one the
 * person fills in; a field given passes the same rule as in the person's form (issue 17 item 14).
 */
export const IMPORT_COLUMNS = {
  education: {
    培养方式: 'studyMode',
    学校名称: 'school',
    入学时间: 'startDate',
    毕业时间: 'endDate',
    学历: 'educationLevel',
    学历证书编号: 'diplomaNo',
    学位: 'degree',
    学位证书编号: 'degreeNo',
    所学专业: 'major',
  },
  work: {
    工作开始时间: 'startDate',
    工作结束时间: 'endDate',
    单位名称: 'unitName',
    统一社会信用代码: 'uscc',
    单位类型: 'unitType',
    所属行业: 'industry',
    工作单位电话: 'phone',
  },
} as const;

export const IMPORT_PERSON_COLUMNS = ['证件类型', '证件号码', '记录类型'] as const;

/** The header a province's export carries (the template the console offers). */
export const IMPORT_HEADER = [...IMPORT_PERSON_COLUMNS, ...Object.keys(IMPORT_COLUMNS.education), ...Object.keys(IMPORT_COLUMNS.work)].join(',');

const COLUMN_ORDER = IMPORT_HEADER.split(',');

/** Rows of one file at most: a province imports in parts. */
export const IMPORT_MAX_ROWS = 10_000;

const CODED: Record<string, ReadonlyArray<{ code: string; name: string }>> = {
  studyMode: STUDY_MODES,
  educationLevel: EDUCATION_LEVELS,
  degree: DEGREES,
  unitType: UNIT_TYPES,
  industry: INDUSTRIES,
};

export type ImportPart = keyof typeof IMPORT_COLUMNS;
/** One problem of a row: the line of the file (the header is line 1), the column, the message. */
export type ImportProblem = { line: number; column: string; message: string };
export type ImportRow = { line: number; idType: IdType; idNumber: string; part: ImportPart; data: Record<string, unknown> };

/**
 * The checker of an import's rows at the instant `now` (dates may not be after today in China).
 * `cell(column)` reads a column of the row, '' when the file has no such column.
 */
export function importRowChecker(now: () => Date) {
  const schemas = collectionSchemas(now);
  const formOf = { education: schemas.ZEducationRequest, work: schemas.ZWorkRequest };

  return function checkRow(line: number, cell: (column: string) => string): { row: ImportRow; problems: [] } | { row: null; problems: ImportProblem[] } {
    const problems: ImportProblem[] = [];
    const problem = (column: string, message: string) => void problems.push({ line, column, message });

    const typeCell = cell('证件类型');
    const idType = ID_TYPES.find((t) => t.label === typeCell || t.value === typeCell)?.value;
    if (!idType) problem('证件类型', typeCell ? `证件类型“${typeCell}”不正确` : '请填写证件类型');
    const idNumber = idType ? normalizeIdNumber(idType, cell('证件号码')) : cell('证件号码');
    if (idType) {
      const wrong = checkIdNumber(idType, idNumber, now());
      if (wrong) problem('证件号码', wrong);
    }
    const kind = cell('记录类型');
    const part: ImportPart | null = kind === '教育经历' ? 'education' : kind === '工作经历' ? 'work' : null;
    if (!part) {
      problem('记录类型', '记录类型应为“教育经历”或“工作经历”');
      return { row: null, problems };
    }

    // The values as the form would send them: code-table names made codes, 至今 an open end.
    const columns = IMPORT_COLUMNS[part] as Record<string, string>;
    const columnOf = Object.fromEntries(Object.entries(columns).map(([column, field]) => [field, column]));
    const given: Record<string, unknown> = {};
    for (const [column, field] of Object.entries(columns)) {
      const raw = cell(column);
      if (!raw) continue;
      if (field === 'endDate' && raw === '至今') given[field] = null;
      else if (CODED[field]) {
        const code = CODED[field]!.find((c) => c.name === raw || c.code === raw)?.code;
        if (code) given[field] = code;
        else problem(column, `${column}“${raw}”不在代码表中`);
      } else given[field] = raw;
    }

    // The form's own schema judges what was given; what it asks for that the file left empty is the
    // person's to fill in, so only issues of given fields count (the cross-field rules, such as an end
    // before the start, carry the path of a given field too).
    const form = formOf[part];
    const parsed = form.safeParse(given);
    const reported = new Set<string>();
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        if (!(field in given) || reported.has(field)) continue;
        reported.add(field);
        problem(columnOf[field]!, issue.message);
      }
    }
    if (problems.length || !idType) return { row: null, problems: problems.sort((a, b) => COLUMN_ORDER.indexOf(a.column) - COLUMN_ORDER.indexOf(b.column)) };

    // Each given field as the form's field schema outputs it (trimmed, a credit code normalized).
    const shape = form.shape as Record<string, { parse: (v: unknown) => unknown }>;
    const data = Object.fromEntries(Object.entries(given).map(([field, value]) => [field, shape[field]!.parse(value)]));
    return { row: { line, idType, idNumber, part, data }, problems: [] };
  };
}
