import type { TransferRecord, TransferStatus, TTransferRequest } from '@ausm/domain';
import { api, declared, ok, query } from './typed';

// 属地关系调转 (seed 003 §5): the current authority, 调转记录, 调转申请; and the console's 调入调出人员.

export type { TransferRecord } from '@ausm/domain';

export interface TransferState {
  currentAuthority: { id: string; label: string } | null;
  /** What 提交审核 would refuse whatever authority is chosen (图 5-4), or null. */
  refusal: string | null;
  records: TransferRecord[];
}

export const getTransfer = () => declared<TransferState>(ok(api.GET('/api/transfer')));
export const getTransferRecord = (id: string) => declared<TransferRecord>(ok(api.GET('/api/transfer/{id}', { params: { path: { id } } })));
export const applyTransfer = (body: TTransferRequest) => declared<TransferRecord>(ok(api.POST('/api/transfer', { body })));

export type ConsoleTransfer = Omit<TransferRecord, 'openReviewItemId' | 'proofFileId' | 'opinion'> & { name: string; direction: 'in' | 'out' };
export interface ConsoleTransferQuery {
  direction?: 'in' | 'out';
  status?: TransferStatus;
  from?: string;
  to?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const search = (q: Partial<ConsoleTransferQuery>) =>
  new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const listConsoleTransfers = (q: ConsoleTransferQuery) =>
  declared<{ total: number; items: ConsoleTransfer[] }>(ok(api.GET('/api/console/transfers', { params: { query: query(q) } })));
export const consoleTransfersCsvUrl = (q: Omit<ConsoleTransferQuery, 'page' | 'pageSize'>) => `/api/console/transfers.csv?${search(q)}`;
