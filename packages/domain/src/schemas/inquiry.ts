import { z } from '../zod';

// 信息查询 (issue 18; seed 001 服务大厅 › 信息查询): the person's approved record, read-only, as the
// portal shows it and the 会计人员信息表 prints it. Values are display text (names, not codes).

/** The last change of a part: when (Beijing date) and what (信息采集审核通过, 信息变更·修改 …). */
export const ZLastChange = z.object({ date: z.string(), kind: z.string() });

export const ZInquiryField = z.object({ key: z.string(), label: z.string(), value: z.string() });

export const ZInquiryRecord = z.object({
  basic: z.object({ fields: z.array(ZInquiryField), lastChange: ZLastChange.nullable() }),
  education: z.object({ rows: z.array(z.array(ZInquiryField)), lastChange: ZLastChange.nullable() }),
  work: z.object({ rows: z.array(z.array(ZInquiryField)), lastChange: ZLastChange.nullable() }),
  authority: z.object({ name: z.string(), lastChange: ZLastChange.nullable() }),
});

export type TLastChange = z.infer<typeof ZLastChange>;
export type TInquiryField = z.infer<typeof ZInquiryField>;
export type TInquiryRecord = z.infer<typeof ZInquiryRecord>;

/** The public check of a printed document's verification code: only the masked name and the date. */
export const ZVerifyAnswer = z.object({ title: z.string(), holderMasked: z.string(), issuedAt: z.string() });
export type TVerifyAnswer = z.infer<typeof ZVerifyAnswer>;
