/**
 * Units the real system lists beside the provinces that GB/T 2260 does not give (seed 000 §5.2's
 * transfer list: 国管局 / 国管局市级 / 国管局区县), and the five 计划单列市 that act as
 * provincial-level authorities for exams.
 */
export const NATIONAL = { id: '100000', name: '财政部' } as const;

export const PLAN_SEPARATED_CITIES = ['210200', '370200', '330200', '350200', '440300'] as const; // 大连 青岛 宁波 厦门 深圳

export const EXTRA_UNITS: ReadonlyArray<{ id: string; name: string; cities: ReadonlyArray<{ id: string; name: string; counties: ReadonlyArray<{ id: string; name: string }> }> }> = [
  {
    id: '660000',
    name: '新疆生产建设兵团',
    cities: [
      ['660100', '第一师'], ['660200', '第二师'], ['660300', '第三师'], ['660400', '第四师'], ['660500', '第五师'],
      ['660600', '第六师'], ['660700', '第七师'], ['660800', '第八师'], ['660900', '第九师'], ['661000', '第十师'],
      ['661100', '第十一师'], ['661200', '第十二师'], ['661300', '第十三师'], ['661400', '第十四师'],
    ].map(([id, name]) => ({ id: id!, name: name!, counties: [{ id: `${id!.slice(0, 4)}01`, name: `${name}本级` }] })),
  },
  {
    id: 'G00000',
    name: '国管局',
    cities: [{ id: 'G00100', name: '国管局市级', counties: [{ id: 'G00101', name: '国管局区县' }] }],
  },
];
