// Issue 17 item 18 (Uploads), through the API: each test is one of the probe's findings.
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { inArray } from 'drizzle-orm';
import { UNUSED_UPLOAD_LIMITS } from '@ausm/domain';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeJpeg, makePdf, makePng } from '../../platform/uploads/test-files';
import { advanceClock, buildTestApp, login, PASSWORD, registerAccount, sessionCookie } from '../../test/helpers';
import { uploadFile } from '../../test/uploads';
import { files } from './tables';

const DAY = 24 * 60 * 60 * 1000;

async function accountant(app: FastifyInstance) {
  const { person } = await registerAccount(app);
  const relogin = async () => sessionCookie(await login(app, person.mobile, PASSWORD));
  return { cookies: await relogin(), relogin };
}

const refusal = (res: { statusCode: number; json(): unknown }) => ({ status: res.statusCode, ...(res.json() as object) });
/** Photos that differ in their pixels, so each has its own stored object. */
const photo = (n: number) => makeJpeg({ width: 64 + (n % 50) * 8, height: 40 + Math.floor(n / 50) * 8, size: 12_000 });

describe('what an upload may contain', () => {
  let app: FastifyInstance;
  let owner: Record<string, string>;
  beforeAll(async () => {
    app = await buildTestApp();
    owner = (await accountant(app)).cookies;
  });
  afterAll(() => app.close());

  it('refuses the probe’s PDF with /OpenAction /JavaScript and /Launch', async () => {
    const probe = makePdf({
      catalog: '/OpenAction 4 0 R',
      objects: ['<< /Type /Action /S /JavaScript /JS (app.launchURL("http://evil.example");) /Next 5 0 R >>', '<< /Type /Action /S /Launch /F (cmd.exe) >>'],
    });
    expect(refusal(await uploadFile(app, owner, 'ce_proof', probe, '学分证明.pdf'))).toMatchObject({
      status: 400,
      code: 'upload/pdf_active',
      message: 'PDF文件含有脚本、自动操作、附件或多媒体等活动内容，不能上传；请将其另存或“打印”为普通PDF后重新上传',
      field: 'file',
    });
  });

  it('serves a PDF as an attachment, in a sandbox, never sniffed', async () => {
    const pdf = makePdf(40_000);
    const { id } = (await uploadFile(app, owner, 'ce_proof', pdf, '学分证明.pdf')).json();
    const res = await app.inject({ method: 'GET', url: `/api/files/${id}`, cookies: owner });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(pdf)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent('学分证明.pdf')}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
    });
  });

  it('stores nothing of GPS hidden in an APP2 segment, nor of what follows the image', async () => {
    const gps = Buffer.from('FPXR\0GPS 39.9042N 116.4074E', 'latin1');
    const jpeg = makeJpeg({ width: 640, height: 480, appn: [[0xe2, gps]], size: 15_000, trailing: Buffer.from('<script>alert(1)</script>') });
    const { id } = (await uploadFile(app, owner, 'realname_photo', jpeg, 'id.jpg')).json();
    const served = (await app.inject({ method: 'GET', url: `/api/files/${id}`, cookies: owner })).rawPayload;
    expect(served.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    for (const needle of ['GPS', '116.4074', 'FPXR', 'script']) expect(served.includes(needle), needle).toBe(false);
  });

  it('refuses the probe’s 7000×7000 PNG (147 MB decoded) as too many pixels', async () => {
    const png = makePng({ width: 7000, height: 7000, bilevel: true, size: 12_000 });
    expect(refusal(await uploadFile(app, owner, 'realname_photo', png, 'big.png'))).toMatchObject({
      status: 400,
      code: 'upload/pixels',
      message: '图片像素过大：不能超过2400万像素，请缩小后重新上传',
      field: 'file',
    });
  });
});

describe('the quota of unused uploads', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  it('takes at most the limit of unused files from a burst, and more once they expire', async () => {
    const { cookies, relogin } = await accountant(app);
    const limit = UNUSED_UPLOAD_LIMITS.files;
    const burst = await Promise.all(Array.from({ length: limit + 10 }, (_, i) => uploadFile(app, cookies, 'realname_photo', photo(i))));
    const codes = burst.map((r) => (r.statusCode === 201 ? 'ok' : r.json().code));
    expect(codes.filter((c) => c === 'ok')).toHaveLength(limit);
    expect(codes.filter((c) => c === 'upload/quota')).toHaveLength(10);
    const refused = burst.find((r) => r.statusCode === 400)!;
    expect(refusal(refused)).toEqual({
      status: 400,
      code: 'upload/quota',
      message: '已上传但未提交的文件过多（最多50个，共100MB），请先提交正在填写的申请；未提交的文件将在上传1天后自动清除',
      field: 'file',
    });
    // Another account is not held back by this one.
    expect((await uploadFile(app, (await accountant(app)).cookies, 'realname_photo', photo(1))).statusCode).toBe(201);
    // A day later the unused ones no longer count.
    await advanceClock(app, DAY + 1000);
    expect((await uploadFile(app, await relogin(), 'realname_photo', photo(99))).statusCode).toBe(201);
  });

  it('counts the bytes of unused uploads too', async () => {
    const { cookies } = await accountant(app);
    const first = await uploadFile(app, cookies, 'realname_photo', photo(3));
    expect(first.statusCode).toBe(201);
    // Make the account's one unused file as large as the whole quota.
    await app.database.db.update(files).set({ size: UNUSED_UPLOAD_LIMITS.bytes }).where(inArray(files.id, [first.json().id]));
    expect(refusal(await uploadFile(app, cookies, 'realname_photo', photo(4)))).toMatchObject({ status: 400, code: 'upload/quota' });
  });

  it('refuses to attach an upload unused for more than a day', async () => {
    const { cookies, relogin } = await accountant(app);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await uploadFile(app, cookies, 'realname_photo', photo(10 + i))).json().id);
    await advanceClock(app, DAY + 1000);
    const res = await app.inject({
      method: 'POST',
      url: '/api/identity/manual',
      cookies: await relogin(),
      payload: { provinceId: '370000', cityId: '370100', frontFileId: ids[0], backFileId: ids[1], handheldFileId: ids[2] },
    });
    expect(refusal(res)).toMatchObject({ status: 400, code: 'file/expired', message: '证件人像面照片文件上传后超过1天未提交，已失效，请重新上传' });
  });
});

describe('the server removes uploads unused for a day', () => {
  let app: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ausm-cleanup-'));
    app = await buildTestApp({ files: { provider: 'local', dir }, uploadCleanupIntervalMs: 20 });
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const stored = async () => (await readdir(dir, { recursive: true })).filter((f) => /\.(jpg|png|pdf)$/.test(f)).length;
  const rows = async (ids: string[]) => (await app.database.db.select({ id: files.id }).from(files).where(inArray(files.id, ids))).map((r) => r.id);

  it('deletes the row and then the object, keeping an object another record still uses', async () => {
    const a = await accountant(app);
    const b = await accountant(app);
    const shared = photo(20);
    const aShared = (await uploadFile(app, a.cookies, 'realname_photo', shared)).json().id;
    const aOwn = (await uploadFile(app, a.cookies, 'realname_photo', photo(21))).json().id;
    // b uploads the same bytes (one stored object for both rows) and attaches them to a record.
    const bIds = [(await uploadFile(app, b.cookies, 'realname_photo', shared)).json().id];
    for (const n of [22, 23]) bIds.push((await uploadFile(app, b.cookies, 'realname_photo', photo(n))).json().id);
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/identity/manual',
      cookies: b.cookies,
      payload: { provinceId: '370000', cityId: '370100', frontFileId: bIds[0], backFileId: bIds[1], handheldFileId: bIds[2] },
    });
    expect(submitted.statusCode).toBe(201);
    expect(await stored()).toBe(4);

    // The job runs every 20 ms on the sandbox clock: moving it past the day is all it takes.
    await advanceClock(app, DAY + 60_000);
    await vi.waitFor(async () => expect(await rows([aShared, aOwn])).toEqual([]), { timeout: 5000, interval: 20 });
    expect(await stored()).toBe(3); // a's own photo is gone; the shared object stays for b's record
    expect(await rows(bIds)).toHaveLength(3);
    const bAgain = await b.relogin();
    const served = await app.inject({ method: 'GET', url: `/api/files/${bIds[0]}`, cookies: bAgain });
    expect(served.statusCode).toBe(200);
    const aAgain = await a.relogin();
    expect((await app.inject({ method: 'GET', url: `/api/files/${aOwn}`, cookies: aAgain })).statusCode).toBe(404);
  });
});

describe('an oversized body is answered at once and the connection closed', () => {
  let app: FastifyInstance;
  let port: number;
  let cookie: string;
  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    const { cookies } = await accountant(app);
    cookie = Object.entries(cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
  });
  afterAll(() => app.close());

  const FIFTY_MB = 50 * 1024 * 1024;
  const BOUND_MS = 5_000;

  /**
   * Sends a 50 MB multipart upload over a raw socket as fast as the server takes it, stopping when an
   * answer arrives, and reports when the answer came and when the server closed the connection.
   */
  async function fiftyMegabytes(declareLength: boolean) {
    const boundary = '----ausmhardening';
    const partHead = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const started = performance.now();
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined); // EPIPE or ECONNRESET once the server has closed: expected
    let response = '';
    let answeredMs: number | null = null;
    socket.on('data', (d: Buffer) => {
      response += d.toString('utf8');
      answeredMs ??= performance.now() - started;
    });
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(performance.now() - started)));
    await once(socket, 'connect');
    const length = declareLength ? `Content-Length: ${partHead.length + FIFTY_MB}\r\n` : 'Transfer-Encoding: chunked\r\n';
    const frame = (b: Buffer) => (declareLength ? b : Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]));
    socket.write(
      `POST /api/files?purpose=realname_photo HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n${length}\r\n`,
    );
    socket.write(frame(Buffer.concat([partHead, Buffer.from([0xff, 0xd8, 0xff, 0xe0])])));
    let sent = 4;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    const deadline = started + 4 * BOUND_MS;
    while (sent < FIFTY_MB && answeredMs === null && !isClosed && performance.now() < deadline) {
      sent += chunk.length;
      if (!socket.write(frame(chunk))) {
        await Promise.race([once(socket, 'drain').catch(() => undefined), closed, new Promise((r) => setTimeout(r, 50))]);
      }
    }
    const closedMs = await Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), BOUND_MS))]);
    socket.destroy();
    return { response, answeredMs, closedMs, sent };
  }

  it('refuses a declared 50 MB before reading it, with Connection: close', async () => {
    const r = await fiftyMegabytes(true);
    expect(r.response).toMatch(/^HTTP\/1\.1 400 /);
    expect(r.response.toLowerCase()).toContain('connection: close');
    expect(r.response).toContain('"code":"upload/too_large"');
    expect(r.response).toContain('文件大小不能超过10MB');
    expect(r.answeredMs).toBeLessThan(BOUND_MS);
    expect(r.closedMs).not.toBeNull();
    expect(r.closedMs!).toBeLessThan(BOUND_MS);
    expect(r.sent).toBeLessThan(FIFTY_MB);
  });

  it('refuses an undeclared (chunked) 50 MB at the cap and closes instead of reading on', async () => {
    const r = await fiftyMegabytes(false);
    expect(r.response).toMatch(/^HTTP\/1\.1 400 /);
    expect(r.response.toLowerCase()).toContain('connection: close');
    expect(r.response).toContain('"code":"upload/too_large"');
    expect(r.answeredMs).toBeLessThan(BOUND_MS);
    expect(r.closedMs).not.toBeNull();
    expect(r.closedMs!).toBeLessThan(BOUND_MS);
    expect(r.sent).toBeLessThan(30 * 1024 * 1024);
  });

  it('still takes an ordinary upload over the same server, and keeps that connection open', async () => {
    const form = new FormData();
    form.append('file', new Blob([photo(30)], { type: 'image/jpeg' }), 'a.jpg');
    const res = await fetch(`http://127.0.0.1:${port}/api/files?purpose=realname_photo`, { method: 'POST', body: form, headers: { cookie } });
    expect(res.status).toBe(201);
    expect(res.headers.get('connection')).not.toBe('close');
  });
});
