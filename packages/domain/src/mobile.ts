/** A mainland mobile number: 11 digits, 1 then 3–9. */
export function checkMobile(mobile: string): string | null {
  const m = mobile.trim();
  if (!m) return '请输入手机号';
  return /^1[3-9]\d{9}$/.test(m) ? null : '请输入正确的手机号码';
}
