import { z } from '../zod';
import { isIsoDate } from '../collection/dates';

// 高端会计人才培养项目 (seed 001 首页 and menu; issue 26): an information page per project year, with its notices.

export type TalentNotice = { title: string; date: string; body: string };

export const TALENT_NOTICES_MAX = 30;

export const ZTalentYearInput = z.object(
  {
    title: z.string({ message: '请填写标题' }).trim().min(1, '请填写标题').max(100, '标题不能超过100个字'),
    intro: z.string({ message: '请填写项目介绍' }).trim().min(1, '请填写项目介绍').max(20_000, '项目介绍不能超过20000个字'),
    notices: z
      .array(
        z.object(
          {
            title: z.string({ message: '请填写通知标题' }).trim().min(1, '请填写通知标题').max(100, '通知标题不能超过100个字'),
            date: z.string({ message: '请选择通知日期' }).trim().refine(isIsoDate, '通知日期格式不正确'),
            body: z.string({ message: '请填写通知内容' }).trim().min(1, '请填写通知内容').max(10_000, '通知内容不能超过10000个字'),
          },
          { message: '通知格式不正确' },
        ),
        { message: '通知格式不正确' },
      )
      .max(TALENT_NOTICES_MAX, `通知最多${TALENT_NOTICES_MAX}条`)
      .default([]),
  },
  { message: '请求内容格式不正确' },
);
export type TTalentYearInput = z.infer<typeof ZTalentYearInput>;

/** Project years the console may edit. */
export const TALENT_YEAR_MIN = 2005;
export const TALENT_YEAR_MAX = 2100;
