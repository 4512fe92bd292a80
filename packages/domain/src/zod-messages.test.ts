import { describe, expect, it } from 'vitest';
import { z } from './zod';
import { formErrors } from './forms';


// Zod's own messages are English; every issue a schema gave no words of its own gets Chinese ones.
describe('chineseZodMessage', () => {
  const form = z.object({
    name: z.string().max(4),
    note: z.string().min(3),
    required: z.string().min(1),
    count: z.number().int().min(1).max(9),
    kind: z.enum(['a', 'b']),
    day: z.iso.date(),
    tags: z.array(z.string()).max(2),
  });
  const valid = { name: '张三', note: '备注信息', required: 'x', count: 3, kind: 'a', day: '2026-12-01', tags: [] };

  it('names each kind of mistake in Chinese', () => {
    expect(formErrors(form, { ...valid, name: '一二三四五', note: 'ab', required: '', count: 10, kind: 'c', day: '2026-02-30', tags: ['x', 'y', 'z'] })).toEqual({
      name: '不能超过4个字符',
      note: '不能少于3个字符',
      required: '请填写此项',
      count: '不能大于9',
      kind: '请从给出的选项中选择',
      day: '日期格式不正确',
      tags: '最多2项',
    });
    expect(formErrors(form, { ...valid, count: 0 }).count).toBe('不能小于1');
    expect(formErrors(form, { ...valid, count: 1.5 }).count).toBe('格式不正确');
  });

  it('tells a missing field from one of the wrong kind, and a wrong body from both', () => {
    const { name: _omit, ...withoutName } = valid;
    expect(formErrors(form, withoutName).name).toBe('请填写此项');
    expect(formErrors(form, { ...valid, name: null }).name).toBe('请填写此项');
    expect(formErrors(form, { ...valid, name: 12 }).name).toBe('格式不正确');
    expect(formErrors(form, null)).toEqual({ '': '提交的信息格式不正确' });
    expect(formErrors(form.strict(), { ...valid, extra: 1 })).toEqual({ '': '提交了无法识别的信息' });
  });

  it('leaves a schema its own words', () => {
    expect(formErrors(z.object({ mobile: z.string({ message: '请输入手机号' }) }), {})).toEqual({ mobile: '请输入手机号' });
    expect(formErrors(z.string().max(2, { message: '太长了' }), 'abc')).toEqual({ '': '太长了' });
  });
});
