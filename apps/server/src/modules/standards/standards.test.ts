import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { verifiedAccountant } from '../../test/collection';
import { advanceClock, buildTestApp, login, PASSWORD, sessionCookie, staffCookies } from '../../test/helpers';
import { multipart, uploadFile } from '../../test/uploads';
import { contentKey, LocalFileStore } from '../../platform/uploads/storage';
import { makePdf } from '../../platform/uploads/test-files';

// 会计准则制度学习 (issue 26) through the API, on a real database (PGlite, or TEST_DATABASE_URL's PostgreSQL):
// who keeps the library, what readers see, the Chinese search, and 已学习.

let app: FastifyInstance;
type Cookies = Record<string, string>;
let mof: Cookies;
let sdAdmin: Cookies;
let lixia: Cookies;
let reader: Cookies;
let other: Cookies;

beforeAll(async () => {
  app = await buildTestApp();
  mof = await staffCookies(app, 'mof_admin');
  sdAdmin = await staffCookies(app, 'sd_admin');
  lixia = await staffCookies(app, 'lx_reviewer');
  reader = (await verifiedAccountant(app)).cookies;
  other = (await verifiedAccountant(app)).cookies;
});
afterAll(() => app.close());

const doc = (extra: Record<string, unknown> = {}) => ({
  title: '企业会计准则第14号——收入',
  docNumber: '财会〔2017〕22号',
  issuedOn: '2017-07-05',
  category: 'standard',
  body: '第一条 为了规范收入的确认、计量和相关信息的披露，根据《企业会计准则——基本准则》，制定本准则。第五条 企业应当在履行了合同中的履约义务，即在客户取得相关商品控制权时确认收入。',
  ...extra,
});
const create = (cookies: Cookies, payload: unknown) => app.inject({ method: 'POST', url: '/api/console/standards', cookies, payload: payload as object });
const publish = (cookies: Cookies, id: string) => app.inject({ method: 'POST', url: `/api/console/standards/${id}/publish`, cookies });
const search = async (q: string, cookies: Cookies = {}, extra = '') => {
  const res = await app.inject({ method: 'GET', url: `/api/standards?q=${encodeURIComponent(q)}${extra}`, cookies });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { total: number; items: Array<{ id: string; title: string; studiedAt: string | null }> };
};
async function published(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await create(mof, doc(extra));
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  expect((await publish(mof, id)).statusCode).toBe(200);
  return id;
}

describe('keeping the library: 财政部 administrators only', () => {
  it('a new document is unpublished until 发布, then readers see it; 撤回发布 hides it again', async () => {
    const res = await create(mof, doc({ title: '政府会计准则第1号——存货', docNumber: '财会〔2015〕16号', category: 'standard' }));
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id;
    expect(res.json()).toMatchObject({ published: false, categoryName: '会计准则', hasPdf: false });
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}` })).statusCode).toBe(404);
    expect((await search('存货')).items.map((i) => i.id)).not.toContain(id);

    const pub = await publish(mof, id);
    expect(pub.statusCode, pub.body).toBe(200);
    expect(pub.json().published).toBe(true);
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}` })).json()).toMatchObject({ title: '政府会计准则第1号——存货', published: true });
    expect((await search('存货')).items.map((i) => i.id)).toContain(id);

    expect((await app.inject({ method: 'POST', url: `/api/console/standards/${id}/unpublish`, cookies: mof })).json().published).toBe(false);
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}` })).statusCode).toBe(404);
  });

  it('a province administrator, a reviewer, an accountant and nobody are refused, and nothing is written', async () => {
    const id = await published({ title: '小企业会计准则', docNumber: '财会〔2011〕17号', category: 'standard' });
    for (const cookies of [sdAdmin, lixia]) {
      expect((await create(cookies, doc())).statusCode).toBe(403);
      expect((await app.inject({ method: 'PUT', url: `/api/console/standards/${id}`, cookies, payload: doc({ title: '改' }) })).statusCode).toBe(403);
      expect((await app.inject({ method: 'POST', url: `/api/console/standards/${id}/unpublish`, cookies })).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: '/api/console/standards', cookies })).statusCode).toBe(403);
    }
    expect((await create(reader, doc())).statusCode).toBe(401);
    expect((await create({}, doc())).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}` })).json().title).toBe('小企业会计准则');
  });

  it('bad input: Chinese messages, nothing saved; an empty document cannot be published', async () => {
    const bad = await create(mof, doc({ title: '', issuedOn: '2017-02-30', category: 'law' }));
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/标题|发布日期|类别/);
    const empty = await create(mof, doc({ body: '' }));
    expect(empty.statusCode).toBe(201);
    const refused = await publish(mof, empty.json().id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe('请填写正文或上传PDF文件后再发布');
    expect((await app.inject({ method: 'GET', url: '/api/console/standards/not-an-id', cookies: mof })).statusCode).toBe(404);
  });

  it('a PDF: uploaded by the 财政部 (a PDF only), downloaded by readers once published', async () => {
    const res = await create(mof, doc({ body: '', title: '企业会计准则应用指南——收入', docNumber: '应用指南2018', category: 'guide' }));
    const id = res.json().id;
    const notPdf = multipart([{ name: 'file', filename: 'x.pdf', contentType: 'application/pdf', data: Buffer.from('hello') }]);
    const refused = await app.inject({ method: 'POST', url: `/api/console/standards/${id}/pdf`, cookies: mof, payload: notPdf.payload, headers: notPdf.headers });
    expect(refused.statusCode).toBe(400);
    const pdf = makePdf(5000);
    const body = multipart([{ name: 'file', filename: '收入应用指南.pdf', contentType: 'application/pdf', data: pdf }]);
    expect((await app.inject({ method: 'POST', url: `/api/console/standards/${id}/pdf`, cookies: sdAdmin, payload: body.payload, headers: body.headers })).statusCode).toBe(403);
    const up = await app.inject({ method: 'POST', url: `/api/console/standards/${id}/pdf`, cookies: mof, payload: body.payload, headers: body.headers });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({ hasPdf: true, pdfName: '收入应用指南.pdf' });
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}/pdf` })).statusCode).toBe(404);
    expect((await publish(mof, id)).statusCode).toBe(200);
    const file = await app.inject({ method: 'GET', url: `/api/standards/${id}/pdf` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // The only thing to read: it stays while published.
    expect((await app.inject({ method: 'DELETE', url: `/api/console/standards/${id}/pdf`, cookies: mof })).statusCode).toBe(409);
  });
});

describe('searching: Chinese words, not substrings', () => {
  let revenue: string;
  let leases: string;
  let interp: string;
  beforeAll(async () => {
    revenue = await published();
    leases = await published({
      title: '企业会计准则第21号——租赁',
      docNumber: '财会〔2018〕35号',
      issuedOn: '2018-12-07',
      body: '承租人应当在租赁期开始日确认使用权资产和租赁负债。出租人应当在租赁开始日将租赁分为融资租赁和经营租赁。',
    });
    interp = await published({
      title: '企业会计准则解释第16号',
      docNumber: '财会〔2022〕31号',
      issuedOn: '2022-11-30',
      category: 'interpretation',
      body: '关于单项交易产生的资产和负债相关的递延所得税不适用初始确认豁免的会计处理。',
    });
  });

  it('a word of the body finds its document, and only documents holding it', async () => {
    const ids = (await search('使用权资产')).items.map((i) => i.id);
    expect(ids).toContain(leases);
    expect(ids).not.toContain(revenue);
    expect(ids).not.toContain(interp);
  });

  it('two words far apart, in either order, both must be there', async () => {
    for (const q of ['履约义务 控制权', '控制权 履约义务']) {
      const ids = (await search(q)).items.map((i) => i.id);
      expect(ids).toContain(revenue);
      expect(ids).not.toContain(leases);
      expect(ids).not.toContain(interp);
    }
    // 履约义务 is in 收入, 融资租赁 in 租赁: no document has both.
    expect((await search('履约义务 融资租赁')).total).toBe(0);
  });

  it('a title match ranks before a body match', async () => {
    const items = (await search('租赁')).items.map((i) => i.id);
    expect(items[0]).toBe(leases);
  });

  it('the category filter, a one-character word, numbers, full-width input and punctuation only', async () => {
    expect((await search('所得税', {}, '&category=interpretation')).items.map((i) => i.id)).toEqual([interp]);
    expect((await search('所得税', {}, '&category=standard')).items.map((i) => i.id)).not.toContain(interp);
    expect((await search('2022')).items.map((i) => i.id)).toContain(interp);
    expect((await search('２０２２')).items.map((i) => i.id)).toContain(interp);
    expect((await search('——，。')).total).toBe(0);
    // A word whose characters are all there but never side by side is not found.
    expect((await search('权使')).items.map((i) => i.id)).not.toContain(leases);
    // Quotes and backslashes are lexemes like any other, never query syntax.
    expect((await app.inject({ method: 'GET', url: `/api/standards?q=${encodeURIComponent("租赁' | '收入\\")}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/standards?q=${'长'.repeat(51)}` })).statusCode).toBe(400);
  });

  it('an edit changes what finds the document', async () => {
    const id = await published({ title: '企业会计制度', docNumber: '财会〔2000〕25号', category: 'system', body: '为了规范企业的会计核算，真实、完整地提供会计信息。' });
    expect((await search('会计核算')).items.map((i) => i.id)).toContain(id);
    const put = await app.inject({ method: 'PUT', url: `/api/console/standards/${id}`, cookies: mof, payload: doc({ title: '企业会计制度', docNumber: '财会〔2000〕25号', category: 'system', body: '本制度自2001年1月1日起暂在股份有限公司范围内执行。' }) });
    expect(put.statusCode, put.body).toBe(200);
    expect((await search('会计核算')).items.map((i) => i.id)).not.toContain(id);
    expect((await search('股份有限公司')).items.map((i) => i.id)).toContain(id);
  });
});

describe('已学习', () => {
  it('a reader marks a document once (sixteen at once leave one mark), sees it in the list and in 个人档案; others do not', async () => {
    const id = await published({ title: '会计基础工作规范', docNumber: '财会字〔1996〕19号', category: 'system', issuedOn: '1996-06-17', body: '各单位应当依法设置会计帐簿，并保证其真实、完整。' });
    const marks = await Promise.all(Array.from({ length: 16 }, () => app.inject({ method: 'PUT', url: `/api/standards/${id}/studied`, cookies: reader })));
    expect(marks.map((r) => r.statusCode)).toEqual(Array(16).fill(200));
    expect(new Set(marks.map((r) => r.json().studiedAt)).size).toBe(1);
    const mine = (await app.inject({ method: 'GET', url: '/api/standards/studied', cookies: reader })).json();
    expect(mine.items.filter((i: { id: string }) => i.id === id)).toHaveLength(1);
    expect(mine.studied).toBe(mine.items.length);
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}`, cookies: reader })).json().studiedAt).not.toBeNull();
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}`, cookies: other })).json().studiedAt).toBeNull();
    expect((await search('会计帐簿', reader)).items.find((i) => i.id === id)?.studiedAt).not.toBeNull();
    expect((await app.inject({ method: 'GET', url: '/api/standards/studied', cookies: other })).json().items.map((i: { id: string }) => i.id)).not.toContain(id);
    // Nobody signed in, staff, an unknown or unpublished document: refused.
    expect((await app.inject({ method: 'PUT', url: `/api/standards/${id}/studied` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'PUT', url: `/api/standards/${id}/studied`, cookies: mof })).statusCode).toBe(401);
    expect((await app.inject({ method: 'PUT', url: '/api/standards/00000000-0000-0000-0000-000000000000/studied', cookies: reader })).statusCode).toBe(404);
    const draft = (await create(mof, doc())).json().id;
    expect((await app.inject({ method: 'PUT', url: `/api/standards/${draft}/studied`, cookies: reader })).statusCode).toBe(404);
    // Unmarking is the reader's own.
    expect((await app.inject({ method: 'DELETE', url: `/api/standards/${id}/studied`, cookies: other })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}`, cookies: reader })).json().studiedAt).not.toBeNull();
    expect((await app.inject({ method: 'DELETE', url: `/api/standards/${id}/studied`, cookies: reader })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: `/api/standards/${id}`, cookies: reader })).json().studiedAt).toBeNull();
  });
});

describe('a replaced or removed PDF leaves the file store, unless another row still names it', () => {
  // Its own app on a directory, to look at the stored objects; the upload cleanup runs every 20 ms on the sandbox clock.
  let app: FastifyInstance;
  let dir: string;
  let admin: Cookies;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ausm-standards-'));
    app = await buildTestApp({ files: { provider: 'local', dir }, uploadCleanupIntervalMs: 20 });
    admin = await staffCookies(app, 'mof_admin');
  });
  afterAll(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const DAY = 24 * 60 * 60 * 1000;
  const store = () => new LocalFileStore(dir);
  const stored = (pdf: Buffer) =>
    access(store().pathOf(contentKey(pdf, 'pdf'))).then(
      () => true,
      () => false,
    );
  const draft = async () => {
    const res = await app.inject({ method: 'POST', url: '/api/console/standards', cookies: admin, payload: doc() });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const attach = async (id: string, pdf: Buffer) => {
    const body = multipart([{ name: 'file', filename: '指南.pdf', contentType: 'application/pdf', data: pdf }]);
    const res = await app.inject({ method: 'POST', url: `/api/console/standards/${id}/pdf`, cookies: admin, payload: body.payload, headers: body.headers });
    expect(res.statusCode, res.body).toBe(200);
  };
  /** The PDF readers download (published first: a repeat 发布 answers the document as it is). */
  const served = async (id: string) => {
    expect((await app.inject({ method: 'POST', url: `/api/console/standards/${id}/publish`, cookies: admin })).statusCode).toBe(200);
    const res = await app.inject({ method: 'GET', url: `/api/standards/${id}/pdf` });
    expect(res.statusCode).toBe(200);
    return res.rawPayload;
  };

  it('replacing a PDF removes the old object; removing it does too', async () => {
    const id = await draft();
    const [first, second] = [makePdf(6001), makePdf(6002)];
    await attach(id, first);
    expect(await stored(first)).toBe(true);
    await attach(id, second);
    expect(await stored(first)).toBe(false);
    expect((await served(id)).equals(second)).toBe(true);
    // The same PDF again keeps its object: the row still names it.
    await attach(id, second);
    expect(await stored(second)).toBe(true);
    expect((await app.inject({ method: 'DELETE', url: `/api/console/standards/${id}/pdf`, cookies: admin })).statusCode).toBe(200);
    expect(await stored(second)).toBe(false);
  });

  it('keeps an object another standard still names', async () => {
    const [a, b] = [await draft(), await draft()];
    const shared = makePdf(6003);
    await attach(a, shared);
    await attach(b, shared);
    await attach(a, makePdf(6004));
    expect(await stored(shared)).toBe(true);
    expect((await served(b)).equals(shared)).toBe(true);
    await attach(b, makePdf(6005));
    expect(await stored(shared)).toBe(false);
  });

  it("keeps an object an accountant's upload of the same bytes names, and the upload cleanup keeps a standard's", async () => {
    const { person, cookies } = await verifiedAccountant(app);
    const id = await draft();
    // The standard's PDF, downloaded and uploaded again as a 继续教育 proof: one object, two rows.
    const [pdf, other] = [makePdf(6006), makePdf(6007)];
    await attach(id, pdf);
    const uploads: string[] = [];
    for (const bytes of [pdf, other]) {
      const res = await uploadFile(app, cookies, 'ce_proof', bytes, '证明.pdf');
      expect(res.statusCode, res.body).toBe(201);
      uploads.push(res.json().id);
    }
    await attach(id, other);
    expect(await stored(pdf)).toBe(true); // the accountant's row names it

    // A day later both unused uploads go: the object only they named goes with them, the standard's stays.
    await advanceClock(app, DAY + 60_000);
    const again = sessionCookie(await login(app, person.mobile, PASSWORD));
    await vi.waitFor(
      async () => {
        for (const upload of uploads) expect((await app.inject({ method: 'GET', url: `/api/files/${upload}`, cookies: again })).statusCode).toBe(404);
      },
      { timeout: 5000, interval: 20 },
    );
    expect(await stored(pdf)).toBe(false);
    expect(await stored(other)).toBe(true);
    admin = await staffCookies(app, 'mof_admin');
    expect((await served(id)).equals(other)).toBe(true);
  });
});
