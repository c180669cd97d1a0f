import { describe, expect, it } from 'vitest';
import { found } from '../default-index';

describe('app names: normalisation and word boundaries', () => {
  it.each([
    ['DeepSeek is popular', ['deepseek:DeepSeek']],
    ['DEEPSEEK in capitals', ['deepseek:DEEPSEEK']],
    ['deepseek lower case', ['deepseek:deepseek']],
    ['DeepSeek’s app (curly apostrophe)', ['deepseek:DeepSeek']],
    ["DeepSeek's app", ['deepseek:DeepSeek']],
    ['the DeepSeek-R1 model', ['deepseek:DeepSeek']],
    ['deepseek-v3 weights', ['deepseek:deepseek']],
    ['ＤｅｅｐＳｅｅｋ full-width', ['deepseek:ＤｅｅｐＳｅｅｋ']],
    ['Deep\u200BSeek with a zero-width space', ['deepseek:Deep\u200BSeek']],
    ['visit deepseek.com today', ['deepseek:deepseek']],
    ['follow @deepseek_ai', ['deepseek:deepseek_ai']],
    ['see r/DeepSeek_memes', ['deepseek:DeepSeek']],
    ['typo DeekSeek too', ['deepseek:DeekSeek']],
    ['#DeleteTikTokApp now', ['tiktok:TikTok']],
    ['#deletetiktokapp lower', ['tiktok:tiktok']],
    ['Tik Tok with a space', ['tiktok:Tik Tok']],
    ['Tik-Tok with a hyphen', ['tiktok:Tik-Tok']],
    ['TikTok, RedNote and Lemon8', ['tiktok:TikTok', 'rednote:RedNote', 'lemon8:Lemon8']],
    ['Ｌｅｍｏｎ８ full-width', ['lemon8:Ｌｅｍｏｎ８']],
    ['Xiaohongshu (XHS) is big', ['rednote:Xiaohongshu', 'rednote:XHS']],
    ['Xiǎohóngshū with tones', ['rednote:Xiǎohóngshū']],
  ])('%s', (text, expected) => {
    expect(found(text, 'app')).toEqual(expected);
  });
});

describe('app names: CJK and mixed scripts', () => {
  it.each([
    ['我在小红书上看到', ['rednote:小红书']],
    ['小紅書的用戶', ['rednote:小紅書']],
    ['deepseek事件引发关注', ['deepseek:deepseek']],
    ['大家都在用DeepSeek聊天', ['deepseek:DeepSeek']],
    ['毛主席语录又称小红书', []],
  ])('%s', (text, expected) => {
    expect(found(text, 'app')).toEqual(expected);
  });
});

describe('ordinary words are not app names', () => {
  it.each([
    ['Divers go deep to seek old wrecks.'],
    ['They dive deep, seeking answers.'],
    ['She left a red note on the fridge.'],
    ['A red-note sale in the shop.'],
    ['Add lemon to the tea.'],
    ['Lemon 8 ways: recipes for lemon tart.'],
    ['Lemons and limes.'],
    ['The deepseeker guild met.'],
    ['xhs in lower case is not the brand'],
    ['Mao’s Little Red Book of quotations was printed in huge numbers.'],
    ['a little red book on the shelf'],
    ['R1 and V3 are common model names.'],
    ['ByteDance and Alibaba reported earnings.'],
  ])('%s', (text) => {
    expect(found(text, 'app')).toEqual([]);
  });
});

describe('context rules for ambiguous aliases', () => {
  it('"Little Red Book" counts when used as the app’s name', () => {
    expect(found('Xiaohongshu, also called Little Red Book, is a lifestyle app.', 'app')).toContain(
      'rednote:Little Red Book',
    );
  });
  it('"Little Red Book" about Mao does not', () => {
    expect(found('Chairman Mao’s Little Red Book was everywhere in 1966.', 'app')).toEqual([]);
  });
});
