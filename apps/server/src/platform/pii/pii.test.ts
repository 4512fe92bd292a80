import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { openJson, sealJson } from './columns';
import { PiiIntegrityError, PiiKeyring } from './keyring';
import { redactDeep, redactText, redactUrl } from './redact';
import { PRODUCTION_ENV } from '../../test/production-env';

const k1 = randomBytes(16);
const k2 = randomBytes(16);
const indexKey = randomBytes(32);
const ring = (active: string, ...ids: string[]) =>
  new PiiKeyring({ keys: ids.map((id) => ({ id, key: id === 'k1' ? k1 : k2 })), activeKeyId: active, indexKey });
const ID = '370102199003075016';

describe('SM4 sealing (docs/personal-data.md)', () => {
  it('seals under the active key, with a fresh IV each time, and opens what it sealed', () => {
    const r = ring('k1', 'k1');
    const a = r.seal(ID, 'accounts.id_number');
    const b = r.seal(ID, 'accounts.id_number');
    expect(a).toMatch(/^sm4\$k1\$[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(ID);
    expect(r.open(a, 'accounts.id_number')).toBe(ID);
    expect(r.open(r.seal('𠮷张三', 'x'), 'x')).toBe('𠮷张三');
  });

  it('never repeats an IV across the refills of its pool of random bytes', () => {
    const r = ring('k1', 'k1');
    const ivs = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const sealed = r.seal(ID, 'accounts.id_number');
      ivs.add(Buffer.from(sealed.split('$')[2]!, 'base64url').subarray(0, 16).toString('hex'));
      if (i % 300 === 0) expect(r.open(sealed, 'accounts.id_number')).toBe(ID);
    }
    expect(ivs.size).toBe(2_000);
  });

  it('reads a value sealed under an older key once a newer one is active, and refuses a key it does not have', () => {
    const old = ring('k1', 'k1').seal(ID, 'accounts.id_number');
    expect(ring('k2', 'k1', 'k2').open(old, 'accounts.id_number')).toBe(ID);
    expect(PiiKeyring.keyIdOf(ring('k2', 'k1', 'k2').seal(ID, 'p'))).toBe('k2');
    expect(() => ring('k2', 'k2').open(old, 'accounts.id_number')).toThrow(/key "k1", which is not configured/);
  });

  it('refuses every changed byte, a value moved to another column, and anything not sealed, rather than read garbage', () => {
    const r = ring('k1', 'k1');
    const sealed = r.seal(ID, 'accounts.id_number');
    const body = sealed.slice('sm4$k1$'.length);
    const raw = Buffer.from(body, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const bad = Buffer.from(raw);
      bad[i]! ^= 0x01;
      expect(() => r.open(`sm4$k1$${bad.toString('base64url')}`, 'accounts.id_number')).toThrow(PiiIntegrityError);
    }
    expect(() => r.open(`sm4$k1$${raw.subarray(0, raw.length - 1).toString('base64url')}`, 'accounts.id_number')).toThrow(PiiIntegrityError);
    expect(() => r.open(sealed, 'accounts.mobile')).toThrow(PiiIntegrityError);
    expect(() => r.open(ID, 'accounts.id_number')).toThrow(/not a sealed value/);
    // The error names the column, never the value.
    try {
      r.open(sealed, 'accounts.mobile');
    } catch (err) {
      expect(String((err as Error).message)).not.toContain(ID);
    }
  });

  it('gives one blind index per value under the index key, unrelated to the SM4 keys', () => {
    expect(ring('k1', 'k1').index(ID)).toBe(ring('k2', 'k1', 'k2').index(ID));
    expect(ring('k1', 'k1').index(ID)).not.toBe(ring('k1', 'k1').index('13800000000'));
    const other = new PiiKeyring({ keys: [{ id: 'k1', key: k1 }], activeKeyId: 'k1', indexKey: randomBytes(32) });
    expect(other.index(ID)).not.toBe(ring('k1', 'k1').index(ID));
    expect(ring('k1', 'k1').index(ID)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('seals the identifiers of a document at any depth and leaves the rest readable', () => {
    const r = ring('k1', 'k1');
    const doc = {
      idNumber: ID,
      school: '山东大学',
      diplomaNo: '104221201505001234',
      degreeNo: '',
      startDate: '2011-09-01',
      certificates: [{ level: 'junior', certificateNo: '20163710020318' }],
      lockedFields: ['diplomaNo'],
    };
    const sealed = sealJson(doc, 'review_items.after', (v, p) => r.seal(v, p)) as Record<string, unknown>;
    const text = JSON.stringify(sealed);
    for (const secret of [ID, '104221201505001234', '20163710020318']) expect(text).not.toContain(secret);
    expect(sealed).toMatchObject({ school: '山东大学', startDate: '2011-09-01', degreeNo: '', lockedFields: ['diplomaNo'] });
    expect(openJson(sealed, 'review_items.after', (v, p) => r.open(v, p))).toEqual(doc);
    // Sealing again keeps what is sealed; another column's purpose does not open it.
    expect(sealJson(sealed, 'review_items.after', (v, p) => r.seal(v, p))).toEqual(sealed);
    expect(() => openJson(sealed, 'review_items.before', (v, p) => r.open(v, p))).toThrow(PiiIntegrityError);
    // What the application writes may not smuggle in a value that only looks sealed.
    expect(() => sealJson({ address: { $sm4: 'sm4$k1$AAAA' } }, 'p', (v, p) => r.seal(v, p), 'refuse')).toThrow(PiiIntegrityError);
  });
});

describe('PII configuration', () => {
  // Production without the personal-data keys (PRODUCTION_ENV gives development-free ones).
  const { PII_KEYS: _keys, PII_INDEX_KEY: _indexKey, ...prod } = PRODUCTION_ENV;
  const keys = { PII_KEYS: `k1:${k1.toString('base64')},k2:${k2.toString('base64')}`, PII_ACTIVE_KEY: 'k2', PII_INDEX_KEY: indexKey.toString('base64') };

  it('refuses to start in production without the keys, or with the published development ones', () => {
    expect(() => loadConfig(prod)).toThrow(/PII_KEYS: production mode needs PII_KEYS, PII_ACTIVE_KEY and PII_INDEX_KEY/);
    expect(() => loadConfig({ ...prod, ...keys, PII_KEYS: 'dev:c2FuZGJveC1zbTQta2V5MQ==', PII_ACTIVE_KEY: 'dev' })).toThrow(/refuses the published development keys/);
    const config = loadConfig({ ...prod, ...keys });
    expect(config.pii).toMatchObject({ activeKeyId: 'k2', development: false });
    expect(config.pii.keys.map((k) => k.id)).toEqual(['k1', 'k2']);
  });

  it('says what is wrong with a key, and uses the fixed development keys in sandbox mode when none are given', () => {
    expect(() => loadConfig({ PII_KEYS: 'k1:c2hvcnQ=', PII_INDEX_KEY: indexKey.toString('base64') })).toThrow(/key k1 must be 128 bits/);
    expect(() => loadConfig({ ...keys, PII_ACTIVE_KEY: undefined })).toThrow(/PII_ACTIVE_KEY: name the key/);
    expect(() => loadConfig({ ...keys, PII_ACTIVE_KEY: 'k3' })).toThrow(/k3 is not among PII_KEYS/);
    expect(() => loadConfig({ PII_KEYS: keys.PII_KEYS, PII_ACTIVE_KEY: 'k1' })).toThrow(/PII_INDEX_KEY/);
    expect(() => loadConfig({ ...keys, PII_INDEX_KEY: k1.toString('base64') })).toThrow(/must differ from every SM4 key/);
    expect(loadConfig({}).pii).toMatchObject({ activeKeyId: 'dev', development: true });
  });
});

describe('identifiers kept out of the log', () => {
  it('masks ID numbers and mobiles in a query string, however they are written, and keeps the rest', () => {
    expect(redactUrl(`/api/console/review-items?q=${ID}&page=1`)).toBe('/api/console/review-items?q=370*****5016&page=1');
    expect(redactUrl('/api/sandbox/sms?mobile=13812345678')).toBe('/api/sandbox/sms?mobile=138****5678');
    // Full-width digits, percent-encoded, and an ID inside other text.
    const fullWidth = encodeURIComponent('３７０１０２１９９００３０７５０１６');
    expect(redactUrl(`/x?q=${fullWidth}`)).not.toMatch(/199003075|５０１６/);
    expect(redactUrl(`/x?q=${encodeURIComponent(`张三${ID}`)}`)).toBe(`/x?q=${encodeURIComponent('张三370*****5016')}`);
    expect(redactUrl('/x?q=H12345678')).toBe('/x?q=*********');
    expect(redactUrl('/api/console/review-items?status=pending&from=2025-01-01')).toBe('/api/console/review-items?status=pending&from=2025-01-01');
    expect(redactUrl(`/api/files/0f3e2a1b-1234-4c5d-9e8f-123456789012`)).toBe('/api/files/0f3e2a1b-1234-4c5d-9e8f-123456789012');
  });

  it('masks identifiers in any text and in errors through and through', () => {
    expect(redactText(`Key (id_number)=(${ID}) already exists; mobile 13812345678`)).toBe('Key (id_number)=(370*****5016) already exists; mobile 138****5678');
    const err = redactDeep({ message: `failed ${ID}`, cause: { detail: ['13812345678'] } });
    expect(JSON.stringify(err)).not.toMatch(new RegExp(`${ID}|13812345678`));
  });
});
