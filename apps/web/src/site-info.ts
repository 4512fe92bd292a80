/**
 * The portal's footer and floating 技术咨询电话 (seed 001: 主办单位 / 承办单位, the 备案 number, the technical
 * hotline). The 备案 number and the hotline are the operator's: set VITE_SITE_ICP and VITE_SITE_TECH_PHONE when
 * building the portal for production; the defaults below are placeholders of the right form, for the sandbox.
 */
export const SITE_INFO = {
  sponsor: '中华人民共和国财政部',
  organizer: '财政部会计财务评价中心',
  icp: (import.meta.env.VITE_SITE_ICP as string | undefined) || '京ICP备00000000号',
  techPhone: (import.meta.env.VITE_SITE_TECH_PHONE as string | undefined) || '010-00000000',
  /** When the hotline answers. */
  techPhoneHours: '工作日 9:00-17:00',
} as const;
