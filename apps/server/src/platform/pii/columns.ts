import { customType } from 'drizzle-orm/pg-core';
import { PiiIntegrityError, piiKeyring, SEALED_PREFIX } from './keyring';

/** Every sealed column defined, by purpose: db/pii-migration.test.ts checks the data migration walks them all. */
export const SEALED_COLUMNS = new Map<string, 'text' | 'jsonb'>();

/**
 * Columns whose values are sealed on the way in and opened on the way out, so repos read and write
 * plain strings and objects. `purpose` is `table.column`, bound into each value's tag.
 *
 * A sealed column cannot be compared in SQL (every seal is different): look values up by their blind
 * index (keyring.ts) in a column of its own. Drizzle binds a value compared with a column through the
 * column's mapping, so `eq(accounts.idNumber, x)` would compare with a fresh ciphertext and match nothing.
 */
export const sealedText = (name: string, purpose: string) => {
  SEALED_COLUMNS.set(purpose, 'text');
  return customType<{ data: string; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => piiKeyring().seal(value, purpose),
    fromDriver: (value) => piiKeyring().open(value, purpose),
  })(name);
};

/**
 * The keys of a JSON document that hold identifiers: ID numbers (证件号码), mobiles, certificate numbers
 * (学历/学位证书编号, 资格证书编号, 居住证号码), and the work unit's phone (often a person's own mobile).
 * Wherever they appear, at any depth, a non-empty string under one of them is sealed.
 */
export const SENSITIVE_JSON_KEYS: ReadonlySet<string> = new Set(['idNumber', 'mobile', 'certNo', 'diplomaNo', 'degreeNo', 'certificateNo', 'residencePermitNo', 'phone']);

/** A sealed string inside a JSON document: an object no form can send where a string belongs. */
export const JSON_ENVELOPE_KEY = '$sm4';
type Envelope = { [JSON_ENVELOPE_KEY]: string };
const isEnvelope = (v: unknown): v is Envelope =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Envelope)[JSON_ENVELOPE_KEY] === 'string';

/**
 * Seals the sensitive keys of a document; the rest is left readable for SQL. An envelope already there is kept
 * (the data migration seals documents half done) or, for what the application writes, refused: a document
 * built from a request must not carry a value that only looks sealed.
 */
export function sealJson(
  value: unknown,
  purpose: string,
  seal = (plain: string, p: string) => piiKeyring().seal(plain, p),
  envelopes: 'keep' | 'refuse' = 'keep',
): unknown {
  if (Array.isArray(value)) return value.map((v) => sealJson(v, purpose, seal, envelopes));
  if (isEnvelope(value)) {
    if (envelopes === 'refuse') throw new PiiIntegrityError(purpose, 'a document to store already holds a sealed value');
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SENSITIVE_JSON_KEYS.has(k) && typeof v === 'string' && v !== '' ? { [JSON_ENVELOPE_KEY]: seal(v, `${purpose}#${k}`) } : sealJson(v, purpose, seal, envelopes);
  }
  return out;
}

/** Opens every envelope of a document; `open` may be swapped (rotation opens and seals again). */
export function openJson(value: unknown, purpose: string, open = (sealed: string, p: string) => piiKeyring().open(sealed, p), key = ''): unknown {
  if (isEnvelope(value)) return open(value[JSON_ENVELOPE_KEY], `${purpose}#${key}`);
  if (Array.isArray(value)) return value.map((v) => openJson(v, purpose, open, key));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = openJson(v, purpose, open, k);
  return out;
}

/** A jsonb column whose identifiers (SENSITIVE_JSON_KEYS) are sealed; everything else stays queryable. */
export const sealedJsonb = <T>(name: string, purpose: string) => {
  SEALED_COLUMNS.set(purpose, 'jsonb');
  return customType<{ data: T; driverData: unknown }>({
    dataType: () => 'jsonb',
    toDriver: (value) => JSON.stringify(sealJson(value, purpose, undefined, 'refuse')),
    // node-postgres and PGlite hand jsonb over parsed; a string is parsed as Drizzle's own jsonb does.
    fromDriver: (value) => openJson(typeof value === 'string' ? JSON.parse(value) : value, purpose) as T,
  })(name);
};

/**
 * SQL that is true for a text value not yet sealed, and for a document holding a sensitive key with a plain
 * non-empty string: what the data migration (db/pii-migration.ts) still has to seal. jsonb's text form always
 * writes `"key": "value"`, and a sealed one `"key": {"$sm4": …}`.
 */
export const PLAIN_TEXT_SQL = (column: string) => `(${column} is not null and ${column} not like '${SEALED_PREFIX}%')`;
export const PLAIN_JSON_SQL = (column: string) => `(${column} is not null and ${column}::text ~ '"(${[...SENSITIVE_JSON_KEYS].join('|')})": "[^"]')`;
