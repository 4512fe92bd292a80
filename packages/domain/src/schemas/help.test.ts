import { describe, expect, it } from 'vitest';
import { FAQ_QUERY_MAX } from '../help-rules';
import { ZFaqQuery } from './help';

describe('ZFaqQuery', () => {
  it('takes 1 to 50 characters after trimming, with a message for each refusal', () => {
    expect(ZFaqQuery.parse('  验证码 ')).toBe('验证码');
    expect(ZFaqQuery.safeParse(' ').error?.issues[0]?.message).toBe('请输入搜索内容');
    expect(ZFaqQuery.safeParse('字'.repeat(FAQ_QUERY_MAX)).success).toBe(true);
    expect(ZFaqQuery.safeParse('字'.repeat(FAQ_QUERY_MAX + 1)).error?.issues[0]?.message).toBe('搜索内容过长');
  });
});
