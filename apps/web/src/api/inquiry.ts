import type { TInquiryRecord, TVerifyAnswer } from '@ausm/domain';
import { fetchFile, http } from './client';

/** 信息查询: the person's approved record (409 inquiry/not_approved before 审核通过). */
export const getInquiry = () => http.get<TInquiryRecord>('/api/inquiry');
/** The 会计人员信息表 PDF of the person's own record. */
export const downloadRecordPdf = () => fetchFile('/api/inquiry/record.pdf');
/** Public: checks a printed verification code. */
export const verifyCode = (code: string) => http.get<TVerifyAnswer>(`/api/verify/${encodeURIComponent(code.trim())}`);
