import { describe, expect, it } from 'vitest';
import { checkUscc, normalizeUscc, organizationCodeCheckChar, usccCheckChar } from './uscc';

// Real codes, as published by the organisations themselves (and the standard's own example).
const REAL = [
  '91350100M000100Y43', // GB 32100-2015 附录 example: 9 工商, 1 企业, 350100 福州市
  '914403001922038216', // 华为技术有限公司
  '9144030071526726XG', // 腾讯科技(深圳)有限公司: X as the organisation code's check
  '91330100716105852F', // 阿里巴巴(中国)有限公司
  '91110108551385082Q', // 小米科技有限责任公司
  '91110000802100433B', // 百度在线网络技术(北京)有限公司
  '9111000071093123XX', // 国家电网有限公司: X in both check places
  '11100000000013127D', // a central 机关 (1 机构编制, 1 机关), region 100000
  '12100000400000624D', // a central 事业单位 (1 机构编制, 2 事业单位)
];

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Replaces one character by the next one of the charset. */
const mutate = (code: string, at: number) => {
  const next = CHARSET[(CHARSET.indexOf(code[at]!) + 1) % CHARSET.length]!;
  return code.slice(0, at) + next + code.slice(at + 1);
};

describe('checkUscc', () => {
  it.each(REAL)('accepts %s', (code) => {
    expect(checkUscc(code)).toBeNull();
  });

  it('accepts lower case, full-width characters and surrounding spaces', () => {
    expect(checkUscc(' 91350100m000100y43 ')).toBeNull();
    expect(checkUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBeNull();
    expect(checkUscc('9144 0300 7152 6726 XG')).toBeNull();
  });

  it('asks for a code when empty', () => {
    expect(checkUscc('')).toBe('请输入统一社会信用代码');
    expect(checkUscc('   ')).toBe('请输入统一社会信用代码');
  });

  it('refuses any length but 18', () => {
    expect(checkUscc('91350100M000100Y4')).toBe('统一社会信用代码应为18位');
    expect(checkUscc('91350100M000100Y433')).toBe('统一社会信用代码应为18位');
    // the seed's placeholder 11111111111111111111 (20 characters)
    expect(checkUscc('11111111111111111111')).toBe('统一社会信用代码应为18位');
  });

  it('refuses the letters I, O, Z, S, V and other characters', () => {
    for (const ch of ['I', 'O', 'Z', 'S', 'V', '-', '*']) {
      expect(checkUscc(`91350100M000100Y4${ch}`), ch).toMatch(/^统一社会信用代码格式不正确/);
    }
  });

  it('refuses an unknown registration authority or a type it does not have', () => {
    expect(checkUscc('B1350100M000100Y43')).toBe('统一社会信用代码格式不正确'); // no authority B
    expect(checkUscc('01350100M000100Y43')).toBe('统一社会信用代码格式不正确'); // no authority 0
    expect(checkUscc('94350100M000100Y43')).toBe('统一社会信用代码格式不正确'); // 工商 has types 1-3
    expect(checkUscc('Y2350100M000100Y43')).toBe('统一社会信用代码格式不正确'); // 其他 has type 1
    expect(checkUscc('90350100M000100Y43')).toBe('统一社会信用代码格式不正确');
  });

  it('refuses a region that is not 6 digits of a known province', () => {
    expect(checkUscc('913A0100M000100Y43')).toBe('统一社会信用代码格式不正确');
    expect(checkUscc('91990100M000100Y43')).toBe('统一社会信用代码格式不正确');
    expect(checkUscc('91000000M000100Y43')).toBe('统一社会信用代码格式不正确');
  });

  it('refuses a wrong organisation code check (position 17)', () => {
    // M000100Y → 4 (GB 11714: 22·3 + 1·5 + 34·2 = 139, 139 mod 11 = 7, 11 - 7 = 4)
    const code = '91350100M000100Y' + '5' + usccCheckChar('91350100M000100Y5');
    expect(checkUscc(code)).toBe('统一社会信用代码校验位不正确');
  });

  it('refuses a wrong final check character (position 18)', () => {
    expect(checkUscc('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确');
    expect(checkUscc('914403001922038217')).toBe('统一社会信用代码校验位不正确');
  });

  it('catches any single changed character of the body', () => {
    for (const code of REAL) {
      for (let at = 8; at < 18; at++) expect(checkUscc(mutate(code, at)), `${code}@${at}`).not.toBeNull();
    }
  });
});

describe('check characters', () => {
  it('GB 11714: 10 is written X and 11 is written 0', () => {
    expect(organizationCodeCheckChar('M000100Y')).toBe('4');
    expect(organizationCodeCheckChar('71526726')).toBe('X');
    // 0·3 … + 1·2 = 2 → 9; all zeros: 0 → 11 → '0'
    expect(organizationCodeCheckChar('00000000')).toBe('0');
    expect(organizationCodeCheckChar('00000001')).toBe('9');
  });

  it('GB 32100: mod 31 with weights 3^i, a remainder of 0 gives 0', () => {
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(usccCheckChar('00000000000000000')).toBe('0');
    // 1 at the first position: weight 1 → 31 - 1 = 30 → 'Y'
    expect(usccCheckChar('10000000000000000')).toBe('Y');
  });
});

describe('normalizeUscc', () => {
  it('trims, drops spaces and upper-cases', () => {
    expect(normalizeUscc(' 9144 0300 7152 6726xg ')).toBe('9144030071526726XG');
    expect(normalizeUscc('ｍ')).toBe('M');
  });
});
