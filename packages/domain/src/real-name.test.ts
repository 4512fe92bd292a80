import { describe, expect, it } from 'vitest';
import { checkRealName, codePointLength, normalizeRealName, RARE_CHARACTERS } from './real-name';

const FORMAT_MAINLAND = '姓名格式不正确，只能包含汉字和间隔号“·”，生僻字请点击右侧“生僻字”选择';
const FORMAT_OTHER = '姓名格式不正确，请按证件上的姓名填写';

describe('codePointLength', () => {
  it('counts a character outside the BMP once, unlike String.length', () => {
    expect('𠮷'.length).toBe(2);
    expect(codePointLength('𠮷')).toBe(1);
    expect(codePointLength('王𠮷')).toBe(2);
    expect(codePointLength('𪚥𰻞')).toBe(2);
    expect(codePointLength('')).toBe(0);
    expect(codePointLength('张三')).toBe(2);
  });
});

describe('normalizeRealName', () => {
  it('trims and makes inner white space one space', () => {
    expect(normalizeRealName('  张三 ')).toBe('张三');
    expect(normalizeRealName('John \t  Smith')).toBe('John Smith');
  });

  it('turns the dots of other input methods into the middle dot', () => {
    for (const dot of ['•', '・', '･', '‧', '∙', '⋅', '·']) expect(normalizeRealName(`阿依古丽${dot}买买提`), dot).toBe('阿依古丽·买买提');
  });

  it('makes full-width Latin letters and the ideographic space ASCII', () => {
    expect(normalizeRealName('Ｊｏｈｎ　Ｓｍｉｔｈ')).toBe('John Smith');
  });

  it('never changes a Han character, compatibility ideographs included', () => {
    // U+F900 would become U+8C48 under NFKC; a name keeps the code point its holder typed.
    expect(normalizeRealName('王\uF900')).toBe('王\uF900');
    expect(normalizeRealName('王𠮷')).toBe('王𠮷');
  });
});

describe('checkRealName: mainland ID', () => {
  const check = (name: string) => checkRealName('mainland_id', name);

  it('asks for a name when empty', () => {
    expect(check('')).toBe('请输入真实姓名');
    expect(check('   ')).toBe('请输入真实姓名');
  });

  it('takes 2 to 30 Han characters', () => {
    expect(check('张三')).toBeNull();
    expect(check('欧阳娜娜')).toBeNull();
    expect(check('张'.repeat(30))).toBeNull();
    expect(check('张')).toBe('姓名至少2个字');
    expect(check('张'.repeat(31))).toBe('姓名不能超过30个字');
  });

  it('counts code points: a 2-character name with 𠮷 passes, 𠮷 alone does not', () => {
    expect(check('王𠮷')).toBeNull();
    expect(check('𠮷')).toBe('姓名至少2个字');
    expect(check('𰻞'.repeat(30))).toBeNull(); // 60 UTF-16 units
    expect(check('𰻞'.repeat(31))).toBe('姓名不能超过30个字');
  });

  it('takes characters of the CJK extension blocks', () => {
    expect(check('刘䶮')).toBeNull(); // Extension A
    expect(check('赵孟𫖯')).toBeNull(); // Extension C
    expect(check('王𬌗')).toBeNull(); // Extension E
    expect(check('𰻞𰻞面')).toBeNull(); // Extension G
  });

  it('takes the middle dot between the parts of a minority name', () => {
    expect(check('阿依古丽·买买提')).toBeNull();
    expect(check('阿依古丽•买买提')).toBeNull();
    expect(check('爱新觉罗·溥仪')).toBeNull();
    expect(check('玉素甫·阿不都·热合曼')).toBeNull();
  });

  it('refuses a leading, trailing or doubled dot and a full stop for the dot', () => {
    for (const bad of ['·买买提', '阿依古丽·', '阿依古丽··买买提', '阿依古丽.买买提']) expect(check(bad), bad).toBe(FORMAT_MAINLAND);
  });

  it('refuses Latin letters, digits, spaces, symbols and emoji', () => {
    for (const bad of ['Zhang San', '张三1', '张 三', '张三！', '张三😀', '张<三>']) expect(check(bad), bad).toBe(FORMAT_MAINLAND);
  });

  it('refuses Kangxi radicals and Japanese iteration marks, which look Han but are no name characters', () => {
    expect(check('\u2F00二')).toBe(FORMAT_MAINLAND); // ⼀ KANGXI RADICAL ONE
    expect(check('佐々木')).toBe(FORMAT_MAINLAND);
  });
});

describe('checkRealName: permits and passports', () => {
  it('takes Latin names with spaces, dots, hyphens and apostrophes', () => {
    expect(checkRealName('foreign_passport', 'John Smith')).toBeNull();
    expect(checkRealName('foreign_passport', "O'Neil-Smith Jr.")).toBeNull();
    expect(checkRealName('foreign_passport', 'JOSÉ GARCÍA')).toBeNull();
    expect(checkRealName('foreign_passport', 'Ｊｏｈｎ Ｓｍｉｔｈ')).toBeNull();
  });

  it('takes Chinese names on the 港澳 and 台湾 permits', () => {
    expect(checkRealName('hk_macao_permit', '陈大文')).toBeNull();
    expect(checkRealName('taiwan_permit', '林志玲')).toBeNull();
    expect(checkRealName('hk_macao_permit', 'CHAN Tai Man')).toBeNull();
  });

  it('takes up to 60 characters, from 2', () => {
    expect(checkRealName('foreign_passport', 'A'.repeat(60))).toBeNull();
    expect(checkRealName('foreign_passport', 'A'.repeat(61))).toBe('姓名不能超过60个字符');
    expect(checkRealName('foreign_passport', 'A')).toBe('姓名至少2个字符');
    expect(checkRealName('foreign_passport', ' ')).toBe('请输入真实姓名');
  });

  it('refuses markup, digits and names starting with punctuation', () => {
    for (const bad of ['John<script>', 'John2', '-John', "'John", '.John', 'John@Smith']) {
      expect(checkRealName('foreign_passport', bad), bad).toBe(FORMAT_OTHER);
    }
  });
});

describe('RARE_CHARACTERS', () => {
  it('holds about 60 distinct characters', () => {
    expect(RARE_CHARACTERS.length).toBeGreaterThanOrEqual(55);
    expect(RARE_CHARACTERS.length).toBeLessThanOrEqual(80);
    expect(new Set(RARE_CHARACTERS).size).toBe(RARE_CHARACTERS.length);
  });

  it('holds single code points, at least 5 of them outside the BMP', () => {
    for (const c of RARE_CHARACTERS) expect(codePointLength(c), c).toBe(1);
    const outside = RARE_CHARACTERS.filter((c) => c.codePointAt(0)! > 0xffff);
    expect(outside.length).toBeGreaterThanOrEqual(5);
    for (const c of outside) expect(c.length).toBe(2);
  });

  it('holds the seed picker characters', () => {
    for (const c of ['䶮', '瓘', '昲', '頔', '䜣', '㑇', '婧']) expect(RARE_CHARACTERS).toContain(c);
  });

  it('holds only characters a mainland name accepts', () => {
    for (const c of RARE_CHARACTERS) expect(checkRealName('mainland_id', `王${c}`), c).toBeNull();
  });
});
