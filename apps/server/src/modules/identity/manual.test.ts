import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePng } from '../../platform/uploads/test-files';
import { login, makePerson, PASSWORD, registerAccount, sessionCookie, staffCookies, buildTestApp } from '../../test/helpers';
import { uploadFile, uploadRealnamePhoto } from '../../test/uploads';

// 线上实名认证 (seed 000 §2.3): three photos and 所在省/所在市, reviewed by that city's authority.

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(() => app.close());

type Cookies = Record<string, string>;
const JINAN = { provinceId: '370000', cityId: '370100' };

async function accountant(overrides = {}): Promise<Cookies> {
  const { person } = await registerAccount(app, makePerson(overrides));
  return sessionCookie(await login(app, person.mobile, PASSWORD));
}
async function threePhotos(cookies: Cookies) {
  return {
    frontFileId: await uploadRealnamePhoto(app, cookies),
    backFileId: await uploadRealnamePhoto(app, cookies),
    handheldFileId: await uploadRealnamePhoto(app, cookies),
  };
}
const submit = (cookies: Cookies, payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/identity/manual', cookies, payload });
const status = async (cookies: Cookies) => (await app.inject({ method: 'GET', url: '/api/identity', cookies })).json();
const myItems = async (cookies: Cookies) => (await app.inject({ method: 'GET', url: '/api/my/review-items?kind=identity_manual', cookies })).json().items;
// The field a refusal points at: services name one, schema validation lists them all.
const refusal = (res: { json(): { code: string; message: string; field?: string; fields?: Record<string, string> } }) => {
  const { code, message, field, fields } = res.json();
  return { code, message, field: field ?? Object.keys(fields ?? {})[0] };
};

async function queueItem(reviewer: string, applicant: string) {
  const cookies = await staffCookies(app, reviewer);
  const list = await app.inject({ method: 'GET', url: `/api/console/review-items?kind=identity_manual&status=pending&q=${encodeURIComponent(applicant)}`, cookies });
  return { cookies, items: list.json().items as Array<{ id: string; applicantName: string }> };
}

describe('POST /api/identity/manual', () => {
  it('goes to the city reviewer with the three photos; approval verifies the account', async () => {
    const me = await accountant({ realName: '欧阳明' });
    const photos = await threePhotos(me);
    const res = await submit(me, { ...JINAN, ...photos });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'pending', authorityName: '济南市', opinion: null });
    expect(await status(me)).toMatchObject({ verified: false, manual: { status: 'pending', authorityName: '济南市' } });

    const items = await myItems(me);
    expect(items).toHaveLength(1);
    const { cookies: reviewer } = await queueItem('jn_reviewer', '欧');
    const detail = (await app.inject({ method: 'GET', url: `/api/console/review-items/${items[0].id}`, cookies: reviewer })).json();
    expect(detail.item).toMatchObject({ kind: 'identity_manual', status: 'pending' });
    expect(detail.attachments).toEqual([
      { id: photos.frontFileId, label: '人像面' },
      { id: photos.backFileId, label: '国徽面' },
      { id: photos.handheldFileId, label: '手持证件照' },
    ]);
    expect(detail.fields.map((f: { label: string }) => f.label)).toEqual(['证件类型', '证件号码', '真实姓名', '所在省', '所在市']);
    expect(detail.fields.find((f: { label: string }) => f.label === '真实姓名').after).toBe('欧阳明');

    // A neighbour province's reviewer cannot reach it, nor decide it by guessing the id.
    const beijing = await staffCookies(app, 'bj_reviewer');
    expect((await app.inject({ method: 'GET', url: `/api/console/review-items/${items[0].id}`, cookies: beijing })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/console/review-items/${items[0].id}/approve`, cookies: beijing, payload: {} })).statusCode).toBe(404);

    const approved = await app.inject({ method: 'POST', url: `/api/console/review-items/${items[0].id}/approve`, cookies: reviewer, payload: {} });
    expect(approved.statusCode).toBe(200);
    expect(await status(me)).toMatchObject({ verified: true, method: 'manual', manual: { status: 'passed' } });
    expect((await app.inject({ method: 'GET', url: '/api/session', cookies: me })).json().account.identityVerified).toBe(true);
    expect(refusal(await submit(me, { ...JINAN, ...(await threePhotos(me)) }))).toMatchObject({ code: 'identity/already_verified' });
  });

  it('shows the reason of a rejection, and a new submission needs all three photos again', async () => {
    const me = await accountant();
    const photos = await threePhotos(me);
    expect((await submit(me, { ...JINAN, ...photos })).statusCode).toBe(201);
    const [item] = await myItems(me);
    const reviewer = await staffCookies(app, 'sd_reviewer');
    const rejected = await app.inject({ method: 'POST', url: `/api/console/review-items/${item.id}/reject`, cookies: reviewer, payload: { opinion: '手持证件照不清晰' } });
    expect(rejected.statusCode).toBe(200);
    expect(await status(me)).toMatchObject({ verified: false, manual: { status: 'failed', opinion: '手持证件照不清晰' } });

    // The same photos again: refused, naming the first photo that must be uploaded anew.
    expect(refusal(await submit(me, { ...JINAN, ...photos }))).toEqual({
      code: 'file/used',
      message: '证件人像面照片已随之前的申请提交过，如需再次提交，请重新上传',
      field: 'frontFileId',
    });
    // Two new photos and one old one: still refused, and the two new ones stay unused.
    const fresh = await threePhotos(me);
    expect(refusal(await submit(me, { ...JINAN, ...fresh, handheldFileId: photos.handheldFileId }))).toMatchObject({ code: 'file/used', field: 'handheldFileId' });
    expect(await myItems(me)).toHaveLength(1);
    const again = await submit(me, { ...JINAN, ...fresh });
    expect(again.statusCode).toBe(201);
    expect(await status(me)).toMatchObject({ manual: { status: 'pending', opinion: null } });
    expect(await myItems(me)).toHaveLength(2);
  });

  it('accepts one submission at a time, even when two arrive together', async () => {
    const me = await accountant();
    const [a, b] = [await threePhotos(me), await threePhotos(me)];
    const answers = await Promise.all([submit(me, { ...JINAN, ...a }), submit(me, { ...JINAN, ...b })]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const refused = answers.find((r) => r.statusCode === 409)!;
    expect(refusal(refused)).toMatchObject({ code: 'identity/manual_pending', message: '您的线上实名认证正在审核中，请耐心等待' });
    expect(await myItems(me)).toHaveLength(1);
  });

  it('refuses bad input with a message beside the field, and writes nothing', async () => {
    const me = await accountant();
    const photos = await threePhotos(me);
    const other = await accountant();
    const othersPhoto = await uploadRealnamePhoto(app, other);
    const proof = (await uploadFile(app, me, 'proof', makePng({ width: 800, height: 600, size: 60_000 }), 'proof.png')).json().id;

    const cases: Array<[Record<string, unknown>, { code: string; field?: string; message?: string }]> = [
      [{ ...photos, cityId: '370100' }, { code: 'validation/failed', field: 'provinceId', message: '请选择所在省' }],
      [{ ...photos, provinceId: '370000' }, { code: 'validation/failed', field: 'cityId', message: '请选择所在市' }],
      [{ ...JINAN, backFileId: photos.backFileId, handheldFileId: photos.handheldFileId }, { code: 'validation/failed', field: 'frontFileId', message: '请上传证件人像面照片' }],
      [{ ...photos, provinceId: '370100', cityId: '370100' }, { code: 'identity/province_invalid', field: 'provinceId' }],
      [{ ...photos, provinceId: '370000', cityId: '370102' }, { code: 'identity/city_invalid', field: 'cityId' }],
      [{ ...photos, provinceId: '370000', cityId: '320100' }, { code: 'identity/city_mismatch', field: 'cityId', message: '所在市不属于山东省，请重新选择所在市' }],
      [{ ...JINAN, ...photos, backFileId: othersPhoto }, { code: 'file/invalid', field: 'backFileId', message: '证件国徽面照片文件不存在，请重新上传' }],
      [{ ...JINAN, ...photos, handheldFileId: proof }, { code: 'file/wrong_purpose', field: 'handheldFileId' }],
      [{ ...JINAN, ...photos, handheldFileId: '00000000-0000-4000-8000-000000000000' }, { code: 'file/invalid', field: 'handheldFileId' }],
      [{ ...JINAN, ...photos, frontFileId: 'x'.repeat(65) }, { code: 'validation/failed', field: 'frontFileId' }],
    ];
    for (const [payload, expected] of cases) {
      const res = await submit(me, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refusal(res), JSON.stringify(payload)).toMatchObject(expected);
    }
    expect((await submit(me, { ...JINAN, ...photos })).statusCode === 201 && (await myItems(me)).length).toBe(1);
    // The other accountant's photo was never taken from them.
    expect((await submit(other, { ...JINAN, frontFileId: othersPhoto, backFileId: await uploadRealnamePhoto(app, other), handheldFileId: await uploadRealnamePhoto(app, other) })).statusCode).toBe(201);
  });

  it('needs an accountant session', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const res = await app.inject({ method: 'POST', url: '/api/identity/manual', payload: { ...JINAN, frontFileId: id, backFileId: id, handheldFileId: id } });
    expect(res.statusCode).toBe(401);
  });

  it('can be withdrawn by the accountant, and is withdrawn when Alipay verifies first', async () => {
    const me = await accountant();
    expect((await submit(me, { ...JINAN, ...(await threePhotos(me)) })).statusCode).toBe(201);
    const [first] = await myItems(me);
    expect((await app.inject({ method: 'POST', url: `/api/my/review-items/${first.id}/withdraw`, cookies: me })).statusCode).toBe(200);
    expect(await status(me)).toMatchObject({ manual: { status: 'failed', opinion: '您已撤回本次线上实名认证申请' } });

    expect((await submit(me, { ...JINAN, ...(await threePhotos(me)) })).statusCode).toBe(201);
    const { certifyId } = (await app.inject({ method: 'POST', url: '/api/identity/alipay', cookies: me })).json();
    expect((await app.inject({ method: 'POST', url: `/api/sandbox/alipay/${certifyId}`, payload: { action: 'confirm' } })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/identity/alipay/${certifyId}`, cookies: me })).json().state).toBe('passed');
    expect(await status(me)).toMatchObject({ verified: true, method: 'alipay', manual: { status: 'failed', opinion: '您已通过支付宝完成实名认证，本次线上实名认证申请已自动撤回' } });
    const items = await myItems(me);
    expect(items.map((i: { status: string }) => i.status)).toEqual(['withdrawn', 'withdrawn']);
  });
});
