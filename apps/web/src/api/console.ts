import type { AuthorityNode } from './authority';
import { api, ok, query } from './typed';

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

export const consoleLogin = (body: ConsoleLoginBody): Promise<StaffLoginStep> => ok(api.POST('/api/console/session', { body }));
export const consoleLoginTotp = (body: { pendingToken: string; code: string }): Promise<StaffLoginStep> => ok(api.POST('/api/console/session/totp', { body }));
export const getConsoleSession = (): Promise<{ staff: StaffView }> => ok(api.GET('/api/console/session'), { probe: true });
export const consoleLogout = () => ok(api.DELETE('/api/console/session'));
/** How long the console's session lasts unused (asking does not prolong it), and 继续使用. */
export const getConsoleSessionExpiry = () => ok(api.GET('/api/console/session/expiry'));
export const extendConsoleSession = () => ok(api.POST('/api/console/session/extend'));
export const changeConsolePassword = (body: StaffPasswordChangeBody): Promise<{ staff: StaffView }> => ok(api.POST('/api/console/session/password', { body }));

const staff = (id: string) => ({ params: { path: { id } } });
export const listStaff = (q: StaffQuery): Promise<Paged<StaffView> & { totpPolicy: StaffTotpPolicy }> => ok(api.GET('/api/console/staff', { params: { query: query(q) } }));
export const createStaff = (body: StaffCreateBody): Promise<StaffView> => ok(api.POST('/api/console/staff', { body }));
export const updateStaff = (id: string, body: StaffUpdateBody): Promise<StaffView> => ok(api.PATCH('/api/console/staff/{id}', { ...staff(id), body }));
export const resetStaffPassword = (id: string, password: string) => ok(api.POST('/api/console/staff/{id}/password', { ...staff(id), body: { password } }));

/** The staff member's own authority (no parentId), or the children of one inside their subtree. */
export const listConsoleAuthorities = (parentId?: string): Promise<{ items: AuthorityNode[] }> =>
  ok(api.GET('/api/console/authorities', { params: { query: query({ parentId }) } }));
