import { boolean, index, integer, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * 会计管理部门: 财政部, then provincial-level departments, cities, counties. `id` is the GB/T 2260
 * code where one exists (370000, 370100, 370102); units outside GB/T 2260 (国管局, 兵团 divisions)
 * take codes of their own. `path` is the chain of ids from the root ('/100000/370000/370100/'),
 * so "this authority and everything below it" is one prefix match.
 */
export const authorities = pgTable(
  'authorities',
  {
    id: text('id').primaryKey(),
    parentId: text('parent_id'),
    name: text('name').notNull(),
    level: text('level').notNull().$type<'national' | 'province' | 'city' | 'county'>(),
    path: text('path').notNull(),
    /** 计划单列市 (大连, 青岛, 宁波, 厦门, 深圳) act as provincial-level authorities for exams. */
    examProvince: boolean('exam_province').notNull().default(false),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('authorities_parent_idx').on(t.parentId, t.sort), index('authorities_path_idx').on(t.path.op('text_pattern_ops'))],
);
