import { describe, expect, it } from 'vitest';
import { cookieValue } from './front-door';

describe('a cookie read at the front door', () => {
  it('finds the cookie wherever it stands in the header, undecoded', () => {
    expect(cookieValue('ausm_sid=abc.a.1-2.x_Y', 'ausm_sid')).toBe('abc.a.1-2.x_Y');
    expect(cookieValue('theme=elder; ausm_sid=abc; lang=zh', 'ausm_sid')).toBe('abc');
    expect(cookieValue('theme=elder; ausm_sid=abc', 'ausm_sid')).toBe('abc');
  });

  it('takes the first of two, as the cookie parser does', () => {
    expect(cookieValue('ausm_sid=first; ausm_sid=second', 'ausm_sid')).toBe('first');
  });

  it('does not take a cookie whose name only ends with the name, nor a missing one', () => {
    expect(cookieValue('x_ausm_sid=abc', 'ausm_sid')).toBeUndefined();
    expect(cookieValue('theme=elder; my_ausm_sid=abc', 'ausm_sid')).toBeUndefined();
    expect(cookieValue('theme=elder', 'ausm_sid')).toBeUndefined();
    expect(cookieValue(undefined, 'ausm_sid')).toBeUndefined();
    expect(cookieValue('', 'ausm_sid')).toBeUndefined();
  });
});
