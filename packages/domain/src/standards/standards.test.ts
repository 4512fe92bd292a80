import { describe, expect, it } from 'vitest';
import { standardQueryTokens, standardTokens, tsqueryText, ZStandardInput } from './index';

describe('search tokens (decision 0024)', () => {
  it('a Han run gives its characters and bigrams; Latin and digit runs stand apart, lowercased', () => {
    expect(standardTokens('收入确认')).toEqual(['收', '收入', '入', '入确', '确', '确认', '认']);
    expect(standardTokens('第14号IFRS')).toEqual(['第', '14', '号', 'ifrs']);
    expect(standardTokens('财会〔2017〕22号')).toEqual(['财', '财会', '会', '2017', '22', '号']);
  });
  it('a query needs each word: bigrams of a Han word, the character of a one-character word', () => {
    expect(standardQueryTokens('收入确认')).toEqual(['收入', '入确', '确认']);
    expect(standardQueryTokens('税 ２０２２')).toEqual(['税', '2022']);
    expect(standardQueryTokens('——，。')).toEqual([]);
  });
  it('the tsquery text quotes every lexeme', () => {
    expect(tsqueryText(["a'b", 'c\\d', '收入'])).toBe("'a''b' & 'c\\\\d' & '收入'");
  });
  it('the form: Chinese messages', () => {
    const r = ZStandardInput.safeParse({ title: '', docNumber: '1', issuedOn: '2017-02-30', category: 'law', body: '' });
    expect(r.success ? [] : r.error.issues.map((i) => i.message).sort()).toEqual(['发布日期格式不正确', '请填写标题', '请选择类别'].sort());
  });
});
