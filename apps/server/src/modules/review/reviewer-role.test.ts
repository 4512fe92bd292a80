import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, registerAccount, staffCookies } from '../../test/helpers';

// Issue 17 item 7: a staff member without the reviewer role approved an item. Claims and decisions are the
// reviewer role's, checked on the server; an administrator without it reads but cannot decide.

let app: FastifyInstance;
let mobile: string;
let adminOnly: Record<string, string>;

beforeAll(async () => {
  app = await buildTestApp();
  mobile = (await registerAccount(app)).person.mobile;
  // The Ministry takes the reviewer role from 山东省's administrator, who stays an administrator.
  const mof = await staffCookies(app, 'mof_admin');
  const sd = (await app.inject({ method: 'GET', url: '/api/console/staff?q=sd_admin', cookies: mof })).json().items[0];
  const patched = await app.inject({ method: 'PATCH', url: `/api/console/staff/${sd.id}`, cookies: mof, payload: { roles: ['admin'] } });
  expect(patched.json().roles).toEqual(['admin']);
  adminOnly = await staffCookies(app, 'sd_admin');
});
afterAll(() => app.close());

async function fileItem(): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/sandbox/review-items', payload: { mobile, authorityId: '370102' } });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

const post = (url: string, cookies: Record<string, string>, payload: object = {}) => app.inject({ method: 'POST', url, cookies, payload });

describe('the reviewer role', () => {
  it('an administrator without it can read an item in scope but neither claim, approve, reject nor batch-approve it', async () => {
    const id = await fileItem();
    expect((await app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies: adminOnly })).statusCode).toBe(200);
    for (const [url, payload] of [
      [`/api/console/review-items/${id}/claim`, {}],
      [`/api/console/review-items/${id}/approve`, { opinion: '同意' }],
      [`/api/console/review-items/${id}/reject`, { opinion: '材料不全' }],
      ['/api/console/review-items/batch-approve', { ids: [id] }],
    ] as const) {
      const res = await post(url, adminOnly, payload);
      expect(res.statusCode, url).toBe(403);
      expect(res.json()).toMatchObject({ code: 'review/forbidden', message: '仅审核员可以受理和审核事项' });
    }
    const after = (await app.inject({ method: 'GET', url: `/api/console/review-items/${id}`, cookies: adminOnly })).json();
    expect(after.item.status).toBe('pending');
    expect(after.decisions.map((d: { action: string }) => d.action)).toEqual(['submit']);
  });

  it('a reviewer of the same authority claims and decides the same kind of item', async () => {
    const id = await fileItem();
    const reviewer = await staffCookies(app, 'sd_reviewer');
    expect((await post(`/api/console/review-items/${id}/claim`, reviewer)).json().status).toBe('in_review');
    expect((await post(`/api/console/review-items/${id}/approve`, reviewer, { opinion: '同意' })).json().status).toBe('approved');
  });

  it('taking the role away takes the decisions with it, at once', async () => {
    const sd = await staffCookies(app, 'sd_admin');
    const lx = (await app.inject({ method: 'GET', url: '/api/console/staff?q=lx_reviewer', cookies: sd })).json().items[0];
    const lxSession = await staffCookies(app, 'lx_reviewer');
    await app.inject({ method: 'PATCH', url: `/api/console/staff/${lx.id}`, cookies: sd, payload: { roles: ['admin'] } });
    const id = await fileItem();
    expect((await post(`/api/console/review-items/${id}/approve`, lxSession)).json().code).toBe('review/forbidden');
  });
});
