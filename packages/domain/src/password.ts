const MESSAGE = '密码须为8-16位字符，由大小写字母、数字、特殊符号组成';

/** Seed 001 §1 (注册): 8-16位字符，由大小写字母，数字，特殊符号组成. */
export function checkPassword(pw: string): string | null {
  if (!pw) return '请输入密码';
  const length = [...pw].length;
  if (length < 8 || length > 16) return MESSAGE;
  if (/\s/.test(pw)) return '密码不能包含空格';
  // Special symbols: printable ASCII that is neither a letter nor a digit.
  if (!/[A-Z]/.test(pw) || !/[a-z]/.test(pw) || !/\d/.test(pw) || !/[!-/:-@[-`{-~]/.test(pw)) return MESSAGE;
  if (/[^\x21-\x7e]/.test(pw)) return '密码只能包含字母、数字和英文特殊符号';
  return null;
}

/** The 弱 中 强 meter of the register form: 0 empty, 1 weak, 2 medium, 3 strong. */
export function passwordStrength(pw: string): 0 | 1 | 2 | 3 {
  if (!pw) return 0;
  const classes = [/[A-Z]/, /[a-z]/, /\d/, /[!-/:-@[-`{-~]/].filter((r) => r.test(pw)).length;
  const length = [...pw].length;
  if (classes === 4 && length >= 12) return 3;
  if (classes >= 3 && length >= 8) return 2;
  return 1;
}
