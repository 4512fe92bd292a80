/**
 * An environment production mode starts with: every provider real, the personal-data keys given. Tests of
 * production's rules spread it and change the one setting they are about.
 */
export const PRODUCTION_ENV: NodeJS.ProcessEnv = {
  AUSM_MODE: 'production',
  DATABASE_URL: 'postgres://x@127.0.0.1/db',
  SMS_PROVIDER: 'aliyun',
  ALIYUN_SMS_ACCESS_KEY_ID: 'a',
  ALIYUN_SMS_ACCESS_KEY_SECRET: 'b',
  ALIYUN_SMS_SIGN_NAME: 'c',
  ALIYUN_SMS_TEMPLATE_CODE: 'd',
  ALIPAY_PROVIDER: 'alipay',
  ALIPAY_APP_ID: 'a',
  ALIPAY_PRIVATE_KEY: 'k',
  ALIPAY_PUBLIC_KEY: 'p',
  PUBLIC_BASE_URL: 'https://ausm.example',
  WECHAT_PROVIDER: 'wechat',
  WECHAT_APP_ID: 'wx1',
  WECHAT_APP_SECRET: 's',
  DEGREE_PROVIDER: 'chsi',
  CHSI_ENDPOINT: 'https://chsi.example',
  CHSI_APP_KEY: 'k',
  CHSI_APP_SECRET: 's',
  QUALIFICATION_PROVIDER: 'http',
  QUALIFICATION_ENDPOINT: 'https://q.example',
  QUALIFICATION_TOKEN: 't',
  PII_KEYS: 'k1:MDEyMzQ1Njc4OWFiY2RlZg==',
  PII_INDEX_KEY: 'aW5kZXgta2V5LWZvci10ZXN0cy0wMTIzNDU2Nzg5YWI=',
};
