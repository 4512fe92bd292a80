import { describe, expect, it } from 'vitest';
import { maskIdentifier, maskIdNumber, maskMobile, maskName } from './masking';

describe('maskName', () => {
  it('keeps the first character and adds two stars, whatever the length', () => {
    expect(maskName('张三')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧**');
    expect(maskName('阿依古丽·买买提')).toBe('阿**');
    expect(maskName('John Smith')).toBe('J**');
  });

  it('keeps a first character outside the BMP whole, never half a surrogate pair', () => {
    const masked = maskName('𠮷张伟');
    expect(masked).toBe('𠮷**');
    expect([...masked][0]).toBe('𠮷');
    expect(maskName('𪚥')).toBe('𪚥**');
  });

  it('trims first and gives an empty string for an empty name', () => {
    expect(maskName('  张三 ')).toBe('张**');
    expect(maskName('')).toBe('');
    expect(maskName('  ')).toBe('');
  });
});

describe('maskIdNumber', () => {
  it('shows the first 3 and last 4 with five stars between', () => {
    expect(maskIdNumber('370102200004225016')).toBe('370*****5016');
    expect(maskIdNumber('11010519491231002X')).toBe('110*****002X');
    expect(maskIdNumber('H12345678')).toBe('H12*****5678');
  });

  it('stars a string shorter than 8 characters completely', () => {
    expect(maskIdNumber('E1234')).toBe('*****');
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('')).toBe('');
    expect(maskIdNumber('12345678')).toBe('123*****5678');
  });
});

describe('maskMobile', () => {
  it('shows the first 3 and last 4 with four stars between', () => {
    expect(maskMobile('15612345126')).toBe('156****5126');
    expect(maskMobile('13800000000')).toBe('138****0000');
  });

  it('stars a short string completely', () => {
    expect(maskMobile('123456')).toBe('******');
    expect(maskMobile('')).toBe('');
  });
});

describe('maskIdentifier', () => {
  it('masks a mobile as a mobile, anything else as an ID number, and keeps staff usernames', () => {
    expect(maskIdentifier('15612345126')).toBe('156****5126');
    expect(maskIdentifier('370102200004225016')).toBe('370*****5016');
    expect(maskIdentifier('H12345678')).toBe('H12*****5678');
    expect(maskIdentifier('abc')).toBe('***');
    expect(maskIdentifier('staff:jn_reviewer')).toBe('staff:jn***');
    expect(maskIdentifier(maskIdentifier('staff:jn_reviewer'))).toBe('staff:jn***');
  });
});
