// Test helpers (imported by *.test.ts only, not exported from index.ts): make valid 18-digit ID numbers
// with the check character computed independently of id-number.ts, so the tests do not grade the
// implementation with itself.

/** ISO 7064 MOD 11-2 written from its definition: weight of position i (from the left) is 2^(17-i) mod 11. */
export function isoCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const r = (12 - (sum % 11)) % 11;
  return r === 10 ? 'X' : String(r);
}

/** A valid number from a region code, a birth date (YYYYMMDD) and a 3-digit sequence code. */
export function makeId(region: string, birth: string, sequence = '123'): string {
  const first17 = region + birth + sequence;
  if (!/^\d{17}$/.test(first17)) throw new Error(`bad parts: ${first17}`);
  return first17 + isoCheckChar(first17);
}

/** The same number with a different (so wrong) check character. */
export function withWrongCheck(id: string): string {
  const right = id[17]!;
  const wrong = right === '0' ? '1' : '0';
  return id.slice(0, 17) + wrong;
}
