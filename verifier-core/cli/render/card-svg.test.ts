/** What the offline card says, read from its SVG before it becomes pixels. */
import { describe, expect, it } from 'vitest';
import { CARD_WIDTH, offlineCardSvg, type CardInfo } from './card-svg.js';

const CARD: CardInfo = {
  name: '张小明',
  idMasked: '6101**********123X',
  kind: 'kin',
  colour: 'green',
  issuedAt: 1714492800, // 2024-04-30 16:00 UTC
  expiresAt: 1715097540, // 2024-05-07 15:59 UTC
  issuer: '610113',
  guardian: { maskedName: '王*明', phoneLast4: '1234' },
};

describe('offlineCardSvg', () => {
  it('titles a kin code and limits it to testing sites', () => {
    const { svg } = offlineCardSvg('YMT1:X', CARD);
    expect(svg).toContain('离线亲属码');
    expect(svg).toContain('Offline kin code');
    expect(svg).toContain('仅限核酸检测点使用');
    expect(svg).toContain('not at airports or railway stations');
  });

  it('titles a personal code as a health code with no guardian line', () => {
    const { svg } = offlineCardSvg('YMT1:X', { ...CARD, kind: 'personal', guardian: null });
    expect(svg).toContain('离线健康码');
    expect(svg).toContain('Offline health code');
    expect(svg).not.toContain('监护人');
  });

  it('shows the guardian of a kin code by masked name and phone tail', () => {
    expect(offlineCardSvg('YMT1:X', CARD).svg).toContain('监护人 王*明\u3000尾号 1234');
  });

  it('names the status colour in words', () => {
    expect(offlineCardSvg('YMT1:X', CARD).svg).toContain('绿码');
    expect(offlineCardSvg('YMT1:X', { ...CARD, colour: 'yellow' }).svg).toContain('黄码');
    expect(offlineCardSvg('YMT1:X', { ...CARD, colour: 'red' }).svg).toContain('红码');
  });

  it('prints generation and expiry in China Standard Time, across the date line', () => {
    const { svg } = offlineCardSvg('YMT1:X', CARD);
    expect(svg).toContain('>2024-05-01 00:00<');
    expect(svg).toContain('>2024-05-07 23:59<');
  });

  it('escapes markup in every claim it prints', () => {
    const { svg } = offlineCardSvg('YMT1:X', {
      ...CARD,
      name: '<b>&amp;</b>',
      idMasked: '"id"',
      issuer: "'&'",
      guardian: { maskedName: '</text><script/>', phoneLast4: '<>' },
    });
    expect(svg).toContain('&lt;b&gt;&amp;amp;&lt;/b&gt;');
    expect(svg).toContain('&quot;id&quot;');
    expect(svg).toContain('&apos;&amp;&apos;');
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
  });

  it('is as wide as the card and taller with a guardian line', () => {
    const kin = offlineCardSvg('YMT1:X', CARD);
    const personal = offlineCardSvg('YMT1:X', { ...CARD, kind: 'personal', guardian: null });
    expect(kin.width).toBe(CARD_WIDTH);
    expect(kin.height).toBeGreaterThan(personal.height);
  });
});
