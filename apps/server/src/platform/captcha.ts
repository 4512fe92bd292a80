import { randomUUID } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import { ACCOUNT_RULES } from '@ausm/domain';
import type { Clock } from './clock';
import { AppError } from './errors';
import type { Kv } from './kv';

// Letters and digits that cannot be mistaken for each other (no 0/O, 1/l/I).
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
const ID = /^[0-9a-f-]{36}$/i;
const key = (id: string) => `captcha:${id}`;
const LATEST = 'captcha:latest';
/** The window of ACCOUNT_RULES.captchasPerIpPerMinute. */
const CAPTCHA_WINDOW_MS = 60_000;

type Stored = { answer: string; expiresAt: number };

/**
 * Image captchas drawn as SVG paths (the answer is not in the markup as text). Each is single use
 * and expires; the answer is compared case-insensitively. They live in the Kv (in-process, or Redis
 * with REDIS_URL), not in the database: every login and every registration draws one, and at a peak
 * the database has better things to do than write and expire them. The expiry is checked against the
 * platform's clock, so the sandbox clock moves it as it moves every other time rule.
 */
export class CaptchaService {
  constructor(
    private readonly kv: Kv,
    private readonly clock: Clock,
  ) {}

  /**
   * A new captcha for the client at `ip`, within its limit of captchas a minute
   * (ACCOUNT_RULES.captchasPerIpPerMinute; counted in the Kv, so every app process shares the count).
   */
  async issue(ip: string | null): Promise<{ id: string; svg: string; expiresAt: Date }> {
    // Counted before the image is drawn: a refusal costs one Kv step, not the drawing.
    if (ip && (await this.kv.incr(`captcha:ip:${ip}`, CAPTCHA_WINDOW_MS)) > ACCOUNT_RULES.captchasPerIpPerMinute) {
      throw new AppError(429, 'captcha/ip_limit', '获取图形验证码过于频繁，请1分钟后再试', { headers: { 'retry-after': String(CAPTCHA_WINDOW_MS / 1000) } });
    }
    const { text, data } = svgCaptcha.create({ size: 4, noise: 3, color: true, charPreset: ALPHABET, width: 120, height: 40, fontSize: 48 });
    const id = randomUUID();
    const expiresAt = this.clock.now().getTime() + ACCOUNT_RULES.captchaTtlMs;
    await this.kv.put(key(id), JSON.stringify({ answer: text, expiresAt } satisfies Stored), ACCOUNT_RULES.captchaTtlMs);
    await this.kv.put(LATEST, id, ACCOUNT_RULES.captchaTtlMs);
    return { id, svg: data, expiresAt: new Date(expiresAt) };
  }

  /** Consumes the captcha whatever the answer: a wrong guess burns it too. */
  async consume(id: string, answer: string): Promise<boolean> {
    if (!ID.test(id)) return false;
    const stored = await this.kv.take(key(id));
    if (!stored) return false;
    const { answer: expected, expiresAt } = JSON.parse(stored) as Stored;
    return expiresAt > this.clock.now().getTime() && expected.toLowerCase() === answer.trim().toLowerCase();
  }

  /** Sandbox only: what a black-box test reads instead of looking at the image (the latest without an id). */
  async peek(id?: string): Promise<{ id: string; answer: string } | null> {
    const wanted = id ?? (await this.kv.get(LATEST));
    if (!wanted || !ID.test(wanted)) return null;
    const stored = await this.kv.get(key(wanted));
    return stored ? { id: wanted, answer: (JSON.parse(stored) as Stored).answer } : null;
  }
}
