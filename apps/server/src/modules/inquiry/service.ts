import { maskIdentifier, maskIdNumber, maskName, type TInquiryField, type TInquiryRecord, type TLastChange } from '@ausm/domain';
import type { Db } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { beijingDate, beijingTime, formatCode, renderPdf, type PdfBlock, type PrintedDocuments } from '../../platform/pdf';
import type { ReviewEngine } from '../../platform/review/engine';
import type { AccountService } from '../account';
import { basicDisplay, collectionReviewKinds, COLLECTION_KINDS, educationDisplay, workDisplay, type CollectionService } from '../collection';

export type RecordPart = 'basic' | 'education' | 'work' | 'authority';

/**
 * Where a part's last change comes from besides 信息采集: 信息变更 (and later 属地关系调转) register
 * theirs here, so this module never reads their tables. A later instant wins over collection's approval.
 */
export type LastChangeSource = (accountId: string) => Promise<Partial<Record<RecordPart, { at: Date; kind: string }>>>;

/** The view a record is built for: the screen masks identifiers, the printed 信息表 carries them whole. */
type View = 'screen' | 'print';

const PRINT_KIND = 'inquiry_record';
const PRINT_TITLE = '会计人员信息表';

const notApproved = () =>
  new AppError(409, 'inquiry/not_approved', '您的会计人员信息采集尚未审核通过，暂无可查询的信息。请先完成信息采集并等待审核通过。');

const labels = (kind: string) => new Map(collectionReviewKinds().find((k) => k.kind === kind)!.fields!.map((f) => [f.key, f.label]));
const BASIC_LABELS = labels(COLLECTION_KINDS.basic);
const EDUCATION_LABELS = labels(COLLECTION_KINDS.education);
const WORK_LABELS = labels(COLLECTION_KINDS.work);

/** Label/value pairs in the order of the labels, leaving out `skip` and values a record does not have where `optional`. */
function fields(display: Record<string, unknown>, names: Map<string, string>, skip: string[] = [], optional: string[] = []): TInquiryField[] {
  const out: TInquiryField[] = [];
  for (const [key, label] of names) {
    if (skip.includes(key)) continue;
    const value = String(display[key] ?? '');
    if (!value && optional.includes(key)) continue;
    out.push({ key, label, value });
  }
  return out;
}

/**
 * 信息查询 (issue 18; seed 001 服务大厅 › 信息查询): the person's approved record, read-only, each
 * part with its last change, and the 会计人员信息表 PDF with a verification code anyone can check.
 */
export class InquiryService {
  private readonly changeSources: LastChangeSource[] = [];

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly collection: CollectionService,
    private readonly accounts: AccountService,
    private readonly reviews: ReviewEngine,
    private readonly printed: PrintedDocuments,
    private readonly publicBaseUrl: string,
  ) {}

  /** 信息变更 and 属地关系调转 call this at start-up to report the parts' later changes. */
  addChangeSource(source: LastChangeSource): void {
    this.changeSources.push(source);
  }

  async record(accountId: string, view: View = 'screen'): Promise<TInquiryRecord> {
    if ((await this.collection.status(accountId)) !== 'approved') throw notApproved();
    const [state, identity] = await Promise.all([this.collection.state(accountId), this.accounts.identity(accountId)]);
    // Read again: a part could have left 审核通过 between the two reads.
    if (state.collectionStatus !== 'approved' || !state.basic || !identity) throw notApproved();
    const print = view === 'print';

    const basic = basicDisplay(
      state.scope,
      state.basic,
      { idTypeLabel: state.readonly.idTypeLabel, idNumber: identity.idNumber, realName: identity.realName, sex: state.readonly.sex, birthDate: state.readonly.birthDate },
      state.authority?.name ?? '',
      state.qualification,
    );
    if (!print) {
      basic.idNumber = maskIdNumber(identity.idNumber);
      basic.realName = maskName(identity.realName);
      if (basic.residencePermitNo) basic.residencePermitNo = maskIdentifier(String(basic.residencePermitNo));
    }
    const maskNumbers = (d: Record<string, unknown>) => {
      if (print) return d;
      for (const k of ['diplomaNo', 'degreeNo']) if (d[k]) d[k] = maskIdentifier(String(d[k]));
      return d;
    };

    const changes = await this.lastChanges(accountId, state.notices);
    return {
      basic: { fields: fields(basic, BASIC_LABELS, ['authority'], ['residencePermitNo', 'qualification', 'email', 'postalCode']), lastChange: changes.basic ?? null },
      education: {
        rows: state.education.map((e) => fields(maskNumbers(educationDisplay(e, e.degreeCheck)), EDUCATION_LABELS, [], ['diplomaNo', 'degreeNo'])),
        lastChange: changes.education ?? null,
      },
      work: {
        rows: state.work.map((w) => fields(workDisplay(w), WORK_LABELS, [], ['phone', 'experiences', 'accountingPost', 'appointmentDate'])),
        lastChange: changes.work ?? null,
      },
      authority: { name: state.authority?.name ?? '', lastChange: changes.authority ?? null },
    };
  }

  /** The 会计人员信息表 of the person's own approved record, with the generation time and a verification code. */
  async pdf(accountId: string): Promise<{ bytes: Uint8Array; filename: string; code: string }> {
    const record = await this.record(accountId, 'print');
    const identity = (await this.accounts.identity(accountId))!;
    const now = this.clock.now();
    const { code } = await this.printed.issue(this.db, { kind: PRINT_KIND, accountId, title: PRINT_TITLE, holderMasked: maskName(identity.realName), issuedAt: now });
    const printedCode = formatCode(code);
    const verifyAt = `${this.publicBaseUrl.replace(/\/$/, '')}/verify`;
    const bytes = await renderPdf({
      title: PRINT_TITLE,
      subtitle: [`生成时间：${beijingTime(now)}（北京时间）　验证码：${printedCode}`],
      blocks: recordBlocks(record, printedCode, verifyAt),
      footer: `验证码 ${printedCode}　核验网址 ${verifyAt}`,
      meta: { subject: `${PRINT_TITLE} ${printedCode}`, createdAt: now },
    });
    return { bytes, filename: `${PRINT_TITLE}-${beijingDate(now).replace(/-/g, '')}.pdf`, code: printedCode };
  }

  /** The public check of a printed code: the masked name and the time only. */
  async verify(code: string): Promise<{ title: string; holderMasked: string; issuedAt: string }> {
    const found = await this.printed.verify(code);
    if (!found) throw new AppError(404, 'inquiry/code_not_found', '未找到该验证码对应的文件，请核对验证码后重新输入');
    return { title: found.title, holderMasked: found.holderMasked, issuedAt: beijingTime(found.issuedAt) };
  }

  /** Each part's last change: collection's approval of it, unless a registered source knows of a later one. */
  private async lastChanges(accountId: string, notices: Array<{ part: string; reviewItemId: string }>): Promise<Partial<Record<RecordPart, TLastChange>>> {
    const items = await this.reviews.forAccountByIds(accountId, notices.map((n) => n.reviewItemId));
    const decided = new Map(items.filter((i) => i.status === 'approved' && i.decidedAt).map((i) => [i.id, i.decidedAt!]));
    const latest: Partial<Record<RecordPart, { at: Date; kind: string }>> = {};
    // A change decided at the same instant as the approval (the sandbox clock standing still) came after it.
    const offer = (part: RecordPart, at: Date, kind: string, orSame = false) => {
      const known = latest[part]?.at;
      if (!known || known < at || (orSame && known.getTime() === at.getTime())) latest[part] = { at, kind };
    };
    for (const n of notices) {
      const at = decided.get(n.reviewItemId);
      if (!at) continue;
      offer(n.part as RecordPart, at, '信息采集（审核通过）');
      // The 会计管理部门 is chosen in 信息采集 and reviewed with 基本信息.
      if (n.part === 'basic') offer('authority', at, '信息采集（审核通过）');
    }
    for (const source of this.changeSources) {
      for (const [part, change] of Object.entries(await source(accountId))) if (change) offer(part as RecordPart, change.at, change.kind, true);
    }
    const out: Partial<Record<RecordPart, TLastChange>> = {};
    for (const [part, c] of Object.entries(latest)) out[part as RecordPart] = { date: beijingDate(c.at), kind: c.kind };
    return out;
  }
}

const changeLine = (c: TLastChange | null) => (c ? `最近变更：${c.date}　${c.kind}` : '最近变更：—');
const pick = (row: TInquiryField[], key: string) => row.find((f) => f.key === key)?.value ?? '';
const joined = (...parts: string[]) => parts.filter((p) => p && p !== '无').join(' / ');

/** The 信息表's layout: 基本信息 as a grid, the records as tables, then the authority. */
function recordBlocks(record: TInquiryRecord, code: string, verifyAt: string): PdfBlock[] {
  const wide = new Set(['address', 'scope', 'residencePermitNo', 'qualification']);
  return [
    { type: 'heading', text: '基本信息' },
    { type: 'paragraph', text: changeLine(record.basic.lastChange), muted: true },
    { type: 'fields', rows: record.basic.fields.map((f) => ({ label: f.label, value: f.value, wide: wide.has(f.key) })) },
    { type: 'heading', text: '教育经历' },
    { type: 'paragraph', text: changeLine(record.education.lastChange), muted: true },
    {
      type: 'table',
      columns: [
        { header: '起止时间', width: 2.1 },
        { header: '学校名称', width: 2.4 },
        { header: '学历 / 学位', width: 1.6 },
        { header: '所学专业', width: 1.5 },
        { header: '培养方式', width: 1.2 },
        { header: '证书编号', width: 2.6 },
      ],
      rows: record.education.rows.map((r) => [
        `${pick(r, 'startDate')} 至 ${pick(r, 'endDate')}`,
        pick(r, 'school'),
        joined(pick(r, 'educationLevel'), pick(r, 'degree')),
        pick(r, 'major'),
        pick(r, 'studyMode'),
        [pick(r, 'diplomaNo') && `学历 ${pick(r, 'diplomaNo')}`, pick(r, 'degreeNo') && `学位 ${pick(r, 'degreeNo')}`].filter(Boolean).join('\n'),
      ]),
    },
    { type: 'heading', text: '工作经历' },
    { type: 'paragraph', text: changeLine(record.work.lastChange), muted: true },
    {
      type: 'table',
      columns: [
        { header: '起止时间', width: 2.1 },
        { header: '单位名称', width: 2.6 },
        { header: '单位类型 / 行业', width: 2 },
        { header: '会计专业职务', width: 1.6 },
        { header: '会计工作经历', width: 3 },
      ],
      rows: record.work.rows.map((r) => [
        `${pick(r, 'startDate')} 至 ${pick(r, 'endDate')}`,
        pick(r, 'unitName'),
        joined(pick(r, 'unitType'), pick(r, 'industry')),
        pick(r, 'accountingPost') ? `${pick(r, 'accountingPost')}${pick(r, 'appointmentDate') ? `（聘任 ${pick(r, 'appointmentDate')}）` : ''}` : '',
        pick(r, 'experiences') || (pick(r, 'hasAccountingExperience') === '否' ? '无会计工作经历' : ''),
      ]),
    },
    { type: 'heading', text: '所属会计管理部门' },
    { type: 'paragraph', text: changeLine(record.authority.lastChange), muted: true },
    { type: 'fields', rows: [{ label: '会计管理部门', value: record.authority.name, wide: true }] },
    {
      type: 'paragraph',
      muted: true,
      text: `说明：本表内容为本人在全国会计人员统一服务管理平台审核通过的会计人员信息，以平台记录为准。任何人可在 ${verifyAt} 输入验证码 ${code} 核验本表的真实性。`,
    },
  ];
}
