// 报名条件 (issue 21): the one eligibility rule of the 会计专业技术资格考试, read by the page (shown before
// the forms) and by the server (which refuses the same submission with the same words). Work years are
// counted to 31 December of the exam year.
import { EDUCATION_LEVELS } from '../collection/codes';
import { examLevelName, type ExamLevel } from './codes';
import { countsForIntermediateExam } from '../title';

/**
 * The education a route asks for, lowest first. 第二学士学位 and 研究生班 share a rank: the rules put them
 * side by side. A higher credential meets a route that asks for a lower one.
 */
export const CREDENTIALS = [
  { code: 'below', name: '初中及以下', rank: 0 },
  { code: 'secondary', name: '高中（含中专、职高、技校）', rank: 1 },
  { code: 'junior_college', name: '大学专科', rank: 2 },
  { code: 'bachelor', name: '大学本科或学士学位', rank: 3 },
  { code: 'second_bachelor', name: '第二学士学位或研究生班', rank: 4 },
  { code: 'master', name: '硕士学位', rank: 5 },
  { code: 'doctor', name: '博士学位', rank: 6 },
] as const;
export type Credential = (typeof CREDENTIALS)[number]['code'];
const rankOf = (c: Credential) => CREDENTIALS.find((x) => x.code === c)!.rank;
const credentialName = (c: Credential) => CREDENTIALS.find((x) => x.code === c)!.name;

export type DatePeriod = { startDate: string; endDate: string | null };

/** What the rule reads of a person: from the approved 信息采集 record (`eligibilityFacts`). */
export type EligibilityFacts = {
  /** Completed education; `verified`: 学信网 confirmed it. */
  credentials: ReadonlyArray<{ credential: Credential; verified: boolean }>;
  /** 采集范围（五）: a 中级 qualification in 经济, 统计 or 审计. */
  otherIntermediate: boolean;
  /** 会计工作经历 periods (至今 = null end). */
  accountingPeriods: readonly DatePeriod[];
  /** The day 会计师 (中级) was first held: the earliest 会计师 or higher appointment, or the certificate's date. */
  accountantSince: string | null;
};

export type ProofSlot = { key: string; label: string };

export type RouteResult = {
  /** The route's code: the 报考类别 the candidate chooses. */
  code: string;
  /** The route as the rule writes it: 大学专科学历，从事会计工作满5年. */
  name: string;
  satisfied: boolean;
  /** What the record shows for this route: 学历 本科（学信网已核验）；会计工作年限 4年2个月. */
  facts: string;
  /** Why the route fails (null when satisfied). */
  reason: string | null;
  /** What would satisfy it (null when satisfied). */
  remedy: string | null;
  /** The proofs 证明材料上传 asks for on this route. */
  proofs: ProofSlot[];
  /** True when 自动审核 may decide it: the education was verified by 学信网 and no proof is needed. */
  autoReviewable: boolean;
};

export type Eligibility = {
  level: ExamLevel;
  examYear: number;
  /** 31 December of the exam year: where work years are counted to. */
  cutoff: string;
  eligible: boolean;
  routes: RouteResult[];
  /** The words shown (and the server's refusal) when not eligible; null when eligible. */
  message: string | null;
};

type RouteDef = {
  code: string;
  name: string;
  /** The education asked for (null: none). */
  credential: Credential | null;
  /** Accounting work asked for, in years (0: none); counted after 会计师 when `afterAccountant`. */
  years: number;
  afterAccountant?: boolean;
  /** 中级 by a qualification in 经济, 统计 or 审计. */
  otherIntermediate?: boolean;
};

/** The routes of each level, as the issue lists them (《会计专业技术资格考试暂行规定》 and its 2018 revision). */
export const ELIGIBILITY_ROUTES: Record<ExamLevel, readonly RouteDef[]> = {
  junior: [{ code: 'junior_education', name: '具备高中（含中专、职高、技校）及以上学历', credential: 'secondary', years: 0 }],
  intermediate: [
    { code: 'college_5', name: '具备大学专科学历，从事会计工作满5年', credential: 'junior_college', years: 5 },
    { code: 'bachelor_4', name: '具备大学本科学历或学士学位，从事会计工作满4年', credential: 'bachelor', years: 4 },
    { code: 'second_bachelor_2', name: '具备第二学士学位或研究生班毕业，从事会计工作满2年', credential: 'second_bachelor', years: 2 },
    { code: 'master_1', name: '具备硕士学位，从事会计工作满1年', credential: 'master', years: 1 },
    { code: 'doctor', name: '具备博士学位', credential: 'doctor', years: 0 },
    { code: 'other_intermediate', name: '已取得经济、统计、审计专业中级资格', credential: null, years: 0, otherIntermediate: true },
  ],
  senior: [
    { code: 'senior_doctor_2', name: '具备博士学位，取得会计师资格后从事会计工作满2年', credential: 'doctor', years: 2, afterAccountant: true },
    {
      code: 'senior_bachelor_5',
      name: '具备硕士学位、第二学士学位、研究生班毕业或大学本科学历（学士学位），取得会计师资格后从事会计工作满5年',
      credential: 'bachelor',
      years: 5,
      afterAccountant: true,
    },
    { code: 'senior_college_10', name: '具备大学专科学历，取得会计师资格后从事会计工作满10年', credential: 'junior_college', years: 10, afterAccountant: true },
  ],
};

// ---- dates ----

const parse = (d: string) => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return { y, m, d: day };
};
const toUtc = (d: string) => {
  const p = parse(d);
  return Date.UTC(p.y, p.m - 1, p.d);
};
const fromUtc = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;
const nextDay = (d: string) => fromUtc(toUtc(d) + DAY);

/**
 * Whole months of `[start, end]` (both days included) by the calendar: 2021-01-01 至 2025-12-31 is 60; a
 * remainder of days is returned apart.
 */
function monthsOf(start: string, end: string): { months: number; days: number } {
  const a = parse(start);
  const b = parse(nextDay(end));
  let months = (b.y - a.y) * 12 + (b.m - a.m);
  if (b.d < a.d) months -= 1;
  // The day the counted months end on, clamped to the month's length (01-31 + 1 month = 02-28/29).
  const y = a.y + Math.floor((a.m - 1 + months) / 12);
  const m = ((a.m - 1 + months) % 12) + 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const reached = Date.UTC(y, m - 1, Math.min(a.d, last));
  const days = Math.round((toUtc(nextDay(end)) - reached) / DAY);
  return { months, days };
}

/**
 * Months of accounting work from `from` (inclusive; null: from the start) to `cutoff` (inclusive). Periods
 * are merged first (overlapping or adjacent ones are one stretch), each stretch counted by the calendar;
 * the odd days of several stretches add up, 31 of them to a month, so the count never runs ahead of the
 * calendar (a stretch one day short of five years is not five years).
 */
export function accountingMonths(periods: readonly DatePeriod[], cutoff: string, from: string | null = null): number {
  const clipped = periods
    .map((p) => ({ start: from && p.startDate < from ? from : p.startDate, end: p.endDate === null || p.endDate > cutoff ? cutoff : p.endDate }))
    .filter((p) => p.start <= p.end)
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const merged: Array<{ start: string; end: string }> = [];
  for (const p of clipped) {
    const last = merged[merged.length - 1];
    if (last && p.start <= nextDay(last.end)) {
      if (p.end > last.end) last.end = p.end;
    } else merged.push({ ...p });
  }
  let months = 0;
  let days = 0;
  for (const p of merged) {
    const m = monthsOf(p.start, p.end);
    months += m.months;
    days += m.days;
  }
  return months + Math.floor(days / 31);
}

/**
 * 会计工作年限 of one unit's 会计工作经历 rows, counted to `cutoff` as the rule counts them (报名信息's 工作信息, seed
 * 003 §6.1): 4年2个月, 0个月.
 */
export function accountingYearsText(periods: readonly DatePeriod[], cutoff: string): string {
  return monthsText(accountingMonths(periods, cutoff));
}

/** 4年2个月, 0个月. */
export function monthsText(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  if (y === 0) return `${m}个月`;
  return m === 0 ? `${y}年` : `${y}年${m}个月`;
}

// ---- the rule ----

/** The eligibility of a person for an exam of `level` held in `examYear`. */
export function checkEligibility(level: ExamLevel, examYear: number, facts: EligibilityFacts): Eligibility {
  const cutoff = `${examYear}-12-31`;
  const routes = ELIGIBILITY_ROUTES[level].map((r) => judgeRoute(r, facts, cutoff));
  const eligible = routes.some((r) => r.satisfied);
  const message = eligible
    ? null
    : `您不符合${examLevelName(level)}会计专业技术资格考试的报名条件：` + routes.map((r) => `${r.name}——${r.reason}`).join('；') + '。';
  return { level, examYear, cutoff, eligible, routes, message };
}

const cutoffText = (cutoff: string) => {
  const p = parse(cutoff);
  return `截至${p.y}年${p.m}月${p.d}日`;
};

function judgeRoute(r: RouteDef, facts: EligibilityFacts, cutoff: string): RouteResult {
  const base = { code: r.code, name: r.name };
  if (r.otherIntermediate) {
    const ok = facts.otherIntermediate;
    const proofs = [{ key: 'other_qualification', label: '经济、统计、审计专业中级资格证书' }];
    return {
      ...base,
      satisfied: ok,
      facts: ok ? '信息采集范围：（五）具有经济、统计、审计中级资格' : '信息采集中未登记经济、统计、审计专业中级资格',
      reason: ok ? null : '未登记经济、统计、审计专业中级资格',
      remedy: ok ? null : '已取得经济、统计、审计专业中级资格的，请在信息采集中选择采集范围（五）并经审核通过',
      proofs,
      autoReviewable: false,
    };
  }
  const reasons: string[] = [];
  const remedies: string[] = [];
  const factParts: string[] = [];
  const proofs: ProofSlot[] = [];
  let verified = true;

  // Education.
  const best = [...facts.credentials].sort((a, b) => rankOf(b.credential) - rankOf(a.credential))[0];
  factParts.push(`学历（学位）：${best ? credentialName(best.credential) + (best.verified ? '（学信网已核验）' : '') : '无已毕业的教育经历'}`);
  if (r.credential) {
    const meets = facts.credentials.filter((c) => rankOf(c.credential) >= rankOf(r.credential!));
    if (meets.length === 0) {
      reasons.push(`未取得${credentialName(r.credential)}${r.credential === 'secondary' ? '及以上学历' : '及以上学历（学位）'}`);
      remedies.push(`取得${credentialName(r.credential)}及以上学历（学位），并在信息采集中登记已毕业的教育经历`);
    } else {
      verified = meets.some((c) => c.verified);
      if (!verified) proofs.push({ key: 'diploma', label: '学历（学位）证书' });
    }
  }

  // 会计师, then work years.
  let from: string | null = null;
  if (r.afterAccountant) {
    factParts.push(`取得会计师资格：${facts.accountantSince ?? '未登记'}`);
    proofs.push({ key: 'accountant_certificate', label: '会计专业技术资格证书（中级）' });
    if (!facts.accountantSince) {
      reasons.push('未取得会计师资格');
      remedies.push('取得会计师（中级）资格，并在工作经历中登记会计专业职务及聘任时间');
    } else from = facts.accountantSince;
  }
  if (r.years > 0) {
    const have = r.afterAccountant && !from ? 0 : accountingMonths(facts.accountingPeriods, cutoff, from);
    const need = r.years * 12;
    const label = r.afterAccountant ? '取得会计师资格后会计工作年限' : '会计工作年限';
    factParts.push(`${label}：${monthsText(have)}（${cutoffText(cutoff)}）`);
    if (have < need && !(r.afterAccountant && !from)) {
      reasons.push(`${label}${cutoffText(cutoff)}为${monthsText(have)}，不满${r.years}年`);
      remedies.push(`${cutoffText(cutoff)}${r.afterAccountant ? '取得会计师资格后' : ''}累计从事会计工作满${r.years}年（还差${monthsText(need - have)}）`);
    }
  }
  const satisfied = reasons.length === 0;
  return {
    ...base,
    satisfied,
    facts: factParts.join('；'),
    reason: satisfied ? null : reasons.join('，'),
    remedy: satisfied ? null : remedies.join('；'),
    proofs,
    autoReviewable: satisfied && proofs.length === 0,
  };
}

// ---- from the approved record ----

/** The record's shapes the rule reads (the domain's collection request shapes, loosely). */
export type RecordForEligibility = {
  scope: string | null;
  education: ReadonlyArray<{ data: { educationLevel?: string; degree?: string; endDate?: string | null }; degreeCheck?: string }>;
  work: ReadonlyArray<{
    data: {
      experiences?: ReadonlyArray<{ startDate: string; endDate: string | null }>;
      accountingPost?: string | null;
      appointmentDate?: string | null;
    };
  }>;
  qualification?: { certificates: ReadonlyArray<{ level: string; obtainedAt: string }> } | null;
  /** Approved 其他专业技术人员职业资格 (会计职称管理): a 中级 in 经济, 统计 or 审计 is 采集范围（五）'s fact too. */
  otherQualifications?: ReadonlyArray<{ type: string; level: string | null }>;
  /**
   * 会计师 (or higher) held by the national qualification records or an approved 会计职称管理 row (issue 24):
   * its `rank` (助理会计师 `assistant` … `professor`) and the day it was obtained. 高级 counts work from it.
   */
  accountingTitles?: ReadonlyArray<{ rank: string; obtainedAt: string | null }>;
};

/** 学历 and 学位 of one completed education record as a credential. */
export function credentialOf(educationLevel: string | undefined, degree: string | undefined): Credential {
  if (educationLevel === 'doctorate' || degree === 'doctor') return 'doctor';
  if (educationLevel === 'master' || degree === 'master') return 'master';
  if (educationLevel === 'postgraduate_class' || degree === 'second_bachelor') return 'second_bachelor';
  if (educationLevel === 'bachelor' || degree === 'bachelor') return 'bachelor';
  if (educationLevel === 'junior_college') return 'junior_college';
  if (educationLevel === 'secondary_vocational' || educationLevel === 'high_school') return 'secondary';
  return 'below';
}

const ACCOUNTANT_OR_HIGHER = new Set(['accountant', 'senior', 'professor']);

/** The facts of an approved record. Only finished education counts (至今 is still studying). */
export function eligibilityFacts(record: RecordForEligibility): EligibilityFacts {
  const credentials = record.education
    .filter((e) => !!e.data.endDate)
    .map((e) => ({ credential: credentialOf(e.data.educationLevel, e.data.degree), verified: e.degreeCheck === 'verified' }));
  const accountingPeriods = record.work.flatMap((w) => (w.data.experiences ?? []).map((x) => ({ startDate: x.startDate, endDate: x.endDate })));
  const dates = [
    ...record.work.filter((w) => w.data.accountingPost && ACCOUNTANT_OR_HIGHER.has(w.data.accountingPost) && w.data.appointmentDate).map((w) => w.data.appointmentDate!),
    ...(record.qualification?.certificates ?? []).filter((c) => c.level === 'intermediate' || c.level === 'senior').map((c) => c.obtainedAt.slice(0, 10)),
    ...(record.accountingTitles ?? []).filter((t) => ACCOUNTANT_OR_HIGHER.has(t.rank) && t.obtainedAt).map((t) => t.obtainedAt!.slice(0, 10)),
  ].sort();
  const otherIntermediate = record.scope === 'other_intermediate_candidate' || (record.otherQualifications ?? []).some(countsForIntermediateExam);
  return { credentials, otherIntermediate, accountingPeriods, accountantSince: dates[0] ?? null };
}

/** EDUCATION_LEVELS is the record's table; kept here so a new level is noticed by the rule's tests. */
export const RECORD_EDUCATION_LEVELS = EDUCATION_LEVELS.map((l) => l.code);
