import type { TInquiryRecord, TVerifyAnswer } from '@ausm/domain';
import { fetchFile } from './client';
import { api, declared, ok } from './typed';

/** 信息查询: the person's approved record (409 inquiry/not_approved before 审核通过). */
export const getInquiry = () => declared<TInquiryRecord>(ok(api.GET('/api/inquiry')));
/** The 会计人员信息表 PDF of the person's own record. */
export const downloadRecordPdf = () => fetchFile('/api/inquiry/record.pdf');
/** Public: checks a printed verification code. */
export const verifyCode = (code: string) => declared<TVerifyAnswer>(ok(api.GET('/api/verify/{code}', { params: { path: { code: code.trim() } } })));
