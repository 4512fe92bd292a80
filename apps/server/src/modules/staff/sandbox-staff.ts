import type { StaffRole } from './tables';

/**
 * Staff seeded in sandbox mode, one per level, so a person can try the console at once.
 * README lists them; production seeds nobody.
 */
export const SANDBOX_STAFF_PASSWORD = 'Review@2025';

export const SANDBOX_STAFF: ReadonlyArray<{ username: string; realName: string; authorityId: string; roles: StaffRole[]; password: string }> = [
  { username: 'mof_admin', realName: '财政部管理员', authorityId: '100000', roles: ['admin', 'reviewer'], password: SANDBOX_STAFF_PASSWORD },
  { username: 'sd_admin', realName: '山东省管理员', authorityId: '370000', roles: ['admin', 'reviewer'], password: SANDBOX_STAFF_PASSWORD },
  { username: 'sd_reviewer', realName: '山东省审核员', authorityId: '370000', roles: ['reviewer'], password: SANDBOX_STAFF_PASSWORD },
  { username: 'jn_reviewer', realName: '济南市审核员', authorityId: '370100', roles: ['reviewer'], password: SANDBOX_STAFF_PASSWORD },
  { username: 'lx_reviewer', realName: '历下区审核员', authorityId: '370102', roles: ['reviewer'], password: SANDBOX_STAFF_PASSWORD },
  { username: 'bj_reviewer', realName: '北京市审核员', authorityId: '110000', roles: ['reviewer'], password: SANDBOX_STAFF_PASSWORD },
  { username: 'dc_reviewer', realName: '东城区审核员', authorityId: '110101', roles: ['reviewer'], password: SANDBOX_STAFF_PASSWORD },
];
