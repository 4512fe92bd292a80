import type { ExamLevel, ScoreStanding } from '@ausm/domain';
import { http } from './client';

// The score ledger (issue 24): 成绩查询, and the 财政部 administrator's import.

export interface ScoreQuery {
  results: Array<{ year: number; level: ExamLevel; levelLabel: string; subject: string; subjectLabel: string; score: number; passLine: number; passed: boolean }>;
  standings: ScoreStanding[];
}

export const getScores = () => http.get<ScoreQuery>('/api/scores');
export const importScores = (body: { year: number; level: ExamLevel; csv: string }) => http.post<{ imported: number }>('/api/console/scores/import', body);
