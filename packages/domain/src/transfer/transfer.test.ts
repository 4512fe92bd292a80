import { describe, expect, it } from 'vitest';
import { openApplicationLabel, transferProofHint, transferRefusal, transferSchemas, transferType, TRANSFER_REFUSALS } from './index';

const now = () => new Date('2026-06-01T04:00:00Z');
const { ZTransferRequest } = transferSchemas(now);
const BEIJING_DONGCHENG = { provinceId: '110000', cityId: '110100', countyId: '110101' };
const messages = (v: unknown) => {
  const r = ZTransferRequest.safeParse(v);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
};

describe('调转申请: the fields of each reason (seed 000 §5 图 5-3)', () => {
  const work = {
    reason: 'work',
    unitName: '北京某某会计服务有限公司',
    uscc: '91110108551385082q',
    unitType: '09',
    industry: 'L',
    address: { ...BEIJING_DONGCHENG, detail: '东长安街1号' },
    phone: '',
    startDate: '2026-05-01',
    authority: BEIJING_DONGCHENG,
    proofFileId: 'f1',
  };

  it('工作单位所在地变动: 电话 optional, the USCC normalised', () => {
    const r = ZTransferRequest.parse(work);
    expect(r).toMatchObject({ reason: 'work', uscc: '91110108551385082Q', phone: null });
  });

  it('工作单位所在地变动: every required field has its own message, the USCC its check character', () => {
    expect(messages({ reason: 'work', authority: BEIJING_DONGCHENG })).toMatchObject({
      unitName: '请输入拟调入单位名称',
      uscc: '请输入拟调入单位统一社会信用代码',
      unitType: '请选择拟调入单位经济类型',
      industry: '请选择拟调入单位所属行业',
      address: '请选择拟调入单位地址',
      startDate: '请选择拟调入单位工作开始时间',
      proofFileId: '请上传调转证明材料',
    });
    expect(messages({ ...work, uscc: '91110108551385082A' }).uscc).toContain('校验');
    expect(messages({ ...work, startDate: '2026-06-02' }).startDate).toBe('拟调入单位工作开始时间不能晚于今天');
    expect(messages({ ...work, unitName: '<b>x</b>' }).unitName).toContain('特殊字符');
  });

  it('学籍所在地变动: 拟入学校名称, 所学专业, 培养方式, 入学时间', () => {
    expect(messages({ reason: 'school', authority: BEIJING_DONGCHENG, proofFileId: 'f' })).toEqual({
      school: '请输入拟入学校名称',
      major: '请输入所学专业',
      studyMode: '请选择培养方式',
      startDate: '请选择入学时间',
    });
    const school = { reason: 'school', school: '北京大学', major: '会计学', studyMode: 'full_time', startDate: '2025-09-01', authority: BEIJING_DONGCHENG, proofFileId: 'f' };
    expect(ZTransferRequest.safeParse(school).success).toBe(true);
    expect(messages({ ...school, studyMode: 'x' })).toEqual({ studyMode: '请选择培养方式' });
  });

  it('户籍所在地或居住地变动: one field', () => {
    expect(messages({ reason: 'household', authority: BEIJING_DONGCHENG, proofFileId: 'f' })).toEqual({ place: '请输入转入户籍所在地或居住地' });
  });

  it('without a reason, only 请选择调转原因; the authority needs 省 and 市', () => {
    expect(messages({})).toEqual({ reason: '请选择调转原因' });
    expect(messages({ reason: 'other' })).toEqual({ reason: '请选择调转原因' });
    expect(messages(null)).toEqual({ '': '请求内容格式不正确' });
    expect(messages({ reason: 'household', place: '北京', authority: { provinceId: '110000' }, proofFileId: 'f' })).toEqual({ 'authority.cityId': '请选择调入会计管理机构所在地市' });
  });
});

describe('the refusals of 图 5-4', () => {
  const ok = { collectionStatus: 'approved', currentAuthorityId: '370102', chosenAuthorityId: '110101', openKinds: [] as string[] };
  it('信息采集 not done or not approved', () => {
    for (const collectionStatus of ['none', 'draft', 'pending', 'rejected']) {
      expect(transferRefusal({ ...ok, collectionStatus })).toEqual({ code: 'collection', message: TRANSFER_REFUSALS.collection });
    }
    expect(transferRefusal({ ...ok, currentAuthorityId: null })?.code).toBe('collection');
  });
  it('a change, transfer, 奖惩 or 视同教育 application in review, each named', () => {
    expect(transferRefusal({ ...ok, openKinds: ['change_work'] })?.message).toBe('您有审核中的信息变更申请，请待审核完成后再申请调转');
    expect(transferRefusal({ ...ok, openKinds: ['transfer_out'] })?.message).toBe('您有审核中的调转申请，请待审核完成后再申请调转');
    expect(openApplicationLabel('reward')).toBe('奖惩');
    expect(openApplicationLabel('identity_manual')).toBeNull();
    expect(transferRefusal({ ...ok, openKinds: ['identity_manual'] })).toBeNull();
  });
  it('the chosen authority is the current one', () => {
    expect(transferRefusal({ ...ok, chosenAuthorityId: '370102' })).toEqual({ code: 'same', message: TRANSFER_REFUSALS.sameAuthority });
  });
});

describe('调转类型 and the hint', () => {
  it('省内 / 跨省', () => {
    expect(transferType('370000', '370000')).toBe('within');
    expect(transferType('370000', '110000')).toBe('across');
  });
  it('two lines: the file rule, then the chosen reason’s proof', () => {
    const [one, two] = transferProofHint('school');
    expect(one).toContain('小于200kb');
    expect(two).toBe('2.学籍变动请上传录取通知书、学生证或其他学习证明。');
    expect(transferProofHint(null)[1]).toContain('户籍或居住地变动');
  });
});
