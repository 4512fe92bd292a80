import { createCipheriv, createDecipheriv, createHmac, getCiphers, getHashes, hkdfSync, randomFillSync, timingSafeEqual } from 'node:crypto';

/**
 * Personal data at rest (issue 17 item 17, docs/personal-data.md): SM4 for confidentiality (GB/T 39786),
 * HMAC-SM3 for integrity and for the blind indexes that look-ups use.
 *
 * Node's OpenSSL 3.0 has no SM4-GCM or SM4-CCM, so a value is sealed encrypt-then-MAC: SM4-CTR under a
 * random 128-bit IV, then HMAC-SM3 over the format, the key id, the column it belongs to (so a value
 * cannot be moved to another column), the IV and the ciphertext. The tag is checked, in constant time,
 * before anything is decrypted: a changed byte is refused, never read as another value.
 *
 * Envelope (text): `sm4$<keyId>$<base64url(iv ‖ ciphertext ‖ tag)>`. `$` appears in no ID number, mobile or
 * certificate number, so a stored value says by itself whether it is sealed, and under which key.
 */

export type PiiKey = { id: string; key: Buffer };
export type PiiKeyConfig = { keys: PiiKey[]; activeKeyId: string; indexKey: Buffer };

export const SEALED_PREFIX = 'sm4$';
const IV_BYTES = 16;
/**
 * IVs are drawn from the system CSPRNG 256 at a time, as Node's randomUUID draws its entropy: one getrandom call
 * per seal was 7 % of the enrollment submit's main thread (a submit seals a few dozen values). The values are
 * the same random bytes either way; each IV is copied out before the pool is refilled.
 */
const IV_POOL = Buffer.alloc(IV_BYTES * 256);
let ivOffset = IV_POOL.length;
function nextIv(): Buffer {
  if (ivOffset === IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivOffset = 0;
  }
  const iv = Buffer.from(IV_POOL.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
}
const TAG_BYTES = 32;
export const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;

/** A sealed value that fails its tag, names an unknown key or is not an envelope at all. */
export class PiiIntegrityError extends Error {
  constructor(
    readonly purpose: string,
    reason: string,
  ) {
    // Never the value itself: this message reaches the log.
    super(`personal data in ${purpose} refused: ${reason}`);
    this.name = 'PiiIntegrityError';
  }
}

/** Refuses to start on a Node whose OpenSSL lacks the algorithms (a FIPS-only build, say). */
export function assertSmAlgorithms(): void {
  const missing = [!getCiphers().includes('sm4-ctr') && 'sm4-ctr', !getHashes().includes('sm3') && 'sm3'].filter(Boolean);
  if (missing.length) throw new Error(`This Node's OpenSSL lacks ${missing.join(' and ')}, which personal data at rest needs (docs/personal-data.md)`);
}

type Subkeys = { enc: Buffer; mac: Buffer };

/** Each configured 128-bit key gives an SM4 key and an HMAC-SM3 key of its own (HKDF-SM3). */
const derive = (key: Buffer): Subkeys => ({
  enc: Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), 'ausm-pii/v1/sm4-ctr', 16)),
  mac: Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), 'ausm-pii/v1/hmac-sm3', 32)),
});

export class PiiKeyring {
  private readonly subkeys = new Map<string, Subkeys>();
  private readonly indexMac: Buffer;
  readonly activeKeyId: string;

  constructor(config: PiiKeyConfig) {
    for (const { id, key } of config.keys) {
      if (!KEY_ID.test(id)) throw new Error(`PII key id "${id}" must be 1-16 letters, digits, _ or -`);
      if (key.length !== 16) throw new Error(`PII key ${id} must be 128 bits (16 bytes)`);
      this.subkeys.set(id, derive(key));
    }
    if (!this.subkeys.has(config.activeKeyId)) throw new Error(`the active PII key ${config.activeKeyId} is not among the keys`);
    if (config.indexKey.length < 16) throw new Error('the PII index key must be at least 128 bits');
    this.activeKeyId = config.activeKeyId;
    this.indexMac = Buffer.from(hkdfSync('sm3', config.indexKey, Buffer.alloc(0), 'ausm-pii/v1/blind-index', 32));
  }

  hasKey(id: string): boolean {
    return this.subkeys.has(id);
  }

  /** Seals under the active key. `purpose` names the column (`accounts.id_number`), bound into the tag. */
  seal(plain: string, purpose: string): string {
    const keyId = this.activeKeyId;
    const k = this.subkeys.get(keyId)!;
    const iv = nextIv();
    const cipher = createCipheriv('sm4-ctr', k.enc, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const tag = this.tag(k.mac, keyId, purpose, iv, ct);
    return `${SEALED_PREFIX}${keyId}$${Buffer.concat([iv, ct, tag]).toString('base64url')}`;
  }

  open(sealed: string, purpose: string): string {
    if (typeof sealed !== 'string' || !sealed.startsWith(SEALED_PREFIX)) throw new PiiIntegrityError(purpose, 'not a sealed value');
    const rest = sealed.slice(SEALED_PREFIX.length);
    const sep = rest.indexOf('$');
    const keyId = sep > 0 ? rest.slice(0, sep) : '';
    const k = this.subkeys.get(keyId);
    if (!k) throw new PiiIntegrityError(purpose, `sealed under key "${keyId.slice(0, 16)}", which is not configured`);
    const raw = Buffer.from(rest.slice(sep + 1), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new PiiIntegrityError(purpose, 'too short');
    const iv = raw.subarray(0, IV_BYTES);
    const ct = raw.subarray(IV_BYTES, raw.length - TAG_BYTES);
    const tag = raw.subarray(raw.length - TAG_BYTES);
    if (!timingSafeEqual(tag, this.tag(k.mac, keyId, purpose, iv, ct))) throw new PiiIntegrityError(purpose, 'integrity check failed');
    const decipher = createDecipheriv('sm4-ctr', k.enc, iv);
    return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
  }

  /** The key a sealed value names, or null when it is not sealed. */
  static keyIdOf(value: string): string | null {
    if (!value.startsWith(SEALED_PREFIX)) return null;
    const rest = value.slice(SEALED_PREFIX.length);
    const sep = rest.indexOf('$');
    return sep > 0 ? rest.slice(0, sep) : null;
  }

  /**
   * The blind index: HMAC-SM3 of the exact value under a key of its own, for equality look-ups (login by ID
   * number or mobile, uniqueness, SMS codes per mobile). One value gives one index wherever it is stored, so
   * the login's one look-up compares one HMAC with both the ID number's and the mobile's index.
   */
  index(plain: string): string {
    return createHmac('sm3', this.indexMac).update(plain, 'utf8').digest('base64url');
  }

  private tag(mac: Buffer, keyId: string, purpose: string, iv: Buffer, ct: Buffer): Buffer {
    // Lengths first, so that no two (keyId, purpose) pairs give the same bytes.
    const head = Buffer.from(`${SEALED_PREFIX}${keyId.length}:${keyId}${Buffer.byteLength(purpose)}:${purpose}`, 'utf8');
    return createHmac('sm3', mac).update(head).update(iv).update(ct).digest();
  }
}

// The Drizzle column types (columns.ts) map values as rows are read and written, without a handle on the
// app: the keyring is installed once per process by buildApp (and by the pii:rotate command).
let installed: PiiKeyring | null = null;

export function installPiiKeyring(keyring: PiiKeyring): void {
  installed = keyring;
}

export function piiKeyring(): PiiKeyring {
  if (!installed) throw new Error('PII keys are not installed: buildApp installs them from the configuration');
  return installed;
}

/** The blind index of a value under the installed keyring. */
export const blindIndex = (plain: string): string => piiKeyring().index(plain);
