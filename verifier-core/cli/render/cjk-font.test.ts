/** Finding the CJK font, and saying how to install it when it is missing. */
import { describe, expect, it } from 'vitest';
import { findCjkFontFiles } from './cjk-font.js';

const DEBIAN = '/usr/share/fonts/opentype/noto';
const existing =
  (...paths: string[]) =>
  (p: string): boolean =>
    paths.includes(p);

describe('findCjkFontFiles', () => {
  it('takes Regular and Bold from the Debian fonts-noto-cjk folder', () => {
    const files = findCjkFontFiles({}, existing(`${DEBIAN}/NotoSansCJK-Regular.ttc`, `${DEBIAN}/NotoSansCJK-Bold.ttc`));
    expect(files).toEqual([`${DEBIAN}/NotoSansCJK-Regular.ttc`, `${DEBIAN}/NotoSansCJK-Bold.ttc`]);
  });

  it('makes do with Regular alone', () => {
    expect(findCjkFontFiles({}, existing('/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc'))).toEqual([
      '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
    ]);
  });

  it('uses only the file YMT_CJK_FONT names', () => {
    const env = { YMT_CJK_FONT: '/opt/fonts/wqy.ttc' };
    expect(findCjkFontFiles(env, existing('/opt/fonts/wqy.ttc', `${DEBIAN}/NotoSansCJK-Regular.ttc`))).toEqual(['/opt/fonts/wqy.ttc']);
  });

  it('refuses a YMT_CJK_FONT that names no file rather than searching elsewhere', () => {
    expect(() => findCjkFontFiles({ YMT_CJK_FONT: '/nope.ttc' }, existing(`${DEBIAN}/NotoSansCJK-Regular.ttc`))).toThrow(
      /YMT_CJK_FONT=\/nope\.ttc/,
    );
  });

  it('tells the user to run the set-up or install fonts-noto-cjk when no font is found', () => {
    expect(() => findCjkFontFiles({}, existing())).toThrow(/apt-get install fonts-noto-cjk/);
    expect(() => findCjkFontFiles({}, existing())).toThrow(/set-up/);
  });

  it('finds the font installed on this machine', () => {
    expect(findCjkFontFiles().length).toBeGreaterThan(0);
  });
});
