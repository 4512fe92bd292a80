import { describe, expect, it } from 'vitest';
import { formErrors } from '../forms';
import { consoleSchemas, REVIEW_OPINION_MAX, ZRejectReason, ZStaffUsername } from './console';

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
});
