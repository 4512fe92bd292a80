import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AdmissionGate, MemoryAdmissionStore, type AdmissionOptions } from '../../platform/admission';
import { SessionService } from '../../platform/auth';
import { AdjustableClock } from '../../platform/clock';
import { sessions } from '../../platform/tables';
import { approvedAccountant, juniorSettings, uploadExamPhoto } from '../../test/exam';
import { advanceClock, buildTestApp, staffCookies } from '../../test/helpers';

// The peak's admission control (issue 22, "The peak") through the API: a capacity of one admission per
// 500 s of the platform clock, so that the test's own real seconds never admit anyone and the sandbox
// clock decides every turn.

type Cookies = Record<string, string>;
let app: FastifyInstance;
let examId: string;
const RATE = 0.002;
/** One admission's worth of the platform clock. */
const turn = () => advanceClock(app, 1000 / RATE);

const start = (cookies: Cookies) => app.inject({ method: 'GET', url: `/api/enrollment/start?examId=${examId}&provinceId=370000`, cookies });
const submit = (cookies: Cookies, photoFileId: string) =>
  app.inject({
    method: 'POST',
    url: '/api/enrollments',
    cookies,
    payload: { examId, provinceId: '370000', category: 'junior_education', siteAuthorityId: '370100', subjects: ['junior_practice', 'economic_law_basics'], photoFileId, proofs: {}, promise: true },
  });

let a: Cookies, b: Cookies, c: Cookies, d: Cookies;

beforeAll(async () => {
  app = await buildTestApp({ enrollmentAdmission: { ratePerSecond: RATE, burst: 1, passMs: 3_600_000, ticketMs: 3_600_000 } });
  const created = await app.inject({ method: 'POST', url: '/api/console/exams', cookies: await staffCookies(app, 'mof_admin'), payload: { year: 2025, level: 'junior' } });
  examId = created.json().id;
  // The window is open for two hours: the turns below move the clock by 500 s each.
  const settings = juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }]);
  const put = await app.inject({ method: 'PUT', url: `/api/console/exams/${examId}/provinces/370000`, cookies: await staffCookies(app, 'sd_admin'), payload: settings });
  expect(put.statusCode, put.body).toBe(200);
  const people = await Promise.all([0, 1, 2, 3].map(async () => (await approvedAccountant(app)).cookies));
  [a, b, c, d] = people as [Cookies, Cookies, Cookies, Cookies];
});
afterAll(() => app.close());

describe('admission control in front of the enrollment steps', () => {
  it('admits while there is capacity, then queues in order of arrival: 429, Retry-After, position and wait; one place per account', async () => {
    expect((await start(a)).statusCode).toBe(200);
    const queuedB = await start(b);
    expect(queuedB.statusCode).toBe(429);
    expect(queuedB.headers['retry-after']).toBe('60');
    expect(queuedB.json()).toMatchObject({ code: 'admission/queued', position: 1, waitSeconds: 500 });
    expect(queuedB.json().message).toBe('当前报名人数较多，您已进入排队：前面还有0人，预计等待约9分钟，页面将自动刷新，请勿离开');
    expect((await start(c)).json()).toMatchObject({ code: 'admission/queued', position: 2 });
    // Sixteen requests of one account at once take one place, not sixteen.
    const burst = await Promise.all(Array.from({ length: 16 }, () => start(d)));
    expect(burst.map((r) => r.statusCode)).toEqual(Array(16).fill(429));
    expect(new Set(burst.map((r) => r.json().position))).toEqual(new Set([3]));
    // Asking again keeps the place.
    expect((await start(b)).json().position).toBe(1);
    expect((await start(d)).json().position).toBe(3);
    // The admitted one goes on through the steps (its pass).
    expect((await start(a)).statusCode).toBe(200);
  });

  it('a submit at capacity is refused the same way and changes nothing', async () => {
    const photo = await uploadExamPhoto(app, c);
    const res = await submit(c, photo.json().id);
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'admission/queued', position: 2 });
    expect((await app.inject({ method: 'GET', url: '/api/enrollments', cookies: c })).json()).toEqual([]);
  });

  it('when capacity frees, the next in line is admitted and nobody behind jumps ahead', async () => {
    await turn();
    // C asks first, but B's turn is B's.
    expect((await start(c)).json()).toMatchObject({ code: 'admission/queued', position: 1 });
    expect((await start(d)).json()).toMatchObject({ code: 'admission/queued', position: 2 });
    expect((await start(b)).statusCode).toBe(200);
    expect((await start(c)).statusCode).toBe(429);
    await turn();
    expect((await start(d)).statusCode).toBe(429);
    expect((await start(c)).statusCode).toBe(200);
  });

  it('an admitted candidate submits once: sixteen submits at once make one enrollment', async () => {
    const photo = await uploadExamPhoto(app, b);
    const all = await Promise.all(Array.from({ length: 16 }, () => submit(b, photo.json().id)));
    const codes = all.map((r) => r.statusCode).sort();
    expect(codes.filter((s) => s === 201)).toHaveLength(1);
    expect(codes.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    expect((await app.inject({ method: 'GET', url: '/api/enrollments', cookies: b })).json()).toHaveLength(1);
  });

  it('a queued candidate of sixteen submits at once is refused sixteen times, keeps one place, and is admitted in turn', async () => {
    const photo = await uploadExamPhoto(app, d);
    const all = await Promise.all(Array.from({ length: 16 }, () => submit(d, photo.json().id)));
    expect(all.every((r) => r.statusCode === 429 && r.json().position === 1 && Number(r.headers['retry-after']) >= 1)).toBe(true);
    await turn();
    const again = await Promise.all(Array.from({ length: 16 }, () => submit(d, photo.json().id)));
    expect(again.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(again.every((r) => r.statusCode === 201 || r.statusCode === 409)).toBe(true);
  });

  it('a session ended after the gate had seen it is refused: the gate remembers whose session it was, not that it is valid', async () => {
    expect((await start(c)).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/api/session', cookies: c })).statusCode).toBe(204);
    const res = await start(c);
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('auth/required');
  });

  it('needs a session: 401 before any place is taken', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/enrollment/start?examId=${examId}&provinceId=370000` });
    expect(res.statusCode).toBe(401);
    // An unknown token, an ended one and a staff member's session get the same answer, and no place. (The ended
    // token still claims c's account, which holds a pass here: it is admitted to the session check, which
    // refuses it. Without a pass it would wait in c's one place, then be refused the same way.)
    const staff = await staffCookies(app, 'jn_reviewer');
    for (const cookies of [{ ausm_sid: 'x'.repeat(43) }, c, staff]) {
      const refused = await start(cookies);
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toEqual({ code: 'auth/required', message: '登录已失效，请重新登录' });
    }
  });

  it('places a request by its session token\'s claim, without reading the session; a claim not the server\'s places nobody', async () => {
    const read = vi.spyOn(SessionService.prototype, 'subjectOf');
    try {
      const fresh = (await approvedAccountant(app)).cookies;
      const queued = await start(fresh);
      expect(queued.statusCode).toBe(429);
      expect(read).not.toHaveBeenCalled();
      // b's token made to claim the newcomer's account (or a staff member's claim relabelled): its tag no longer
      // matches, so it is looked up as any token, found nowhere, and refused with no place taken.
      const parts = (cookies: Cookies) => cookies.ausm_sid!.split('.') as [string, string, string, string];
      const [random, , id, tag] = parts(fresh);
      const [bRandom, , bId, bTag] = parts(b);
      const [sRandom, , sId, sTag] = parts(await staffCookies(app, 'jn_reviewer'));
      for (const forged of [`${bRandom}.a.${id}.${bTag}`, `${random}.a.${bId}.${tag}`, `${sRandom}.a.${sId}.${sTag}`]) {
        const refused = await start({ ausm_sid: forged });
        expect(refused.statusCode).toBe(401);
      }
      expect(read).toHaveBeenCalledTimes(3);
      expect((await start(fresh)).json().position).toBe(queued.json().position);
    } finally {
      read.mockRestore();
    }
  });

  it('reads the sessions of newcomers arriving at once together, each answered as its own (tokens issued before claims)', async () => {
    // Sessions of tokens without a claim, as issued before claims existed: the gate reads them.
    const fresh = await Promise.all(
      [0, 1, 2].map(async () => {
        const { cookies } = await approvedAccountant(app);
        const [, , accountId] = cookies.ausm_sid!.split('.');
        const token = randomBytes(32).toString('base64url');
        const now = new Date();
        await app.database.db.insert(sessions).values({ tokenHash: createHash('sha256').update(token).digest('hex'), subjectKind: 'accountant', subjectId: accountId!, createdAt: now, lastSeenAt: now });
        return { ausm_sid: token };
      }),
    );
    const answers = await Promise.all([...fresh, ...fresh, { ausm_sid: 'y'.repeat(43) }].map((cookies) => start(cookies)));
    // The three newcomers take a place each (asked twice at once, once), the stranger none.
    expect(answers.map((r) => r.statusCode)).toEqual([429, 429, 429, 429, 429, 429, 401]);
    const positions = answers.slice(0, 3).map((r) => r.json().position as number);
    expect(new Set(positions).size).toBe(3);
    expect(answers.slice(3, 6).map((r) => r.json().position)).toEqual(positions);
  });
});

describe('the line for a place among the admitted requests in flight', () => {
  const gate = (inFlightWaitMs: number) =>
    new AdmissionGate(new MemoryAdmissionStore(), new AdjustableClock(), { ratePerSecond: 1, burst: 1, passMs: 1, ticketMs: 1, maxInFlight: 2, inFlightWaitMs }, 'test');

  it('gives a freed place to the one waiting longest, and lets nobody pass the line', async () => {
    const g = gate(60_000);
    expect(g.take()).toBe(true);
    expect(g.take()).toBe(true);
    const first = g.take() as Promise<boolean>;
    const second = g.take() as Promise<boolean>;
    expect(first).toBeInstanceOf(Promise);
    g.release();
    expect(await first).toBe(true);
    // The place went to the first in line: still two in flight, the second waits on.
    expect(g.working()).toBe(2);
    g.release();
    expect(await second).toBe(true);
    g.release();
    g.release();
    expect(g.working()).toBe(0);
    expect(g.take()).toBe(true);
  });

  it('spreads the returns of the admitted it asks back over the seconds ahead, at the rate it finished requests', () => {
    const g = gate(3_000);
    const t0 = 1_000_000_000;
    // Ten requests finished in one second.
    for (let i = 0; i < 10; i++) {
      g.take();
      g.release(t0 + i * 50);
    }
    // In the next, twenty-five are asked back: ten in a second, ten in two, five in three; not all in one.
    const told = Array.from({ length: 25 }, () => g.retryAfterFull(t0 + 1_000));
    expect(told).toEqual([...Array(10).fill(1), ...Array(10).fill(2), ...Array(5).fill(3)]);
    // The schedule goes on from where it is: the next one asked back half a second later comes in the third second.
    expect(g.retryAfterFull(t0 + 1_500)).toBe(3);
    // With nothing finished in the last whole second, the returns are spread at the in-flight limit a second.
    const idle = gate(3_000);
    expect(Array.from({ length: 5 }, () => idle.retryAfterFull(t0))).toEqual([1, 1, 2, 2, 3]);
  });

  it('answers false when no place frees in time, and when four times the limit already wait', async () => {
    vi.useFakeTimers();
    try {
      const g = gate(3_000);
      g.take();
      g.take();
      const waiting = Array.from({ length: 8 }, () => g.take());
      expect(waiting.every((w) => w instanceof Promise)).toBe(true);
      expect(g.take()).toBe(false);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(await Promise.all(waiting)).toEqual(Array(8).fill(false));
      // Those that gave up left the line: the next one waits again.
      expect(g.take()).toBeInstanceOf(Promise);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the in-process queue', () => {
  const o: AdmissionOptions = { ratePerSecond: 2, burst: 2, passMs: 10_000, ticketMs: 5_000 };

  it('admits a burst when nobody waits, then two a second in order of arrival', async () => {
    const q = new MemoryAdmissionStore();
    const at = (ms: number, who: string) => q.enter('e', who, ms, o);
    expect(await at(0, 'a')).toEqual({ admitted: true });
    expect(await at(0, 'b')).toEqual({ admitted: true });
    expect(await at(0, 'c')).toEqual({ admitted: false, position: 1 });
    expect(await at(0, 'd')).toEqual({ admitted: false, position: 2 });
    expect(await at(0, 'e')).toEqual({ admitted: false, position: 3 });
    expect(await q.waiting('e', 0, o)).toBe(3);
    // Half a second: one turn; E asking first does not take it.
    expect(await at(500, 'e')).toEqual({ admitted: false, position: 2 });
    expect(await at(500, 'c')).toEqual({ admitted: true });
    expect(await at(1000, 'd')).toEqual({ admitted: true });
    expect(await at(1000, 'a')).toEqual({ admitted: true }); // still within its pass
  });

  it('drops the place of someone who stopped asking; their turn passes', async () => {
    const q = new MemoryAdmissionStore();
    await q.enter('e', 'a', 0, { ...o, burst: 1, ratePerSecond: 0.1 });
    expect(await q.enter('e', 'gone', 0, { ...o, burst: 1, ratePerSecond: 0.1 })).toEqual({ admitted: false, position: 1 });
    expect(await q.enter('e', 'b', 0, { ...o, burst: 1, ratePerSecond: 0.1 })).toEqual({ admitted: false, position: 2 });
    // 'gone' never asks again; after 20 s both turns have come and 'b', asking within its ticket's life, is admitted.
    expect(await q.enter('e', 'b', 4_000, { ...o, burst: 1, ratePerSecond: 0.1 })).toEqual({ admitted: false, position: 2 });
    expect(await q.enter('e', 'b', 8_000, { ...o, burst: 1, ratePerSecond: 0.1 })).toEqual({ admitted: false, position: 2 });
    expect(await q.enter('e', 'b', 12_000, { ...o, burst: 1, ratePerSecond: 0.1 })).toEqual({ admitted: false, position: 1 });
    expect(await q.enter('e', 'b', 16_000, { ...o, burst: 1, ratePerSecond: 0.1 })).toEqual({ admitted: false, position: 1 });
    expect(await q.enter('e', 'b', 20_000, { ...o, burst: 1, ratePerSecond: 0.1 })).toEqual({ admitted: true });
    // 'gone' comes back after its ticket lapsed: the end of the line.
    expect(await q.enter('e', 'gone', 20_000, { ...o, burst: 1, ratePerSecond: 0.1 })).toMatchObject({ admitted: false });
  });
});

describe('admitted requests a node works on at once (ENROLLMENT_MAX_IN_FLIGHT)', () => {
  let busy: FastifyInstance;
  let exam: string;
  afterAll(() => busy?.close());

  it('asks an admitted request for which no place freed in time to come back in a second (429, Retry-After), unread, and takes it when one is done', async () => {
    busy = await buildTestApp({ enrollmentAdmission: { ratePerSecond: 1_000, burst: 1_000, passMs: 3_600_000, ticketMs: 3_600_000, maxInFlight: 1, inFlightWaitMs: 0 } });
    const created = await busy.inject({ method: 'POST', url: '/api/console/exams', cookies: await staffCookies(busy, 'mof_admin'), payload: { year: 2025, level: 'junior' } });
    exam = created.json().id;
    const put = await busy.inject({
      method: 'PUT',
      url: `/api/console/exams/${exam}/provinces/370000`,
      cookies: await staffCookies(busy, 'sd_admin'),
      payload: juniorSettings(new Date(), [{ authorityId: '370100', name: '济南市报名点' }]),
    });
    expect(put.statusCode, put.body).toBe(200);
    const people = await Promise.all([0, 1].map(async () => (await approvedAccountant(busy)).cookies));
    const photos = await Promise.all(people.map(async (p) => (await uploadExamPhoto(busy, p)).json().id as string));
    const send = (i: number) =>
      busy.inject({
        method: 'POST',
        url: '/api/enrollments',
        cookies: people[i]!,
        payload: { examId: exam, provinceId: '370000', category: 'junior_education', siteAuthorityId: '370100', subjects: ['junior_practice', 'economic_law_basics'], photoFileId: photos[i], proofs: {}, promise: true },
      });
    // Both admitted (the rate is high); the node takes one at a time.
    const [first, second] = await Promise.all([send(0), send(1)]);
    const answers = [first, second].map((r) => r.statusCode).sort();
    expect(answers).toEqual([201, 429]);
    const full = [first, second].find((r) => r.statusCode === 429)!;
    expect(full.headers['retry-after']).toBe('1');
    expect(full.json()).toMatchObject({ code: 'admission/full', message: '当前报名人数较多，系统正在处理，页面将自动重试，请勿离开' });
    // The refused one changed nothing; asked again, it goes through (its place among the admitted is kept).
    const again = first.statusCode === 429 ? 0 : 1;
    expect((await busy.inject({ method: 'GET', url: '/api/enrollments', cookies: people[again]! })).json()).toEqual([]);
    expect((await send(again)).statusCode).toBe(201);
    // Every place was given back: a third request of an enrolled person is answered (409), not refused as full.
    expect((await send(0)).json().code).toBe('enrollment/exists');
  });
});
