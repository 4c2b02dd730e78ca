import { describe, expect, it } from 'vitest';
import type { Quad } from './quad.js';
import { regionsFrom } from './regions.js';
import { SymbolSet } from './symbol-set.js';

const square = (x: number, y: number, size: number): Quad => [
  { x, y },
  { x: x + size, y },
  { x: x + size, y: y + size },
  { x, y: y + size },
];

describe('SymbolSet', () => {
  it('keeps one symbol when several passes read the same code at about the same place', () => {
    const set = new SymbolSet();
    expect(set.add({ text: 'A', format: 'QRCode', corners: square(100, 100, 200) }, 'full')).toBe(true);
    expect(set.add({ text: 'A', format: 'QRCode', corners: square(104, 97, 196) }, 'crop-stretch')).toBe(false);
    expect(set.symbols).toHaveLength(1);
    expect(set.passName).toBe('full');
  });

  it('keeps two labels with the same text side by side, and names both passes', () => {
    const set = new SymbolSet();
    set.add({ text: 'TB1', format: 'Code128', corners: square(0, 0, 100) }, 'full');
    set.add({ text: 'TB1', format: 'Code128', corners: square(600, 0, 100) }, 'crop-global');
    expect(set.symbols).toHaveLength(2);
    expect(set.passName).toBe('full+crop-global');
  });

  it('keeps a QR code and a tube label with the same text', () => {
    const set = new SymbolSet();
    set.add({ text: 'X', format: 'QRCode', corners: square(0, 0, 100) }, 'full');
    set.add({ text: 'X', format: 'Code128', corners: square(0, 0, 100) }, 'full');
    expect(set.symbols).toHaveLength(2);
  });

  it('says a detection is covered when it lies on a decoded symbol', () => {
    const set = new SymbolSet();
    set.add({ text: 'A', format: 'QRCode', corners: square(100, 100, 200) }, 'full');
    expect(set.covers(square(150, 150, 50))).toBe(true);
    expect(set.covers(square(500, 500, 50))).toBe(false);
  });
});

describe('regionsFrom', () => {
  it('merges overlapping detections into one padded region, most-detected first', () => {
    const regions = regionsFrom([square(100, 100, 50), square(120, 110, 50), square(600, 400, 40)], 1280, 720);
    expect(regions).toHaveLength(2);
    expect(regions[0]?.hits).toBe(2);
    const r = regions[0]!.rect;
    expect(r.x).toBeLessThan(100);
    expect(r.x + r.width).toBeGreaterThan(170);
  });

  it('gives a flat 1D detection the height of a label, and clips to the image', () => {
    const line: Quad = [{ x: 0, y: 700 }, { x: 400, y: 700 }, { x: 400, y: 701 }, { x: 0, y: 701 }];
    const [r] = regionsFrom([line], 1280, 720);
    expect(r!.rect.x).toBe(0);
    expect(r!.rect.y + r!.rect.height).toBe(720);
    expect(r!.rect.height).toBeGreaterThan(100);
  });
});
