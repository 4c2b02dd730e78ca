/**
 * The PNGs `ymt issue` writes: they are PNGs of the promised size, the same
 * input gives the same bytes (fixtures are committed), and, above all, a
 * QR reader gets back exactly the text that went in.
 */
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { BinaryBitmap, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource } from '@zxing/library';
import { renderOfflineCardPng, renderQrPng, type CardInfo } from './code-png.js';

const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A YMT1 payload about the size of a signed offline code, every Base45 character included. */
function realisticPayload(): string {
  let body = '';
  for (let i = 0; i < 330; i++) body += BASE45.charAt((i * 7 + 3) % BASE45.length);
  return `YMT1:${body}`;
}

const PAYLOAD = realisticPayload();

const KIN_CARD: CardInfo = {
  name: '张小明',
  idMasked: '6101**********123X',
  kind: 'kin',
  colour: 'green',
  issuedAt: 1714523400, // 2024-05-01 08:30 CST
  expiresAt: 1714523400 + 7 * 86400,
  issuer: '610113',
  guardian: { maskedName: '王*明', phoneLast4: '1234' },
};

function decodeQr(png: Uint8Array): string {
  const { width, height, data } = PNG.sync.read(Buffer.from(png));
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0; i < luminance.length; i++) {
    // Rec. 601 luma; the card is opaque, so alpha is ignored.
    const r = data[4 * i] ?? 0;
    const g = data[4 * i + 1] ?? 0;
    const b = data[4 * i + 2] ?? 0;
    luminance[i] = (299 * r + 587 * g + 114 * b) / 1000;
  }
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  return new QRCodeReader().decode(bitmap, hints).getText();
}

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  // IHDR is the first chunk: width and height follow its length and type.
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('renderQrPng', () => {
  it('writes a PNG of (modules + 2 × quiet zone) × module size pixels', () => {
    const png = renderQrPng(PAYLOAD, { ecLevel: 'M' });
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // The payload needs version 11 (61 modules) at level M.
    expect(pngSize(png)).toEqual({ width: (61 + 8) * 8, height: (61 + 8) * 8 });
    expect(pngSize(renderQrPng(PAYLOAD, { ecLevel: 'M', moduleSize: 4, quietZone: 2 }))).toEqual({ width: 65 * 4, height: 65 * 4 });
  });

  it('decodes back to exactly the input text at both EC levels', () => {
    expect(decodeQr(renderQrPng(PAYLOAD, { ecLevel: 'M' }))).toBe(PAYLOAD);
    expect(decodeQr(renderQrPng(PAYLOAD, { ecLevel: 'Q' }))).toBe(PAYLOAD);
  });

  it('gives identical bytes when rendered twice', () => {
    expect(renderQrPng(PAYLOAD, { ecLevel: 'Q' })).toEqual(renderQrPng(PAYLOAD, { ecLevel: 'Q' }));
  });

  it('refuses a module size or quiet zone that is not a whole number of pixels', () => {
    expect(() => renderQrPng(PAYLOAD, { ecLevel: 'M', moduleSize: 0 })).toThrow(RangeError);
    expect(() => renderQrPng(PAYLOAD, { ecLevel: 'M', moduleSize: 2.5 })).toThrow(/moduleSize/);
    expect(() => renderQrPng(PAYLOAD, { ecLevel: 'M', quietZone: -1 })).toThrow(/quietZone/);
  });
});

describe('renderOfflineCardPng', () => {
  it('writes a printable PNG 1000 px wide', () => {
    const png = renderOfflineCardPng(PAYLOAD, KIN_CARD);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const { width, height } = pngSize(png);
    expect(width).toBe(1000);
    expect(height).toBeGreaterThan(1400);
    expect(height).toBeLessThan(2000);
  });

  it('carries a QR that decodes back to exactly the input text, for every kind and colour', () => {
    expect(decodeQr(renderOfflineCardPng(PAYLOAD, KIN_CARD))).toBe(PAYLOAD);
    expect(decodeQr(renderOfflineCardPng(PAYLOAD, { ...KIN_CARD, kind: 'personal', colour: 'yellow', guardian: null }))).toBe(PAYLOAD);
    expect(decodeQr(renderOfflineCardPng(PAYLOAD, { ...KIN_CARD, colour: 'red' }))).toBe(PAYLOAD);
  });

  it('gives identical bytes when rendered twice', () => {
    expect(renderOfflineCardPng(PAYLOAD, KIN_CARD)).toEqual(renderOfflineCardPng(PAYLOAD, KIN_CARD));
  });

  it('renders a name holding XML markup characters without throwing', () => {
    const png = renderOfflineCardPng(PAYLOAD, {
      ...KIN_CARD,
      name: '<张&小明>',
      guardian: { maskedName: '"王\'*</text>', phoneLast4: '1&34' },
    });
    expect(decodeQr(png)).toBe(PAYLOAD);
  });
});
