import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formErrors } from './forms';

const schema = z
  .object({
    name: z.string().min(1, '请输入名称').max(5, '名称过长'),
    age: z.number({ message: '请输入年龄' }).int('年龄须为整数').min(18, '须年满18岁'),
    address: z.object({ city: z.string().min(1, '请输入城市'), street: z.string().min(1, '请输入街道') }),
    tags: z.array(z.string().min(1, '标签不能为空')),
  })
  .superRefine((v, ctx) => {
    if (v.name === 'admin') ctx.addIssue({ code: 'custom', message: '该名称不可用', path: ['name'] });
    if (v.age === 99) ctx.addIssue({ code: 'custom', message: '请联系管理员' });
  });
const valid = { name: '张三', age: 30, address: { city: '北京', street: '长安街' }, tags: ['a'] };

describe('formErrors', () => {
  it('returns {} when the data is valid', () => {
    expect(formErrors(schema, valid)).toEqual({});
  });

  it('returns one message per field', () => {
    expect(formErrors(schema, { ...valid, name: '', age: 10 })).toEqual({ name: '请输入名称', age: '须年满18岁' });
  });

  it('keeps the first message when a field has several', () => {
    expect(formErrors(schema, { ...valid, age: 10.5 })).toEqual({ age: '年龄须为整数' });
  });

  it('files nested issues under the top-level field', () => {
    expect(formErrors(schema, { ...valid, address: { city: '', street: '' }, tags: ['a', ''] })).toEqual({
      address: '请输入城市',
      tags: '标签不能为空',
    });
  });

  it('maps refinement issues to the field their path names', () => {
    expect(formErrors(schema, { ...valid, name: 'admin' })).toEqual({ name: '该名称不可用' });
  });

  it("files form-level issues under ''", () => {
    expect(formErrors(schema, { ...valid, age: 99 })).toEqual({ '': '请联系管理员' });
    expect(Object.keys(formErrors(schema, null))).toEqual(['']);
  });

  it('works for a schema that is not an object', () => {
    expect(formErrors(z.string().min(2, '太短'), 'a')).toEqual({ '': '太短' });
    expect(formErrors(z.string(), 'ab')).toEqual({});
  });
});
