import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readImageFile } from '../../cli/image-file.js';
import { findFinderCandidates, finderRegions, type FinderCandidate } from './finder-scan.js';
import { toGray, type GrayImage } from './gray-image.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures');
const firstPng = (JSON.parse(readFileSync(join(fixtures, 'codes/cases.json'), 'utf8')) as { cases: { png?: string | null }[] }).cases.find((c) => c.png)?.png;
const code = toGray(readImageFile(join(fixtures, firstPng!)));

/** The fixture code pasted into a 1280x720 frame at (ox, oy), its levels mapped to lo..hi, on a gradient. */
function frame(lo: number, hi: number, ox = 300, oy = 100): GrayImage {
  const w = 1280;
  const h = 720;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = x - ox;
      const sy = y - oy;
      const inside = sx >= 0 && sy >= 0 && sx < code.width && sy < code.height;
      data[y * w + x] = inside ? Math.round(lo + ((code.data[sy * code.width + sx] ?? 0) * (hi - lo)) / 255) : Math.round(90 + (80 * x) / w);
    }
  }
  return { data, width: w, height: h };
}

function fill(w: number, h: number, f: (x: number, y: number) => number): GrayImage {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = Math.max(0, Math.min(255, Math.round(f(x, y))));
  return { data, width: w, height: h };
}

const near = (c: FinderCandidate, x: number, y: number): boolean => Math.hypot(c.x - x, c.y - y) < 2 * c.module;

describe('findFinderCandidates', () => {
  it('finds the three finder patterns of a code, at their centres', () => {
    const f = frame(0, 255);
    const found = findFinderCandidates(f);
    // The fixture's finders: 3.5 modules in from the symbol's corners (symbol at 32..456, 8 px modules).
    const module = (456 - 32) / 53;
    const at = [
      [300 + 32 + 3.5 * module, 100 + 32 + 3.5 * module],
      [300 + 456 - 3.5 * module, 100 + 32 + 3.5 * module],
      [300 + 32 + 3.5 * module, 100 + 456 - 3.5 * module],
    ] as const;
    for (const [x, y] of at) expect(found.some((c) => near(c, x, y))).toBe(true);
    expect(finderRegions(found, f.width, f.height)).toHaveLength(1);
  });

  it('finds them in a faded print with 15 grey levels of contrast', () => {
    const f = frame(135, 150);
    const regions = finderRegions(findFinderCandidates(f), f.width, f.height);
    expect(regions).toHaveLength(1);
    const [r] = regions;
    expect(r!.x).toBeLessThanOrEqual(300 + 32);
    expect(r!.x + r!.width).toBeGreaterThanOrEqual(300 + 456);
  });

  it.each([
    ['a flat frame', fill(1280, 720, () => 128)],
    ['sensor noise', fill(1280, 720, () => 128 + (Math.random() - 0.5) * 60)],
    ['a blob texture on a gradient', fill(1280, 720, (x, y) => 60 + (x / 1280) * 120 + 25 * Math.sin(x / 9) * Math.sin(y / 13))],
    ['stripes', fill(640, 480, (x) => (x % 9 < 3 ? 20 : 230))],
    ['a checkerboard', fill(640, 480, (x, y) => ((x >> 4) + (y >> 4)) % 2 ? 20 : 230)],
  ])('reports no region in %s', (_name, g) => {
    expect(finderRegions(findFinderCandidates(g), g.width, g.height)).toEqual([]);
  });

  it('reports no region for a single finder-like logo', () => {
    // One finder pattern, 10 px modules: dark 7x7, light 5x5, dark 3x3.
    const g = fill(640, 480, (x, y) => {
      const d = Math.max(Math.abs(x - 320), Math.abs(y - 240)) / 10;
      return d < 1.5 ? 20 : d < 2.5 ? 230 : d < 3.5 ? 20 : 230;
    });
    const found = findFinderCandidates(g);
    expect(found).toHaveLength(1);
    expect(finderRegions(found, g.width, g.height)).toEqual([]);
  });
});
