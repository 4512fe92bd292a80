import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  ID_TYPES,
  idTypeLabel,
  isKnownIdRegion,
  mainlandIdCheckChar,
  normalizeIdNumber,
  parseMainlandId,
  ZIdType,
} from './id-number';
import { isoCheckChar, makeId, withWrongCheck } from './test-ids';

// Noon in Beijing on the sandbox's usual date.
const today = new Date('2026-11-22T12:00:00+08:00');
const mainland = (id: string, at = today) => checkIdNumber('mainland_id', id, at);

describe('ID types', () => {
  it('lists the four types of the register form, in order, with their labels', () => {
    expect(ID_TYPES).toEqual([
      { value: 'mainland_id', label: '内地居民身份证' },
      { value: 'hk_macao_permit', label: '港澳居民来往内地通行证' },
      { value: 'taiwan_permit', label: '台湾居民来往大陆通行证' },
      { value: 'foreign_passport', label: '护照（外国）' },
    ]);
  });

  it('ZIdType takes exactly those values, with a Chinese message otherwise', () => {
    for (const t of ID_TYPES) expect(ZIdType.parse(t.value)).toBe(t.value);
    expect(ZIdType.options).toEqual(ID_TYPES.map((t) => t.value));
    const r = ZIdType.safeParse('passport');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('请选择证件类型');
  });

  it('idTypeLabel gives the label', () => {
    expect(idTypeLabel('mainland_id')).toBe('内地居民身份证');
    expect(idTypeLabel('foreign_passport')).toBe('护照（外国）');
  });
});

describe('normalizeIdNumber', () => {
  it('trims, removes inner spaces and upper-cases a trailing x', () => {
    expect(normalizeIdNumber('mainland_id', ' 110105 19491231 002x ')).toBe('11010519491231002X');
    expect(normalizeIdNumber('hk_macao_permit', 'h1234 5678')).toBe('H12345678');
    expect(normalizeIdNumber('foreign_passport', '\te1234567\n')).toBe('E1234567');
  });

  it('turns full-width input-method digits and letters, and the ideographic space, into ASCII', () => {
    expect(normalizeIdNumber('mainland_id', '１１０１０５　１９４９１２３１００２ｘ')).toBe('11010519491231002X');
  });

  it('leaves an empty string empty', () => {
    expect(normalizeIdNumber('mainland_id', '   ')).toBe('');
  });
});

describe('mainlandIdCheckChar (ISO 7064 MOD 11-2)', () => {
  it('gives the check character of the standard example and of X and 0 cases', () => {
    expect(mainlandIdCheckChar('11010519491231002')).toBe('X');
    expect(mainlandIdCheckChar('44052418800101001')).toBe('4');
    expect(mainlandIdCheckChar('44030419900101007')).toBe('0');
  });

  it('agrees with the definition for many numbers, every check character included', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 400; n++) {
      const first17 = `3701022000042${String(n * 37).padStart(4, '0')}`.slice(0, 17);
      const c = mainlandIdCheckChar(first17);
      expect(c).toBe(isoCheckChar(first17));
      seen.add(c);
    }
    expect(seen.size).toBe(11);
  });

  it('refuses input that is not 17 digits', () => {
    expect(() => mainlandIdCheckChar('1101051949123100')).toThrow();
    expect(() => mainlandIdCheckChar('1101051949123100A')).toThrow();
  });
});

describe('checkIdNumber: mainland ID (GB 11643-1999)', () => {
  it('accepts known-valid numbers', () => {
    // The standard's own example, whose check character is X.
    expect(mainland('11010519491231002X')).toBeNull();
    expect(mainland('440304199001010070')).toBeNull();
    expect(mainland(makeId('370102', '20000422', '501'))).toBeNull();
    expect(mainland(makeId('320106', '19850612', '123'))).toBeNull();
    expect(mainland(makeId('650102', '19781001', '004'))).toBeNull();
  });

  it('accepts a lowercase x and spaces, as typed', () => {
    expect(mainland('11010519491231002x')).toBeNull();
    expect(mainland(' 110105 1949 1231 002x ')).toBeNull();
    expect(mainland('１１０１０５１９４９１２３１００２Ｘ')).toBeNull();
  });

  it('refuses a wrong check character', () => {
    expect(mainland('110105194912310021')).toBe('身份证号码校验位不正确，请核对后重新输入');
    expect(mainland('440304199001010071')).toMatch(/^身份证号码校验位不正确/);
    const good = makeId('370102', '20000422', '501');
    expect(mainland(withWrongCheck(good))).toMatch(/^身份证号码校验位不正确/);
  });

  it('catches one mistyped digit anywhere and a swapped pair of neighbouring digits', () => {
    const good = makeId('320106', '19850612', '123');
    for (let i = 14; i < 17; i++) {
      const digit = String((Number(good[i]) + 1) % 10);
      expect(mainland(good.slice(0, i) + digit + good.slice(i + 1))).toMatch(/校验位/);
    }
    const swapped = good.slice(0, 14) + good[15] + good[14] + good.slice(16);
    expect(good[14]).not.toBe(good[15]);
    expect(mainland(swapped)).toMatch(/校验位/);
  });

  it('refuses lengths other than 18, the old 15-digit number included', () => {
    expect(mainland('11010519491231002')).toBe('身份证号码应为18位');
    expect(mainland('11010519491231002XX')).toBe('身份证号码应为18位');
    expect(mainland('110105491231002')).toBe('身份证号码应为18位');
  });

  it('refuses letters anywhere but the last place', () => {
    expect(mainland('1101051949123100AX')).toBe('身份证号码格式不正确（前17位为数字，最后一位为数字或X）');
    expect(mainland('X10105194912310021')).toMatch(/格式不正确/);
    expect(mainland('11010519491231002Y')).toMatch(/格式不正确/);
    expect(mainland('1101051949-231002X')).toMatch(/格式不正确/);
  });

  it('refuses an empty number', () => {
    expect(mainland('')).toBe('请输入证件号码');
    expect(mainland('   ')).toBe('请输入证件号码');
  });

  describe('birth date', () => {
    const INVALID = '身份证号码中的出生日期无效';

    it('knows leap years: Feb 29 exists in 2000 and 2024, not in 1900, 1999 or 2023', () => {
      expect(mainland(makeId('110105', '20000229'))).toBeNull();
      expect(mainland(makeId('110105', '20240229'))).toBeNull();
      expect(mainland(makeId('110105', '19000229'))).toBe(INVALID);
      expect(mainland(makeId('110105', '19990229'))).toBe(INVALID);
      expect(mainland(makeId('110105', '20230229'))).toBe(INVALID);
    });

    it('refuses days and months that do not exist', () => {
      expect(mainland(makeId('110105', '19990431'))).toBe(INVALID);
      expect(mainland(makeId('110105', '19990230'))).toBe(INVALID);
      expect(mainland(makeId('110105', '19991301'))).toBe(INVALID);
      expect(mainland(makeId('110105', '19990001'))).toBe(INVALID);
      expect(mainland(makeId('110105', '19990100'))).toBe(INVALID);
      expect(mainland(makeId('110105', '19991231'))).toBeNull();
      expect(mainland(makeId('110105', '19990430'))).toBeNull();
    });

    it('accepts 1900-01-01 and refuses anything earlier (the standard example born 1880 included)', () => {
      expect(mainland(makeId('110105', '19000101'))).toBeNull();
      expect(mainland(makeId('110105', '18991231'))).toBe(INVALID);
      expect(mainland('440524188001010014')).toBe(INVALID);
    });

    it('accepts today and refuses tomorrow', () => {
      expect(mainland(makeId('110105', '20261122'))).toBeNull();
      expect(mainland(makeId('110105', '20261123'))).toBe(INVALID);
      expect(mainland(makeId('110105', '20301122'))).toBe(INVALID);
    });

    it('reads "today" in China time, whatever the server time zone', () => {
      // 2026-11-22 16:30 UTC is already the 23rd in Beijing.
      expect(mainland(makeId('110105', '20261123'), new Date('2026-11-22T16:30:00Z'))).toBeNull();
      // 2026-11-22 15:30 UTC is still the 22nd there.
      expect(mainland(makeId('110105', '20261123'), new Date('2026-11-22T15:30:00Z'))).toBe(INVALID);
    });

    it('uses the clock it is given, not the machine clock', () => {
      const id = makeId('110105', '20100101');
      expect(mainland(id, new Date('2009-12-31T12:00:00+08:00'))).toBe(INVALID);
      expect(mainland(id, new Date('2010-01-01T12:00:00+08:00'))).toBeNull();
    });
  });

  describe('region', () => {
    const UNKNOWN = '身份证号码的地区码无效';

    it('refuses an unknown province', () => {
      expect(mainland(makeId('990105', '19900101'))).toBe(UNKNOWN);
      expect(mainland(makeId('000000', '19900101'))).toBe(UNKNOWN);
      expect(mainland(makeId('100101', '19900101'))).toBe(UNKNOWN);
      expect(mainland(makeId('720000', '19900101'))).toBe(UNKNOWN);
    });

    it('refuses an unknown prefecture under a known province', () => {
      expect(mainland(makeId('379901', '19900101'))).toBe(UNKNOWN);
      expect(mainland(makeId('113301', '19900101'))).toBe(UNKNOWN);
      expect(mainland(makeId('448801', '19900101'))).toBe(UNKNOWN);
    });

    it('accepts every province-level code, 港澳台 included', () => {
      for (const p of ['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37', '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65']) {
        expect(mainland(makeId(`${p}0102`, '19900101')), p).toBeNull();
      }
      // 台湾省 and the 港澳台居民居住证 numbers.
      for (const r of ['710000', '810000', '820000', '830000']) expect(mainland(makeId(r, '19900101')), r).toBeNull();
    });

    it('accepts counties merged away since, as long as their prefecture is known', () => {
      // 110103 崇文区 and 110104 宣武区 were merged into 东城区 / 西城区 in 2010.
      expect(mainland(makeId('110103', '19800101'))).toBeNull();
      expect(mainland(makeId('110104', '19800101'))).toBeNull();
      // A county code that never existed under a known prefecture passes too: by design.
      expect(mainland(makeId('370199', '19800101'))).toBeNull();
    });

    it('accepts retired prefectures whose numbers people still carry', () => {
      expect(mainland(makeId('342601', '19800101'))).toBeNull(); // 巢湖地区, split up in 2011
      expect(mainland(makeId('510202', '19700101'))).toBeNull(); // 重庆 under 四川, before 1997
      expect(mainland(makeId('132201', '19650101'))).toBeNull(); // 邢台地区, 1980s Hebei codes
      expect(mainland(makeId('522101', '19750101'))).toBeNull(); // 遵义地区
      expect(mainland(makeId('632121', '19880101'))).toBeNull(); // 海东地区, a city since 2013
      expect(mainland(makeId('542301', '19900101'))).toBeNull(); // 日喀则地区
      expect(mainland(makeId('460001', '19920101'))).toBeNull(); // 海南 counties coded 4600xx
    });

    it('accepts municipality and 省直辖 codes (city part 01, 02, 90)', () => {
      expect(mainland(makeId('110228', '19800101'))).toBeNull(); // 北京 密云县, 1102 retired
      expect(mainland(makeId('500235', '19990101'))).toBeNull(); // 重庆 云阳县
      expect(mainland(makeId('429004', '19900101'))).toBeNull(); // 湖北 仙桃市
      expect(mainland(makeId('419001', '19900101'))).toBeNull(); // 河南 济源市
    });

    it('isKnownIdRegion judges six digits only', () => {
      expect(isKnownIdRegion('110105')).toBe(true);
      expect(isKnownIdRegion('990105')).toBe(false);
      expect(isKnownIdRegion('11010')).toBe(false);
      expect(isKnownIdRegion('11010X')).toBe(false);
    });
  });
});

describe('parseMainlandId', () => {
  it('gives region, birth date and gender', () => {
    expect(parseMainlandId('11010519491231002X')).toEqual({ regionCode: '110105', birthDate: '1949-12-31', gender: 'female' });
    expect(parseMainlandId(makeId('370102', '20000422', '501'))).toEqual({ regionCode: '370102', birthDate: '2000-04-22', gender: 'male' });
  });

  it('reads gender from the 17th digit: odd male, even female', () => {
    for (let d = 0; d <= 9; d++) {
      expect(parseMainlandId(makeId('320106', '19850612', `12${d}`))?.gender).toBe(d % 2 ? 'male' : 'female');
    }
  });

  it('normalises what it is given', () => {
    expect(parseMainlandId(' 11010519491231002x ')?.birthDate).toBe('1949-12-31');
  });

  it('returns null for a structurally invalid number', () => {
    expect(parseMainlandId('110105194912310021')).toBeNull(); // check character
    expect(parseMainlandId(makeId('110105', '19990230'))).toBeNull(); // no such day
    expect(parseMainlandId('11010519491231002')).toBeNull(); // 17 characters
    expect(parseMainlandId('H12345678')).toBeNull();
    expect(parseMainlandId('')).toBeNull();
  });
});

describe('checkIdNumber: 港澳居民来往内地通行证', () => {
  const check = (id: string) => checkIdNumber('hk_macao_permit', id, today);

  it('accepts H or M and 8 digits, and the older H or M and 10 digits', () => {
    for (const ok of ['H12345678', 'M87654321', 'H1234567890', 'M0000000001', 'h12345678', ' H 1234 5678 ']) expect(check(ok), ok).toBeNull();
  });

  it('refuses other letters, other lengths and mixed content', () => {
    for (const bad of ['X12345678', 'H1234567', 'H123456789', 'H12345678901', '12345678', 'HM1234567', 'H1234567A', 'H12345678X']) {
      expect(check(bad), bad).toBe('港澳居民来往内地通行证号码格式不正确（H或M开头，后跟8位或10位数字）');
    }
    expect(check('')).toBe('请输入证件号码');
  });
});

describe('checkIdNumber: 台湾居民来往大陆通行证', () => {
  const check = (id: string) => checkIdNumber('taiwan_permit', id, today);

  it('accepts 8 digits, and the older 10-digit and letter-and-9-digit forms', () => {
    for (const ok of ['12345678', '00000001', '1234567890', 'A123456789', 'a123456789', '1234 5678']) expect(check(ok), ok).toBeNull();
  });

  it('refuses other lengths and shapes', () => {
    for (const bad of ['1234567', '123456789', '12345678901', 'AB12345678', 'T1234567', '1234567A', 'A12345678', 'A1234567890']) {
      expect(check(bad), bad).toBe('台湾居民来往大陆通行证号码格式不正确（8位数字，旧证10位数字或1位字母加9位数字）');
    }
    expect(check(' ')).toBe('请输入证件号码');
  });
});

describe('checkIdNumber: 护照（外国）', () => {
  const check = (id: string) => checkIdNumber('foreign_passport', id, today);

  it('accepts 5 to 17 letters and digits with at least one digit', () => {
    for (const ok of ['E1234', '12345', 'E12345678', 'GB1234567', 'P1234567890123456', 'e12345678', 'AB 123 456']) expect(check(ok), ok).toBeNull();
  });

  it('refuses 4 or 18 characters, no digit, and punctuation', () => {
    for (const bad of ['E123', 'P12345678901234567', 'ABCDEFG', 'E1234-567', 'E1234_56', 'E1234/56', 'É1234567']) {
      expect(check(bad), bad).toBe('护照号码格式不正确（5-17位字母和数字）');
    }
    expect(check('')).toBe('请输入证件号码');
  });
});

describe('checkIdNumber: type mismatch', () => {
  it('judges a number by the type chosen', () => {
    expect(checkIdNumber('hk_macao_permit', '11010519491231002X', today)).toMatch(/港澳/);
    expect(checkIdNumber('mainland_id', 'H12345678', today)).toBe('身份证号码应为18位');
    // An ID number is too long for a passport, a permit number too short for an ID card.
    expect(checkIdNumber('foreign_passport', '11010519491231002X', today)).toMatch(/护照/);
    expect(checkIdNumber('foreign_passport', 'H12345678', today)).toBeNull();
  });

  it('answers an unknown type (from untyped input) with a message instead of throwing', () => {
    expect(checkIdNumber('passport' as never, 'E12345678', today)).toBe('请选择证件类型');
  });
});
