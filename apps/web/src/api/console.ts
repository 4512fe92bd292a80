import { withQuery } from '../utils/query';
import type { AuthorityNode } from './authority';
import { http } from './client';

// The console's staff session, the administration of 财政用户, and the console's own org tree.

export type StaffRole = 'reviewer' | 'admin';

export interface StaffView {
  id: string;
  username: string;
  realName: string;
  authorityId: string;
  authorityName: string;
  roles: StaffRole[];
  disabled: boolean;
  totpRequired: boolean;
  totpEnrolled: boolean;
  /** An administrator set the password: the console opens 修改密码 and nothing else until it is changed. */
  mustChangePassword: boolean;
}

export type StaffLoginStep =
  | { step: 'done'; staff: StaffView }
  | { step: 'totp'; pendingToken: string }
  | { step: 'totp_enroll'; pendingToken: string; secret: string; otpauthUrl: string };

export interface ConsoleLoginBody {
  username: string;
  password: string;
  captchaId: string;
  captchaAnswer: string;
}

export interface Paged<T> {
  total: number;
  items: T[];
}

export interface StaffQuery {
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface StaffCreateBody {
  username: string;
  realName: string;
  authorityId: string;
  roles: StaffRole[];
  password: string;
  totpRequired: boolean;
}

export type StaffUpdateBody = Partial<Pick<StaffView, 'roles' | 'disabled' | 'totpRequired' | 'realName'>> & { resetTotp?: true };

/** STAFF_TOTP on the server: `required` asks every staff member for a 动态口令. */
export type StaffTotpPolicy = 'required' | 'optional';

export interface StaffPasswordChangeBody {
  oldPassword: string;
  password: string;
  confirmPassword: string;
}

export const consoleLogin = (body: ConsoleLoginBody) => http.post<StaffLoginStep>('/api/console/session', body);
export const consoleLoginTotp = (body: { pendingToken: string; code: string }) => http.post<StaffLoginStep>('/api/console/session/totp', body);
export const getConsoleSession = () => http.get<{ staff: StaffView }>('/api/console/session');
export const consoleLogout = () => http.delete('/api/console/session');
/** How long the console's session lasts unused (asking does not prolong it), and 继续使用. */
export const getConsoleSessionExpiry = () => http.get<{ expiresInMs: number }>('/api/console/session/expiry');
export const extendConsoleSession = () => http.post<{ expiresInMs: number }>('/api/console/session/extend');
export const changeConsolePassword = (body: StaffPasswordChangeBody) => http.post<{ staff: StaffView }>('/api/console/session/password', body);

export const listStaff = (query: StaffQuery) => http.get<Paged<StaffView> & { totpPolicy: StaffTotpPolicy }>(withQuery('/api/console/staff', { ...query }));
export const createStaff = (body: StaffCreateBody) => http.post<StaffView>('/api/console/staff', body);
export const updateStaff = (id: string, body: StaffUpdateBody) => http.patch<StaffView>(`/api/console/staff/${encodeURIComponent(id)}`, body);
export const resetStaffPassword = (id: string, password: string) => http.post<void>(`/api/console/staff/${encodeURIComponent(id)}/password`, { password });

/** The staff member's own authority (no parentId), or the children of one inside their subtree. */
export const listConsoleAuthorities = (parentId?: string) => http.get<{ items: AuthorityNode[] }>(withQuery('/api/console/authorities', { parentId }));
