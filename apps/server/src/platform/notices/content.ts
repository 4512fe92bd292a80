import type { NoticeTemplateData } from './tables';

/** What a decision is called in a notice; a status a later kind adds falls back to its own name. */
export const DECISION_WORDS: Record<string, string> = { approved: '审核通过', rejected: '审核不通过', returned: '退回' };

/** An opinion longer than this is cut in the message (an SMS carries at most 500 characters); 我的办件 shows it whole. */
export const OPINION_IN_NOTICE_MAX = 100;

/** 2026年12月03日 14:05, China time whatever the server's zone. */
export function chinaTime(at: Date): string {
  const t = new Date(at.getTime() + 8 * 3_600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${t.getUTCFullYear()}年${p(t.getUTCMonth() + 1)}月${p(t.getUTCDate())}日 ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}`;
}

export type NoticeFacts = {
  /** The kind's Chinese name (会计人员信息采集, 实名认证, 信息变更 …). */
  kindLabel: string;
  /** The item's own title, shown when it says more than the kind's name. */
  title: string;
  /** The status the decision led to. */
  decision: string;
  opinion: string | null;
  decidedAt: Date;
};

const WHERE = '详情请登录全国会计人员统一服务管理平台，在“我的办件”中查看。';

/**
 * The notice of a decision, in Chinese: which service, the decision, the opinion, the time and where to
 * look. `content` is the SMS text (and what 我的办件 and the sandbox phone show); `templateData` fills
 * the WeChat template's fields (first, keyword1-4, remark).
 */
export function noticeOf(f: NoticeFacts): { content: string; templateData: NoticeTemplateData } {
  const chars = [...(f.opinion?.trim() ?? '')];
  const opinion = chars.length === 0 ? '无' : chars.length > OPINION_IN_NOTICE_MAX ? `${chars.slice(0, OPINION_IN_NOTICE_MAX).join('')}…` : chars.join('');
  const result = DECISION_WORDS[f.decision] ?? f.decision;
  const service = f.title && f.title !== f.kindLabel ? `${f.kindLabel}（${f.title}）` : f.kindLabel;
  const time = chinaTime(f.decidedAt);
  return {
    content: `【全国会计人员统一服务管理平台】您提交的“${service}”已于${time}${result}。审核意见：${opinion}。${WHERE}`,
    templateData: {
      first: `您提交的事项已${result}`,
      keyword1: service,
      keyword2: result,
      keyword3: time,
      keyword4: opinion,
      remark: WHERE,
    },
  };
}
