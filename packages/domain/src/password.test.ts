import { describe, expect, it } from 'vitest';
import { checkPassword, passwordStrength } from './password';

const RULE = '密码须为8-16位字符，由大小写字母、数字、特殊符号组成';

describe('checkPassword (seed 001: 8-16位字符，由大小写字母，数字，特殊符号组成)', () => {
  it('asks for a password when empty', () => {
    expect(checkPassword('')).toBe('请输入密码');
  });

  it('takes 8 and 16 characters, refuses 7 and 17', () => {
    expect(checkPassword('Ab1!xyz')).toBe(RULE);
    expect(checkPassword('Ab1!xyzw')).toBeNull();
    expect(checkPassword('Ab1!xyzwAb1!xyzw')).toBeNull();
    expect(checkPassword('Ab1!xyzwAb1!xyzwQ')).toBe(RULE);
  });

  it('needs an upper-case letter', () => {
    expect(checkPassword('ab1!xyzw')).toBe(RULE);
  });

  it('needs a lower-case letter', () => {
    expect(checkPassword('AB1!XYZW')).toBe(RULE);
  });

  it('needs a digit', () => {
    expect(checkPassword('Abc!xyzw')).toBe(RULE);
  });

  it('needs a special symbol', () => {
    expect(checkPassword('Abc1xyzw')).toBe(RULE);
  });

  it('takes every printable ASCII symbol as the special one', () => {
    const symbols = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    expect(symbols).toHaveLength(32);
    for (const s of symbols) expect(checkPassword(`Abcdef1${s}`), s).toBeNull();
  });

  it('refuses spaces, tabs and line breaks', () => {
    expect(checkPassword('Ab1! xyzw')).toBe('密码不能包含空格');
    expect(checkPassword(' Ab1!xyzw')).toBe('密码不能包含空格');
    expect(checkPassword('Ab1!\txyzw')).toBe('密码不能包含空格');
    expect(checkPassword('Ab1!xyzw\n')).toBe('密码不能包含空格');
  });

  it('refuses characters outside ASCII, full-width symbols included', () => {
    expect(checkPassword('Ab1!xyzw密')).toBe('密码只能包含字母、数字和英文特殊符号');
    expect(checkPassword('Ab1！xyzw!')).toBe('密码只能包含字母、数字和英文特殊符号');
  });

  it('counts code points: an emoji is one character, so 16 of them with it is not "too long"', () => {
    const pw = 'Ab1!xyzwAb1!xyz😀';
    expect(pw.length).toBe(17);
    expect(checkPassword(pw)).toBe('密码只能包含字母、数字和英文特殊符号');
    expect(checkPassword(`${pw}x`)).toBe(RULE);
  });
});

describe('passwordStrength (弱 中 强)', () => {
  it('is 0 for an empty password', () => {
    expect(passwordStrength('')).toBe(0);
  });

  it('is 1 (弱) for short ones or ones with fewer than three kinds of character', () => {
    expect(passwordStrength('a')).toBe(1);
    expect(passwordStrength('Ab1!')).toBe(1);
    expect(passwordStrength('abcdefghijklmnop')).toBe(1);
    expect(passwordStrength('Abcdefghijkl')).toBe(1);
  });

  it('is 2 (中) for three or four kinds at 8 or more characters', () => {
    expect(passwordStrength('Abcdefg1')).toBe(2);
    expect(passwordStrength('Abcdef1!')).toBe(2);
    expect(passwordStrength('Abcdefghijk1')).toBe(2);
  });

  it('is 3 (强) for all four kinds at 12 or more characters', () => {
    expect(passwordStrength('Abcdefgh123!')).toBe(3);
    expect(passwordStrength('Ab1!Ab1!Ab1!Ab1!')).toBe(3);
  });

  it('never rates a password the rules refuse as strong, and every accepted one at least medium', () => {
    for (const pw of ['Ab1!xyzw', 'Ab1!xyzwAb1!', 'Zz9~Zz9~Zz9~Zz9~']) {
      expect(checkPassword(pw)).toBeNull();
      expect(passwordStrength(pw)).toBeGreaterThanOrEqual(2);
    }
    for (const pw of ['abcdefghijkl', 'ABCDEFGH1234']) {
      expect(checkPassword(pw)).not.toBeNull();
      expect(passwordStrength(pw)).toBeLessThan(3);
    }
  });
});
