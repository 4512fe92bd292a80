import { describe, expect, it } from 'vitest';
import { makeId } from '../test-ids';
import {
  appointmentBeforeQualification,
  chinaToday,
  deriveFromMainlandId,
  educationAttachmentSlots,
  idProofRequired,
  missingAttachments,
  needsDegreeCheck,
  scopeProblems,
  slotAttachments,
  unknownAttachments,
  workAttachmentSlots,
  workOverlaps,
  type AttachmentSlot,
  type DegreeCheck,
} from './rules';

/** Slots as 'key:label!' (required) or 'key:label?' (optional), for compact expectations. */
const brief = (slots: AttachmentSlot[]) => slots.map((s) => `${s.key}:${s.label}${s.required ? '!' : '?'}`);

const rec = (educationLevel: string, more: Partial<{ studyMode: string; endDate: string | null; degree: string }> = {}) => ({
  studyMode: 'full_time',
  endDate: '2019-07-01',
  degree: 'none',
  educationLevel,
  ...more,
});
const ctx = (degreeCheck: DegreeCheck, scope: string | null = 'accountant') => ({ degreeCheck, scope });

describe('educationAttachmentSlots', () => {
  it('below 大专: 学历证书 required', () => {
    for (const level of ['secondary_vocational', 'high_school']) {
      expect(brief(educationAttachmentSlots(rec(level), ctx('not_applicable'))), level).toEqual(['diploma:学历证书!']);
    }
  });

  it('初中及以下: 学历证书 shown, optional (there may be none)', () => {
    expect(brief(educationAttachmentSlots(rec('junior_high'), ctx('not_applicable')))).toEqual(['diploma:学历证书?']);
  });

  it('scope 三: the 高中 学历证书 is a required original photo', () => {
    expect(brief(educationAttachmentSlots(rec('high_school'), ctx('not_applicable', 'junior_exam_candidate')))).toEqual([
      'diploma:学历证书(原件照片)!',
    ]);
    expect(brief(educationAttachmentSlots(rec('bachelor', { degree: 'bachelor' }), ctx('verified', 'junior_exam_candidate')))).toEqual([
      'diploma:学历证书(原件照片)?',
      'degree:学位证书?',
    ]);
  });

  it('大专 and above in China: certificates optional while unchecked or once verified', () => {
    for (const check of ['unchecked', 'verified'] as const) {
      expect(brief(educationAttachmentSlots(rec('bachelor', { degree: 'bachelor' }), ctx(check))), check).toEqual([
        'diploma:学历证书?',
        'degree:学位证书?',
      ]);
      expect(brief(educationAttachmentSlots(rec('junior_college'), ctx(check))), check).toEqual(['diploma:学历证书?']);
    }
  });

  it('大专 and above in China: certificates required when the check failed, could not answer, or does not apply', () => {
    for (const check of ['failed', 'unavailable', 'not_applicable'] as const) {
      expect(brief(educationAttachmentSlots(rec('master', { degree: 'master', studyMode: 'part_time' }), ctx(check))), check).toEqual([
        'diploma:学历证书!',
        'degree:学位证书!',
      ]);
      // no degree, no 学位证书 slot
      expect(brief(educationAttachmentSlots(rec('junior_college'), ctx(check))), check).toEqual(['diploma:学历证书!']);
    }
  });

  it('境外留学 at 本科 and above: 教育部留学服务中心认证书 required, certificates optional', () => {
    for (const level of ['bachelor', 'master', 'doctorate']) {
      expect(brief(educationAttachmentSlots(rec(level, { studyMode: 'abroad', degree: 'master' }), ctx('not_applicable'))), level).toEqual([
        'diploma:学历证书?',
        'degree:学位证书?',
        'abroad:教育部留学服务中心认证书!',
      ]);
    }
  });

  it('境外 大专: no 认证书, certificates required', () => {
    expect(brief(educationAttachmentSlots(rec('junior_college', { studyMode: 'abroad' }), ctx('not_applicable')))).toEqual(['diploma:学历证书!']);
  });

  it('在校生 (至今): only 在校生证明, required, whatever the level, mode or scope', () => {
    for (const level of ['high_school', 'junior_college', 'bachelor', 'doctorate']) {
      for (const studyMode of ['full_time', 'abroad']) {
        expect(
          brief(educationAttachmentSlots(rec(level, { endDate: null, studyMode, degree: 'bachelor' }), ctx('not_applicable', 'junior_exam_candidate'))),
        ).toEqual(['student_card:在校生证明(学生证)!']);
      }
    }
  });

  it('every slot is a proof upload', () => {
    const slots = educationAttachmentSlots(rec('doctorate', { studyMode: 'abroad', degree: 'doctor' }), ctx('unchecked'));
    for (const s of slots) expect(s.purpose).toBe('proof');
  });
});

describe('needsDegreeCheck', () => {
  it('大专 and above, finished, not abroad', () => {
    expect(needsDegreeCheck(rec('junior_college'))).toBe(true);
    expect(needsDegreeCheck(rec('doctorate', { studyMode: 'part_time' }))).toBe(true);
    expect(needsDegreeCheck(rec('secondary_vocational'))).toBe(false);
    expect(needsDegreeCheck(rec('high_school'))).toBe(false);
    expect(needsDegreeCheck(rec('bachelor', { endDate: null }))).toBe(false);
    expect(needsDegreeCheck(rec('bachelor', { studyMode: 'abroad' }))).toBe(false);
  });
});

describe('workAttachmentSlots', () => {
  const work = { endDate: '2024-06-30', hasAccountingExperience: false, accountingPost: null };

  it('always 劳动合同、工作证明或社会保险缴纳证明; 统一社会信用代码证 optional for past work', () => {
    expect(brief(workAttachmentSlots(work))).toEqual(['uscc:统一社会信用代码证?', 'employment:劳动合同、工作证明或社会保险缴纳证明!']);
  });

  it('至今: 统一社会信用代码证 required', () => {
    expect(brief(workAttachmentSlots({ ...work, endDate: null }))).toEqual(['uscc:统一社会信用代码证!', 'employment:劳动合同、工作证明或社会保险缴纳证明!']);
  });

  it('会计工作经历 → 会计工作经历证明; 会计专业职务 → 聘任文件或证明', () => {
    expect(brief(workAttachmentSlots({ ...work, hasAccountingExperience: true }))).toContain('experience:会计工作经历证明!');
    expect(brief(workAttachmentSlots({ ...work, accountingPost: 'accountant' }))).toContain('appointment:会计专业职务聘任文件或证明!');
    expect(brief(workAttachmentSlots({ endDate: null, hasAccountingExperience: true, accountingPost: 'clerk' }))).toEqual([
      'uscc:统一社会信用代码证!',
      'employment:劳动合同、工作证明或社会保险缴纳证明!',
      'experience:会计工作经历证明!',
      'appointment:会计专业职务聘任文件或证明!',
    ]);
  });
});

describe('missingAttachments / unknownAttachments / slotAttachments', () => {
  const slots = workAttachmentSlots({ endDate: '2024-06-30', hasAccountingExperience: true, accountingPost: null });

  it('names each required slot without a file, under attachments.<key>', () => {
    expect(missingAttachments(slots, {})).toEqual({
      'attachments.employment': '请上传劳动合同、工作证明或社会保险缴纳证明',
      'attachments.experience': '请上传会计工作经历证明',
    });
    expect(missingAttachments(slots, { employment: 'f1', experience: 'f2' })).toEqual({});
    // an optional slot left empty and an unknown key change nothing
    expect(missingAttachments(slots, { employment: 'f1', experience: 'f2', stray: 'f3' })).toEqual({});
    expect(missingAttachments(slots, { employment: '', experience: 'f2' })).toEqual({ 'attachments.employment': '请上传劳动合同、工作证明或社会保险缴纳证明' });
  });

  it('lists keys that are no slot, and keeps only those that are', () => {
    expect(unknownAttachments(slots, { employment: 'f1', appointment: 'f2', stray: 'f3' })).toEqual(['appointment', 'stray']);
    expect(unknownAttachments(slots, { uscc: 'f1' })).toEqual([]);
    expect(slotAttachments(slots, { employment: 'f1', appointment: 'f2', uscc: 'f3' })).toEqual({ uscc: 'f3', employment: 'f1' });
  });
});

describe('workOverlaps', () => {
  const today = '2026-11-22';

  it('null when the periods are apart', () => {
    expect(workOverlaps([], today)).toBeNull();
    expect(
      workOverlaps(
        [
          { id: 'a', startDate: '2015-01-01', endDate: '2016-12-31' },
          { id: 'b', startDate: '2017-01-01', endDate: '2019-06-30' },
          { id: 'c', startDate: '2019-07-01', endDate: null },
        ],
        today,
      ),
    ).toBeNull();
  });

  it('a day shared by the end of one and the start of the next is an overlap', () => {
    expect(
      workOverlaps(
        [
          { id: 'a', startDate: '2015-01-01', endDate: '2016-12-31' },
          { id: 'b', startDate: '2016-12-31', endDate: null },
        ],
        today,
      ),
    ).toEqual(['a', 'b']);
  });

  it('a 至今 record runs to today', () => {
    const current = { id: 'now', startDate: '2020-01-01', endDate: null };
    expect(workOverlaps([current, { id: 'later', startDate: '2026-11-22', endDate: '2026-11-22' }], today)).toEqual(['now', 'later']);
    expect(workOverlaps([current, { id: 'old', startDate: '2010-01-01', endDate: '2019-12-31' }], today)).toBeNull();
    expect(workOverlaps([current, { id: 'also', startDate: '2024-01-01', endDate: null }], today)).toEqual(['now', 'also']);
  });

  it('finds a period inside another; names records without an id by index', () => {
    expect(
      workOverlaps(
        [
          { startDate: '2010-01-01', endDate: '2011-01-01' },
          { startDate: '2012-01-01', endDate: '2020-01-01' },
          { startDate: '2015-01-01', endDate: '2015-02-01' },
        ],
        today,
      ),
    ).toEqual(['1', '2']);
  });
});

describe('appointmentBeforeQualification', () => {
  it('refuses a 聘任时间 before the earliest 资格取得时间; the same day is fine', () => {
    expect(appointmentBeforeQualification('2018-05-19', ['2018-05-20'])).toBe('会计专业职务聘任时间不能早于资格取得时间');
    expect(appointmentBeforeQualification('2018-05-20', ['2018-05-20'])).toBeNull();
    expect(appointmentBeforeQualification('2019-01-01', ['2021-09-01', '2018-05-20'])).toBeNull();
    expect(appointmentBeforeQualification('2018-01-01', ['2021-09-01', '2018-05-20'])).toBe('会计专业职务聘任时间不能早于资格取得时间');
  });

  it('nothing known, nothing to compare', () => {
    expect(appointmentBeforeQualification('2000-01-01', [])).toBeNull();
  });
});

describe('idProofRequired', () => {
  it('only for people neither working nor studying', () => {
    expect(idProofRequired({ working: false, studying: false })).toBe(true);
    expect(idProofRequired({ working: true, studying: false })).toBe(false);
    expect(idProofRequired({ working: false, studying: true })).toBe(false);
    expect(idProofRequired({ working: true, studying: true })).toBe(false);
  });
});

describe('scopeProblems', () => {
  const phd = { educationLevel: 'doctorate', degree: 'doctor', attachments: {} };
  const highSchool = (attachments: Record<string, string>) => ({ educationLevel: 'high_school', degree: 'none', attachments });

  it('会计人员 needs a work record with 会计工作经历', () => {
    const message = '采集范围为“会计人员”的，须填写会计工作经历';
    expect(scopeProblems('accountant', { education: [], work: [] })).toEqual({ work: message });
    expect(scopeProblems('accountant', { education: [], work: [{ hasAccountingExperience: false }] })).toEqual({ work: message });
    expect(scopeProblems('accountant', { education: [], work: [{ hasAccountingExperience: false }, { hasAccountingExperience: true }] })).toEqual({});
  });

  it('博士 scope needs an education record with 学位 博士', () => {
    const message = '采集范围为“暂未工作但具有博士学位拟报名中级会计专业技术资格考试的人员”的，教育经历须填写博士学位';
    expect(scopeProblems('doctor_intermediate_candidate', { education: [], work: [] })).toEqual({ education: message });
    // 博士研究生 without the degree is not enough
    expect(scopeProblems('doctor_intermediate_candidate', { education: [{ ...phd, degree: 'none' }], work: [] })).toEqual({ education: message });
    expect(scopeProblems('doctor_intermediate_candidate', { education: [phd], work: [] })).toEqual({});
  });

  it('scope 三 needs a 高中 or higher record carrying its 学历证书', () => {
    const message = '须上传高中及以上学历证书原件照片';
    expect(scopeProblems('junior_exam_candidate', { education: [], work: [] })).toEqual({ education: message });
    expect(scopeProblems('junior_exam_candidate', { education: [highSchool({})], work: [] })).toEqual({ education: message });
    expect(
      scopeProblems('junior_exam_candidate', { education: [{ educationLevel: 'junior_high', degree: 'none', attachments: { diploma: 'f' } }], work: [] }),
    ).toEqual({ education: message });
    expect(scopeProblems('junior_exam_candidate', { education: [highSchool({ student_card: 'f' })], work: [] })).toEqual({ education: message });
    expect(scopeProblems('junior_exam_candidate', { education: [highSchool({ diploma: 'f' })], work: [] })).toEqual({});
    expect(
      scopeProblems('junior_exam_candidate', { education: [{ educationLevel: 'bachelor', degree: 'bachelor', attachments: { diploma: 'f' } }], work: [] }),
    ).toEqual({});
  });

  it('the other scopes ask nothing here', () => {
    for (const scope of ['qualified_non_accountant', 'other_intermediate_candidate']) {
      expect(scopeProblems(scope, { education: [], work: [] }), scope).toEqual({});
    }
  });
});

describe('deriveFromMainlandId', () => {
  it('reads 性别 from the 17th digit and 出生日期 from digits 7-14', () => {
    expect(deriveFromMainlandId(makeId('370102', '20000422', '501'))).toEqual({ sex: 'male', birthDate: '2000-04-22' });
    expect(deriveFromMainlandId(makeId('110105', '19491231', '002').toLowerCase())).toEqual({ sex: 'female', birthDate: '1949-12-31' });
  });

  it('null for a number that is not valid', () => {
    const id = makeId('370102', '20000422', '501');
    expect(deriveFromMainlandId(id.slice(0, 17) + (id[17] === '0' ? '1' : '0'))).toBeNull();
    expect(deriveFromMainlandId('H12345678')).toBeNull();
  });
});

describe('chinaToday', () => {
  it('is exported with the rules', () => {
    expect(chinaToday(new Date('2026-11-21T16:30:00Z'))).toBe('2026-11-22');
  });
});
