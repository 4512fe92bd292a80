import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../test/helpers';

describe('authorities (会计管理部门)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(() => app.close());

  const children = async (parentId?: string) => {
    const res = await app.inject({ method: 'GET', url: `/api/authorities${parentId ? `?parentId=${parentId}` : ''}` });
    return res.json().items as Array<{ id: string; name: string; level: string; examProvince: boolean; leaf: boolean }>;
  };

  it('lists the provincial level from GB/T 2260 plus 兵团 and 国管局', async () => {
    const provinces = await children();
    const names = provinces.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['北京市', '山东省', '新疆维吾尔自治区', '新疆生产建设兵团', '国管局']));
    expect(provinces.length).toBe(33);
    expect(provinces.every((p) => p.level === 'province')).toBe(true);
  });

  it('marks the five 计划单列市 as provincial-level for exams', async () => {
    const flagged = [];
    for (const [province, city] of [['210000', '210200'], ['370000', '370200'], ['330000', '330200'], ['350000', '350200'], ['440000', '440300']]) {
      const c = (await children(province)).find((x) => x.id === city)!;
      flagged.push(c.name);
      expect(c.examProvince).toBe(true);
    }
    expect(flagged).toEqual(['大连市', '青岛市', '宁波市', '厦门市', '深圳市']);
    expect((await children('370000')).find((x) => x.id === '370100')!.examProvince).toBe(false);
  });

  it('names municipalities as the real system shows them (北京市-北京市-东城区) and ends at counties', async () => {
    const [city] = await children('110000');
    expect(city).toMatchObject({ id: '110100', name: '北京市', level: 'city' });
    const counties = await children('110100');
    expect(counties.find((c) => c.id === '110101')).toMatchObject({ name: '东城区', leaf: true });
    const chain = await app.inject({ method: 'GET', url: '/api/authorities/370102/chain' });
    expect(chain.json().label).toBe('山东省-济南市-历下区');
  });

  it('has 国管局 / 国管局市级 / 国管局区县', async () => {
    const chain = await app.inject({ method: 'GET', url: '/api/authorities/G00101/chain' });
    expect(chain.json().label).toBe('国管局-国管局市级-国管局区县');
  });

  it('answers unknown and oversized ids with a clear 4xx', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/authorities?parentId=999999' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/authorities?parentId=${'1'.repeat(13)}` })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/api/authorities/999999/chain' })).statusCode).toBe(404);
  });
});
