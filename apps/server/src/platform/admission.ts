import type { Redis } from 'ioredis';
import type { Clock } from './clock';
import { AppError } from './errors';

/**
 * Admission control in front of a peak (issue 22, "The peak"): a fair queue, first come first served, one
 * place per account. The gate admits people at a measured rate (ENROLLMENT_ADMISSIONS_PER_SECOND, from the
 * bench's submit peak) with a burst of a second's worth when nobody waits. A person admitted holds a pass for
 * a while (the steps of the form); everyone else gets a ticket, numbered in order of arrival, and 429 with
 * Retry-After, their position and the estimated wait. The serving number advances by the rate whether or
 * not the head is asking at that moment, so capacity is never left idle waiting for a poll: a ticket is
 * admitted at the first request at or after its turn. A ticket not asked about for `ticketMs` is dropped
 * (the person left); its turn passes like anyone's.
 *
 * The state is the store's: in-process, or Redis (one Lua script, atomic) when REDIS_URL is set, so several
 * nodes share one queue and one rate.
 */
export type AdmissionOptions = {
  /** Admissions per second when people wait. */
  ratePerSecond: number;
  /** Admissions that may go at once when nobody waits. */
  burst: number;
  /** How long an admitted person may go on without queueing again. */
  passMs: number;
  /** How long a ticket is kept without being asked about. */
  ticketMs: number;
  /**
   * Admitted requests one node works on at once (ENROLLMENT_MAX_IN_FLIGHT). The rate is a rate: turns their
   * holders did not ask about at once are admitted when they do, and refusals take their share of the node, so
   * at a peak more admitted requests may arrive in a second than the node finishes. Beyond the limit a request
   * waits, first come first served, for `inFlightWaitMs` (a pending promise; its body not yet read); if no
   * place frees by then, or four times the limit already wait, it is asked to come back in a second (429 with
   * Retry-After; the pass is kept). Left to the node's own queues (the database pool's) such requests passed any
   * timeout; asked back at once, their retries were as many as the newcomers.
   */
  maxInFlight?: number;
  /** How long an admitted request waits for a place among `maxInFlight` before it is asked back. */
  inFlightWaitMs?: number;
};

export type AdmissionAnswer = { admitted: true } | { admitted: false; position: number };

export interface AdmissionStore {
  /** Atomically: the account's pass, else its ticket (one taken if it has none), admitted once its turn has come. */
  enter(queue: string, accountId: string, nowMs: number, o: AdmissionOptions): Promise<AdmissionAnswer>;
  /** People waiting (tickets issued and not yet reached), for metrics. */
  waiting(queue: string, nowMs: number, o: AdmissionOptions): Promise<number>;
}

type QueueState = { tail: number; served: number; last: number; tickets: Map<string, { n: number; expiresAt: number }>; passes: Map<string, number> };

/** Rounding of the serving number's sums (0.1 × 10 turns is 0.9999…). */
const EPSILON = 1e-9;

/** The serving number at `now`: by the rate since the last look, never more than `burst` ahead of the tail. */
const advance = (s: { tail: number; served: number; last: number }, now: number, o: AdmissionOptions) =>
  Math.min(s.tail + o.burst, s.served + (o.ratePerSecond * Math.max(0, now - s.last)) / 1000);

export class MemoryAdmissionStore implements AdmissionStore {
  private readonly queues = new Map<string, QueueState>();
  private entries = 0;

  private state(queue: string, now: number, o: AdmissionOptions): QueueState {
    let s = this.queues.get(queue);
    if (!s) {
      s = { tail: 0, served: o.burst, last: now, tickets: new Map(), passes: new Map() };
      this.queues.set(queue, s);
    }
    s.served = advance(s, now, o);
    // Monotonic, as the nodes' clocks differ by a little; a clock set back (the sandbox's) starts again from it.
    if (now > s.last || now < s.last - 60_000) s.last = now;
    return s;
  }

  async enter(queue: string, accountId: string, now: number, o: AdmissionOptions): Promise<AdmissionAnswer> {
    // No await from here to the answer: of sixteen requests of one account at once, one takes the ticket.
    const s = this.state(queue, now, o);
    if (++this.entries % 10_000 === 0) this.sweep(s, now);
    const pass = s.passes.get(accountId);
    if (pass !== undefined && pass > now) return { admitted: true };
    const held = s.tickets.get(accountId);
    const n = held && held.expiresAt > now ? held.n : ++s.tail;
    if (n <= s.served + EPSILON) {
      s.tickets.delete(accountId);
      s.passes.set(accountId, now + o.passMs);
      return { admitted: true };
    }
    s.tickets.set(accountId, { n, expiresAt: now + o.ticketMs });
    return { admitted: false, position: Math.ceil(n - s.served) };
  }

  async waiting(queue: string, now: number, o: AdmissionOptions): Promise<number> {
    const s = this.state(queue, now, o);
    return Math.max(0, Math.floor(s.tail - s.served));
  }

  private sweep(s: QueueState, now: number): void {
    for (const [k, t] of s.tickets) if (t.expiresAt <= now) s.tickets.delete(k);
    for (const [k, p] of s.passes) if (p <= now) s.passes.delete(k);
  }
}

/**
 * KEYS: 1 the queue's state (hash: tail, served, last), 2 the account's ticket, 3 the account's pass.
 * ARGV: now (ms), rate per second, burst, pass ms, ticket ms.
 * Returns {1} admitted, or {0, position}.
 */
const ENTER = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
if redis.call('EXISTS', KEYS[3]) == 1 then return {1} end
local st = redis.call('HMGET', KEYS[1], 'tail', 'served', 'last')
local tail = tonumber(st[1]) or 0
local served = tonumber(st[2]) or burst
local last = tonumber(st[3]) or now
served = math.min(tail + burst, served + rate * math.max(0, now - last) / 1000)
if now > last or now < last - 60000 then last = now end
local n = tonumber(redis.call('GET', KEYS[2]))
if not n then tail = tail + 1; n = tail end
local answer
if n <= served + 1e-9 then
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
  answer = {1}
else
  redis.call('SET', KEYS[2], tostring(n), 'PX', ARGV[5])
  answer = {0, math.ceil(n - served)}
end
redis.call('HSET', KEYS[1], 'tail', tostring(tail), 'served', tostring(served), 'last', tostring(last))
redis.call('PEXPIRE', KEYS[1], 86400000)
return answer
`;

export class RedisAdmissionStore implements AdmissionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'ausm:',
  ) {}

  async enter(queue: string, accountId: string, now: number, o: AdmissionOptions): Promise<AdmissionAnswer> {
    const p = `${this.prefix}admission:${queue}:`;
    const r = (await this.redis.eval(ENTER, 3, `${p}state`, `${p}ticket:${accountId}`, `${p}pass:${accountId}`, now, o.ratePerSecond, o.burst, o.passMs, o.ticketMs)) as number[];
    return r[0] === 1 ? { admitted: true } : { admitted: false, position: Number(r[1]) };
  }

  async waiting(queue: string, now: number, o: AdmissionOptions): Promise<number> {
    const [tail, served, last] = await this.redis.hmget(`${this.prefix}admission:${queue}:state`, 'tail', 'served', 'last');
    if (tail === null) return 0;
    return Math.max(0, Math.floor(Number(tail) - advance({ tail: Number(tail), served: Number(served), last: Number(last) }, now, o)));
  }
}

/** What a queued person is told, and what the page shows: position, the estimated wait, when to ask again. */
export type QueuePlace = { position: number; waitSeconds: number };

/** The longest Retry-After: a person far back still sees the page refresh within a minute. */
const MAX_RETRY_AFTER_S = 60;

export class AdmissionGate {
  constructor(
    private readonly store: AdmissionStore,
    private readonly clock: Clock,
    readonly options: AdmissionOptions,
    private readonly queue: string,
  ) {}

  /** Resolves when the account is admitted; otherwise 429 `admission/queued` with Retry-After and the place. */
  async admit(accountId: string): Promise<void> {
    const refusal = await this.check(accountId);
    if (refusal) throw new AppError(refusal.status, refusal.body.code, refusal.body.message, { headers: refusal.headers, data: { position: refusal.body.position, waitSeconds: refusal.body.waitSeconds } });
  }

  /**
   * null when the account is admitted; else the 429 to send as it is (a refusal at a peak must cost next to
   * nothing: no error built, the body written once).
   */
  async check(accountId: string): Promise<{ status: 429; headers: Record<string, string>; body: { code: string; message: string } & QueuePlace } | null> {
    const answer = await this.store.enter(this.queue, accountId, this.clock.now().getTime(), this.options);
    if (answer.admitted) return null;
    const place = this.place(answer.position);
    return {
      status: 429,
      headers: { 'retry-after': String(Math.min(MAX_RETRY_AFTER_S, Math.max(1, place.waitSeconds))) },
      body: { code: 'admission/queued', message: `当前报名人数较多，您已进入排队：前面还有${place.position - 1}人，预计等待约${waitText(place.waitSeconds)}，页面将自动刷新，请勿离开`, ...place },
    };
  }

  place(position: number): QueuePlace {
    return { position, waitSeconds: Math.max(1, Math.ceil(position / this.options.ratePerSecond)) };
  }

  waiting(): Promise<number> {
    return this.store.waiting(this.queue, this.clock.now().getTime(), this.options);
  }

  private inFlight = 0;
  private readonly waiters: Array<{ wake: (taken: boolean) => void; timer: ReturnType<typeof setTimeout> }> = [];

  /**
   * A place among the admitted requests this node works on: at once while fewer than `maxInFlight` are, else
   * after waiting in line up to `inFlightWaitMs`; false when none freed (or the line is full).
   */
  take(): boolean | Promise<boolean> {
    const max = this.options.maxInFlight ?? Infinity;
    if (this.inFlight < max && this.waiters.length === 0) {
      this.inFlight++;
      return true;
    }
    const waitMs = this.options.inFlightWaitMs ?? 0;
    if (waitMs <= 0 || this.waiters.length >= 4 * max) return false;
    return new Promise<boolean>((resolve) => {
      const waiter = {
        wake: resolve,
        timer: setTimeout(() => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          resolve(false);
        }, waitMs),
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * How long an admitted request asked back (`admission/full`) should wait before asking again, in seconds: the
   * answers of one moment are spread over the seconds ahead at the rate this node finished requests in its last
   * whole second, so that they come back about as fast as places free. Told all "in a second", as until session
   * 22, the admitted who could not be served came back together each second, their answers took the node's time
   * from the submits, fewer finished, and more were asked back: at a rate a little above what the node finished,
   * goodput fell to a twentieth (bench/README.md, session 22).
   */
  retryAfterFull(nowMs = Date.now()): number {
    const perSecond = Math.max(1, this.finishedLastSecond(nowMs) || (this.options.maxInFlight ?? 1));
    this.nextReturnAt = Math.max(this.nextReturnAt, nowMs) + 1000 / perSecond;
    return Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil((this.nextReturnAt - nowMs) / 1000)));
  }

  private nextReturnAt = 0;
  private finishedSecond = 0;
  private finishedInSecond = 0;
  private finishedBefore = 0;

  private finishedLastSecond(nowMs: number): number {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.finishedSecond) {
      this.finishedBefore = second === this.finishedSecond + 1 ? this.finishedInSecond : 0;
      this.finishedSecond = second;
      this.finishedInSecond = 0;
    }
    return this.finishedBefore;
  }

  /** The request that took a place has been answered (or its connection closed): the place goes to the next in line. */
  release(nowMs = Date.now()): void {
    this.finishedLastSecond(nowMs);
    this.finishedInSecond++;
    const next = this.waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.wake(true);
      return;
    }
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Admitted requests in flight on this node, for metrics. */
  working(): number {
    return this.inFlight;
  }
}

/** An admitted person's request for which no place among `maxInFlight` freed in time: come back in a second. */
export const FULL = { code: 'admission/full', message: '当前报名人数较多，系统正在处理，页面将自动重试，请勿离开' } as const;

const waitText = (s: number) => (s < 60 ? `${s}秒` : `${Math.ceil(s / 60)}分钟`);
