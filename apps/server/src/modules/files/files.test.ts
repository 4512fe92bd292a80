import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeJpeg, makePng } from '../../platform/uploads/test-files';
import { buildTestApp, login, PASSWORD, registerAccount, sessionCookie, staffCookies } from '../../test/helpers';
import { multipart, streamingMultipart, uploadFile, uploadRealnamePhoto } from '../../test/uploads';

let app: FastifyInstance;
let owner: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  owner = await accountant();
});
afterAll(() => app.close());

async function accountant(): Promise<Record<string, string>> {
  const { person } = await registerAccount(app);
  return sessionCookie(await login(app, person.mobile, PASSWORD));
}

const refusal = (res: { statusCode: number; json(): unknown }) => ({ status: res.statusCode, ...(res.json() as object) });
const jpeg = (size: number) => makeJpeg({ width: 800, height: 600, size });

describe('POST /api/files: the purpose’s rule decides, on the real bytes', () => {
  it('realname_photo: 10KB exactly is accepted, one byte less refused', async () => {
    const ok = await uploadFile(app, owner, 'realname_photo', jpeg(10240), 'front.jpg');
    expect(ok.statusCode).toBe(201);
    // The size is the stored file's: the photo re-encoded from its pixels, not the 10KB uploaded.
    expect(ok.json()).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), purpose: 'realname_photo', name: 'front.jpg', size: expect.any(Number), type: 'jpg', width: 800, height: 600 });
    expect(ok.json().size).toBeLessThan(10240);
    expect(refusal(await uploadFile(app, owner, 'realname_photo', jpeg(10239)))).toEqual({
      status: 400,
      code: 'upload/too_small',
      message: '文件大小不能小于10KB',
      field: 'file',
    });
  });

  it('proof: 500KB is accepted, 500KB + 1 refused', async () => {
    expect((await uploadFile(app, owner, 'proof', jpeg(500 * 1024))).statusCode).toBe(201);
    expect(refusal(await uploadFile(app, owner, 'proof', jpeg(500 * 1024 + 1)))).toMatchObject({ status: 400, code: 'upload/too_large', message: '文件大小不能超过500KB', field: 'file' });
  });

  it('transfer_proof: 200KB is refused (须小于200KB)', async () => {
    expect(refusal(await uploadFile(app, owner, 'transfer_proof', jpeg(200 * 1024)))).toMatchObject({ status: 400, code: 'upload/too_large', message: '文件大小须小于200KB' });
    expect((await uploadFile(app, owner, 'transfer_proof', jpeg(200 * 1024 - 1))).statusCode).toBe(201);
  });

  it('a PNG renamed .jpg is a PNG: accepted as png for realname_photo, refused for standard_photo', async () => {
    const png = makePng({ width: 300, height: 420, size: 12_000 });
    const res = await uploadFile(app, owner, 'realname_photo', png, 'renamed.jpg');
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ type: 'png', name: 'renamed.jpg' });
    expect(refusal(await uploadFile(app, owner, 'standard_photo', png, 'renamed.jpg'))).toMatchObject({ status: 400, code: 'upload/type', field: 'file' });
  });

  it('a zero-byte file is refused as empty', async () => {
    expect(refusal(await uploadFile(app, owner, 'realname_photo', Buffer.alloc(0)))).toMatchObject({ status: 400, code: 'upload/empty', message: '文件为空' });
  });

  it('a 50 MB upload is refused as too large without being read to the end', async () => {
    const body = streamingMultipart(50 * 1024 * 1024);
    const res = await app.inject({ method: 'POST', url: '/api/files?purpose=realname_photo', cookies: owner, payload: body.payload, headers: body.headers });
    expect(refusal(res)).toMatchObject({ status: 400, code: 'upload/too_large', field: 'file' });
    // The service stops at the purpose's cap (10MB for photos); the rest is never pulled.
    expect(body.sent()).toBeLessThan(20 * 1024 * 1024);
  });

  it('keeps only the base name of a path-like file name', async () => {
    for (const [sent, kept] of [
      ['../../etc/passwd.jpg', 'passwd.jpg'],
      ['C:\\fakepath\\证件照.jpg', '证件照.jpg'],
    ]) {
      const res = await uploadFile(app, owner, 'realname_photo', jpeg(11_000 + kept!.length), sent);
      expect(res.statusCode).toBe(201);
      expect(res.json().name).toBe(kept);
      const got = await app.inject({ method: 'GET', url: `/api/files/${res.json().id}`, cookies: owner });
      expect(got.headers['content-disposition']).toBe(`inline; filename*=UTF-8''${encodeURIComponent(kept!)}`);
    }
  });

  it('asks for an accountant session', async () => {
    expect((await uploadFile(app, {}, 'realname_photo', jpeg(10240))).statusCode).toBe(401);
    const staff = await staffCookies(app, 'jn_reviewer');
    expect((await uploadFile(app, staff, 'realname_photo', jpeg(10240))).statusCode).toBe(401);
  });

  it('answers a request that is not a file upload with a clear 400, never a 500', async () => {
    const url = '/api/files?purpose=realname_photo';
    const json = await app.inject({ method: 'POST', url, cookies: owner, payload: { file: 'x' } });
    expect(refusal(json)).toMatchObject({ status: 400, code: 'file/not_multipart', message: expect.stringContaining('multipart/form-data') });
    const raw = await app.inject({ method: 'POST', url, cookies: owner, payload: jpeg(10240), headers: { 'content-type': 'image/jpeg' } });
    expect(refusal(raw)).toMatchObject({ status: 400, code: 'file/not_multipart' });
    const empty = await app.inject({ method: 'POST', url, cookies: owner });
    expect(refusal(empty)).toMatchObject({ status: 400, code: 'file/not_multipart' });
    const noFile = await app.inject({ method: 'POST', url, cookies: owner, ...multipart([{ name: 'note', data: 'hello' }]) });
    expect(refusal(noFile)).toMatchObject({ status: 400, code: 'file/missing', message: '请选择要上传的文件', field: 'file' });
    const otherField = await app.inject({ method: 'POST', url, cookies: owner, ...multipart([{ name: 'photo', filename: 'a.jpg', data: jpeg(10240) }]) });
    expect(refusal(otherField)).toMatchObject({ status: 400, code: 'file/missing' });
    const noBoundary = await app.inject({ method: 'POST', url, cookies: owner, payload: 'garbage', headers: { 'content-type': 'multipart/form-data' } });
    expect(refusal(noBoundary)).toMatchObject({ status: 400, code: 'file/bad_request' });
    const truncated = multipart([{ name: 'file', filename: 'a.jpg', data: jpeg(10240) }]);
    const cut = await app.inject({ method: 'POST', url, cookies: owner, payload: truncated.payload.subarray(0, 5000), headers: truncated.headers });
    expect(cut.statusCode).toBe(400);
    for (const q of ['', '?purpose=avatar', '?purpose=']) {
      const res = await app.inject({ method: 'POST', url: `/api/files${q}`, cookies: owner, ...multipart([{ name: 'file', filename: 'a.jpg', data: jpeg(10240) }]) });
      expect(refusal(res)).toMatchObject({ status: 400, code: 'validation/failed', message: '文件用途不正确' });
    }
  });

  it('refuses two files in one request without a 500', async () => {
    const two = multipart([
      { name: 'file', filename: 'a.jpg', data: jpeg(10240) },
      { name: 'file', filename: 'b.jpg', data: jpeg(10241) },
    ]);
    const res = await app.inject({ method: 'POST', url: '/api/files?purpose=realname_photo', cookies: owner, ...two });
    // Only the first file is taken; the second is never stored.
    expect([201, 400]).toContain(res.statusCode);
  });
});

describe('GET /api/files/:id: the owner, or staff reviewing it; anyone else sees nothing', () => {
  it('serves the owner the bytes with safe headers', async () => {
    const bytes = jpeg(10240);
    const { id } = (await uploadFile(app, owner, 'realname_photo', bytes, 'front.jpg')).json();
    const res = await app.inject({ method: 'GET', url: `/api/files/${id}`, cookies: owner });
    expect(res.statusCode).toBe(200);
    // What is served is the re-encoded photo: the same picture, other bytes.
    expect(res.rawPayload.equals(bytes)).toBe(false);
    expect(await sharp(res.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 800, height: 600 });
    expect(res.headers).toMatchObject({
      'content-type': 'image/jpeg',
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': "inline; filename*=UTF-8''front.jpg",
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    });
    const png = (await uploadFile(app, owner, 'realname_photo', makePng({ width: 100, height: 100, size: 10240 }), 'x.jpg')).json();
    expect((await app.inject({ method: 'GET', url: `/api/files/${png.id}`, cookies: owner })).headers['content-type']).toBe('image/png');
  });

  it('answers 404 file/not_found alike to another accountant, anonymous, staff out of scope and bad ids', async () => {
    const id = await uploadRealnamePhoto(app, owner);
    const other = await accountant();
    const notFound = { status: 404, code: 'file/not_found', message: '文件不存在或无权查看' };
    const asks: Array<[string, Record<string, string>]> = [
      [id, other],
      [id, {}],
      [id, await staffCookies(app, 'jn_reviewer')], // not attached to any review item yet
      [id, await staffCookies(app, 'mof_admin')],
      ['00000000-0000-4000-8000-000000000000', owner],
      ['not-a-uuid', owner],
      ['..%2F..%2Fetc%2Fpasswd', owner],
    ];
    for (const [fileId, cookies] of asks) {
      expect(refusal(await app.inject({ method: 'GET', url: `/api/files/${fileId}`, cookies }))).toEqual(notFound);
    }
  });

  it('after a manual identity submission to 济南市, staff whose scope covers 济南市 get the photos, others do not', async () => {
    const ids = [await uploadRealnamePhoto(app, owner), await uploadRealnamePhoto(app, owner), await uploadRealnamePhoto(app, owner)];
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/identity/manual',
      cookies: owner,
      payload: { provinceId: '370000', cityId: '370100', frontFileId: ids[0], backFileId: ids[1], handheldFileId: ids[2] },
    });
    expect(submitted.statusCode).toBe(201);
    for (const who of ['jn_reviewer', 'sd_reviewer', 'mof_admin']) {
      const cookies = await staffCookies(app, who);
      for (const id of ids) {
        const res = await app.inject({ method: 'GET', url: `/api/files/${id}`, cookies });
        expect(res.statusCode, who).toBe(200);
        expect(res.headers['content-type']).toBe('image/jpeg');
      }
    }
    for (const who of ['lx_reviewer', 'bj_reviewer', 'dc_reviewer']) {
      const res = await app.inject({ method: 'GET', url: `/api/files/${ids[0]}`, cookies: await staffCookies(app, who) });
      expect(res.statusCode, who).toBe(404);
    }
    // The owner still sees them.
    expect((await app.inject({ method: 'GET', url: `/api/files/${ids[0]}`, cookies: owner })).statusCode).toBe(200);
  });
});
