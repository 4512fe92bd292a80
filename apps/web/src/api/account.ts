import type { accountSchemas, IdType } from '@ausm/domain';
import type { z } from 'zod';
import { http } from './client';

type Schemas = ReturnType<typeof accountSchemas>;
export type RegisterBody = z.input<Schemas['ZRegisterRequest']>;
export type LoginBody = z.input<Schemas['ZLoginRequest']>;
export type WechatLoginBody = z.input<Schemas['ZWechatLoginRequest']>;
export type PasswordResetBody = z.input<Schemas['ZPasswordResetRequest']>;
export type SmsCodeBody = z.input<Schemas['ZSmsCodeRequest']>;
export type MobileChangeBody = z.input<Schemas['ZMobileChangeRequest']>;
export type SmsPurpose = SmsCodeBody['purpose'];

/** The account as the portal sees it: masked, never the raw ID number, name or mobile. */
export interface AccountView {
  id: string;
  idType: IdType;
  maskedIdNumber: string;
  maskedName: string;
  maskedMobile: string;
  identityVerified: boolean;
}

export interface Captcha {
  id: string;
  svg: string;
  expiresAt: string;
}

export interface SmsSent {
  sentAt: string;
  expiresAt: string;
  resendAt: string;
}

export const getCaptcha = () => http.get<Captcha>('/api/captcha');
export const sendSmsCode = (body: SmsCodeBody) => http.post<SmsSent>('/api/sms-codes', body);
export const register = (body: RegisterBody) => http.post<{ account: AccountView }>('/api/accounts', body);
export const login = (body: LoginBody) => http.post<{ account: AccountView }>('/api/session', body);
/** 微信扫码登录: a logged-in account, or a WeChat that one password login will bind. */
export type WechatLoginOutcome = { status: 'logged_in'; account: AccountView } | { status: 'bind_required'; expiresAt: string } | { status: 'bound' };
export interface WechatBinding {
  bound: boolean;
  boundAt: string | null;
}
export const getWechatBinding = () => http.get<WechatBinding>('/api/my/wechat');
export const unbindWechat = () => http.delete('/api/my/wechat');
/** `bind`: from 个人中心, the logged-in accountant binds (or changes) its WeChat instead of logging in. */
export const startWechatLogin = (purpose: 'login' | 'bind' = 'login') => http.post<{ authorizeUrl: string }>('/api/session/wechat/start', { purpose });
export const loginWithWechat = (body: WechatLoginBody) => http.post<WechatLoginOutcome>('/api/session/wechat', body);
export const getSession = () => http.get<{ account: AccountView; expiresInMs: number }>('/api/session');
/** How long the session lasts unused; asking does not prolong it. */
export const getSessionExpiry = () => http.get<{ expiresInMs: number }>('/api/session/expiry');
/** 继续使用: the session lasts the full idle time again (or up to its 12-hour limit). */
export const extendSession = () => http.post<{ expiresInMs: number }>('/api/session/extend');
export const logout = () => http.delete('/api/session');
export const changeMobile = (body: MobileChangeBody) => http.put<{ account: AccountView }>('/api/my/mobile', body);
export const resetPassword = (body: PasswordResetBody) => http.post<void>('/api/password-resets', body);
