import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, isNull, lt } from 'drizzle-orm';
import svgCaptcha from 'svg-captcha';
import { ACCOUNT_RULES } from '@ausm/domain';
import type { Db } from '../db/client';
import type { Clock } from './clock';
import { captchas } from './tables';

// Letters and digits that cannot be mistaken for each other (no 0/O, 1/l/I).
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

/**
 * Image captchas drawn as SVG paths (the answer is not in the markup as text). Each is single use
 * and expires; the answer is compared case-insensitively.
 */
export class CaptchaService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async issue(): Promise<{ id: string; svg: string; expiresAt: Date }> {
    const { text, data } = svgCaptcha.create({ size: 4, noise: 3, color: true, charPreset: ALPHABET, width: 120, height: 40, fontSize: 48 });
    const now = this.clock.now();
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + ACCOUNT_RULES.captchaTtlMs);
    await this.db.insert(captchas).values({ id, answer: text, createdAt: now, expiresAt });
    // Keep the table small: expired captchas are worthless.
    if (Math.random() < 0.01) await this.db.delete(captchas).where(lt(captchas.expiresAt, new Date(now.getTime() - 3_600_000)));
    return { id, svg: data, expiresAt };
  }

  /** Consumes the captcha whatever the answer: a wrong guess burns it too. */
  async consume(id: string, answer: string): Promise<boolean> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return false;
    const now = this.clock.now();
    const [row] = await this.db
      .update(captchas)
      .set({ usedAt: now })
      .where(and(eq(captchas.id, id), isNull(captchas.usedAt), gt(captchas.expiresAt, now)))
      .returning({ answer: captchas.answer });
    return !!row && row.answer.toLowerCase() === answer.trim().toLowerCase();
  }

  /** Sandbox only: what a black-box test reads instead of looking at the image. */
  async peek(id?: string): Promise<{ id: string; answer: string } | null> {
    const query = this.db.select({ id: captchas.id, answer: captchas.answer }).from(captchas);
    if (id) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      const [row] = await query.where(eq(captchas.id, id));
      return row ?? null;
    }
    const [row] = await query.orderBy(desc(captchas.seq)).limit(1);
    return row ?? null;
  }
}
