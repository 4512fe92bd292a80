import type { TransferRecord, TTransferRequest } from '@ausm/domain';
import { http } from './client';

// 属地关系调转 (seed 003 §5): the current authority, 调转记录, 调转申请; and the console's 调入调出人员.

export type { TransferRecord } from '@ausm/domain';

export interface TransferState {
  currentAuthority: { id: string; label: string } | null;
  /** What 提交审核 would refuse whatever authority is chosen (图 5-4), or null. */
  refusal: string | null;
  records: TransferRecord[];
}

export const getTransfer = () => http.get<TransferState>('/api/transfer');
export const getTransferRecord = (id: string) => http.get<TransferRecord>(`/api/transfer/${encodeURIComponent(id)}`);
export const applyTransfer = (body: TTransferRequest) => http.post<TransferRecord>('/api/transfer', body);

export type ConsoleTransfer = Omit<TransferRecord, 'openReviewItemId' | 'proofFileId' | 'opinion'> & { name: string; direction: 'in' | 'out' };
export interface ConsoleTransferQuery {
  direction?: 'in' | 'out';
  status?: string;
  from?: string;
  to?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const query = (q: Partial<ConsoleTransferQuery>) =>
  new URLSearchParams(Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])).toString();

export const listConsoleTransfers = (q: ConsoleTransferQuery) => http.get<{ total: number; items: ConsoleTransfer[] }>(`/api/console/transfers?${query(q)}`);
export const consoleTransfersCsvUrl = (q: Omit<ConsoleTransferQuery, 'page' | 'pageSize'>) => `/api/console/transfers.csv?${query(q)}`;
