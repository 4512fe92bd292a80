import { mainlandIdCheckChar } from '@ausm/domain';
import { describe, expect, it } from 'vitest';
import { QualificationServiceUnavailable } from './registry';
import { SANDBOX_QUALIFICATION_RECORDS, SandboxQualificationRegistry } from './sandbox';

const registry = new SandboxQualificationRegistry();
const anyId = '370102199001011239';

describe('SandboxQualificationRegistry', () => {
  it('finds a wildcard person by name with any ID number, oldest first, with titles', async () => {
    expect(await registry.lookup({ name: '王会计', idNumber: anyId })).toEqual([
      { level: 'junior', title: '助理会计师', certificateNo: '20153710012345', obtainedAt: '2015-06-18' },
      { level: 'intermediate', title: '会计师', certificateNo: '20193720004567', obtainedAt: '2019-10-18' },
    ]);
    expect(await registry.lookup({ name: ' 王 会计', idNumber: '11010519491231002X' })).toHaveLength(2);
  });

  it('finds a person held for one ID number only with that number and name', async () => {
    const certs = await registry.lookup({ name: '刘红梅', idNumber: '370102198004162022' });
    expect(certs.map((c) => c.title)).toEqual(['助理会计师', '会计师', '高级会计师']);
    expect(await registry.lookup({ name: '刘红梅', idNumber: anyId })).toEqual([]);
    expect(await registry.lookup({ name: '刘红', idNumber: '370102198004162022' })).toEqual([]);
    expect(await registry.lookup({ name: '无此人', idNumber: anyId })).toEqual([]);
  });

  it('returns nothing from before 2001, which the registry does not hold', async () => {
    expect(SANDBOX_QUALIFICATION_RECORDS.some((r) => r.obtainedAt < '2001-01-01')).toBe(true);
    expect(await registry.lookup({ name: '赵建国', idNumber: '370102197509231017' })).toEqual([
      { level: 'intermediate', title: '会计师', certificateNo: '20043720000219', obtainedAt: '2004-09-20' },
    ]);
    expect(await registry.lookup({ name: '钱守业', idNumber: anyId })).toEqual([]);
  });

  it('fails for names ending in 不可用', async () => {
    const err = await registry.lookup({ name: '测试不可用', idNumber: anyId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QualificationServiceUnavailable);
    expect(err).toMatchObject({ reason: 'unavailable' });
  });

  it('takes in what the score ledger completed, once per certificate number, found by ID number alone', async () => {
    const mine = new SandboxQualificationRegistry();
    const entry = { idNumber: '370102199001011239', level: 'junior' as const, certificateNo: '20263715000001', obtainedAt: '2026-09-01' };
    await mine.record(entry);
    await mine.record({ ...entry, obtainedAt: '2026-09-02' });
    expect(await mine.lookup({ name: '任何人', idNumber: '370102199001011239' })).toEqual([{ level: 'junior', title: '助理会计师', certificateNo: '20263715000001', obtainedAt: '2026-09-01' }]);
    expect(await mine.lookup({ name: '任何人', idNumber: anyId.replace('1239', '1220') })).toEqual([]);
    // Revoked: taken out, and taking it out again is done.
    await mine.revoke('20263715000001');
    await mine.revoke('20263715000001');
    expect(await mine.lookup({ name: '任何人', idNumber: '370102199001011239' })).toEqual([]);
  });

  it('holds well-formed seed data', () => {
    for (const r of SANDBOX_QUALIFICATION_RECORDS) {
      expect(r.certificateNo).toMatch(/^\d{14}$/);
      expect(r.certificateNo.slice(0, 4)).toBe(r.obtainedAt.slice(0, 4));
      expect(r.certificateNo[6]).toBe({ junior: '1', intermediate: '2', senior: '3' }[r.level]);
      if (r.idNumber !== '*') expect(mainlandIdCheckChar(r.idNumber.slice(0, 17))).toBe(r.idNumber[17]);
    }
  });
});
