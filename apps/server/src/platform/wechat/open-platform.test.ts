import { describe, expect, it } from 'vitest';
import { WechatCodeError, WechatUnavailableError } from './gateway';
import { WechatOpenPlatformGateway } from './open-platform';

const config = { appId: 'wx0123456789abcdef', appSecret: 's3cret', authorizeBase: 'https://open.weixin.qq.com', apiBase: 'https://api.weixin.qq.com', redirectUri: 'https://ausm.example/login/wechat' };

/** A fetch that answers one JSON body and records what it was asked. */
function fakeFetch(answer: unknown, status = 200) {
  const asked: string[] = [];
  const impl = (async (url: string | URL) => {
    asked.push(String(url));
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { impl, asked };
}

describe('WechatOpenPlatformGateway', () => {
  it('sends the browser to qrconnect with the app id, the return address and the state', () => {
    const url = new URL(new WechatOpenPlatformGateway(config).authorizeUrl('st4te'));
    expect(url.origin + url.pathname).toBe('https://open.weixin.qq.com/connect/qrconnect');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: config.appId,
      redirect_uri: 'https://ausm.example/login/wechat',
      response_type: 'code',
      scope: 'snsapi_login',
      state: 'st4te',
    });
    expect(url.hash).toBe('#wechat_redirect');
  });

  it('exchanges a code for the openid and unionid', async () => {
    const { impl, asked } = fakeFetch({ access_token: 't', expires_in: 7200, refresh_token: 'r', openid: 'oAbc', scope: 'snsapi_login', unionid: 'uXyz' });
    const identity = await new WechatOpenPlatformGateway(config, impl).exchangeCode('c0de');
    expect(identity).toEqual({ openid: 'oAbc', unionid: 'uXyz' });
    const url = new URL(asked[0]!);
    expect(url.pathname).toBe('/sns/oauth2/access_token');
    expect(Object.fromEntries(url.searchParams)).toEqual({ appid: config.appId, secret: 's3cret', code: 'c0de', grant_type: 'authorization_code' });
  });

  it('tells a bad code from WeChat being unavailable', async () => {
    await expect(new WechatOpenPlatformGateway(config, fakeFetch({ errcode: 40163, errmsg: 'code been used' }).impl).exchangeCode('x')).rejects.toBeInstanceOf(WechatCodeError);
    await expect(new WechatOpenPlatformGateway(config, fakeFetch({ errcode: -1, errmsg: 'system busy' }).impl).exchangeCode('x')).rejects.toBeInstanceOf(WechatUnavailableError);
    await expect(new WechatOpenPlatformGateway(config, fakeFetch({}, 502).impl).exchangeCode('x')).rejects.toBeInstanceOf(WechatUnavailableError);
    const down = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    await expect(new WechatOpenPlatformGateway(config, down).exchangeCode('x')).rejects.toBeInstanceOf(WechatUnavailableError);
  });
});
