import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { formErrors } from '../forms';
import { collectionSchemas, type TBasicInfoRequest, type TEducationRequest, type TWorkRequest } from './schemas';

// 00:30 in China is still the previous day in UTC: "today" must be 2026-11-22, not 2026-11-21.
const clock = new Date('2026-11-22T00:30:00+08:00');
const TODAY = '2026-11-22';
const TOMORROW = '2026-11-23';
const { ZScopeRequest, ZBasicInfoRequest, ZEducationRequest, ZWorkRequest, ZAuthorityRequest, ZSubmitRequest } = collectionSchemas(() => clock);

/** Every issue as 'path.to.field' → its first message. */
function issues(schema: z.ZodType, data: unknown): Record<string, string> {
  const r = schema.safeParse(data);
  const out: Record<string, string> = {};
  if (!r.success) for (const i of r.error.issues) out[i.path.join('.')] ??= i.message;
  return out;
}

const x = (n: number) => '会'.repeat(n);

describe('ZScopeRequest', () => {
  it('takes one of the five scopes', () => {
    expect(ZScopeRequest.parse({ scope: 'junior_exam_candidate' })).toEqual({ scope: 'junior_exam_candidate' });
    expect(issues(ZScopeRequest, { scope: 'student' })).toEqual({ scope: '请选择采集范围' });
    expect(issues(ZScopeRequest, {})).toEqual({ scope: '请选择采集范围' });
    expect(issues(ZScopeRequest, 'accountant')).toEqual({ '': '请求内容格式不正确' });
  });
});

describe('ZBasicInfoRequest', () => {
  const basic = {
    photoFileId: 'file-photo',
    politicalStatus: '03',
    ethnicity: '01',
    address: { provinceId: '370000', cityId: '370100', countyId: '370102', detail: '经十路1号' },
  };

  it('takes the required fields alone, the optional ones becoming null', () => {
    expect(ZBasicInfoRequest.parse(basic)).toEqual({
      ...basic,
      email: null,
      postalCode: null,
      residencePermitNo: null,
      sex: null,
      birthDate: null,
      idProofFrontFileId: null,
      idProofBackFileId: null,
    });
  });

  it('turns empty strings of optional fields into null', () => {
    const parsed = ZBasicInfoRequest.parse({
      ...basic,
      email: '',
      postalCode: '  ',
      residencePermitNo: '',
      sex: '',
      birthDate: '',
      idProofFrontFileId: '',
      idProofBackFileId: null,
    });
    for (const k of ['email', 'postalCode', 'residencePermitNo', 'sex', 'birthDate', 'idProofFrontFileId', 'idProofBackFileId'] as const) {
      expect(parsed[k], k).toBeNull();
    }
  });

  it('takes every optional field filled in', () => {
    const full = {
      ...basic,
      email: ' a.b@example.com ',
      postalCode: '250000',
      residencePermitNo: '８１０００0 19900101 1234',
      sex: 'female',
      birthDate: '1990-01-01',
      idProofFrontFileId: 'f1',
      idProofBackFileId: 'f2',
    };
    expect(ZBasicInfoRequest.parse(full)).toEqual({ ...full, email: 'a.b@example.com', residencePermitNo: '810000199001011234' });
  });

  it('gives each required field its message', () => {
    expect(formErrors(ZBasicInfoRequest, {})).toEqual({
      photoFileId: '请上传照片',
      politicalStatus: '请选择政治面貌',
      ethnicity: '请选择民族',
      address: '请选择通讯地址',
    });
    expect(issues(ZBasicInfoRequest, { ...basic, photoFileId: ' ' })).toEqual({ photoFileId: '请上传照片' });
    expect(issues(ZBasicInfoRequest, { ...basic, politicalStatus: '02' })).toEqual({ politicalStatus: '请选择政治面貌' });
    expect(issues(ZBasicInfoRequest, { ...basic, ethnicity: '汉族' })).toEqual({ ethnicity: '请选择民族' });
  });

  it('needs the whole 通讯地址 (a county only where the city has counties: the server knows the tree)', () => {
    expect(issues(ZBasicInfoRequest, { ...basic, address: { ...basic.address, cityId: '' } })).toEqual({ 'address.cityId': '请选择通讯地址' });
    expect(issues(ZBasicInfoRequest, { ...basic, address: { ...basic.address, countyId: '' } })).toEqual({});
    expect(issues(ZBasicInfoRequest, { ...basic, address: { ...basic.address, detail: '  ' } })).toEqual({ 'address.detail': '请输入详细地址' });
    expect(issues(ZBasicInfoRequest, { ...basic, address: 'somewhere' })).toEqual({ address: '请选择通讯地址' });
  });

  it('bounds 详细地址 at 100 characters, a rare character counting as one', () => {
    expect(issues(ZBasicInfoRequest, { ...basic, address: { ...basic.address, detail: '𠮷'.repeat(100) } })).toEqual({});
    expect(issues(ZBasicInfoRequest, { ...basic, address: { ...basic.address, detail: x(101) } })).toEqual({
      'address.detail': '详细地址不能超过100个字',
    });
  });

  it('checks the email and bounds it at 100 characters', () => {
    const at100 = `${'a'.repeat(88)}@example.com`;
    expect(at100).toHaveLength(100);
    expect(issues(ZBasicInfoRequest, { ...basic, email: at100 })).toEqual({});
    expect(issues(ZBasicInfoRequest, { ...basic, email: `a${at100}` })).toEqual({ email: '邮箱不能超过100个字符' });
    for (const bad of ['abc', 'a@b', '@example.com', 'a b@example.com']) {
      expect(issues(ZBasicInfoRequest, { ...basic, email: bad }), bad).toEqual({ email: '请输入正确的邮箱' });
    }
  });

  it('takes a 邮编 of exactly 6 digits', () => {
    for (const bad of ['25000', '2500000', '25000a', '２５００００x']) {
      expect(issues(ZBasicInfoRequest, { ...basic, postalCode: bad }), bad).toEqual({ postalCode: '邮政编码应为6位数字' });
    }
  });

  it('bounds the residence permit number at 30 characters', () => {
    expect(issues(ZBasicInfoRequest, { ...basic, residencePermitNo: 'A'.repeat(30) })).toEqual({});
    expect(issues(ZBasicInfoRequest, { ...basic, residencePermitNo: 'A'.repeat(31) })).toEqual({ residencePermitNo: '居住证号码不能超过30个字符' });
  });

  it('checks 性别 and 出生日期 when given', () => {
    expect(issues(ZBasicInfoRequest, { ...basic, sex: 'M' })).toEqual({ sex: '请选择性别' });
    expect(issues(ZBasicInfoRequest, { ...basic, birthDate: TODAY })).toEqual({});
    expect(issues(ZBasicInfoRequest, { ...basic, birthDate: TOMORROW })).toEqual({ birthDate: '出生日期不能晚于今天' });
    expect(issues(ZBasicInfoRequest, { ...basic, birthDate: '1990-02-30' })).toEqual({ birthDate: '出生日期格式不正确' });
    expect(issues(ZBasicInfoRequest, { ...basic, birthDate: '1899-12-31' })).toEqual({ birthDate: '出生日期不能早于1900-01-01' });
  });

  it('types optional fields as value or null', () => {
    expectTypeOf<TBasicInfoRequest['email']>().toEqualTypeOf<string | null>();
    expectTypeOf<TBasicInfoRequest['sex']>().toEqualTypeOf<'male' | 'female' | null>();
    expectTypeOf<TBasicInfoRequest['address']['detail']>().toEqualTypeOf<string>();
  });
});

describe('ZEducationRequest', () => {
  const education = {
    studyMode: 'full_time',
    school: '山东科技大学',
    startDate: '2015-09-05',
    endDate: '2019-07-01',
    educationLevel: 'bachelor',
    diplomaNo: '104241201905001234',
    degree: 'bachelor',
    degreeNo: '1042442019001234',
    major: '会计学',
  };

  it('takes a finished record; attachments default to {}', () => {
    expect(ZEducationRequest.parse(education)).toEqual({ ...education, attachments: {} });
  });

  it('gives each required field its message', () => {
    expect(formErrors(ZEducationRequest, {})).toEqual({
      studyMode: '请选择培养方式',
      school: '请输入学校名称',
      startDate: '请选择入学时间',
      endDate: '请选择毕业时间',
      educationLevel: '请选择学历',
      degree: '请选择学位',
      major: '请选择所学专业',
    });
    expect(issues(ZEducationRequest, { ...education, school: '  ', major: '' })).toEqual({ school: '请输入学校名称', major: '请选择所学专业' });
  });

  it('bounds 学校名称 at 60 and 所学专业 at 50 characters; 专业 is free text', () => {
    expect(issues(ZEducationRequest, { ...education, school: x(60), major: x(50) })).toEqual({});
    expect(issues(ZEducationRequest, { ...education, school: x(61), major: x(51) })).toEqual({
      school: '学校名称不能超过60个字',
      major: '所学专业不能超过50个字',
    });
  });

  it('refuses markup and control characters in names and certificate numbers (issue 17: HTML came in through an import)', () => {
    expect(issues(ZEducationRequest, { ...education, school: '山东大学（威海）·分校 A&B', major: '会计学-ACCA' })).toEqual({});
    expect(issues(ZEducationRequest, { ...education, school: '<b>山东大学</b>', major: '会计\u0007学', diplomaNo: '1042<2', degreeNo: '>1' })).toEqual({
      school: '学校名称不能包含“<”“>”等特殊字符',
      major: '所学专业不能包含“<”“>”等特殊字符',
      diplomaNo: '学历证书编号不能包含“<”“>”等特殊字符',
      degreeNo: '学位证书编号不能包含“<”“>”等特殊字符',
    });
  });

  it('dates: not after today in China, not before 1950-01-01, real calendar dates', () => {
    expect(issues(ZEducationRequest, { ...education, endDate: TODAY })).toEqual({});
    expect(issues(ZEducationRequest, { ...education, startDate: TOMORROW, endDate: null })).toEqual({ startDate: '入学时间不能晚于今天' });
    expect(issues(ZEducationRequest, { ...education, endDate: TOMORROW })).toEqual({ endDate: '毕业时间不能晚于今天' });
    expect(issues(ZEducationRequest, { ...education, startDate: '1950-01-01' })).toEqual({});
    expect(issues(ZEducationRequest, { ...education, startDate: '1949-12-31' })).toEqual({ startDate: '入学时间不能早于1950-01-01' });
    expect(issues(ZEducationRequest, { ...education, startDate: '2015-9-5' })).toEqual({ startDate: '入学时间格式不正确' });
    expect(issues(ZEducationRequest, { ...education, endDate: '2019-02-29' })).toEqual({ endDate: '毕业时间格式不正确' });
  });

  it('an end date not chosen is not 至今', () => {
    const { endDate: _omit, ...noEnd } = education;
    expect(issues(ZEducationRequest, noEnd)).toEqual({ endDate: '请选择毕业时间' });
    expect(issues(ZEducationRequest, { ...education, endDate: '' })).toEqual({ endDate: '请选择毕业时间' });
  });

  it('毕业时间 is not before 入学时间; the same day is allowed', () => {
    expect(issues(ZEducationRequest, { ...education, endDate: '2015-09-04' })).toEqual({ endDate: '毕业时间不能早于入学时间' });
    expect(issues(ZEducationRequest, { ...education, endDate: '2015-09-05' })).toEqual({});
  });

  it('needs 学历证书编号 unless 初中及以下 or 至今', () => {
    expect(issues(ZEducationRequest, { ...education, diplomaNo: '' })).toEqual({ diplomaNo: '请输入学历证书编号' });
    expect(issues(ZEducationRequest, { ...education, diplomaNo: undefined })).toEqual({ diplomaNo: '请输入学历证书编号' });
    expect(issues(ZEducationRequest, { ...education, educationLevel: 'high_school', degree: 'none', degreeNo: null, diplomaNo: null })).toEqual({
      diplomaNo: '请输入学历证书编号',
    });
    expect(issues(ZEducationRequest, { ...education, educationLevel: 'junior_high', degree: 'none', degreeNo: null, diplomaNo: null })).toEqual({});
    expect(ZEducationRequest.parse({ ...education, endDate: null, diplomaNo: '', degreeNo: '' })).toMatchObject({
      endDate: null,
      diplomaNo: null,
      degreeNo: null,
    });
  });

  it('needs 学位证书编号 when a degree is chosen and obtained', () => {
    expect(issues(ZEducationRequest, { ...education, degreeNo: ' ' })).toEqual({ degreeNo: '请输入学位证书编号' });
    expect(issues(ZEducationRequest, { ...education, degree: 'none', degreeNo: null })).toEqual({});
    expect(issues(ZEducationRequest, { ...education, degree: 'doctor', educationLevel: 'doctorate', degreeNo: null })).toEqual({
      degreeNo: '请输入学位证书编号',
    });
  });

  it('bounds the certificate numbers at 40 characters', () => {
    expect(issues(ZEducationRequest, { ...education, diplomaNo: '1'.repeat(40), degreeNo: '2'.repeat(40) })).toEqual({});
    expect(issues(ZEducationRequest, { ...education, diplomaNo: '1'.repeat(41), degreeNo: '2'.repeat(41) })).toEqual({
      diplomaNo: '学历证书编号不能超过40个字符',
      degreeNo: '学位证书编号不能超过40个字符',
    });
  });

  it('keeps attachments by slot key, dropping cleared slots', () => {
    expect(ZEducationRequest.parse({ ...education, attachments: { diploma: 'f1', degree: '', abroad: null } }).attachments).toEqual({ diploma: 'f1' });
    expect(ZEducationRequest.parse({ ...education, attachments: null }).attachments).toEqual({});
    expect(issues(ZEducationRequest, { ...education, attachments: ['f1'] })).toEqual({ attachments: '附件格式不正确' });
    expect(formErrors(ZEducationRequest, { ...education, attachments: { 'Bad Key': 'f1' } })).toEqual({ attachments: '附件格式不正确' });
    expect(issues(ZEducationRequest, { ...education, attachments: { diploma: 42 } })).toEqual({ 'attachments.diploma': '附件格式不正确' });
  });

  it('reports every problem at once, cross-field ones included', () => {
    expect(formErrors(ZEducationRequest, { ...education, school: '', endDate: '2010-01-01', diplomaNo: '', degreeNo: '' })).toEqual({
      school: '请输入学校名称',
      endDate: '毕业时间不能早于入学时间',
      diplomaNo: '请输入学历证书编号',
      degreeNo: '请输入学位证书编号',
    });
  });

  it('types end dates and certificate numbers as nullable', () => {
    expectTypeOf<TEducationRequest['endDate']>().toEqualTypeOf<string | null>();
    expectTypeOf<TEducationRequest['diplomaNo']>().toEqualTypeOf<string | null>();
    expectTypeOf<TEducationRequest['attachments']>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<TEducationRequest['educationLevel']>().toEqualTypeOf<
      'doctorate' | 'master' | 'postgraduate_class' | 'bachelor' | 'junior_college' | 'secondary_vocational' | 'high_school' | 'junior_high'
    >();
  });
});

describe('ZWorkRequest', () => {
  const work = {
    startDate: '2019-07-05',
    endDate: null,
    unitName: '济南某某会计师事务所有限公司',
    uscc: '91350100M000100Y43',
    unitType: '13',
    industry: 'L',
    address: { provinceId: '370000', cityId: '370100', countyId: '370102', detail: '经十路1号' },
    phone: '0531-88888888',
    hasAccountingExperience: true,
    experiences: [
      { postLevel: '04', position: '02', startDate: '2019-07-05', endDate: '2020-12-31' },
      { postLevel: '03', position: '01', startDate: '2021-01-01', endDate: null },
    ],
    accountingPost: 'assistant',
    appointmentDate: '2021-01-01',
    attachments: { uscc: 'f1', employment: 'f2', experience: 'f3', appointment: 'f4' },
  };
  const ended = { ...work, endDate: '2024-06-30', experiences: [{ postLevel: '04', position: '10', startDate: '2020-01-01', endDate: '2024-06-30' }] };
  const row = (startDate: string, endDate: string | null) => ({ postLevel: '04', position: '02', startDate, endDate });

  it('takes a full record', () => {
    expect(ZWorkRequest.parse(work)).toEqual(work);
    expect(issues(ZWorkRequest, ended)).toEqual({});
  });

  it('takes a minimal record: no 会计工作经历, no 会计专业职务, no phone', () => {
    const minimal = {
      startDate: '2019-07-05',
      endDate: '2020-01-01',
      unitName: '某单位',
      uscc: '914403001922038216',
      unitType: '09',
      industry: 'I',
      address: { provinceId: '440000', cityId: '440300', countyId: '440307' },
      hasAccountingExperience: false,
    };
    expect(ZWorkRequest.parse(minimal)).toEqual({
      ...minimal,
      address: { ...minimal.address, detail: null },
      phone: null,
      experiences: [],
      accountingPost: null,
      appointmentDate: null,
      attachments: {},
    });
  });

  it('gives each required field its message', () => {
    expect(formErrors(ZWorkRequest, {})).toEqual({
      startDate: '请选择工作开始时间',
      endDate: '请选择工作结束时间',
      unitName: '请输入单位名称',
      uscc: '请输入统一社会信用代码',
      unitType: '请选择单位类型',
      industry: '请选择所属行业',
      address: '请选择工作单位地址',
      hasAccountingExperience: '请选择是否有会计工作经历',
    });
    expect(issues(ZWorkRequest, { ...work, hasAccountingExperience: 'true' })).toEqual({ hasAccountingExperience: '请选择是否有会计工作经历' });
    expect(issues(ZWorkRequest, { ...work, address: { ...work.address, cityId: '' } })).toEqual({ 'address.cityId': '请选择工作单位地址' });
  });

  it('bounds 单位名称 at 100 characters and 详细地址 at 100', () => {
    expect(issues(ZWorkRequest, { ...work, unitName: x(100), address: { ...work.address, detail: x(100) } })).toEqual({});
    expect(issues(ZWorkRequest, { ...work, unitName: x(101), address: { ...work.address, detail: x(101) } })).toEqual({
      unitName: '单位名称不能超过100个字',
      'address.detail': '详细地址不能超过100个字',
    });
    expect(issues(ZWorkRequest, { ...work, unitName: '某公司<script>alert(1)</script>', address: { ...work.address, detail: '经十路<1>号' } })).toEqual({
      unitName: '单位名称不能包含“<”“>”等特殊字符',
      'address.detail': '详细地址不能包含“<”“>”等特殊字符',
    });
  });

  it('checks and normalises the 统一社会信用代码', () => {
    expect(ZWorkRequest.parse({ ...work, uscc: ' 91350100m000100y43 ' }).uscc).toBe('91350100M000100Y43');
    expect(issues(ZWorkRequest, { ...work, uscc: '91350100M000100Y44' })).toEqual({ uscc: '统一社会信用代码校验位不正确' });
    expect(issues(ZWorkRequest, { ...work, uscc: '1111111111111111111' })).toEqual({ uscc: '统一社会信用代码应为18位' });
    expect(issues(ZWorkRequest, { ...work, uscc: '' })).toEqual({ uscc: '请输入统一社会信用代码' });
  });

  it('takes a phone of digits and dashes up to 20 characters', () => {
    for (const ok of ['111111', '0531-88888888', '13800000000', '1'.repeat(20), '', null]) {
      expect(issues(ZWorkRequest, { ...work, phone: ok }), String(ok)).toEqual({});
    }
    for (const bad of ['1'.repeat(21), '-0531', '0531-', '0531 8888', '+86 531', 'abc']) {
      expect(issues(ZWorkRequest, { ...work, phone: bad }), bad).toEqual({ phone: '请输入正确的电话号码' });
    }
  });

  it('work dates: not future, end not before start', () => {
    expect(issues(ZWorkRequest, { ...work, startDate: TOMORROW, experiences: [], hasAccountingExperience: false, accountingPost: null, appointmentDate: null })).toEqual({
      startDate: '工作开始时间不能晚于今天',
    });
    expect(issues(ZWorkRequest, { ...ended, endDate: TOMORROW })).toMatchObject({ endDate: '工作结束时间不能晚于今天' });
    expect(issues(ZWorkRequest, { ...ended, endDate: '2019-07-04' })).toMatchObject({ endDate: '工作结束时间不能早于工作开始时间' });
    expect(issues(ZWorkRequest, { ...work, startDate: '1949-12-31' })).toMatchObject({ startDate: '工作开始时间不能早于1950-01-01' });
  });

  it('needs a 会计工作经历 row when it says there is accounting experience', () => {
    expect(issues(ZWorkRequest, { ...work, experiences: [] })).toEqual({ experiences: '请新增本单位会计工作经历' });
    expect(issues(ZWorkRequest, { ...work, experiences: undefined })).toEqual({ experiences: '请新增本单位会计工作经历' });
    expect(issues(ZWorkRequest, { ...work, hasAccountingExperience: false, experiences: [] })).toEqual({});
  });

  it('checks each row: its fields, and end not before start', () => {
    expect(issues(ZWorkRequest, { ...work, experiences: [{}] })).toEqual({
      'experiences.0.postLevel': '请选择会计人员岗位层级',
      'experiences.0.position': '请选择从事会计工作岗位',
      'experiences.0.startDate': '请选择会计工作开始时间',
      'experiences.0.endDate': '请选择会计工作结束时间',
    });
    expect(issues(ZWorkRequest, { ...work, experiences: [row('2020-01-02', '2020-01-01')] })).toEqual({
      'experiences.0.endDate': '会计工作结束时间不能早于会计工作开始时间',
    });
    expect(issues(ZWorkRequest, { ...work, experiences: [row(TOMORROW, null)] })).toEqual({
      'experiences.0.startDate': '会计工作开始时间不能晚于今天',
    });
  });

  it('keeps rows within the work period', () => {
    expect(issues(ZWorkRequest, { ...work, experiences: [row('2019-07-04', null)] })).toEqual({
      'experiences.0.startDate': '会计工作时间应在本单位工作时间之内',
    });
    expect(issues(ZWorkRequest, { ...ended, experiences: [row('2020-01-01', '2024-07-01')] })).toEqual({
      'experiences.0.endDate': '会计工作时间应在本单位工作时间之内',
    });
    // a row still 至今 in a job that ended
    expect(issues(ZWorkRequest, { ...ended, experiences: [row('2020-01-01', null)] })).toEqual({
      'experiences.0.endDate': '会计工作时间应在本单位工作时间之内',
    });
    // the bounds themselves are inside
    expect(issues(ZWorkRequest, { ...ended, experiences: [row('2019-07-05', '2024-06-30')] })).toEqual({});
    expect(issues(ZWorkRequest, { ...work, experiences: [row('2019-07-05', TODAY)] })).toEqual({});
  });

  it('keeps rows from overlapping, a shared day included; the later row carries the message', () => {
    expect(issues(ZWorkRequest, { ...work, experiences: [row('2019-07-05', '2020-12-31'), row('2020-12-31', null)] })).toEqual({
      'experiences.1.startDate': '会计工作经历时间不能重叠',
    });
    expect(issues(ZWorkRequest, { ...work, experiences: [row('2021-01-01', null), row('2019-07-05', '2022-01-01')] })).toEqual({
      'experiences.1.startDate': '会计工作经历时间不能重叠',
    });
    expect(issues(ZWorkRequest, { ...work, experiences: [row('2019-07-05', null), row('2020-01-01', null)] })).toEqual({
      'experiences.1.startDate': '会计工作经历时间不能重叠',
    });
    expect(
      issues(ZWorkRequest, { ...work, experiences: [row('2019-07-05', '2019-12-31'), row('2020-01-01', '2020-12-31'), row('2020-06-01', null)] }),
    ).toEqual({ 'experiences.2.startDate': '会计工作经历时间不能重叠' });
  });

  it('takes at most 20 rows', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => row(`${2000 + i}-01-01`, `${2000 + i}-12-31`));
    const long = { ...work, startDate: '2000-01-01', appointmentDate: '2000-01-01' };
    expect(issues(ZWorkRequest, { ...long, experiences: rows(20) })).toEqual({});
    expect(issues(ZWorkRequest, { ...long, experiences: rows(21) })).toEqual({ experiences: '本单位会计工作经历最多20条' });
  });

  it('does not judge rows against the period when there is no accounting experience', () => {
    expect(issues(ZWorkRequest, { ...work, hasAccountingExperience: false, experiences: [row('2010-01-01', null), row('2010-01-01', null)] })).toEqual({});
  });

  it('needs a 聘任时间 for a 会计专业职务, not before the work start, not in the future', () => {
    expect(issues(ZWorkRequest, { ...work, appointmentDate: null })).toEqual({ appointmentDate: '请选择会计专业职务聘任时间' });
    expect(issues(ZWorkRequest, { ...work, appointmentDate: '' })).toEqual({ appointmentDate: '请选择会计专业职务聘任时间' });
    expect(issues(ZWorkRequest, { ...work, appointmentDate: '2019-07-04' })).toEqual({ appointmentDate: '会计专业职务聘任时间不能早于工作开始时间' });
    expect(issues(ZWorkRequest, { ...work, appointmentDate: '2019-07-05' })).toEqual({});
    expect(issues(ZWorkRequest, { ...work, appointmentDate: TOMORROW })).toEqual({ appointmentDate: '会计专业职务聘任时间不能晚于今天' });
    expect(issues(ZWorkRequest, { ...work, accountingPost: 'chief' })).toEqual({ accountingPost: '请选择会计专业职务' });
    expect(issues(ZWorkRequest, { ...work, accountingPost: '', appointmentDate: '' })).toEqual({});
  });

  it('types 会计工作经历 rows and optional fields', () => {
    expectTypeOf<TWorkRequest['experiences'][number]['endDate']>().toEqualTypeOf<string | null>();
    expectTypeOf<TWorkRequest['accountingPost']>().toEqualTypeOf<'clerk' | 'assistant' | 'accountant' | 'senior' | 'professor' | null>();
    expectTypeOf<TWorkRequest['hasAccountingExperience']>().toEqualTypeOf<boolean>();
  });
});

describe('ZAuthorityRequest', () => {
  it('needs a province and a city; the county is optional', () => {
    expect(ZAuthorityRequest.parse({ provinceId: '370000', cityId: '370100' })).toEqual({ provinceId: '370000', cityId: '370100', countyId: null });
    expect(ZAuthorityRequest.parse({ provinceId: '370000', cityId: '370100', countyId: '' }).countyId).toBeNull();
    expect(ZAuthorityRequest.parse({ provinceId: '370000', cityId: '370100', countyId: '370102' }).countyId).toBe('370102');
    expect(issues(ZAuthorityRequest, {})).toEqual({ provinceId: '请选择会计管理部门所在省', cityId: '请选择会计管理部门所在市' });
  });
});

describe('ZSubmitRequest', () => {
  it('needs the promise ticked', () => {
    expect(ZSubmitRequest.parse({ promise: true })).toEqual({ promise: true });
    for (const bad of [false, 'true', 1, undefined]) {
      expect(issues(ZSubmitRequest, { promise: bad }), String(bad)).toEqual({ promise: '请勾选承诺所提供信息真实有效' });
    }
  });
});
