import type { StandardCategory, TRewardApplication, TRewardRecordInput, TStandardInput, TTalentYearInput } from '@ausm/domain';
import { http } from './client';
import { api, ok, query, type Answer } from './typed';

// 会计准则制度学习, 会计人员奖惩记录 and 高端会计人才培养项目 (issue 26): the portal's and the console's calls.

export type StandardList = Answer<'/api/standards', 'get'>;
export type StandardSummary = StandardList['items'][number];
export type StandardView = Answer<'/api/standards/{id}', 'get'>;
export type StudiedList = Answer<'/api/standards/studied', 'get'>;
export type StandardQuery = { q?: string; category?: StandardCategory; page: number; pageSize: number };

const id = (v: string) => encodeURIComponent(v);
const path = (value: string) => ({ params: { path: { id: value } } });
const yearPath = (year: number) => ({ params: { path: { year } } });

export const listStandards = (q: StandardQuery) => ok(api.GET('/api/standards', { params: { query: query(q) } }));
export const getStandard = (standardId: string) => ok(api.GET('/api/standards/{id}', path(standardId)));
export const standardPdfUrl = (standardId: string) => `/api/standards/${id(standardId)}/pdf`;
export const markStudied = (standardId: string) => ok(api.PUT('/api/standards/{id}/studied', path(standardId)));
export const unmarkStudied = (standardId: string) => ok(api.DELETE('/api/standards/{id}/studied', path(standardId)));
export const getStudied = () => ok(api.GET('/api/standards/studied'));

export const listConsoleStandards = (q: StandardQuery) => ok(api.GET('/api/console/standards', { params: { query: query(q) } }));
export const getConsoleStandard = (standardId: string) => ok(api.GET('/api/console/standards/{id}', path(standardId)));
export const createStandard = (body: TStandardInput) => ok(api.POST('/api/console/standards', { body }));
export const updateStandard = (standardId: string, body: TStandardInput) => ok(api.PUT('/api/console/standards/{id}', { ...path(standardId), body }));
export const publishStandard = (standardId: string) => ok(api.POST('/api/console/standards/{id}/publish', path(standardId)));
export const unpublishStandard = (standardId: string) => ok(api.POST('/api/console/standards/{id}/unpublish', path(standardId)));
export function uploadStandardPdf(standardId: string, file: File): Promise<StandardView> {
  const form = new FormData();
  form.append('file', file, file.name);
  return http.post<StandardView>(`/api/console/standards/${id(standardId)}/pdf`, form);
}
export const removeStandardPdf = (standardId: string) => ok(api.DELETE('/api/console/standards/{id}/pdf', path(standardId)));

// ---- 会计人员奖惩记录 ----

export type RewardState = Answer<'/api/rewards', 'get'>;
export type RewardRecord = RewardState['records'][number];
export type RewardApplication = RewardState['applications'][number];
export type ConsoleRewardList = Answer<'/api/console/rewards', 'get'>;
export type ConsoleRewardRecord = ConsoleRewardList['items'][number];

export const getRewards = () => ok(api.GET('/api/rewards'));
export const applyReward = (body: TRewardApplication) => ok(api.POST('/api/rewards/applications', { body }));
export const withdrawReward = (applicationId: string) => ok(api.POST('/api/rewards/applications/{id}/withdraw', path(applicationId)));
export const listConsoleRewards = (q: { kind?: 'reward' | 'penalty'; idNumber?: string; page: number; pageSize: number }) =>
  ok(api.GET('/api/console/rewards', { params: { query: query(q) } }));
export const recordReward = (body: TRewardRecordInput) => ok(api.POST('/api/console/rewards', { body }));
export const revokeReward = (recordId: string) => ok(api.POST('/api/console/rewards/{id}/revoke', path(recordId)));

// ---- 高端会计人才培养项目 ----

export type TalentYear = Answer<'/api/talent/years/{year}', 'get'>;
export type ConsoleTalentYear = Answer<'/api/console/talent/years/{year}', 'get'>;
export const listTalentYears = () => ok(api.GET('/api/talent/years'));
export const getTalentYear = (year: number) => ok(api.GET('/api/talent/years/{year}', yearPath(year)));
export const getConsoleTalentYear = (year: number) => ok(api.GET('/api/console/talent/years/{year}', yearPath(year)));
export const saveTalentYear = (year: number, body: TTalentYearInput) => ok(api.PUT('/api/console/talent/years/{year}', { ...yearPath(year), body }));
