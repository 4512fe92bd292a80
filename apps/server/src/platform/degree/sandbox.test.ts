import { mainlandIdCheckChar } from '@ausm/domain';
import { describe, expect, it } from 'vitest';
import { SANDBOX_DEGREE_RECORDS, SandboxDegreeVerifier } from './sandbox';
import { DegreeServiceUnavailable, withTimeout, type DegreeQuery } from './verifier';

const zhangSan: DegreeQuery = {
  kind: 'diploma',
  certificateNo: '104221201505001234',
  name: '张三',
  idNumber: '370102199001011239',
  school: '山东大学',
  graduationDate: '2015-06-30',
};
const liuYang: DegreeQuery = {
  kind: 'degree',
  certificateNo: '1000342014003021',
  name: '刘洋',
  idNumber: '110108199203053018',
  school: '清华大学',
  graduationDate: '2014-07-01',
};

const SCHOOL_CODES: Record<string, string> = { 山东大学: '10422', 山东财经大学: '10456', 清华大学: '10003', 中国人民大学: '10002', 上海财经大学: '10272', 中南财经政法大学: '10520' };
const LEVEL_CODES: Record<string, string> = { 博士研究生: '01', 硕士研究生: '02', 本科: '05', 大专: '06' };
const DEGREE_CODES: Record<string, string> = { 博士: '2', 硕士: '3', 学士: '4' };

describe('SANDBOX_DEGREE_RECORDS', () => {
  it('use the real numbering schemes, consistent with school, level and year', () => {
    for (const r of SANDBOX_DEGREE_RECORDS) {
      const year = r.graduationDate.slice(0, 4);
      if (r.kind === 'diploma') {
        expect(r.certificateNo).toMatch(/^\d{18}$/);
        expect(r.certificateNo).toBe(`${SCHOOL_CODES[r.school]}1${year}${LEVEL_CODES[r.level!]}${r.certificateNo.slice(12)}`);
      } else {
        expect(r.certificateNo).toMatch(/^\d{16}$/);
        expect(r.certificateNo).toBe(`${SCHOOL_CODES[r.school]}${DEGREE_CODES[r.degree!]}${year}${r.certificateNo.slice(10)}`);
      }
      if (r.idNumber !== '*') expect(mainlandIdCheckChar(r.idNumber.slice(0, 17))).toBe(r.idNumber[17]);
    }
    const numbers = SANDBOX_DEGREE_RECORDS.map((r) => r.certificateNo);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(SANDBOX_DEGREE_RECORDS.some((r) => r.degree === '博士' && r.idNumber === '*')).toBe(true);
  });
});

describe('SandboxDegreeVerifier', () => {
  const verifier = new SandboxDegreeVerifier();

  it('verifies a wildcard record for any ID number, and gives back the record', async () => {
    expect(await verifier.verify(zhangSan)).toEqual({
      result: 'verified',
      record: { school: '山东大学', level: '本科', major: '会计学', graduationDate: '2015-06-30' },
    });
    expect((await verifier.verify({ ...zhangSan, idNumber: '11010519491231002X' })).result).toBe('verified');
    // As typed: spaces, full-width digits.
    expect((await verifier.verify({ ...zhangSan, name: ' 张 三', certificateNo: '１０４２２１２０１５０５００１２３４ ' })).result).toBe('verified');
  });

  it('verifies a record held for one ID number only with that number (a trailing x is X)', async () => {
    expect(await verifier.verify(liuYang)).toMatchObject({ result: 'verified', record: { degree: '学士', school: '清华大学' } });
    expect(await verifier.verify({ ...liuYang, idNumber: '110108199203053026' })).toEqual({ result: 'mismatch' });
  });

  it('answers mismatch, without the record, when name, school or date differ', async () => {
    for (const q of [
      { ...zhangSan, name: '张四' },
      { ...zhangSan, school: '山东财经大学' },
      { ...zhangSan, graduationDate: '2015-07-01' },
    ]) {
      expect(await verifier.verify(q)).toEqual({ result: 'mismatch' });
    }
  });

  it('answers not_found for a number it does not hold, also a diploma number asked as a degree', async () => {
    expect(await verifier.verify({ ...zhangSan, certificateNo: '104221201505009999' })).toEqual({ result: 'not_found' });
    expect(await verifier.verify({ ...zhangSan, kind: 'degree' })).toEqual({ result: 'not_found' });
  });

  it('fails for numbers ending in UNAVAILABLE', async () => {
    const err = await verifier.verify({ ...zhangSan, certificateNo: '104221201505UNAVAILABLE' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DegreeServiceUnavailable);
    expect(err).toMatchObject({ reason: 'unavailable' });
  });

  it('never answers in time for numbers ending in TIMEOUT, and stops when the caller gives up', async () => {
    const started = Date.now();
    await expect(withTimeout(verifier, 50).verify({ ...zhangSan, certificateNo: '104221201505TIMEOUT' })).rejects.toMatchObject({
      name: 'DegreeServiceUnavailable',
      reason: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(1_000);

    const controller = new AbortController();
    const pending = verifier.verify({ ...zhangSan, certificateNo: 'timeout' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('delays every answer by delayMs', async () => {
    const slow = new SandboxDegreeVerifier({ delayMs: 80 });
    const started = Date.now();
    expect((await slow.verify(zhangSan)).result).toBe('verified');
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    await expect(withTimeout(slow, 20).verify(zhangSan)).rejects.toMatchObject({ reason: 'timeout' });
    await expect(withTimeout(slow, 1_000).verify(zhangSan)).resolves.toMatchObject({ result: 'verified' });
  });
});
