import type { StandardCategory, TRewardApplication, TRewardRecordInput, TStandardInput, TTalentYearInput } from '@ausm/domain';
import { withQuery } from '../utils/query';
import { http } from './client';
import type { Answer } from './typed';

// 会计准则制度学习, 会计人员奖惩记录 and 高端会计人才培养项目 (issue 26): the portal's and the console's calls.

export type StandardList = Answer<'/api/standards', 'get'>;
export type StandardSummary = StandardList['items'][number];
export type StandardView = Answer<'/api/standards/{id}', 'get'>;
export type StudiedList = Answer<'/api/standards/studied', 'get'>;
export type StandardQuery = { q?: string; category?: StandardCategory; page: number; pageSize: number };

const id = (v: string) => encodeURIComponent(v);

export const listStandards = (q: StandardQuery) => http.get<StandardList>(withQuery('/api/standards', q));
export const getStandard = (standardId: string) => http.get<StandardView>(`/api/standards/${id(standardId)}`);
export const standardPdfUrl = (standardId: string) => `/api/standards/${id(standardId)}/pdf`;
export const markStudied = (standardId: string) => http.put<{ studiedAt: string }>(`/api/standards/${id(standardId)}/studied`);
export const unmarkStudied = (standardId: string) => http.delete<void>(`/api/standards/${id(standardId)}/studied`);
export const getStudied = () => http.get<StudiedList>('/api/standards/studied');

export const listConsoleStandards = (q: StandardQuery) => http.get<StandardList>(withQuery('/api/console/standards', q));
export const getConsoleStandard = (standardId: string) => http.get<StandardView>(`/api/console/standards/${id(standardId)}`);
export const createStandard = (body: TStandardInput) => http.post<StandardView>('/api/console/standards', body);
export const updateStandard = (standardId: string, body: TStandardInput) => http.put<StandardView>(`/api/console/standards/${id(standardId)}`, body);
export const publishStandard = (standardId: string) => http.post<StandardView>(`/api/console/standards/${id(standardId)}/publish`);
export const unpublishStandard = (standardId: string) => http.post<StandardView>(`/api/console/standards/${id(standardId)}/unpublish`);
export function uploadStandardPdf(standardId: string, file: File): Promise<StandardView> {
  const form = new FormData();
  form.append('file', file, file.name);
  return http.post<StandardView>(`/api/console/standards/${id(standardId)}/pdf`, form);
}
export const removeStandardPdf = (standardId: string) => http.delete<StandardView>(`/api/console/standards/${id(standardId)}/pdf`);

// ---- 会计人员奖惩记录 ----

export type RewardState = Answer<'/api/rewards', 'get'>;
export type RewardRecord = RewardState['records'][number];
export type RewardApplication = RewardState['applications'][number];
export type ConsoleRewardList = Answer<'/api/console/rewards', 'get'>;
export type ConsoleRewardRecord = ConsoleRewardList['items'][number];

export const getRewards = () => http.get<RewardState>('/api/rewards');
export const applyReward = (body: TRewardApplication) => http.post<RewardApplication>('/api/rewards/applications', body);
export const withdrawReward = (applicationId: string) => http.post<RewardApplication>(`/api/rewards/applications/${id(applicationId)}/withdraw`);
export const listConsoleRewards = (q: { kind?: 'reward' | 'penalty'; idNumber?: string; page: number; pageSize: number }) =>
  http.get<ConsoleRewardList>(withQuery('/api/console/rewards', q));
export const recordReward = (body: TRewardRecordInput) => http.post<ConsoleRewardRecord>('/api/console/rewards', body);
export const revokeReward = (recordId: string) => http.post<ConsoleRewardRecord>(`/api/console/rewards/${id(recordId)}/revoke`);

// ---- 高端会计人才培养项目 ----

export type TalentYear = Answer<'/api/talent/years/{year}', 'get'>;
export type ConsoleTalentYear = Answer<'/api/console/talent/years/{year}', 'get'>;
export const listTalentYears = () => http.get<Answer<'/api/talent/years', 'get'>>('/api/talent/years');
export const getTalentYear = (year: number) => http.get<TalentYear>(`/api/talent/years/${year}`);
export const getConsoleTalentYear = (year: number) => http.get<ConsoleTalentYear>(`/api/console/talent/years/${year}`);
export const saveTalentYear = (year: number, body: TTalentYearInput) => http.put<ConsoleTalentYear>(`/api/console/talent/years/${year}`, body);
