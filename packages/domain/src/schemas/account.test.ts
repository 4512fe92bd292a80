import { describe, expect, expectTypeOf, it } from 'vitest';
import { formErrors } from '../forms';
import type { IdType } from '../id-number';
import { makeId } from '../test-ids';
import { accountSchemas, type TLoginRequest, type TMobileChangeRequest, type TPasswordResetRequest, type TRegisterRequest, type TSmsCodeRequest, type TWechatLoginRequest } from './account';

let clock = new Date('2026-11-22T12:00:00+08:00');
const { ZRegisterRequest, ZLoginRequest, ZPasswordResetRequest, ZSmsCodeRequest, ZMobileChangeRequest } = accountSchemas(() => clock);

const register = {
  idType: 'mainland_id',
  idNumber: '11010519491231002x',
  realName: ' 王𠮷 ',
  password: 'Abcd@1234',
  confirmPassword: 'Abcd@1234',
  mobile: '13800000000',
  smsCode: '123456',
};
const reset = {
  idNumber: 'h12345678',
  realName: '陈大文',
  password: 'Abcd@1234',
  confirmPassword: 'Abcd@1234',
  mobile: '13800000000',
  smsCode: '123456',
};
const login = { identifier: '11010519491231002X', password: 'old', captchaId: 'c1', captchaAnswer: 'ab12' };

describe('ZRegisterRequest', () => {
  it('normalises a valid request: ID number upper-cased, name trimmed', () => {
    expect(ZRegisterRequest.parse(register)).toEqual({
      ...register,
      idNumber: '11010519491231002X',
      realName: '王𠮷',
    });
  });

  it('returns {} from formErrors for valid data', () => {
    expect(formErrors(ZRegisterRequest, register)).toEqual({});
  });

  it('takes each ID type with a number and a name that suit it', () => {
    const cases = [
      { idType: 'hk_macao_permit', idNumber: 'H12345678', realName: '陈大文' },
      { idType: 'taiwan_permit', idNumber: '12345678', realName: '林志玲' },
      { idType: 'foreign_passport', idNumber: 'E12345678', realName: 'John Smith' },
      { idType: 'mainland_id', idNumber: makeId('342601', '19800101'), realName: '阿依古丽·买买提' },
    ];
    for (const c of cases) expect(formErrors(ZRegisterRequest, { ...register, ...c }), c.idType).toEqual({});
  });

  it('maps every problem to its field at once, the cross-field ones included', () => {
    const errors = formErrors(ZRegisterRequest, {
      ...register,
      idNumber: '110105194912310021',
      realName: 'Zhang San',
      password: 'weak',
      confirmPassword: 'other',
      mobile: '123',
      smsCode: '12',
    });
    expect(errors).toEqual({
      idNumber: '身份证号码校验位不正确，请核对后重新输入',
      realName: '姓名格式不正确，只能包含汉字和间隔号“·”，生僻字请点击右侧“生僻字”选择',
      password: '密码须为8-16位字符，由大小写字母、数字、特殊符号组成',
      confirmPassword: '两次输入的密码不一致',
      mobile: '请输入正确的手机号码',
      smsCode: '请输入6位手机验证码',
    });
  });

  it('files a password mismatch under confirmPassword only', () => {
    expect(formErrors(ZRegisterRequest, { ...register, confirmPassword: 'Abcd@12345' })).toEqual({ confirmPassword: '两次输入的密码不一致' });
  });

  it('asks for the confirmation when it is empty, without also calling it a mismatch', () => {
    expect(formErrors(ZRegisterRequest, { ...register, confirmPassword: '' })).toEqual({ confirmPassword: '请再次输入密码' });
  });

  it('gives a Chinese message for every missing field', () => {
    expect(formErrors(ZRegisterRequest, {})).toEqual({
      idType: '请选择证件类型',
      idNumber: '请输入证件号码',
      realName: '请输入真实姓名',
      password: '请输入密码',
      confirmPassword: '请再次输入密码',
      mobile: '请输入手机号',
      smsCode: '请输入6位手机验证码',
    });
  });

  it('checks the number against the chosen type', () => {
    expect(formErrors(ZRegisterRequest, { ...register, idType: 'hk_macao_permit' }).idNumber).toMatch(/港澳居民来往内地通行证号码格式不正确/);
    expect(formErrors(ZRegisterRequest, { ...register, idNumber: 'H12345678' }).idNumber).toBe('身份证号码应为18位');
    expect(formErrors(ZRegisterRequest, { ...register, idNumber: makeId('990105', '19900101') }).idNumber).toBe('身份证号码的地区码无效');
  });

  it('checks the name against the chosen type: Latin only on permits and passports', () => {
    expect(formErrors(ZRegisterRequest, { ...register, realName: 'John Smith' })).toHaveProperty('realName');
    expect(formErrors(ZRegisterRequest, { ...register, idType: 'foreign_passport', idNumber: 'E12345678', realName: 'John Smith' })).toEqual({});
  });

  it('reports only the type when it is missing, and still checks the name as a mainland one', () => {
    expect(formErrors(ZRegisterRequest, { ...register, idType: undefined })).toEqual({ idType: '请选择证件类型' });
    expect(formErrors(ZRegisterRequest, { ...register, idType: 'x', realName: 'A' })).toEqual({ idType: '请选择证件类型', realName: '姓名至少2个字' });
  });

  it('asks for an empty number even before a type is chosen (the form shows both at once)', () => {
    expect(formErrors(ZRegisterRequest, { ...register, idType: '', idNumber: '' })).toEqual({ idType: '请选择证件类型', idNumber: '请输入证件号码' });
    expect(formErrors(ZRegisterRequest, { ...register, idType: '', idNumber: '  ' })).toMatchObject({ idNumber: '请输入证件号码' });
  });

  it('reads the clock at parse time: a birth date after "now" is refused', () => {
    const id = makeId('110105', '20261201');
    expect(formErrors(ZRegisterRequest, { ...register, idNumber: id }).idNumber).toBe('身份证号码中的出生日期无效');
    clock = new Date('2026-12-01T00:00:00+08:00');
    try {
      expect(formErrors(ZRegisterRequest, { ...register, idNumber: id })).toEqual({});
    } finally {
      clock = new Date('2026-11-22T12:00:00+08:00');
    }
  });

  it('refuses oversized input with a message before anything else', () => {
    expect(formErrors(ZRegisterRequest, { ...register, realName: '张'.repeat(201) }).realName).toBe('输入内容过长');
    expect(formErrors(ZRegisterRequest, { ...register, idNumber: '1'.repeat(41) }).idNumber).toBe('输入内容过长');
    expect(formErrors(ZRegisterRequest, { ...register, password: 'A'.repeat(65) }).password).toBe('输入内容过长');
    expect(formErrors(ZRegisterRequest, { ...register, mobile: '1'.repeat(21) }).mobile).toBe('输入内容过长');
  });

  it('answers a body that is not an object with a form-level message instead of throwing', () => {
    for (const body of [null, undefined, 'x', 1, []]) {
      expect(formErrors(ZRegisterRequest, body)).toEqual({ '': '请求内容格式不正确' });
    }
  });

  it('refuses wrong field types with the field message', () => {
    expect(formErrors(ZRegisterRequest, { ...register, mobile: 13800000000, smsCode: 123456 })).toEqual({
      mobile: '请输入手机号',
      smsCode: '请输入6位手机验证码',
    });
  });
});

describe('ZMobileChangeRequest', () => {
  it('asks for each field, and takes a mainland mobile, a 6-digit code and any password', () => {
    expect(formErrors(ZMobileChangeRequest, {})).toEqual({ mobile: '请输入手机号', smsCode: '请输入6位手机验证码', password: '请输入登录密码' });
    expect(formErrors(ZMobileChangeRequest, { mobile: '12345678901', smsCode: '12345', password: 'x' })).toEqual({ mobile: '请输入正确的手机号码', smsCode: '请输入6位手机验证码' });
    // Not the strength rule: a password set under older rules must still prove the person.
    expect(formErrors(ZMobileChangeRequest, { mobile: '13912345678', smsCode: '123456', password: 'old' })).toEqual({});
  });
});

describe('ZLoginRequest', () => {
  it('trims and upper-cases the identifier, trims the captcha answer, keeps the password as typed', () => {
    expect(ZLoginRequest.parse({ identifier: ' 11010519491231002x ', password: ' old ', captchaId: 'c', captchaAnswer: ' ab12 ' })).toEqual({
      identifier: '11010519491231002X',
      password: ' old ',
      captchaId: 'c',
      captchaAnswer: 'ab12',
    });
    expect(ZLoginRequest.parse({ ...login, identifier: '138 0000 0000' }).identifier).toBe('13800000000');
    expect(ZLoginRequest.parse({ ...login, identifier: '１３８００００００００' }).identifier).toBe('13800000000');
  });

  it('does not apply the strength rule: old passwords must still log in', () => {
    expect(formErrors(ZLoginRequest, { ...login, password: '123' })).toEqual({});
  });

  it('asks for each field', () => {
    expect(formErrors(ZLoginRequest, { identifier: '  ', password: '', captchaId: '', captchaAnswer: ' ' })).toEqual({
      identifier: '请输入证件号码或手机号',
      password: '请输入密码',
      captchaId: '请刷新验证码',
      captchaAnswer: '请输入验证码',
    });
    expect(formErrors(ZLoginRequest, {})).toEqual({
      identifier: '请输入证件号码或手机号',
      password: '请输入密码',
      captchaId: '请刷新验证码',
      captchaAnswer: '请输入验证码',
    });
  });

  it('refuses oversized fields', () => {
    expect(formErrors(ZLoginRequest, { ...login, identifier: 'A'.repeat(41) })).toEqual({ identifier: '输入内容过长' });
    expect(formErrors(ZLoginRequest, { ...login, password: 'a'.repeat(65) })).toEqual({ password: '输入内容过长' });
    expect(formErrors(ZLoginRequest, { ...login, captchaId: 'c'.repeat(65) })).toEqual({ captchaId: '输入内容过长' });
    expect(formErrors(ZLoginRequest, { ...login, captchaAnswer: 'a'.repeat(11) })).toEqual({ captchaAnswer: '输入内容过长' });
    expect(formErrors(ZLoginRequest, { ...login, password: 'a'.repeat(64) })).toEqual({});
  });
});

describe('ZPasswordResetRequest', () => {
  it('normalises the number (any of the four formats) and the name', () => {
    expect(ZPasswordResetRequest.parse(reset)).toEqual({ ...reset, idNumber: 'H12345678' });
    for (const idNumber of ['11010519491231002x', '12345678', 'E1234', 'P1234567890123456']) {
      expect(formErrors(ZPasswordResetRequest, { ...reset, idNumber }), idNumber).toEqual({});
    }
    expect(ZPasswordResetRequest.parse({ ...reset, realName: '  阿依古丽•买买提 ' }).realName).toBe('阿依古丽·买买提');
  });

  it('checks the number loosely: 5 to 18 letters and digits', () => {
    for (const idNumber of ['1234', '1'.repeat(19), 'H1234-5678', '张三12345']) {
      expect(formErrors(ZPasswordResetRequest, { ...reset, idNumber }), idNumber).toEqual({ idNumber: '证件号码格式不正确' });
    }
    expect(formErrors(ZPasswordResetRequest, { ...reset, idNumber: ' ' })).toEqual({ idNumber: '请输入证件号码' });
  });

  it('needs matching, valid passwords, a mobile and a code', () => {
    expect(formErrors(ZPasswordResetRequest, { ...reset, confirmPassword: 'Abcd@12345', idNumber: '12' })).toEqual({
      idNumber: '证件号码格式不正确',
      confirmPassword: '两次输入的密码不一致',
    });
    expect(formErrors(ZPasswordResetRequest, { ...reset, password: 'abcd1234', confirmPassword: 'abcd1234', mobile: '', smsCode: 'abcdef' })).toEqual({
      password: '密码须为8-16位字符，由大小写字母、数字、特殊符号组成',
      mobile: '请输入手机号',
      smsCode: '请输入6位手机验证码',
    });
  });

  it('asks for the name and refuses an oversized one', () => {
    expect(formErrors(ZPasswordResetRequest, { ...reset, realName: '  ' })).toEqual({ realName: '请输入真实姓名' });
    expect(formErrors(ZPasswordResetRequest, { ...reset, realName: 'A'.repeat(61) })).toEqual({ realName: '输入内容过长' });
  });

  it('answers a body that is not an object with a form-level message', () => {
    expect(formErrors(ZPasswordResetRequest, null)).toEqual({ '': '请求内容格式不正确' });
  });
});

describe('ZSmsCodeRequest', () => {
  it('takes a mobile and a purpose', () => {
    expect(ZSmsCodeRequest.parse({ mobile: ' 13800000000 ', purpose: 'password_reset' })).toEqual({ mobile: '13800000000', purpose: 'password_reset' });
    expect(formErrors(ZSmsCodeRequest, { mobile: '13800000000', purpose: 'register' })).toEqual({});
  });

  it('refuses an unknown purpose and a bad mobile', () => {
    expect(formErrors(ZSmsCodeRequest, { mobile: '12345678901', purpose: 'login' })).toEqual({
      mobile: '请输入正确的手机号码',
      purpose: '验证码用途不正确',
    });
  });
});

describe('inferred types', () => {
  it('carry the parsed shapes', () => {
    expectTypeOf<TRegisterRequest>().toEqualTypeOf<{
      idType: IdType;
      idNumber: string;
      realName: string;
      password: string;
      confirmPassword: string;
      mobile: string;
      smsCode: string;
    }>();
    expectTypeOf<TLoginRequest>().toEqualTypeOf<{ identifier: string; password: string; captchaId: string; captchaAnswer: string; wechatBind?: boolean | undefined }>();
    expectTypeOf<TWechatLoginRequest>().toEqualTypeOf<{ code: string; state: string }>();
    expectTypeOf<TPasswordResetRequest>().toEqualTypeOf<{
      idNumber: string;
      realName: string;
      password: string;
      confirmPassword: string;
      mobile: string;
      smsCode: string;
    }>();
    expectTypeOf<TSmsCodeRequest>().toEqualTypeOf<{ mobile: string; purpose: 'register' | 'password_reset' | 'change_mobile' }>();
    expectTypeOf<TMobileChangeRequest>().toEqualTypeOf<{ mobile: string; smsCode: string; password: string }>();
  });
});
