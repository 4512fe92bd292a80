import { randomUUID, createHash } from 'node:crypto';
import { IMPORT_MAX_ROWS, IMPORT_PERSON_COLUMNS, importRowChecker, type ImportProblem, type ImportRow } from '@ausm/domain';
import type { Db } from '../../db/client';
import type { AuditLog, RequestOrigin } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { blindIndex } from '../../platform/pii/keyring';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { StaffContext } from '../staff';
import { CollectionRepo } from './repo';
import { collectionImports } from './tables';

export type ImportResult = { imported: number; skipped: number };

/**
 * What makes an imported row the same row again (collection_imports.source_key): keyed with the blind-index
 * key, since a plain hash of an ID number and a row's few fields could be reversed by trying numbers.
 */
export const importSourceKey = (idType: string, idNumber: string, part: string, data: Record<string, unknown>, index = blindIndex): string =>
  // Keys sorted: the data migration recomputes it from jsonb, which does not keep the order they were written in.
  index(JSON.stringify([idType, idNumber, part, Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))]));

/** Problems listed in the answer at most; the message counts them all. */
const LISTED_PROBLEMS = 200;

/**
 * 导入历史采集信息 (seed 001 §3.3–3.4): the CSV of a province's earlier platform (the columns are the
 * domain's, collection/imports.ts). Every row passes the rules of the person's own form, and may
 * reach only a person whose 会计管理部门 is within the importer's authority, or who has chosen none yet
 * (issue 17 item 14). Any bad row and nothing is imported: the answer lists each problem by line,
 * column and message, and the administrator sends the corrected file again.
 */
export class CollectionImports {
  private readonly repo = new CollectionRepo();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly accounts: AccountService,
    private readonly authorities: AuthorityService,
    private readonly audit: AuditLog,
  ) {}

  async importCsv(staff: StaffContext, csv: string, origin: RequestOrigin): Promise<ImportResult> {
    // A province's export is imported at the province (or by the Ministry), by an administrator.
    if (!staff.roles.includes('admin') || !['national', 'province'].includes(staff.authorityLevel)) {
      throw new AppError(403, 'import/forbidden', '仅省级及以上管理员可以导入历史采集信息');
    }
    const lines = parseCsv(csv);
    if (lines.length < 2) throw new AppError(400, 'import/empty', '导入文件没有数据行');
    if (lines.length - 1 > IMPORT_MAX_ROWS) throw new AppError(400, 'import/too_many', `一次最多导入${IMPORT_MAX_ROWS}行`);
    const header = lines[0]!.map((h) => h.trim());
    for (const required of IMPORT_PERSON_COLUMNS) {
      if (!header.includes(required)) throw new AppError(400, 'import/header', `导入文件缺少“${required}”列`);
    }

    const checkRow = importRowChecker(() => this.clock.now());
    const problems: ImportProblem[] = [];
    const rows: ImportRow[] = [];
    lines.slice(1).forEach((cells, i) => {
      if (cells.every((c) => c.trim() === '')) return;
      const checked = checkRow(i + 2, (column) => (cells[header.indexOf(column)] ?? '').trim());
      if (checked.row) rows.push(checked.row);
      else problems.push(...checked.problems);
    });
    problems.push(...(await this.outOfScope(staff, rows)));

    if (problems.length) {
      const badLines = new Set(problems.map((p) => p.line)).size;
      problems.sort((a, b) => a.line - b.line);
      throw new AppError(400, 'import/invalid', `导入文件有${badLines}行数据不正确，未导入任何数据`, {
        data: { errors: problems.slice(0, LISTED_PROBLEMS), errorCount: problems.length },
      });
    }

    const now = this.clock.now();
    const values = rows.map((r) => ({
      id: randomUUID(),
      idType: r.idType,
      idNumber: r.idNumber,
      idNumberIndex: blindIndex(r.idNumber),
      part: r.part,
      data: r.data,
      sourceKey: importSourceKey(r.idType, r.idNumber, r.part, r.data),
      importedBy: staff.staffId,
      authorityId: staff.authorityId,
      authorityPath: staff.authorityPath,
      importedAt: now,
    }));
    // One transaction: the whole file or nothing.
    let imported = 0;
    await this.db.transaction(async (tx) => {
      for (let i = 0; i < values.length; i += 500) {
        const done = await tx.insert(collectionImports).values(values.slice(i, i + 500)).onConflictDoNothing().returning({ id: collectionImports.id });
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
    return { imported, skipped: values.length - imported };
  }

  /**
   * Rows for a person already in the file of an authority outside the importer's: a 山东省
   * administrator wrote into a 北京市 accountant's records this way. The person's authority is the
   * 会计管理部门 of their collection; someone who has chosen none yet is nobody's, and the rows wait
   * (records.ts takes them only while the person's authority is within the importer's).
   */
  private async outOfScope(staff: StaffContext, rows: ImportRow[]): Promise<ImportProblem[]> {
    if (!rows.length) return [];
    const accountOf = await this.accounts.idsByIdDocuments(rows);
    const authorityOf = await this.repo.authoritiesOf(this.db, [...new Set(accountOf.values())]);
    const problems: ImportProblem[] = [];
    const verdicts = new Map<string, boolean>();
    for (const row of rows) {
      const accountId = accountOf.get(`${row.idType}:${row.idNumber}`);
      const authorityId = accountId ? authorityOf.get(accountId) : undefined;
      if (!authorityId) continue;
      let within = verdicts.get(authorityId);
      if (within === undefined) verdicts.set(authorityId, (within = await this.authorities.within(staff.authorityPath, authorityId)));
      if (!within) problems.push({ line: row.line, column: '证件号码', message: '该人员的会计管理部门不在本部门管辖范围内，不能导入' });
    }
    return problems;
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
