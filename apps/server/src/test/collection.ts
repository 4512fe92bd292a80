import { ACCOUNTING_POSITIONS, POST_LEVELS, UNIT_TYPES, workAttachmentSlots } from '@ausm/domain';
import type { FastifyInstance } from 'fastify';
import { makeJpeg } from '../platform/uploads/test-files';
import { login, makePerson, PASSWORD, registerAccount, sessionCookie, type TestPerson } from './helpers';
import { uploadFile } from './uploads';

type Cookies = Record<string, string>;

/** An accountant who passed 实名认证 through the Alipay sandbox, ready for 信息采集; `certifyId` is that certification's. */
export async function verifiedAccountant(app: FastifyInstance, overrides: Partial<TestPerson> = {}): Promise<{ person: TestPerson; cookies: Cookies; certifyId: string }> {
  const { person } = await registerAccount(app, makePerson(overrides));
  const cookies = sessionCookie(await login(app, person.mobile, PASSWORD));
  const { certifyId } = (await app.inject({ method: 'POST', url: '/api/identity/alipay', cookies })).json();
  await app.inject({ method: 'POST', url: `/api/sandbox/alipay/${certifyId}`, payload: { action: 'confirm' } });
  const polled = (await app.inject({ method: 'GET', url: `/api/identity/alipay/${certifyId}`, cookies })).json();
  if (polled.state !== 'passed') throw new Error(`verification did not pass: ${JSON.stringify(polled)}`);
  return { person, cookies, certifyId };
}

let photoSerial = 0;
async function upload(app: FastifyInstance, cookies: Cookies, purpose: string, data: Buffer): Promise<string> {
  const res = await uploadFile(app, cookies, purpose, data);
  if (res.statusCode !== 201) throw new Error(`upload answered ${res.statusCode}: ${res.body}`);
  return res.json().id as string;
}
/** A 标准证件照片: jpg, ≥ 10 KB, ≥ 295×413. */
export const uploadStandardPhoto = (app: FastifyInstance, cookies: Cookies) =>
  upload(app, cookies, 'standard_photo', makeJpeg({ width: 295, height: 413, size: 12_000 + (photoSerial++ % 997) }));
/** A proof image: > 20 KB and ≤ 500 KB. */
export const uploadProof = (app: FastifyInstance, cookies: Cookies) =>
  upload(app, cookies, 'proof', makeJpeg({ width: 800, height: 600, size: 30_000 + (photoSerial++ % 997) }));

export const JINAN_LIXIA = { provinceId: '370000', cityId: '370100', countyId: '370102' };

export async function basicInfo(app: FastifyInstance, cookies: Cookies, extra: Record<string, unknown> = {}) {
  return {
    photoFileId: await uploadStandardPhoto(app, cookies),
    politicalStatus: '13',
    ethnicity: '01',
    email: 'someone@example.com',
    address: { ...JINAN_LIXIA, detail: '经十路100号' },
    postalCode: '250000',
    ...extra,
  };
}

/** 本科 at 山东大学: verified by the 学信网 sandbox for a person named 张三. */
export const ZHANGSAN_BACHELOR = {
  studyMode: 'full_time',
  school: '山东大学',
  startDate: '2011-09-01',
  endDate: '2015-06-30',
  educationLevel: 'bachelor',
  diplomaNo: '104221201505001234',
  degree: 'bachelor',
  degreeNo: '1042242015001234',
  major: '会计学',
  attachments: {},
};

/** A work record with 会计工作经历 and every attachment it needs. */
export async function workRecord(app: FastifyInstance, cookies: Cookies, extra: Record<string, unknown> = {}) {
  const record = {
    startDate: '2015-07-01',
    endDate: null,
    unitName: '济南某某会计服务有限公司',
    uscc: '91350100M000100Y43',
    unitType: UNIT_TYPE,
    industry: 'L',
    address: { ...JINAN_LIXIA, detail: '泉城路1号' },
    phone: '0531-88888888',
    hasAccountingExperience: true,
    experiences: [{ postLevel: POST_LEVEL, position: POSITION, startDate: '2015-07-01', endDate: null }],
    accountingPost: null,
    appointmentDate: null,
    attachments: {} as Record<string, string>,
    ...extra,
  };
  // The usual three proofs, each only when the record has its slot, as the form uploads them: an
  // upload no record takes counts against the account's quota of unused uploads (issue 17).
  if (!('attachments' in extra)) {
    const slots = new Set(workAttachmentSlots(record as Parameters<typeof workAttachmentSlots>[0]).map((s) => s.key));
    for (const key of ['uscc', 'employment', 'experience']) if (slots.has(key)) record.attachments[key] = await uploadProof(app, cookies);
  }
  return record;
}

// Codes from the domain's tables, looked up by name so the tests read as the seed does.
const UNIT_TYPE = UNIT_TYPES.find((t) => t.name === '民营企业')?.code ?? UNIT_TYPES[0]!.code;
const POST_LEVEL = POST_LEVELS.find((t) => t.name === '一般会计人员')?.code ?? POST_LEVELS[0]!.code;
const POSITION = ACCOUNTING_POSITIONS.find((t) => t.name === '稽核')?.code ?? ACCOUNTING_POSITIONS[0]!.code;
