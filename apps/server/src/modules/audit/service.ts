import { auditEventLabel, isAuditId, maskIdNumber, maskMobile, STAFF_ROLE_LABELS, type TAuditQuery } from '@ausm/domain';
import type { Db } from '../../db/client';
import type { AuditLog, AuditRecord } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import type { ReviewEngine } from '../../platform/review/engine';
import type { AccountService } from '../account';
import type { AuthorityService } from '../authority';
import type { StaffContext, StaffService } from '../staff';

/** Who did it, or about whom it is: the ids the console filters by, and a label with masked values only. */
export type AuditParty = { type: 'staff' | 'accountant' | 'anonymous' | 'none'; id: string | null; username: string | null; label: string };

export type AuditEventView = {
  id: string;
  at: Date;
  kind: string;
  kindLabel: string;
  actor: AuditParty;
  subject: AuditParty;
  summary: string;
  ip: string | null;
  userAgent: string | null;
};

const DAY_MS = 86_400_000;
// A day of the search is a day in China, whatever the server's zone.
const chinaMidnight = (day: string) => new Date(`${day}T00:00:00+08:00`);
const chinaTime = (iso: unknown) =>
  typeof iso === 'string' && !Number.isNaN(Date.parse(iso))
    ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    : '';

/** Events an accountant's own session or proof (an SMS code) stands behind; a failure is anyone's. */
const ACCOUNTANT_ACTS = new Set(['register', 'login_success', 'logout', 'password_reset', 'wechat_bind', 'wechat_unbind', 'mobile_change']);

const LOGIN_FAILURE_REASONS: Record<string, string> = {
  password: '密码错误',
  unknown_account: '账号不存在',
  unknown: '用户名不存在',
  disabled: '账号已停用',
  locked: '账号锁定期间尝试登录',
  wechat_unbound: '微信未绑定账号',
};
const RESET_OUTCOMES: Record<string, string> = { success: '密码已重置', mismatch: '证件号码与手机号不匹配' };
const REVIEW_STATUS_NAMES: Record<string, string> = { pending: '待审核', in_review: '审核中', approved: '审核通过', rejected: '审核不通过', withdrawn: '已撤回' };
const FILE_PURPOSE_NAMES: Record<string, string> = {
  standard_photo: '标准证件照片',
  realname_photo: '实名认证证件照片',
  proof: '证明材料',
  transfer_proof: '调转证明材料',
  ce_proof: '继续教育证明材料',
  reward_proof: '奖惩申请证明材料',
  standard_pdf: '会计准则制度PDF',
};

const roles = (v: unknown) => (Array.isArray(v) ? v.map((r) => STAFF_ROLE_LABELS[r as keyof typeof STAFF_ROLE_LABELS] ?? String(r)).join('、') : '');
const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/**
 * What a person typed to name an account (a failed login, a failed 找回密码), as the trail keeps it: masked
 * when written (maskIdentifier in packages/domain, migration 0011 for past events), so shown as it is.
 */
export function identifierLabel(stored: string): string {
  return stored.startsWith('staff:') ? `用户名 ${stored.slice('staff:'.length)}` : stored;
}

/** 审计日志: an administrator's search of the trail, within their authority's subtree. */
export class AuditTrailService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
    private readonly accounts: AccountService,
    private readonly authorities: AuthorityService,
    private readonly reviews: ReviewEngine,
  ) {}

  async search(ctx: StaffContext, q: TAuditQuery): Promise<{ total: number; items: AuditEventView[] }> {
    if (!ctx.roles.includes('admin')) throw new AppError(403, 'audit/forbidden', '仅管理员可以查看审计日志');
    const none = { total: 0, items: [] };
    const actorStaffId = q.actor ? await this.staff.idByUsername(q.actor) : undefined;
    if (actorStaffId === null) return none;
    const subjectId = q.subject ? (isAuditId(q.subject) ? q.subject.toLowerCase() : await this.staff.idByUsername(q.subject)) : undefined;
    if (subjectId === null) return none;
    // 财政部 sees every event, those of no known account included (a failed login with an unknown ID
    // number); below it, an authority sees the events of its subtree's staff, acting or acted upon, and
    // of the accountants who filed something with its subtree (docs/decisions/0007-audit-trail.md).
    const within =
      ctx.authorityLevel === 'national'
        ? null
        : { staffIds: this.staff.idsWithin(ctx.authorityPath), accountIds: this.reviews.accountsWithin(ctx.authorityPath) };
    const { total, rows } = await this.audit.search(this.db, {
      from: q.from ? chinaMidnight(q.from) : undefined,
      to: q.to ? new Date(chinaMidnight(q.to).getTime() + DAY_MS) : undefined,
      kind: q.kind,
      actorStaffId,
      subjectId,
      within,
      page: q.page,
      pageSize: q.pageSize,
    });
    return { total, items: await this.views(rows) };
  }

  private async views(rows: AuditRecord[]): Promise<AuditEventView[]> {
    const staffIds = [...new Set(rows.flatMap((r) => [r.actorStaffId, r.subjectStaffId]).filter((id): id is string => !!id))];
    const staffNames = await this.staff.names(staffIds);
    const accountIds = [...new Set(rows.map((r) => r.accountId).filter((id): id is string => !!id))];
    const applicants = new Map(await Promise.all(accountIds.map(async (id) => [id, await this.accounts.applicant(id)] as const)));

    const staffParty = (id: string, username: string | null): AuditParty => {
      const known = staffNames.get(id);
      const name = username ?? known?.username ?? id;
      return { type: 'staff', id, username: username ?? known?.username ?? null, label: known ? `${name}（${known.realName}）` : name };
    };
    const accountParty = (id: string): AuditParty => {
      const a = applicants.get(id);
      return { type: 'accountant', id, username: null, label: a ? `${a.maskedName} ${a.maskedIdNumber}` : '会计人员（账号已不存在）' };
    };

    return Promise.all(
      rows.map(async (r) => {
        const actor: AuditParty = r.actorStaffId
          ? staffParty(r.actorStaffId, r.actorUsername)
          : r.accountId && ACCOUNTANT_ACTS.has(r.kind)
            ? accountParty(r.accountId)
            : { type: 'anonymous', id: null, username: null, label: '未登录用户' };
        const subject: AuditParty = r.subjectStaffId
          ? staffParty(r.subjectStaffId, null)
          : r.accountId
            ? accountParty(r.accountId)
            : r.identifier
              ? { type: 'none', id: null, username: null, label: identifierLabel(r.identifier) }
              : { type: 'none', id: null, username: null, label: '—' };
        return {
          id: String(r.id),
          at: r.at,
          kind: r.kind,
          kindLabel: auditEventLabel(r.kind),
          actor,
          subject,
          summary: await this.summary(r),
          ip: r.ip,
          userAgent: r.userAgent,
        };
      }),
    );
  }

  /** The detail in a sentence; the detail holds ids and masked values only, and so does this. */
  private async summary(r: AuditRecord): Promise<string> {
    const d = r.detail ?? {};
    switch (r.kind) {
      case 'login_failure': {
        const reason = LOGIN_FAILURE_REASONS[str(d.reason) || 'password'] ?? str(d.reason);
        return d.failures ? `${reason}（连续第${str(d.failures)}次）` : reason;
      }
      case 'lockout':
        return d.lockedUntil ? `连续登录失败，锁定至${chinaTime(d.lockedUntil)}` : '连续登录失败，账号锁定';
      case 'login_success':
        return d.method === 'wechat' ? '微信扫码登录' : r.actorStaffId || d.staffId ? '财政用户工作台登录' : '密码登录';
      case 'password_reset':
        return RESET_OUTCOMES[str(d.outcome)] ?? str(d.outcome);
      case 'mobile_change':
        return `${str(d.from)} → ${str(d.to)}`;
      case 'wechat_bind':
        return d.from === 'login' ? '登录时绑定' : '个人中心绑定';
      case 'staff_create':
        return `用户名 ${str(d.username)}，${await this.authorityLabel(str(d.authorityId))}，角色：${roles(d.roles)}${d.totpRequired ? '，须使用动态口令' : ''}`;
      case 'staff_roles_change':
        return `${str(d.username)} 角色：${roles(d.from)} → ${roles(d.to)}`;
      case 'staff_disable':
      case 'staff_enable':
      case 'staff_password_reset':
        return `用户名 ${str(d.username)}`;
      case 'staff_update': {
        const changes = (d.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
        const parts: string[] = [];
        if (changes.totpRequired) parts.push(`动态口令：${changes.totpRequired.to ? '不要求 → 要求' : '要求 → 不要求'}`);
        if (changes.realName) parts.push(`姓名：${str(changes.realName.from)} → ${str(changes.realName.to)}`);
        return `${str(d.username)} ${parts.join('；')}`;
      }
      case 'collection_import':
        return `共${str(d.rows)}行，新导入${str(d.imported)}条，已导入过${str(d.skipped)}条；文件 SHA-256 ${str(d.sha256).slice(0, 16)}…`;
      case 'personal_data_view':
        if (d.reviewItemId) return `审核事项详情（${this.reviewKindLabel(str(d.reviewKind))}）`;
        if (d.fileId) return `附件（${FILE_PURPOSE_NAMES[str(d.purpose)] ?? str(d.purpose)}）`;
        return '';
      case 'review_claim':
      case 'review_approve':
      case 'review_reject':
        return `${this.reviewKindLabel(str(d.reviewKind))}：${REVIEW_STATUS_NAMES[str(d.from)] ?? str(d.from)} → ${REVIEW_STATUS_NAMES[str(d.to)] ?? str(d.to)}`;
      default:
        return '';
    }
  }

  private reviewKindLabel(kind: string): string {
    try {
      return this.reviews.handler(kind).label;
    } catch {
      return kind;
    }
  }

  private async authorityLabel(id: string): Promise<string> {
    if (!id) return '';
    return (await this.authorities.label(id)) || (await this.authorities.byId(id))?.name || id;
  }
}
