import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client';
import { printedDocuments } from './tables';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/** XXXX-XXXX-XXXX-XXXX as printed. */
export const formatCode = (code: string) => code.match(/.{1,4}/g)!.join('-');

/** What a person typed, as stored: case, spaces and dashes ignored, O read as 0 and I/L as 1; null when it cannot be a code. */
export function normalizeCode(input: string): string | null {
  const c = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return /^[0-9A-HJKMNP-TV-Z]{16}$/.test(c) ? c : null;
}

function newCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) out = ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)]! + out;
  return out;
}

export interface IssuedDocument {
  code: string;
  issuedAt: Date;
}

/** Verification codes of printed documents: issued when one is generated, checked by anyone. */
export class PrintedDocuments {
  constructor(private readonly db: Db) {}

  async issue(db: Db | Tx, input: { kind: string; accountId: string; title: string; holderMasked: string; issuedAt: Date; ref?: string }): Promise<IssuedDocument> {
    const code = newCode();
    await db.insert(printedDocuments).values({ code, ...input });
    return { code, issuedAt: input.issuedAt };
  }

  async verify(input: string): Promise<{ title: string; holderMasked: string; issuedAt: Date; kind: string; ref: string | null } | null> {
    const code = normalizeCode(input);
    if (!code) return null;
    const [row] = await this.db
      .select({ title: printedDocuments.title, holderMasked: printedDocuments.holderMasked, issuedAt: printedDocuments.issuedAt, kind: printedDocuments.kind, ref: printedDocuments.ref })
      .from(printedDocuments)
      .where(eq(printedDocuments.code, code));
    return row ?? null;
  }
}
