import { createHash, randomUUID } from 'node:crypto';
import {
  DEGREES,
  EDUCATION_LEVELS,
  ID_TYPES,
  INDUSTRIES,
  normalizeIdNumber,
  STUDY_MODES,
  UNIT_TYPES,
} from '@ausm/domain';
import type { Db } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { blindIndex } from '../../platform/pii/keyring';
import type { ReviewerScope } from '../../platform/review/engine';
import { collectionImports } from './tables';

/**
 * 历史教育经历 / 历史工作经历 (seed 001 §3.3–3.4): an administrator imports what a province's earlier
 * platform collected and approved, as CSV with a header row. Columns (Chinese, as a province's export
 * names them): 证件类型, 证件号码, 记录类型 (教育经历 | 工作经历), then the record's fields. Values of
 * code tables are given by name (全日制, 本科 …). A field left empty is one the person fills in.
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

const CODED: Record<string, ReadonlyArray<{ code: string; name: string }>> = {
  studyMode: STUDY_MODES,
  educationLevel: EDUCATION_LEVELS,
  degree: DEGREES,
  unitType: UNIT_TYPES,
  industry: INDUSTRIES,
};
const MAX_ROWS = 10_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What makes an imported row the same row again (collection_imports.source_key): keyed with the blind-index
 * key, since a plain hash of an ID number and a row's few fields could be reversed by trying numbers.
 */
export const importSourceKey = (idType: string, idNumber: string, part: string, data: Record<string, unknown>, index = blindIndex): string =>
  // Keys sorted: the data migration recomputes it from jsonb, which does not keep the order they were written in.
  index(JSON.stringify([idType, idNumber, part, Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))]));

export type ImportResult = { imported: number; skipped: number; errors: Array<{ line: number; message: string }> };

export class CollectionImports {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  /** All rows are checked first; any error and nothing is imported (the file is fixed and sent again). */
  async importCsv(staff: ReviewerScope, csv: string, origin: RequestOrigin): Promise<ImportResult> {
    const lines = parseCsv(csv);
    if (lines.length < 2) throw new AppError(400, 'import/empty', '导入文件没有数据行');
    if (lines.length - 1 > MAX_ROWS) throw new AppError(400, 'import/too_many', `一次最多导入${MAX_ROWS}行`);
    const header = lines[0]!.map((h) => h.trim());
    for (const required of ['证件类型', '证件号码', '记录类型']) {
      if (!header.includes(required)) throw new AppError(400, 'import/header', `导入文件缺少“${required}”列`);
    }
    const errors: ImportResult['errors'] = [];
    const rows: Array<typeof collectionImports.$inferInsert> = [];
    const now = this.clock.now();
    lines.slice(1).forEach((cells, i) => {
      const line = i + 2;
      if (cells.every((c) => c.trim() === '')) return;
      const get = (name: string) => (cells[header.indexOf(name)] ?? '').trim();
      const idType = ID_TYPES.find((t) => t.label === get('证件类型') || t.value === get('证件类型'))?.value;
      if (!idType) return void errors.push({ line, message: '证件类型不正确' });
      const idNumber = normalizeIdNumber(idType, get('证件号码'));
      if (!idNumber) return void errors.push({ line, message: '证件号码不能为空' });
      const kind = get('记录类型');
      const part = kind === '教育经历' ? 'education' : kind === '工作经历' ? 'work' : null;
      if (!part) return void errors.push({ line, message: '记录类型应为“教育经历”或“工作经历”' });
      const data: Record<string, unknown> = {};
      for (const [column, field] of Object.entries(IMPORT_COLUMNS[part])) {
        const raw = get(column);
        if (!raw) continue;
        if (field === 'endDate' && raw === '至今') {
          data[field] = null;
          continue;
        }
        if (field.endsWith('Date') && !DATE.test(raw)) return void errors.push({ line, message: `${column}应为YYYY-MM-DD` });
        const table = CODED[field];
        if (table) {
          const code = table.find((c) => c.name === raw || c.code === raw)?.code;
          if (!code) return void errors.push({ line, message: `${column}“${raw}”不在代码表中` });
          data[field] = code;
        } else data[field] = raw.slice(0, 100);
      }
      const sourceKey = importSourceKey(idType, idNumber, part, data);
      rows.push({ id: randomUUID(), idType, idNumber, idNumberIndex: blindIndex(idNumber), part, data, sourceKey, importedBy: staff.staffId, importedAt: now });
    });
    if (errors.length) throw new AppError(400, 'import/invalid', `导入文件有${errors.length}行数据不正确，未导入任何数据`, { data: { errors: errors.slice(0, 100) } });
    let imported = 0;
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < rows.length; i += 500) {
        const done = await tx.insert(collectionImports).values(rows.slice(i, i + 500)).onConflictDoNothing().returning({ id: collectionImports.id });
        imported += done.length;
      }
      // The file holds ID numbers: the trail keeps its digest and counts, which identify it without them.
      await this.audit.record(
        tx,
        {
          kind: 'collection_import',
          actor: staff,
          detail: { rows: rows.length, imported, skipped: rows.length - imported, sha256: createHash('sha256').update(csv).digest('hex') },
        },
        origin,
      );
    });
    return { imported, skipped: rows.length - imported, errors: [] };
  }
}

/** RFC 4180: quoted fields with "" escapes and line breaks; a UTF-8 BOM (Excel's export) is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length) row.push(field), rows.push(row);
  return rows;
}
