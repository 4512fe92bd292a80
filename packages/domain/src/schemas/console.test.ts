import { describe, expect, it } from 'vitest';
import { formErrors } from '../forms';
import { consoleSchemas, REVIEW_OPINION_MAX, ZRejectReason, ZStaffPasswordChange, ZStaffUsername } from './console';

describe('console rules', () => {
  it('needs a reason to reject, of at most 500 characters', () => {
    expect(ZRejectReason.safeParse('   ').error?.issues[0]?.message).toBe('请填写不通过的原因');
    expect(ZRejectReason.safeParse('材'.repeat(REVIEW_OPINION_MAX)).success).toBe(true);
    expect(ZRejectReason.safeParse('材'.repeat(REVIEW_OPINION_MAX + 1)).error?.issues[0]?.message).toBe('不通过原因不能超过500字');
  });

  it('accepts usernames of 3-32 letters, digits and _ . -', () => {
    expect(ZStaffUsername.safeParse('jn_reviewer').success).toBe(true);
    expect(ZStaffUsername.safeParse('ab').success).toBe(false);
    expect(ZStaffUsername.safeParse('a'.repeat(33)).success).toBe(false);
    expect(ZStaffUsername.safeParse('张三丰').success).toBe(false);
  });

  it('names every wrong field of a new staff member at once', () => {
    const errors = formErrors(consoleSchemas.ZStaffCreate, { username: '', realName: '', authorityId: '', roles: [], password: 'weak' });
    expect(Object.keys(errors).sort()).toEqual(['authorityId', 'password', 'realName', 'roles', 'username']);
    expect(errors.roles).toBe('请至少选择一个角色');
  });

  it('修改密码: the password rule, a new password unlike the old, typed twice alike; every message at once', () => {
    expect(ZStaffPasswordChange.safeParse({ oldPassword: 'Old@12345', password: 'New@12345', confirmPassword: 'New@12345' }).success).toBe(true);
    expect(formErrors(ZStaffPasswordChange, { oldPassword: '', password: 'weak', confirmPassword: '' })).toEqual({
      oldPassword: '请输入原密码',
      password: '密码须为8-16位字符，由大小写字母、数字、特殊符号组成',
      confirmPassword: '请再次输入新密码',
    });
    expect(formErrors(ZStaffPasswordChange, { oldPassword: 'Same@1234', password: 'Same@1234', confirmPassword: 'Other@1234' })).toEqual({
      password: '新密码不能与原密码相同',
      confirmPassword: '两次输入的新密码不一致',
    });
    expect(formErrors(ZStaffPasswordChange, { oldPassword: '', password: 'Good@12345', confirmPassword: 'Good@12346' })).toEqual({
      oldPassword: '请输入原密码',
      confirmPassword: '两次输入的新密码不一致',
    });
  });
});
