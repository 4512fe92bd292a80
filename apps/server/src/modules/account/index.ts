// The account module's public face.
export { accountRoutes } from './routes';
export { AccountService, toAccountView, type AccountView } from './service';
export { SmsCodeService, type SmsPurpose } from './sms-codes';
export { WechatLoginService } from './wechat-login';
