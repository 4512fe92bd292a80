import { describe, expect, it } from 'vitest';
import { AliyunSmsGateway } from '../sms/aliyun';
import { WechatMpTemplateSender, WechatSendError } from './wechat-template';

const config = { appId: 'wxmp', appSecret: 'secret', templateId: 'TPL1', apiBase: 'https://api.weixin.test' };
const message = { openid: 'oABCDEFGHIJKLMNOPQRSTUVWXYZa', url: 'https://ausm.example/my/reviews', data: { first: '您提交的事项已审核通过', keyword2: '审核通过' } };

/** A fake WeChat: answers cgi-bin/token and message/template/send from a script, recording every call. */
function fakeWechat(sendAnswers: Array<Record<string, unknown>>, tokenAnswer: Record<string, unknown> = { access_token: 'T1', expires_in: 7200 }) {
  const calls: Array<{ url: URL; body: unknown }> = [];
  let tokens = 0;
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    calls.push({ url, body: init?.body ? JSON.parse(String(init.body)) : null });
    if (url.pathname === '/cgi-bin/token') {
      tokens++;
      return new Response(JSON.stringify(tokenAnswer.access_token ? { ...tokenAnswer, access_token: `T${tokens}` } : tokenAnswer));
    }
    return new Response(JSON.stringify(sendAnswers.shift() ?? { errcode: 0, errmsg: 'ok' }));
  }) as typeof fetch;
  return { calls, fetchImpl, tokens: () => tokens };
}

describe('WeChat 模板消息 (the real adapter)', () => {
  it('takes an access_token once, keeps it, and sends the template with its fields', async () => {
    let now = 0;
    const wx = fakeWechat([]);
    const sender = new WechatMpTemplateSender(config, wx.fetchImpl, () => now);
    await sender.send(message);
    await sender.send(message);
    expect(wx.tokens()).toBe(1);
    const token = wx.calls[0]!.url;
    expect(token.searchParams.get('grant_type')).toBe('client_credential');
    expect(token.searchParams.get('appid')).toBe('wxmp');
    const send = wx.calls[1]!;
    expect(send.url.pathname).toBe('/cgi-bin/message/template/send');
    expect(send.url.searchParams.get('access_token')).toBe('T1');
    expect(send.body).toEqual({ touser: message.openid, template_id: 'TPL1', url: message.url, data: { first: { value: '您提交的事项已审核通过' }, keyword2: { value: '审核通过' } } });
    // Five minutes before it expires, a new token.
    now = (7200 - 299) * 1000;
    await sender.send(message);
    expect(wx.tokens()).toBe(2);
  });

  it('replaces a token WeChat calls expired and sends again, once', async () => {
    const wx = fakeWechat([{ errcode: 42001, errmsg: 'access_token expired' }]);
    await new WechatMpTemplateSender(config, wx.fetchImpl).send(message);
    expect(wx.tokens()).toBe(2);
    expect(wx.calls.filter((c) => c.url.pathname.endsWith('/send')).map((c) => c.url.searchParams.get('access_token'))).toEqual(['T1', 'T2']);
  });

  it('reports what WeChat refuses with its errcode, and a network failure without one', async () => {
    const refused = fakeWechat([{ errcode: 43004, errmsg: 'require subscribe' }]);
    await expect(new WechatMpTemplateSender(config, refused.fetchImpl).send(message)).rejects.toMatchObject({ name: 'WechatSendError', errcode: 43004 });
    const noToken = fakeWechat([], { errcode: 40013, errmsg: 'invalid appid' });
    await expect(new WechatMpTemplateSender(config, noToken.fetchImpl).send(message)).rejects.toMatchObject({ errcode: 40013 });
    const down = (async () => {
      throw new Error('connect ECONNREFUSED');
    }) as typeof fetch;
    const err = await new WechatMpTemplateSender(config, down).send(message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WechatSendError);
    expect(err).toMatchObject({ errcode: null });
  });
});

describe('SMS notices through the Aliyun gateway', () => {
  it('use the notice template with its parameters; codes keep theirs', () => {
    const gw = new AliyunSmsGateway({ accessKeyId: 'a', accessKeySecret: 'b', signName: 'c', templateCode: 'SMS_CODE', noticeTemplateCode: 'SMS_NOTICE', endpoint: 'https://x/' });
    const notice = new URLSearchParams(gw.signedQuery({ mobile: '13800000000', content: '…', code: null, template: 'notice', templateParams: { service: '信息采集', result: '审核通过' } }));
    expect(notice.get('TemplateCode')).toBe('SMS_NOTICE');
    expect(JSON.parse(notice.get('TemplateParam')!)).toEqual({ service: '信息采集', result: '审核通过' });
    const code = new URLSearchParams(gw.signedQuery({ mobile: '13800000000', content: '…', code: '123456' }));
    expect(code.get('TemplateCode')).toBe('SMS_CODE');
  });
});
