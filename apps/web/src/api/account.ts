import type { accountSchemas } from '@ausm/domain';
import type { z } from 'zod';
import { api, ok, type Answer } from './typed';

type Schemas = ReturnType<typeof accountSchemas>;
export type RegisterBody = z.input<Schemas['ZRegisterRequest']>;
export type LoginBody = z.input<Schemas['ZLoginRequest']>;
export type WechatLoginBody = z.input<Schemas['ZWechatLoginRequest']>;
export type PasswordResetBody = z.input<Schemas['ZPasswordResetRequest']>;
export type SmsCodeBody = z.input<Schemas['ZSmsCodeRequest']>;
export type MobileChangeBody = z.input<Schemas['ZMobileChangeRequest']>;
export type SmsPurpose = SmsCodeBody['purpose'];

/** The account as the portal sees it: masked, never the raw ID number, name or mobile. */
export type AccountView = Answer<'/api/session', 'get'>['account'];
export type Captcha = Answer<'/api/captcha', 'get'>;
export type SmsSent = Answer<'/api/sms-codes', 'post'>;
/** 微信扫码登录: a logged-in account, or a WeChat that one password login will bind. */
export type WechatLoginOutcome = Answer<'/api/session/wechat', 'post'>;
export type WechatBinding = Answer<'/api/my/wechat', 'get'>;

export const getCaptcha = () => ok(api.GET('/api/captcha'));
export const sendSmsCode = (body: SmsCodeBody) => ok(api.POST('/api/sms-codes', { body }));
export const register = (body: RegisterBody) => ok(api.POST('/api/accounts', { body }));
export const login = (body: LoginBody) => ok(api.POST('/api/session', { body }));
export const getWechatBinding = () => ok(api.GET('/api/my/wechat'));
export const unbindWechat = () => ok(api.DELETE('/api/my/wechat'));
/** `bind`: from 个人中心, the logged-in accountant binds (or changes) its WeChat instead of logging in. */
export const startWechatLogin = (purpose: 'login' | 'bind' = 'login') => ok(api.POST('/api/session/wechat/start', { body: { purpose } }));
export const loginWithWechat = (body: WechatLoginBody) => ok(api.POST('/api/session/wechat', { body }));
/** Who is logged in: a probe (a 401 is "nobody", see `ok`). */
export const getSession = () => ok(api.GET('/api/session'), { probe: true });
/** How long the session lasts unused; asking does not prolong it. */
export const getSessionExpiry = () => ok(api.GET('/api/session/expiry'));
/** 继续使用: the session lasts the full idle time again (or up to its 12-hour limit). */
export const extendSession = () => ok(api.POST('/api/session/extend'));
export const logout = () => ok(api.DELETE('/api/session'));
export const changeMobile = (body: MobileChangeBody) => ok(api.PUT('/api/my/mobile', { body }));
export const resetPassword = (body: PasswordResetBody) => ok(api.POST('/api/password-resets', { body }));
