// 会计人员继续教育 (seed 003 §8; issue 25): the forms, their conversion rules, the year each application
// counts for, the yearly requirement of 《会计专业技术人员继续教育规定》 and a year's closing. Pure data and
// functions, no zod: the portal's pages read them without loading a schema; the server applies them.

/** 继续教育形式: the eight 专业科目 forms of seed §8.2.1, and 公需科目 (§8.2.2). */
export const CE_FORMS = [
  { code: 'online_training', name: '线上培训', category: 'professional' },
  { code: 'offline_training', name: '线下培训', category: 'professional' },
  { code: 'paper', name: '论文', category: 'professional' },
  { code: 'meeting', name: '会议', category: 'professional' },
  { code: 'book', name: '著作', category: 'professional' },
  { code: 'exam', name: '考试', category: 'professional' },
  { code: 'degree', name: '学历（学位）', category: 'professional' },
  { code: 'project', name: '课题结项', category: 'professional' },
  { code: 'public', name: '公需科目', category: 'public' },
] as const;
export type CeForm = (typeof CE_FORMS)[number]['code'];
export type CeCategory = 'professional' | 'public';
export const PROFESSIONAL_CE_FORMS = CE_FORMS.filter((f) => f.category === 'professional').map((f) => f.code) as Exclude<CeForm, 'public'>[];

export const ceFormName = (form: string) => CE_FORMS.find((f) => f.code === form)?.name ?? form;
export const ceCategoryOf = (form: CeForm): CeCategory => (form === 'public' ? 'public' : 'professional');
export const CE_CATEGORY_NAMES: Record<CeCategory, string> = { professional: '专业科目', public: '公需科目' };

/** 获得原因 of a ledger entry an application became (seed §8.1.1: 公需科目申请). */
export const ceReasonOf = (form: CeForm) => (form === 'public' ? '公需科目申请' : `专业科目申请（${ceFormName(form)}）`);

/** 获得方式. 系统记录: granted by a record of the platform itself (a pass in the score ledger). */
export const CE_METHODS = { application: '个人申请', system: '系统记录', employer: '单位申报' } as const;
export type CeMethod = keyof typeof CE_METHODS;

/** What the 年度 field says under each form (seed: 年度（以…年度为准）), and the field it comes from. */
export const CE_YEAR_SOURCES: Record<CeForm, { field: string; hint: string }> = {
  online_training: { field: 'startDate', hint: '以培训开始年度为准' },
  offline_training: { field: 'startDate', hint: '以培训开始年度为准' },
  paper: { field: 'publishedOn', hint: '以论文发表年度为准' },
  meeting: { field: 'startDate', hint: '以参加会议年度为准' },
  book: { field: 'publishedMonth', hint: '以著作出版年度为准' },
  exam: { field: 'examDate', hint: '以考试年度为准' },
  degree: { field: 'passedOn', hint: '以成绩合格年度为准' },
  project: { field: 'finishedOn', hint: '以课题结项年度为准' },
  public: { field: 'startDate', hint: '以培训开始年度为准' },
};

/**
 * 继续教育年度, never typed: the year of the form's deciding date (seed: 年度根据…自动生成). Null while the
 * date is missing or malformed.
 */
export function ceYear(form: CeForm, data: Record<string, unknown>): number | null {
  const v = data[CE_YEAR_SOURCES[form].field];
  if (typeof v !== 'string') return null;
  const m = /^(\d{4})-\d{2}(?:-\d{2})?$/.exec(v.trim());
  return m ? Number(m[1]) : null;
}

/** 作者位次 (论文, 著作). */
export const CE_AUTHOR_RANKS = [
  { code: 'sole', name: '独立作者' },
  { code: 'first', name: '第一作者' },
  { code: 'other', name: '其他作者' },
] as const;
export type CeAuthorRank = (typeof CE_AUTHOR_RANKS)[number]['code'];

/** 专业科目类型: what 《会计专业技术人员继续教育规定》 第十条 names the 专业科目. */
export const CE_SUBJECT_TYPES = [
  { code: 'theory', name: '会计理论' },
  { code: 'policy', name: '政策法规' },
  { code: 'practice', name: '业务知识' },
  { code: 'skills', name: '技能训练' },
  { code: 'ethics', name: '职业道德' },
] as const;

/** 考试类型 with its 考试科目 (seed §8.2.1.6: 全国会计专业技术资格考试等会计相关考试; 被录取 counts as passed). */
export const CE_EXAM_TYPES = [
  { code: 'acct_junior', name: '全国会计专业技术初级资格考试', subjects: ['初级会计实务', '经济法基础'] },
  { code: 'acct_intermediate', name: '全国会计专业技术中级资格考试', subjects: ['中级会计实务', '财务管理', '经济法'] },
  { code: 'acct_senior', name: '全国会计专业技术高级资格考试', subjects: ['高级会计实务'] },
  { code: 'cpa', name: '注册会计师全国统一考试', subjects: ['会计', '审计', '财务成本管理', '公司战略与风险管理', '经济法', '税法', '职业能力综合测试'] },
  { code: 'tax_agent', name: '全国税务师职业资格考试', subjects: ['税法（一）', '税法（二）', '涉税服务实务', '涉税服务相关法律', '财务与会计'] },
  { code: 'appraiser', name: '资产评估师职业资格考试', subjects: ['资产评估基础', '资产评估相关知识', '资产评估实务（一）', '资产评估实务（二）'] },
  { code: 'auditor', name: '审计专业技术资格考试', subjects: ['审计理论与实务', '审计专业相关知识'] },
  { code: 'mpacc', name: '会计硕士专业学位研究生入学考试', subjects: ['被录取'] },
] as const;
export const ceExamTypeName = (code: string) => CE_EXAM_TYPES.find((t) => t.code === code)?.name ?? code;

/** 学历 of 学历（学位）教育: 中专以上 (seed §8.2.1.7). */
export const CE_EDUCATION_LEVELS = [
  { code: 'secondary_vocational', name: '中专' },
  { code: 'junior_college', name: '大专' },
  { code: 'bachelor', name: '本科' },
  { code: 'master', name: '硕士研究生' },
  { code: 'doctorate', name: '博士研究生' },
] as const;

// ---- credits ----

/** Credits carry one decimal (seed: 53.6): every sum is rounded to tenths so 0.1 + 0.2 is 0.3. */
export const roundCredits = (n: number) => Math.round(n * 10) / 10;
/** Down to the tenth: what a duration allows is never rounded up. */
const floorTenth = (n: number) => Math.floor(n * 10 + 1e-9) / 10;

/**
 * A province's figures for one year (issue 25, kept as data): the requirement (at least `requiredTotal`
 * credits, of which 专业科目 at least `professionalMin`), how many minutes of training make a credit, and
 * the last day applications for the year are taken.
 */
export type CeYearSetting = { year: number; requiredTotal: number; professionalMin: number; minutesPerCredit: number; closesOn: string };

/**
 * 《会计专业技术人员继续教育规定》 第十二条: 每年不少于90学分, 其中专业科目一般不少于总学分的三分之二; a
 * 学时 of 45 minutes is a credit; a year takes applications until 31 March of the next.
 */
export function defaultCeYearSetting(year: number): CeYearSetting {
  return { year, requiredTotal: 90, professionalMin: 60, minutesPerCredit: 45, closesOn: `${year + 1}-03-31` };
}

/** The professional minimum the ⅔ rule gives for a total (90 → 60). */
export const twoThirdsOf = (total: number) => Math.ceil((total * 2) / 3);

/** A year is closed from the day after `closesOn` (China dates `YYYY-MM-DD`): it takes no application, no grant. */
export const isCeYearClosed = (setting: CeYearSetting, today: string) => today > setting.closesOn;
export const ceYearClosedMessage = (year: number) => `${year}年度继续教育已截止登记，不能再申请或授予该年度学分`;

export type CeTrainingRow = { minutes: number; credits: number };

/** What one training row is worth: the credits claimed, at most what its duration allows under the year's setting. */
export const trainingRowCredits = (row: CeTrainingRow, setting: Pick<CeYearSetting, 'minutesPerCredit'>) =>
  roundCredits(Math.min(row.credits, floorTenth(row.minutes / setting.minutesPerCredit)));

/** The application's data as the conversion rules read it (the fields each rule needs). */
export type CeRuleInput =
  | { form: 'online_training' | 'offline_training' | 'public'; rows: CeTrainingRow[] }
  | { form: 'paper' | 'book'; authorRank: CeAuthorRank }
  | { form: 'meeting'; days: number }
  | { form: 'exam' | 'degree' }
  | { form: 'project'; independent: boolean; host: boolean | null };

/**
 * The conversion rule of each form (seed §8.2.1.x), applied by the server on approval and shown to the
 * reviewer beside the claim:
 * 培训 (线上, 线下, 公需): each row's credits, capped by its duration; 论文 30 alone or as first author, 10
 * otherwise; 会议 10 a day; 著作 90 alone or first author, 60 otherwise; 考试 90 a subject passed (or
 * admission); 学历（学位） 90 for a course passed; 课题结项 90 independent or 主持, 60 another participant.
 */
export function ceRuleCredits(input: CeRuleInput, setting: Pick<CeYearSetting, 'minutesPerCredit'>): number {
  switch (input.form) {
    case 'online_training':
    case 'offline_training':
    case 'public':
      return roundCredits(input.rows.reduce((sum, row) => sum + trainingRowCredits(row, setting), 0));
    case 'paper':
      return input.authorRank === 'other' ? 10 : 30;
    case 'book':
      return input.authorRank === 'other' ? 60 : 90;
    case 'meeting':
      return 10 * input.days;
    case 'exam':
    case 'degree':
      return 90;
    case 'project':
      return input.independent || input.host ? 90 : 60;
  }
}

/** 获得继续教育学分 as the person claims it: the rows' figures for training; the rule's own figure for the others. */
export function ceClaimedCredits(input: CeRuleInput): number {
  if (input.form === 'online_training' || input.form === 'offline_training' || input.form === 'public') {
    return roundCredits(input.rows.reduce((sum, row) => sum + row.credits, 0));
  }
  return ceRuleCredits(input, { minutesPerCredit: 1 });
}

// ---- the year ----

export type CeYearTotals = { professional: number; public: number };

export type CeYearProgress = {
  year: number;
  total: number;
  professional: number;
  public: number;
  requiredTotal: number;
  professionalMin: number;
  reached: boolean;
  /** Credits still missing overall, and 专业科目 credits still missing (the two can overlap). */
  missingTotal: number;
  missingProfessional: number;
  /** 0-100, for the bar: the share of the requirement met, counting 专业科目 only up to what they must be. */
  percent: number;
  /** What the bar says is missing, or that the year's requirement is met. */
  summary: string;
  closed: boolean;
};

/**
 * The year against the requirement: at least `requiredTotal` credits, of which 专业科目 at least
 * `professionalMin`; credits count in their own year only (no carrying over, the caller sums one year).
 */
export function ceYearProgress(totals: CeYearTotals, setting: CeYearSetting, today: string): CeYearProgress {
  const professional = roundCredits(totals.professional);
  const publicCredits = roundCredits(totals.public);
  const total = roundCredits(professional + publicCredits);
  const missingTotal = roundCredits(Math.max(0, setting.requiredTotal - total));
  const missingProfessional = roundCredits(Math.max(0, setting.professionalMin - professional));
  const reached = missingTotal === 0 && missingProfessional === 0;
  // Public credits beyond what the requirement leaves them do not fill the bar: 90 of 公需 is not 100%.
  const publicRoom = Math.max(0, setting.requiredTotal - setting.professionalMin);
  const counted = Math.min(professional, setting.requiredTotal) + Math.min(publicCredits, publicRoom + Math.max(0, professional - setting.professionalMin));
  const percent = reached ? 100 : Math.min(99, Math.floor((Math.min(counted, setting.requiredTotal) / setting.requiredTotal) * 100));
  const parts: string[] = [];
  if (missingTotal > 0) parts.push(`总学分还差${missingTotal}学分`);
  if (missingProfessional > 0) parts.push(`专业科目学分还差${missingProfessional}学分`);
  const summary = reached
    ? `已达到本年度继续教育要求（不少于${setting.requiredTotal}学分，其中专业科目不少于${setting.professionalMin}学分）`
    : `未达到本年度继续教育要求：${parts.join('，')}（不少于${setting.requiredTotal}学分，其中专业科目不少于${setting.professionalMin}学分）`;
  return {
    year: setting.year,
    total,
    professional,
    public: publicCredits,
    requiredTotal: setting.requiredTotal,
    professionalMin: setting.professionalMin,
    reached,
    missingTotal,
    missingProfessional,
    percent,
    summary,
    closed: isCeYearClosed(setting, today),
  };
}

// ---- duplicates ----

const norm = (v: unknown) =>
  String(v ?? '')
    .normalize('NFKC')
    .replace(/[\s\-—_·.,，。、《》"“”'‘’()（）]/g, '')
    .toUpperCase();

/**
 * What makes two applications the same claim (one paper claimed twice): the same paper in the same journal
 * (刊号, 期数, 题目), the same book (书号), the same meeting, exam subject, course, project (课题编号) or
 * training. A claim pending or granted holds back another with the same key.
 */
export function ceDuplicateKey(form: CeForm, data: Record<string, unknown>): string {
  switch (form) {
    case 'paper':
      return `paper|${norm(data.serialNo).replace(/^(CN|ISSN)/, '')}|${norm(data.issue)}|${norm(data.title)}`;
    case 'book':
      return `book|${norm(data.isbn)}`;
    case 'meeting':
      return `meeting|${data.startDate}|${data.endDate}|${norm(data.place)}`;
    case 'exam':
      return `exam|${data.examType}|${norm(data.subject)}|${ceYear(form, data)}`;
    case 'degree':
      return `degree|${norm(data.school)}|${norm(data.course)}|${ceYear(form, data)}`;
    case 'project':
      return `project|${norm(data.number)}`;
    case 'online_training':
    case 'offline_training':
      // Online and offline are one training if the institution and dates are the same.
      return `training|${norm(data.institution)}|${data.startDate}|${data.endDate}`;
    case 'public':
      return `public|${norm(data.unitName)}|${data.startDate}|${data.endDate}`;
  }
}

const DUPLICATE_WORDS: Record<CeForm, string> = {
  online_training: '该培训',
  offline_training: '该培训',
  paper: '该论文',
  meeting: '该会议',
  book: '该著作',
  exam: '该考试科目',
  degree: '该课程',
  project: '该课题',
  public: '该公需科目培训',
};
export const ceDuplicateMessage = (form: CeForm) => `${DUPLICATE_WORDS[form]}已申请过继续教育学分（待审核或已通过），不能重复申请`;

// ---- statuses ----

export const CE_APPLICATION_STATUSES = { pending: '待审核', approved: '审核通过', rejected: '审核不通过', withdrawn: '已撤回' } as const;
export type CeApplicationStatus = keyof typeof CE_APPLICATION_STATUSES;

/** One line of an application as 详情 and the reviewer read it (label, value). */
export type CeDetailLine = { label: string; value: string };

/** One application as the portal lists it; `D` a Date on the server, a string in the browser. */
export type CeApplicationView<D = string> = {
  id: string;
  form: CeForm;
  formName: string;
  category: CeCategory;
  categoryName: string;
  year: number;
  claimed: number;
  computed: number;
  granted: number | null;
  status: CeApplicationStatus;
  statusLabel: string;
  opinion: string | null;
  /** When the reviewer granted a figure other than the rule's: what they wrote. */
  correction: string | null;
  submittedAt: D;
  decidedAt: D | null;
  reviewItemId: string | null;
  proofFileId: string;
  details: CeDetailLine[];
  rows: Array<Record<string, string | number>>;
};

/** One ledger entry (某年继续教育明细). */
export type CeLedgerEntry<D = string> = {
  id: string;
  grantedAt: D;
  total: number;
  professional: number;
  public: number;
  method: CeMethod;
  methodName: string;
  reason: string;
};

/** One row of 继续教育记录. */
export type CeYearRow = { year: number; total: number; public: number; professional: number };
