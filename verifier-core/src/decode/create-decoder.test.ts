import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/writer';
import { readImageFile, readZxingWasmBinary } from '../../cli/image-file.js';
import { createDecoder } from './create-decoder.js';
import { toGray } from './gray-image.js';
import type { PixelBuffer } from './types.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');
const cases = (JSON.parse(readFileSync(join(fixtures, 'codes/cases.json'), 'utf8')) as { cases: { name: string; payload: string; png?: string | null }[] }).cases;
const withPng = cases.flatMap((c) => (c.png ? [{ name: c.name, payload: c.payload, png: c.png }] : []));
const tube = cases.find((c) => c.name === 'tube-label')?.payload ?? 'TB2026031800123';

const clock = () => performance.now();
const decoder = await createDecoder({ wasmBinary: readZxingWasmBinary(), now: clock });

function grayBuffer(width: number, height: number, fill: (x: number, y: number) => number): PixelBuffer {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = fill(x, y);
  return { data, width, height, format: 'gray' };
}

/** A Code 128 label as a printer would make it: 3 px modules, a quiet zone, on a larger grey page. */
async function code128Image(text: string): Promise<PixelBuffer> {
  const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/writer/zxing_writer.wasm'));
  await prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.length) }, fireImmediately: true });
  const { symbol } = await writeBarcode(text, { format: 'Code128' });
  const k = 3;
  const ox = 60;
  const oy = 40;
  return grayBuffer(symbol.width * k + 2 * ox, 80 + 2 * oy, (x, y) => {
    const sx = Math.floor((x - ox) / k);
    if (sx < 0 || sx >= symbol.width || y < oy || y >= oy + 80) return 230;
    return (symbol.data[sx] ?? 255) < 128 ? 20 : 230;
  });
}

/** A fixture code with a band of its data area overwritten: the finder patterns still say "a code is here". */
function damaged(image: PixelBuffer): PixelBuffer {
  const g = toGray(image);
  const data = Uint8Array.from(g.data);
  let seed = 42;
  const w = g.width;
  for (let y = Math.floor(g.height * 0.42); y < g.height * 0.62; y++) {
    for (let x = Math.floor(w * 0.3); x < w * 0.75; x += 8) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const v = seed & 0x100 ? 0 : 255;
      for (let k = 0; k < 8; k++) data[y * w + x + k] = v;
    }
  }
  return { data, width: g.width, height: g.height, format: 'gray' };
}

describe('createDecoder', () => {
  it.each(withPng)('reads the fixture code $name exactly', async ({ png, payload }) => {
    const r = await decoder.decode(readImageFile(join(fixtures, png)));
    expect(r.symbols.map((s) => s.text)).toEqual([payload]);
    expect(r.symbols[0]?.format).toBe('QRCode');
    expect(r.pass).toBe('full');
  });

  it('gives the corners of a code in image pixels, top-left first', async () => {
    const first = withPng[0]!;
    const image = readImageFile(join(fixtures, first.png));
    const [s] = (await decoder.decode(image)).symbols;
    const [tl, tr, br, bl] = s!.corners;
    expect(tl.x).toBeLessThan(tr.x);
    expect(tl.y).toBeLessThan(bl.y);
    expect(br.x).toBeGreaterThan(bl.x);
    for (const p of s!.corners) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(image.width);
    }
  });

  it('reads a Code 128 tube label, and only when asked for Code 128', async () => {
    const image = await code128Image(tube);
    const r = await decoder.decode(image);
    expect(r.symbols).toMatchObject([{ text: tube, format: 'Code128' }]);
    expect((await decoder.decode(image, { formats: ['QRCode'] })).symbols).toEqual([]);
  });

  it('reads the same code from a greyscale buffer as from RGBA', async () => {
    const first = withPng[0]!;
    const rgba = readImageFile(join(fixtures, first.png));
    const r = await decoder.decode({ ...toGray(rgba), format: 'gray' });
    expect(r.symbols.map((s) => s.text)).toEqual([first.payload]);
  });

  it('reads a code shown inverted (light modules on dark, as on some phone themes)', async () => {
    const first = withPng[0]!;
    const g = toGray(readImageFile(join(fixtures, first.png)));
    const r = await decoder.decode({ data: g.data.map((v) => 255 - v), width: g.width, height: g.height, format: 'gray' });
    expect(r.symbols.map((s) => s.text)).toEqual([first.payload]);
  });

  it('reads a faded print (15 grey levels) that the first pass misses, where the finder scan points', async () => {
    const code = toGray(readImageFile(join(fixtures, withPng[0]!.png)));
    const w = 960;
    const image = grayBuffer(w, 720, (x, y) => {
      const sx = x - 200;
      const sy = y - 100;
      const inside = sx >= 0 && sy >= 0 && sx < code.width && sy < code.height;
      return inside ? Math.round(135 + ((code.data[sy * code.width + sx] ?? 0) * 15) / 255) : Math.round(90 + (80 * x) / w);
    });
    const r = await decoder.decode(image, { budgetMs: 1000 });
    expect(r.symbols.map((s) => s.text)).toEqual([withPng[0]!.payload]);
    expect(r.pass).toMatch(/^crop-/);
    // Corners come back in frame pixels, around where the code was pasted.
    const [tl] = r.symbols[0]!.corners;
    expect(Math.abs(tl.x - 232)).toBeLessThan(12);
    expect(Math.abs(tl.y - 132)).toBeLessThan(12);
  });

  it.each([
    ['a blank frame', grayBuffer(1280, 720, () => 128)],
    ['sensor noise', grayBuffer(640, 480, () => Math.floor(Math.random() * 256))],
    ['stripes', grayBuffer(640, 480, (x) => (x % 7 < 3 ? 0 : 255))],
  ])('finds nothing in %s', async (_name, image) => {
    const r = await decoder.decode(image);
    expect(r.symbols).toEqual([]);
    expect(r.pass).toBeNull();
  });

  it('gives up the harder passes when the budget runs out, but always makes the first pass', async () => {
    const image = damaged(readImageFile(join(fixtures, withPng[0]!.png)));
    // A clock that jumps 50 ms each time it is read: the first pass alone uses the budget.
    let t = 0;
    const slow = await createDecoder({ wasmBinary: readZxingWasmBinary(), now: () => (t += 50) });
    const r = await slow.decode(image, { budgetMs: 60 });
    expect(r.budgetExhausted).toBe(true);
    expect(r.ms).toBeGreaterThanOrEqual(50);
    const generous = await decoder.decode(image, { budgetMs: 10_000 });
    expect(generous.budgetExhausted).toBe(false);
  });

  it('returns an empty result for a 0-pixel frame and for no formats', async () => {
    expect((await decoder.decode({ data: new Uint8Array(0), width: 0, height: 0, format: 'rgba' })).symbols).toEqual([]);
    expect((await decoder.decode(grayBuffer(10, 10, () => 0), { formats: [] })).symbols).toEqual([]);
  });

  it.each([
    ['a buffer of the wrong length', { data: new Uint8Array(99), width: 10, height: 10, format: 'rgba' }, /expected 400 bytes for a 10x10 rgba image, got 99/],
    ['a fractional width', { data: new Uint8Array(10), width: 2.5, height: 4, format: 'gray' }, /whole numbers/],
    ['an unknown pixel format', { data: new Uint8Array(300), width: 10, height: 10, format: 'rgb' }, /'rgba' or 'gray'/],
  ])('throws a RangeError for %s', async (_name, image, message) => {
    await expect(decoder.decode(image as PixelBuffer)).rejects.toThrow(RangeError);
    await expect(decoder.decode(image as PixelBuffer)).rejects.toThrow(message);
  });

  it('throws a RangeError for an unknown format or a negative budget', async () => {
    const image = grayBuffer(4, 4, () => 0);
    await expect(decoder.decode(image, { formats: ['EAN13' as 'QRCode'] })).rejects.toThrow(RangeError);
    await expect(decoder.decode(image, { budgetMs: -1 })).rejects.toThrow(RangeError);
  });

  it('refuses bytes that are not WebAssembly', async () => {
    await expect(createDecoder({ wasmBinary: new Uint8Array([1, 2, 3]), now: clock })).rejects.toThrow(RangeError);
  });

  it('never throws on random pixels of any small size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 64 }), fc.boolean(), fc.integer(), async (w, h, rgba, seed) => {
        let s = seed >>> 0;
        const data = new Uint8Array(w * h * (rgba ? 4 : 1)).map(() => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24));
        const r = await decoder.decode({ data, width: w, height: h, format: rgba ? 'rgba' : 'gray' });
        expect(Array.isArray(r.symbols)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});
