import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SessionTokens } from './auth';

// A session token's claim (auth.ts): whose session the server issued it for, readable without the database
// by the peak's admission control, and not forgeable without the server's key.

const tokens = new SessionTokens(Buffer.alloc(32, 7));
const someone = randomUUID();
const someoneElse = randomUUID();

describe('session tokens and their claims', () => {
  it('issues a different token each time, each claiming its subject, within the cookie length the server reads', () => {
    const one = tokens.issue('accountant', someone);
    const two = tokens.issue('accountant', someone);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^[A-Za-z0-9_-]{43}\.a\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{22}$/);
    expect(tokens.claimOf(one, 'accountant')).toBe(someone);
    expect(tokens.claimOf(two, 'accountant')).toBe(someone);
  });

  it('claims nothing for another kind of subject', () => {
    expect(tokens.claimOf(tokens.issue('staff', someone), 'accountant')).toBeNull();
    expect(tokens.claimOf(tokens.issue('employer', someone), 'accountant')).toBeNull();
    expect(tokens.claimOf(tokens.issue('staff', someone), 'staff')).toBe(someone);
  });

  it('claims nothing when any part was changed: the random part, the kind, the subject, the tag', () => {
    const token = tokens.issue('accountant', someone);
    const [random, kind, id, tag] = token.split('.') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    // The tag's last character carries 2 spare bits: another spelling of the same 128 bits.
    const last = tag.at(-1)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respelt = tag.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
    expect(Buffer.from(respelt, 'base64url')).toEqual(Buffer.from(tag, 'base64url'));
    for (const forged of [
      [flip(random), kind, id, tag],
      [random, 's', id, tag],
      [random, kind, someoneElse, tag],
      [random, kind, id, flip(tag)],
      [random, kind, id, tag.slice(0, 21)],
      [random, kind, id, respelt],
      [random, kind, id, `${tag}AA`],
      [random, kind, id],
      [random, kind, `${id}.x`, tag],
    ]) {
      expect(tokens.claimOf(forged.join('.'), 'accountant')).toBeNull();
    }
  });

  it('claims nothing for a token of another key, a token issued before claims, an empty or an overlong cookie', () => {
    expect(new SessionTokens(Buffer.alloc(32, 8)).claimOf(tokens.issue('accountant', someone), 'accountant')).toBeNull();
    expect(tokens.claimOf('x'.repeat(43), 'accountant')).toBeNull();
    expect(tokens.claimOf(undefined, 'accountant')).toBeNull();
    expect(tokens.claimOf('', 'accountant')).toBeNull();
    expect(tokens.claimOf(`${'x'.repeat(200)}.a.${someone}.${'A'.repeat(22)}`, 'accountant')).toBeNull();
  });

  it('refuses a secret shorter than 128 bits', () => {
    expect(() => new SessionTokens(Buffer.alloc(15))).toThrow(/128 bits/);
  });
});
