import { describe, expect, it } from 'vitest';
import { attachmentDiff, basicChangeReview, changeDiff, changeReview } from './index';

describe('信息变更: auto or manual review', () => {
  const proofs = { idProofFrontFileId: 'f1', idProofBackFileId: 'b1' };
  it('a 基本信息 change that keeps the 身份证明 images is decided at once (自动审核)', () => {
    expect(basicChangeReview(proofs, { ...proofs })).toBe('auto');
    expect(basicChangeReview({}, { idProofFrontFileId: null, idProofBackFileId: undefined })).toBe('auto');
  });
  it('uploading, replacing or removing either image goes to the authority (人工审核)', () => {
    expect(basicChangeReview({}, proofs)).toBe('manual');
    expect(basicChangeReview(proofs, { ...proofs, idProofBackFileId: 'b2' })).toBe('manual');
    expect(basicChangeReview(proofs, { idProofFrontFileId: 'f1', idProofBackFileId: null })).toBe('manual');
  });
  it('education, work and scope changes are always reviewed by a person', () => {
    expect(changeReview('education', null, {})).toBe('manual');
    expect(changeReview('work', {}, {})).toBe('manual');
    expect(changeReview('scope', { scope: 'a' }, { scope: 'a' })).toBe('manual');
    expect(changeReview('basic', proofs, proofs)).toBe('auto');
  });
});

describe('信息变更: the diff shown in red', () => {
  const fields = [
    { key: 'address', label: '通讯地址' },
    { key: 'email', label: '邮箱' },
  ];
  it('marks exactly the values that differ', () => {
    expect(changeDiff(fields, { address: '山东省 济南市 历下区 1234', email: '' }, { address: '山东省 济南市 历下区 123456', email: null })).toEqual([
      { key: 'address', label: '通讯地址', before: '山东省 济南市 历下区 1234', after: '山东省 济南市 历下区 123456', changed: true },
      { key: 'email', label: '邮箱', before: '', after: '', changed: false },
    ]);
  });
  it('a 新增 has no before and a 删除 no after: every given value is changed', () => {
    expect(changeDiff(fields, null, { address: 'x' }).map((r) => r.changed)).toEqual([true, false]);
    expect(changeDiff(fields, { email: 'a@b.cn' }, null).map((r) => [r.before, r.after, r.changed])).toEqual([
      ['', '', false],
      ['a@b.cn', '', true],
    ]);
  });
});

describe('变更前 | 变更后 of the attachments', () => {
  it('marks a file replaced under its label, and one on one side only; the same file is no change', () => {
    const before = [
      { id: 'p1', label: '照片' },
      { id: 'f1', label: '身份证明正面' },
      { id: 'b1', label: '身份证明背面' },
    ];
    const after = [
      { id: 'p1', label: '照片' },
      { id: 'f2', label: '身份证明正面' },
      { id: 'b1', label: '身份证明背面' },
      { id: 'c1', label: '教育部留学服务中心认证书' },
    ];
    const d = attachmentDiff(before, after);
    expect(d.before.map((a) => [a.label, a.changed])).toEqual([
      ['照片', false],
      ['身份证明正面', true],
      ['身份证明背面', false],
    ]);
    expect(d.after.map((a) => [a.label, a.changed])).toEqual([
      ['照片', false],
      ['身份证明正面', true],
      ['身份证明背面', false],
      ['教育部留学服务中心认证书', true],
    ]);
    // A 新增 has no files before, a 删除 none after: every file of the other side is a change.
    expect(attachmentDiff([], after).after.every((a) => a.changed)).toBe(true);
    expect(attachmentDiff(before, []).before.every((a) => a.changed)).toBe(true);
  });
});
