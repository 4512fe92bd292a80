import { describe, expect, it } from 'vitest';
import { checkMobile } from './mobile';

describe('checkMobile', () => {
  it('accepts 11 digits starting 13 to 19', () => {
    for (const ok of ['13800000000', '14512345678', '15612345126', '16612345678', '17012345678', '18912345678', '19912345678']) {
      expect(checkMobile(ok), ok).toBeNull();
    }
  });

  it('accepts surrounding white space', () => {
    expect(checkMobile(' 13800000000 ')).toBeNull();
  });

  it('asks for a number when empty', () => {
    expect(checkMobile('')).toBe('请输入手机号');
    expect(checkMobile('   ')).toBe('请输入手机号');
  });

  it('refuses a second digit of 0, 1 or 2', () => {
    for (const bad of ['10012345678', '11012345678', '12345678901']) expect(checkMobile(bad), bad).toBe('请输入正确的手机号码');
  });

  it('refuses 10 and 12 digits', () => {
    expect(checkMobile('1380000000')).toBe('请输入正确的手机号码');
    expect(checkMobile('138000000001')).toBe('请输入正确的手机号码');
  });

  it('refuses a country code, inner spaces, dashes, letters and a landline', () => {
    for (const bad of ['+8613800000000', '8613800000000', '138 0000 0000', '138-0000-0000', '1380000000a', '23800000000', '01012345678']) {
      expect(checkMobile(bad), bad).toBe('请输入正确的手机号码');
    }
  });
});
