// The code tables of 会计人员信息采集 (docs/collection.md, Rules). Codes are strings and are what the
// server stores; names are what the pages and the console show. National standards are cited where a
// table follows one, so a reviewer can check the names against it.

export type CodeItem = { readonly code: string; readonly name: string };
export type CodeTable = readonly CodeItem[];
/** The codes of a table as a union type: `CodeOf<typeof DEGREES>` is 'doctor' | 'master' | …. */
export type CodeOf<T extends CodeTable> = T[number]['code'];

/**
 * 政治面貌 (GB/T 4762-1984). The seed's form merges 中共党员 (01) and 中共预备党员 (02) into one choice,
 * shown as the seed names it; the other codes are the standard's.
 */
export const POLITICAL_STATUSES = [
  { code: '01', name: '中共党员(含中共预备党员)' },
  { code: '03', name: '共青团员' },
  { code: '04', name: '民革党员' },
  { code: '05', name: '民盟盟员' },
  { code: '06', name: '民建会员' },
  { code: '07', name: '民进会员' },
  { code: '08', name: '农工党党员' },
  { code: '09', name: '致公党党员' },
  { code: '10', name: '九三学社社员' },
  { code: '11', name: '台盟盟员' },
  { code: '12', name: '无党派人士' },
  { code: '13', name: '群众' },
] as const satisfies CodeTable;

/** 民族 (GB 3304-1991): the 56 nationalities in the standard's order, then 97 and 98. */
export const ETHNICITIES = [
  { code: '01', name: '汉族' },
  { code: '02', name: '蒙古族' },
  { code: '03', name: '回族' },
  { code: '04', name: '藏族' },
  { code: '05', name: '维吾尔族' },
  { code: '06', name: '苗族' },
  { code: '07', name: '彝族' },
  { code: '08', name: '壮族' },
  { code: '09', name: '布依族' },
  { code: '10', name: '朝鲜族' },
  { code: '11', name: '满族' },
  { code: '12', name: '侗族' },
  { code: '13', name: '瑶族' },
  { code: '14', name: '白族' },
  { code: '15', name: '土家族' },
  { code: '16', name: '哈尼族' },
  { code: '17', name: '哈萨克族' },
  { code: '18', name: '傣族' },
  { code: '19', name: '黎族' },
  { code: '20', name: '傈僳族' },
  { code: '21', name: '佤族' },
  { code: '22', name: '畲族' },
  { code: '23', name: '高山族' },
  { code: '24', name: '拉祜族' },
  { code: '25', name: '水族' },
  { code: '26', name: '东乡族' },
  { code: '27', name: '纳西族' },
  { code: '28', name: '景颇族' },
  { code: '29', name: '柯尔克孜族' },
  { code: '30', name: '土族' },
  { code: '31', name: '达斡尔族' },
  { code: '32', name: '仫佬族' },
  { code: '33', name: '羌族' },
  { code: '34', name: '布朗族' },
  { code: '35', name: '撒拉族' },
  { code: '36', name: '毛南族' },
  { code: '37', name: '仡佬族' },
  { code: '38', name: '锡伯族' },
  { code: '39', name: '阿昌族' },
  { code: '40', name: '普米族' },
  { code: '41', name: '塔吉克族' },
  { code: '42', name: '怒族' },
  { code: '43', name: '乌孜别克族' },
  { code: '44', name: '俄罗斯族' },
  { code: '45', name: '鄂温克族' },
  { code: '46', name: '德昂族' },
  { code: '47', name: '保安族' },
  { code: '48', name: '裕固族' },
  { code: '49', name: '京族' },
  { code: '50', name: '塔塔尔族' },
  { code: '51', name: '独龙族' },
  { code: '52', name: '鄂伦春族' },
  { code: '53', name: '赫哲族' },
  { code: '54', name: '门巴族' },
  { code: '55', name: '珞巴族' },
  { code: '56', name: '基诺族' },
  { code: '97', name: '其他' },
  { code: '98', name: '外国血统中国籍人士' },
] as const satisfies CodeTable;

/** 培养方式 (seed 000 §3.3). 境外留学 is the study the 教育部留学服务中心认证书 certifies. */
export const STUDY_MODES = [
  { code: 'full_time', name: '全日制' },
  { code: 'part_time', name: '非全日制' },
  { code: 'abroad', name: '境外留学' },
] as const satisfies CodeTable;

/**
 * 学历, highest first. `rank` orders them (higher is more advanced) for the rules that speak of
 * "大专及以上" or "本科及以上"; compare ranks, never positions in the list.
 */
export const EDUCATION_LEVELS = [
  { code: 'doctorate', name: '博士研究生', rank: 8 },
  { code: 'master', name: '硕士研究生', rank: 7 },
  // GB/T 4658's 研究生班 (graduate courses without the degree): the 中级 and 高级 exam rules name it (issue 21).
  { code: 'postgraduate_class', name: '研究生班', rank: 6 },
  { code: 'bachelor', name: '本科', rank: 5 },
  { code: 'junior_college', name: '大专', rank: 4 },
  { code: 'secondary_vocational', name: '中专(中技)', rank: 3 },
  { code: 'high_school', name: '高中', rank: 2 },
  { code: 'junior_high', name: '初中及以下', rank: 1 },
] as const satisfies readonly (CodeItem & { readonly rank: number })[];

/** 学位. `none` 无 for a record whose level carries no degree, or whose degree was not obtained. */
export const DEGREES = [
  { code: 'doctor', name: '博士' },
  { code: 'master', name: '硕士' },
  { code: 'bachelor', name: '学士' },
  // 第二学士学位: a second 学士 in another field, which the 中级 and 高级 exam rules rank beside 研究生班.
  { code: 'second_bachelor', name: '第二学士' },
  { code: 'none', name: '无' },
] as const satisfies CodeTable;

/**
 * 所学专业: suggestions for the field (本科 names of the 普通高等学校本科专业目录 and 高职 names of the
 * 职业教育专业目录 that accountants most often hold). The field takes free text too, so the code of an
 * entry is its name: a suggestion picked and the same text typed are one value.
 */
export const MAJORS: CodeTable = [
  '会计学',
  '财务管理',
  '审计学',
  '税收学',
  '金融学',
  '经济学',
  '财政学',
  '工商管理',
  '国际经济与贸易',
  '统计学',
  '经济统计学',
  '资产评估',
  '保险学',
  '投资学',
  '金融工程',
  '国民经济管理',
  '国际商务',
  '市场营销',
  '人力资源管理',
  '物流管理',
  '电子商务',
  '行政管理',
  '公共事业管理',
  '农林经济管理',
  '旅游管理',
  '信息管理与信息系统',
  '计算机科学与技术',
  '法学',
  '会计',
  '大数据与会计',
  '大数据与财务管理',
  '大数据与审计',
  '财务会计',
  '会计信息管理',
  '财税大数据应用',
  '金融服务与管理',
  '统计与会计核算',
  '会计事务',
  '会计硕士',
  '工商管理硕士',
  '其他',
].map((name) => ({ code: name, name }));

/** 单位类型 (单位经济类型, the seed's examples: 中央行政单位, 省国资委管理国有控股上市公司). */
export const UNIT_TYPES = [
  { code: '01', name: '中央行政单位' },
  { code: '02', name: '中央事业单位' },
  { code: '03', name: '地方行政单位' },
  { code: '04', name: '地方事业单位' },
  { code: '05', name: '国务院国资委管理的中央企业' },
  { code: '06', name: '其他中央企业' },
  { code: '07', name: '省国资委管理国有控股上市公司' },
  { code: '08', name: '其他国有企业' },
  { code: '09', name: '民营企业' },
  { code: '10', name: '外商投资企业' },
  { code: '11', name: '港澳台商投资企业' },
  { code: '12', name: '社会团体' },
  { code: '13', name: '会计师事务所' },
  { code: '14', name: '代理记账机构' },
  { code: '99', name: '其他' },
] as const satisfies CodeTable;

/** 所属行业: the 20 门类 of GB/T 4754-2017 国民经济行业分类, letter codes and names as the standard has them. */
export const INDUSTRIES = [
  { code: 'A', name: '农、林、牧、渔业' },
  { code: 'B', name: '采矿业' },
  { code: 'C', name: '制造业' },
  { code: 'D', name: '电力、热力、燃气及水生产和供应业' },
  { code: 'E', name: '建筑业' },
  { code: 'F', name: '批发和零售业' },
  { code: 'G', name: '交通运输、仓储和邮政业' },
  { code: 'H', name: '住宿和餐饮业' },
  { code: 'I', name: '信息传输、软件和信息技术服务业' },
  { code: 'J', name: '金融业' },
  { code: 'K', name: '房地产业' },
  { code: 'L', name: '租赁和商务服务业' },
  { code: 'M', name: '科学研究和技术服务业' },
  { code: 'N', name: '水利、环境和公共设施管理业' },
  { code: 'O', name: '居民服务、修理和其他服务业' },
  { code: 'P', name: '教育' },
  { code: 'Q', name: '卫生和社会工作' },
  { code: 'R', name: '文化、体育和娱乐业' },
  { code: 'S', name: '公共管理、社会保障和社会组织' },
  { code: 'T', name: '国际组织' },
] as const satisfies CodeTable;

/** 会计人员岗位层级 of a 会计工作经历 row (seed 001 §3.4 shows 一般会计人员). */
export const POST_LEVELS = [
  { code: '01', name: '单位负责人' },
  { code: '02', name: '总会计师(财务总监)' },
  { code: '03', name: '会计机构负责人(会计主管人员)' },
  { code: '04', name: '一般会计人员' },
] as const satisfies CodeTable;

/** 从事会计工作岗位: the posts of 《会计基础工作规范》第十一条, plus 其他. */
export const ACCOUNTING_POSITIONS = [
  { code: '01', name: '会计机构负责人或者会计主管人员' },
  { code: '02', name: '出纳' },
  { code: '03', name: '财产物资核算' },
  { code: '04', name: '工资核算' },
  { code: '05', name: '成本费用核算' },
  { code: '06', name: '财务成果核算' },
  { code: '07', name: '资金核算' },
  { code: '08', name: '往来结算' },
  { code: '09', name: '总账报表' },
  { code: '10', name: '稽核' },
  { code: '11', name: '档案管理' },
  // Seed 000 图4-8 shows this post (the 收入、支出、债权债务 of a 行政事业单位's accounts).
  { code: '12', name: '收入、支出、债权、债务核算' },
  { code: '99', name: '其他' },
] as const satisfies CodeTable;

/** 会计专业职务 (GLOSSARY: accounting post). */
export const ACCOUNTING_POSTS = [
  { code: 'clerk', name: '会计员' },
  { code: 'assistant', name: '助理会计师' },
  { code: 'accountant', name: '会计师' },
  { code: 'senior', name: '高级会计师' },
  { code: 'professor', name: '正高级会计师' },
] as const satisfies CodeTable;

/**
 * 采集范围: the five scopes a person chooses on 采集须知. `name` is the full text of the scope (scope 一
 * quotes who 会计人员 are, from 《会计人员管理办法》第二条), `short` the words messages quote, `hint` the
 * seed's note under the choice (seeds 001 and 003 §3 采集须知, and 001 §3.3 for scope 三).
 */
export const COLLECTION_SCOPES = [
  {
    code: 'accountant',
    name:
      '（一）会计人员：在国家机关、社会团体、企业、事业单位和其他组织中从事会计核算、实行会计监督等会计工作的人员，' +
      '包括从事出纳，稽核，资产、负债和所有者权益（净资产）的核算，收入、费用（支出）的核算，财务成果（政府预算执行结果）的核算，' +
      '财务会计报告（决算报告）编制，会计监督，会计机构内会计档案管理以及其他会计工作的人员；' +
      '担任单位会计机构负责人（会计主管人员）、总会计师的人员，属于会计人员。',
    short: '会计人员',
    // seed 001 §3.1 note 1.
    hint: '选择“会计人员”的，后面“工作经历”采集时需要填写“会计工作经历”。（目前暂未工作，但拟报考中级会计专业技术资格考试的人员也选这项）',
  },
  {
    code: 'qualified_non_accountant',
    name: '（二）不从事第（一）项所列具体会计工作但具有会计专业技术资格的人员。',
    short: '不从事第（一）项所列具体会计工作但具有会计专业技术资格的人员',
    hint: '系统会从全国会计资格职称库进行核验（2001年之后的证书数据），核验通过后，后台会标注已核验全国证书库。',
  },
  {
    code: 'junior_exam_candidate',
    name: '（三）暂未工作但拟报名初级会计专业技术资格考试的人员。',
    short: '暂未工作但拟报名初级会计专业技术资格考试的人员',
    hint: '“教育经历”采集时，高中毕业证书必须上传原件照片。',
  },
  {
    code: 'doctor_intermediate_candidate',
    name: '（四）暂未工作但具有博士学位拟报名中级会计专业技术资格考试的人员。',
    short: '暂未工作但具有博士学位拟报名中级会计专业技术资格考试的人员',
    hint: '后面“教育经历”采集时需填写“博士”学位。',
  },
  {
    code: 'other_intermediate_candidate',
    name: '（五）暂未工作但具有经济、统计、审计中级资格拟报名中级会计专业技术资格考试的人员。',
    short: '暂未工作但具有经济、统计、审计中级资格拟报名中级会计专业技术资格考试的人员',
    hint: '资格审核时须提供经济、统计、审计专业中级资格证书。',
  },
] as const satisfies readonly (CodeItem & { readonly short: string; readonly hint: string })[];

export type PoliticalStatus = CodeOf<typeof POLITICAL_STATUSES>;
export type Ethnicity = CodeOf<typeof ETHNICITIES>;
export type StudyMode = CodeOf<typeof STUDY_MODES>;
export type EducationLevel = CodeOf<typeof EDUCATION_LEVELS>;
export type Degree = CodeOf<typeof DEGREES>;
export type UnitType = CodeOf<typeof UNIT_TYPES>;
export type Industry = CodeOf<typeof INDUSTRIES>;
export type PostLevel = CodeOf<typeof POST_LEVELS>;
export type AccountingPosition = CodeOf<typeof ACCOUNTING_POSITIONS>;
export type AccountingPost = CodeOf<typeof ACCOUNTING_POSTS>;
export type CollectionScope = CodeOf<typeof COLLECTION_SCOPES>;

/** 会计专业技术资格 levels, as the national qualification records hold them. */
export type QualificationLevel = 'junior' | 'intermediate' | 'senior';

/** The title each level confers (GLOSSARY: 初级→助理会计师, 中级→会计师, 高级→高级会计师). */
export const QUALIFICATION_TITLES: Record<QualificationLevel, string> = {
  junior: '助理会计师',
  intermediate: '会计师',
  senior: '高级会计师',
};

/**
 * The qualification a 会计专业职务 stands on (seed 001 §3.4: 聘任时间不能早于资格取得时间): 助理会计师 on
 * 初级, 会计师 on 中级, 高级 and 正高级会计师 on 高级. 会计员 needs none.
 */
export const POST_QUALIFICATION_LEVEL: Partial<Record<AccountingPost, QualificationLevel>> = {
  assistant: 'junior',
  accountant: 'intermediate',
  senior: 'senior',
  professor: 'senior',
};

/** The name of a code, or the code itself when the table does not hold it (an old or imported value). */
export function codeName(table: CodeTable, code: string): string {
  return table.find((x) => x.code === code)?.name ?? code;
}

/** The rank of a 学历 (8 博士研究生 … 1 初中及以下), 0 for an unknown code. */
export function educationRank(level: string): number {
  return EDUCATION_LEVELS.find((x) => x.code === level)?.rank ?? 0;
}
