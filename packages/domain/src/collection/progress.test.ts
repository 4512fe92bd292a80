import { describe, expect, it } from 'vitest';
import {
  collectionProblems,
  collectionReadOnly,
  educationOverlapMessage,
  ID_PROOF_MISSING,
  overallCollectionStatus,
  overlappingRecord,
  stepProblems,
  type CollectionProgress,
} from './progress';

const bachelor = { school: '山东大学', studyMode: 'full_time', educationLevel: 'bachelor', startDate: '2011-09-01', endDate: '2015-06-30', degree: 'bachelor', degreeCheck: 'verified' as const, attachments: {} };
const job = { unitName: '某公司', startDate: '2015-07-01', endDate: null, hasAccountingExperience: true, accountingPost: null, attachments: { uscc: 'f1', employment: 'f2', experience: 'f3' } };
const complete: CollectionProgress = { scope: 'accountant', basic: { idProofFrontFileId: null, idProofBackFileId: null }, education: [bachelor], work: [job], authority: true };

describe('overallCollectionStatus', () => {
  it('none, draft, pending, rejected, approved', () => {
    expect(overallCollectionStatus(null, [], [])).toBe('none');
    expect(overallCollectionStatus('draft', ['approved'], [])).toBe('draft');
    expect(overallCollectionStatus('approved', ['in_review'], ['rejected'])).toBe('pending');
    expect(overallCollectionStatus('approved', ['approved'], ['rejected'])).toBe('rejected');
    expect(overallCollectionStatus('approved', [], [])).toBe('draft'); // no education yet
    expect(overallCollectionStatus('approved', ['approved'], ['approved'])).toBe('approved');
  });

  it('only an approved collection is read-only', () => {
    expect(collectionReadOnly('approved')).toBe(true);
    for (const s of ['none', 'draft', 'pending', 'rejected'] as const) expect(collectionReadOnly(s)).toBe(false);
  });
});

describe('overlappingRecord (education periods)', () => {
  const today = '2026-01-01';
  it('本科 2011–2015 and 硕士 2014–2017 overlap; 2015-09 onwards does not', () => {
    expect(overlappingRecord({ startDate: '2014-09-01', endDate: '2017-06-30' }, [bachelor], today)).toBe(bachelor);
    expect(overlappingRecord({ startDate: '2015-09-01', endDate: '2018-06-30' }, [bachelor], today)).toBeNull();
  });
  it('a 至今 record runs to today; the same day counts; records without dates are skipped', () => {
    const studying = { school: '在读', startDate: '2024-09-01', endDate: null };
    expect(overlappingRecord({ startDate: '2025-12-31', endDate: '2025-12-31' }, [studying], today)).toBe(studying);
    expect(overlappingRecord({ startDate: '2010-01-01', endDate: '2011-09-01' }, [bachelor], today)).toBe(bachelor);
    expect(overlappingRecord({ startDate: '2012-01-01', endDate: '2013-01-01' }, [{ school: '历史', startDate: undefined, endDate: undefined }], today)).toBeNull();
  });
  it('names the school the message is about', () => {
    expect(educationOverlapMessage('山东大学')).toBe('新增教育经历时间不得和已新增的教育经历时间交叉（与“山东大学”的教育经历重叠）');
  });
});

describe('collectionProblems and stepProblems', () => {
  it('a complete collection lacks nothing, at any step', () => {
    expect(collectionProblems(complete)).toEqual({});
    for (const step of ['notice', 'basic', 'education', 'work', 'authority'] as const) expect(stepProblems(step, complete)).toEqual({});
  });

  it('采集须知 without a scope; 教育经历 with no record', () => {
    expect(stepProblems('notice', { ...complete, scope: null })).toEqual({ scope: '请在“采集须知”中选择采集范围' });
    expect(stepProblems('education', { ...complete, education: [] })).toEqual({ education: '请至少填写一条教育经历' });
    // The other steps do not speak of it.
    expect(stepProblems('work', { ...complete, education: [] })).toEqual({});
  });

  it('an education record lacking a required certificate (学信网 did not verify)', () => {
    const failed = { ...bachelor, degreeCheck: 'failed' as const };
    expect(stepProblems('education', { ...complete, education: [failed] })).toEqual({ education: '教育经历“山东大学”缺少附件：学历证书、学位证书' });
  });

  it('the scope’s demands: 会计人员 without 会计工作经历 at 工作经历; 博士 scope at 教育经历', () => {
    expect(stepProblems('work', { ...complete, work: [] }).work).toContain('须填写会计工作经历');
    expect(stepProblems('education', { ...complete, scope: 'doctor_intermediate_candidate' }).education).toContain('博士学位');
  });

  it('ID proofs: asked on 基本信息 once records say the person neither works nor studies, and named again at 工作经历', () => {
    const idle = { ...complete, work: [] as CollectionProgress['work'], scope: 'qualified_non_accountant' };
    expect(stepProblems('basic', { ...idle, education: [] })).toEqual({}); // nothing known yet
    expect(stepProblems('basic', idle)).toEqual({ basic: ID_PROOF_MISSING });
    expect(stepProblems('work', idle)).toEqual({ basic: ID_PROOF_MISSING });
    expect(stepProblems('work', { ...idle, basic: { idProofFrontFileId: 'a', idProofBackFileId: 'b' } })).toEqual({});
    expect(stepProblems('basic', { ...complete, basic: null })).toEqual({ basic: '请填写基本信息' });
  });

  it('提交审核 names every part that lacks something', () => {
    expect(Object.keys(collectionProblems({ scope: null, basic: null, education: [], work: [], authority: false }))).toEqual(['scope', 'basic', 'education', 'authority']);
  });
});
