/**
 * A cheap look for QR finder patterns (the three nested squares, dark-light-
 * dark-light-dark in proportion 1:1:3:1:1 across any line through the
 * centre) where zxing-wasm found nothing at all. Its binarizer refuses
 * blocks with less than ~24 levels of contrast and is thrown by heavy noise,
 * so a faded print, a dimmed screen or a dark room give it no symbol and no
 * error. This scan thresholds each row against its own running mean, with no
 * minimum contrast, on a half-size image (2x2 averaging halves the noise),
 * and confirms each hit down the column, as ZXing does.
 *
 * Policy: a region is reported only where two or more confirmed finder
 * patterns of similar size sit a plausible symbol width apart. One finder-
 * like logo or a checkerboard's corner is not a code; a code with one finder
 * washed out by glare still has two.
 */
import type { GrayImage, Rect } from './gray-image.js';
import type { PixelBuffer } from './types.js';

export interface FinderCandidate {
  /** Centre, in the input image's pixels. */
  readonly x: number;
  readonly y: number;
  /** Estimated module size in pixels. */
  readonly module: number;
  /** Rows on which it was seen: more rows, more certainly a finder pattern. */
  readonly hits: number;
}

/** Images with a shorter side below this are scanned at full size (halving would shrink modules below a pixel). */
const HALVE_ABOVE = 480;
/** Every other (half-size) row: a finder's core is 3 modules tall, so it still meets several scanned rows. */
const ROW_STEP = 2;
/** Lightest-to-darkest difference a finder must show, in grey levels (faded prints measured at 15). */
const MIN_CONTRAST = 6;
const MAX_CANDIDATES = 64;
/** Column checks per frame before the scan gives up (a code's three finders need a few dozen). */
const MAX_CHECKS = 600;
/** A pair without a third finder is weaker evidence: each must have been seen on this many rows (noise makes 2-hit flukes). */
const PAIR_MIN_HITS = 3;

/** Reads the image at half size on the fly (2x2 averages), so no half-size copy is made. */
interface Sampler {
  readonly width: number;
  readonly height: number;
  at(x: number, y: number): number;
}

/**
 * Reads the image at half size on the fly (2x2 averages), so no half-size
 * copy is made. An RGBA frame is read through its green channel, which
 * carries most of the luminance (and shows red, green and yellow codes on
 * white): the scan never needs the frame converted to grey.
 */
function sampler(image: GrayImage | PixelBuffer): { s: Sampler; scale: number } {
  const d = image.data;
  const w = image.width;
  const rgba = 'format' in image && image.format === 'rgba';
  const halve = Math.min(image.width, image.height) > HALVE_ABOVE;
  const width = halve ? w >> 1 : w;
  const height = halve ? image.height >> 1 : image.height;
  let at: (x: number, y: number) => number;
  if (!rgba) {
    at = halve
      ? (x, y) => {
          const i = 2 * (y * w + x);
          return ((d[i] ?? 0) + (d[i + 1] ?? 0) + (d[i + w] ?? 0) + (d[i + w + 1] ?? 0) + 2) >> 2;
        }
      : (x, y) => d[y * w + x] ?? 0;
  } else {
    const stride = 4 * w;
    at = halve
      ? (x, y) => {
          const i = 8 * (y * w + x) + 1;
          return ((d[i] ?? 0) + (d[i + 4] ?? 0) + (d[i + stride] ?? 0) + (d[i + stride + 4] ?? 0) + 2) >> 2;
        }
      : (x, y) => d[4 * (y * w + x) + 1] ?? 0;
  }
  return { s: { width, height, at }, scale: halve ? 2 : 1 };
}

interface Found {
  x: number;
  y: number;
  module: number;
  hits: number;
  /** First and last scanned row that saw it. */
  top: number;
  bottom: number;
}

export function findFinderCandidates(image: GrayImage | PixelBuffer): FinderCandidate[] {
  const { s, scale } = sampler(image);
  const w = s.width;
  const radius = Math.max(8, Math.min(32, Math.round(Math.min(w, s.height) / 20)));
  const row = new Uint8Array(w);
  const thresholds = new Float32Array(w);
  const runs = new Int32Array(w + 1);
  const starts = new Int32Array(w + 1);
  const scan: Scan = { found: [], rejected: [], checks: 0 };

  // Policy: a frame that keeps the checks this busy is a texture, not a code; stop there.
  for (let y = 0; y < s.height && scan.found.length < 4 * MAX_CANDIDATES && scan.checks < MAX_CHECKS; y += ROW_STEP) {
    for (let x = 0; x < w; x++) row[x] = s.at(x, y);
    // Running mean over ±radius; a pixel is dark when clearly below it (flat stretches stay light).
    let sum = 0;
    let count = 0;
    for (let x = 0; x < Math.min(w, radius); x++) {
      sum += row[x] ?? 0;
      count++;
    }
    // Run lengths, starting with a light run (possibly empty) so that dark runs have odd indices.
    let n = 0;
    let colour = 0;
    runs[0] = 0;
    starts[0] = 0;
    for (let x = 0; x < w; x++) {
      if (x + radius < w) {
        sum += row[x + radius] ?? 0;
        count++;
      }
      if (x - radius - 1 >= 0) {
        sum -= row[x - radius - 1] ?? 0;
        count--;
      }
      const mean = sum / count;
      thresholds[x] = mean;
      const d = (row[x] ?? 0) < mean - 1 ? 1 : 0;
      if (d !== colour) {
        n++;
        runs[n] = 0;
        starts[n] = x;
        colour = d;
        // A light run just began: the five runs before it may be a finder pattern.
        if (d === 0 && n >= 5) checkPattern(s, row, y, n - 5, runs, starts, thresholds, scan);
      }
      runs[n] = (runs[n] ?? 0) + 1;
    }
  }
  return scan.found
    // Only rows through the 3-module core match 1:1:3:1:1, so a real finder's
    // hits span at most about 3 modules; stripes and textures span more.
    .filter((c) => c.hits >= 2 && c.bottom - c.top <= 3.5 * c.module + ROW_STEP)
    .sort((a, b) => b.hits - a.hits)
    .slice(0, MAX_CANDIDATES)
    .map((c) => ({ x: (c.x + 0.5) * scale - 0.5, y: (c.y + 0.5) * scale - 0.5, module: c.module * scale, hits: c.hits }));
}

/** 1:1:3:1:1 within 0.6 of a module each (ZXing allows 0.5; a little more for noise), at least 7 pixels across. */
function ratioOk(a: number, b: number, c: number, d: number, e: number): number {
  const total = a + b + c + d + e;
  if (total < 7) return 0;
  const m = total / 7;
  const v = m * 0.6;
  if (Math.abs(a - m) >= v || Math.abs(b - m) >= v || Math.abs(c - 3 * m) >= 3 * v || Math.abs(d - m) >= v || Math.abs(e - m) >= v) return 0;
  return m;
}

/** State of one scan: accepted candidates, places already rejected, and the work done so far. */
interface Scan {
  readonly found: Found[];
  readonly rejected: { x: number; y: number; module: number }[];
  checks: number;
}

const near = (a: { x: number; y: number; module: number }, x: number, y: number, module: number): boolean =>
  Math.abs(a.x - x) < 2 * module && Math.abs(a.y - y) < 3 * module && Math.max(a.module, module) / Math.min(a.module, module) < 1.6;

function checkPattern(s: Sampler, row: Uint8Array, y: number, first: number, runs: Int32Array, starts: Int32Array, thresholds: Float32Array, scan: Scan): void {
  const r = (k: number): number => runs[first + k] ?? 0;
  const m = ratioOk(r(0), r(1), r(2), r(3), r(4));
  if (m === 0) return;
  const cx = Math.round((starts[first + 2] ?? 0) + r(2) / 2);
  // Contrast between the dark core and the light ring beside it.
  const ringX = (starts[first + 1] ?? 0) + (r(1) >> 1);
  if ((row[ringX] ?? 0) - (row[cx] ?? 0) < MIN_CONTRAST) return;
  // A texture repeats the same false hit row after row: remember where the 2D check failed.
  if (scan.rejected.some((q) => near(q, cx, y, m))) return;
  scan.checks++;
  const vertical = crossCheckVertical(s, cx, y, thresholds[cx] ?? 128, r(0) + r(1) + r(2) + r(3) + r(4));
  if (vertical === null) return;
  // A finder is square: the two directions must agree on the module size.
  if (Math.max(m, vertical.module) / Math.min(m, vertical.module) > 1.5) return;
  const module = (m + vertical.module) / 2;
  const known = scan.found.find((c) => near(c, cx, vertical.y, module));
  if (known !== undefined) {
    known.x = (known.x * known.hits + cx) / (known.hits + 1);
    known.y = (known.y * known.hits + vertical.y) / (known.hits + 1);
    known.module = (known.module * known.hits + module) / (known.hits + 1);
    known.hits++;
    known.top = Math.min(known.top, y);
    known.bottom = Math.max(known.bottom, y);
    return;
  }
  // Judge light and dark by this finder's own levels: midway between its core and ring.
  if (!ringsOk(s, cx, vertical.y, module, ((row[cx] ?? 0) + (row[ringX] ?? 0)) / 2)) {
    scan.rejected.push({ x: cx, y: vertical.y, module });
    return;
  }
  scan.found.push({ x: cx, y: vertical.y, module, hits: 1, top: y, bottom: y });
}

const DIRECTIONS = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => [Math.cos((k * Math.PI) / 4), Math.sin((k * Math.PI) / 4)] as const);

/**
 * The 2D check that rows and columns cannot make: walking out from the
 * centre in eight directions must cross dark core, light ring, dark ring,
 * with the core ending 1 to 2.2 modules out and the light ring 1.8 to 3.7
 * (1.5 and 2.5 along the symbol's axes, 2.1 and 3.5 along its diagonals,
 * whatever its rotation). Textures and stripes that pass the line tests fail
 * this. Two directions in eight may fail, for perspective, blur and damage.
 */
function ringsOk(s: Sampler, cx: number, cy: number, module: number, threshold: number): boolean {
  let failures = 0;
  const step = Math.max(0.5, module / 4);
  for (const [dx, dy] of DIRECTIONS) {
    let coreEnd = -1;
    let ringEnd = -1;
    let ok = false;
    for (let r = step; r <= 4.2 * module; r += step) {
      const v = sample(s, cx + dx * r, cy + dy * r);
      if (v === null) break;
      const dark = v < threshold;
      if (coreEnd < 0) {
        if (!dark) coreEnd = r;
      } else if (ringEnd < 0) {
        if (dark) ringEnd = r;
      } else {
        ok = true;
        break;
      }
    }
    const m = module;
    if (!(ok && coreEnd >= 0.9 * m && coreEnd <= 2.3 * m && ringEnd >= 1.7 * m && ringEnd <= 3.8 * m)) failures++;
    if (failures > 2) return false;
  }
  return true;
}

function sample(s: Sampler, x: number, y: number): number | null {
  const xi = Math.round(x);
  const yi = Math.round(y);
  return xi < 0 || yi < 0 || xi >= s.width || yi >= s.height ? null : s.at(xi, yi);
}

/**
 * Walks up and down the column from the core; returns the vertical centre
 * and module size if the pattern holds there too. Each run may be at most
 * twice its expected length, so a false hit on a big blob is dropped after a
 * few samples instead of a walk across it.
 */
function crossCheckVertical(s: Sampler, x: number, y: number, threshold: number, horizontalTotal: number): { y: number; module: number } | null {
  const m = horizontalTotal / 7;
  const limit = [2 * m + 1, 2 * m + 1, 6 * m + 1, 2 * m + 1, 2 * m + 1];
  const isDark = (yy: number): boolean => s.at(x, yy) < threshold - 1;
  const counts = [0, 0, 0, 0, 0];
  const walk = (from: number, step: 1 | -1, order: readonly (readonly [number, boolean])[]): number | null => {
    let yy = from;
    for (const [k, wantDark] of order) {
      while (yy >= 0 && yy < s.height && isDark(yy) === wantDark) {
        counts[k] = (counts[k] ?? 0) + 1;
        if ((counts[k] ?? 0) > (limit[k] ?? 0)) return null;
        yy += step;
      }
      if ((yy < 0 || yy >= s.height) && k !== order[order.length - 1]?.[0]) return null;
    }
    return yy;
  };
  // Up: core (2), ring (1), outer (0); then down: core (2), ring (3), outer (4).
  const above = walk(y, -1, [[2, true], [1, false], [0, true]]);
  if (above === null || walk(y + 1, 1, [[2, true], [3, false], [4, true]]) === null) return null;
  const [a = 0, b = 0, c = 0, d = 0, e = 0] = counts;
  const total = a + b + c + d + e;
  if (total < horizontalTotal / 2 || total > horizontalTotal * 2) return null;
  const vm = ratioOk(a, b, c, d, e);
  if (vm === 0) return null;
  return { y: above + 1 + a + b + c / 2, module: vm };
}

/**
 * Rectangles that may hold a QR code. Three candidates in an L (two equal
 * sides at a right angle, similar module sizes) give the symbol's box
 * itself. A pair alone (11 to 250 modules apart) does not say on which side
 * the third finder is, so its rectangle reaches a pair's distance beyond it
 * on every side.
 */
export function finderRegions(candidates: readonly FinderCandidate[], imageWidth: number, imageHeight: number): Rect[] {
  const boxes: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const similar = (a: FinderCandidate, b: FinderCandidate): boolean => Math.max(a.module, b.module) / Math.min(a.module, b.module) <= 1.6;
  const dist = (a: FinderCandidate, b: FinderCandidate): number => Math.hypot(a.x - b.x, a.y - b.y);
  const inTriple = new Set<number>();
  const n = candidates.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      for (let k = j + 1; k < n; k++) {
        const t = [candidates[i], candidates[j], candidates[k]];
        const [a, b, c] = t;
        if (a === undefined || b === undefined || c === undefined || !similar(a, b) || !similar(b, c) || !similar(a, c)) continue;
        const sides = [dist(a, b), dist(b, c), dist(a, c)].sort((p, q) => p - q);
        const [s0 = 0, s1 = 0, s2 = 0] = sides;
        const module = (a.module + b.module + c.module) / 3;
        // Legs within 40 % of each other, the hypotenuse about √2 a leg, at least 11 modules a leg.
        if (s0 < 11 * module || s1 / s0 > 1.4 || s2 / s1 < 1.2 || s2 / s1 > 1.7) continue;
        inTriple.add(i).add(j).add(k);
        const pad = 4.5 * module + 0.1 * s1;
        const xs = t.map((p) => p?.x ?? 0);
        const ys = t.map((p) => p?.y ?? 0);
        boxes.push({ x0: Math.min(...xs) - pad, y0: Math.min(...ys) - pad, x1: Math.max(...xs) + pad, y1: Math.max(...ys) + pad });
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = candidates[i];
      const b = candidates[j];
      if (a === undefined || b === undefined || inTriple.has(i) || inTriple.has(j) || a.hits < PAIR_MIN_HITS || b.hits < PAIR_MIN_HITS || !similar(a, b)) continue;
      const module = (a.module + b.module) / 2;
      const d = dist(a, b);
      if (d < 11 * module || d > 250 * module) continue;
      const reach = d + 5 * module;
      boxes.push({ x0: Math.min(a.x, b.x) - reach, y0: Math.min(a.y, b.y) - reach, x1: Math.max(a.x, b.x) + reach, y1: Math.max(a.y, b.y) + reach });
    }
  }
  // Merge overlapping boxes: several pairs of one symbol give one region.
  const merged: typeof boxes = [];
  for (const b of boxes) {
    let cur = { ...b };
    for (let k = merged.length - 1; k >= 0; k--) {
      const m = merged[k];
      if (m !== undefined && m.x0 <= cur.x1 && cur.x0 <= m.x1 && m.y0 <= cur.y1 && cur.y0 <= m.y1) {
        cur = { x0: Math.min(m.x0, cur.x0), y0: Math.min(m.y0, cur.y0), x1: Math.max(m.x1, cur.x1), y1: Math.max(m.y1, cur.y1) };
        merged.splice(k, 1);
      }
    }
    merged.push(cur);
  }
  return merged
    .map((b) => {
      const x = Math.max(0, Math.floor(b.x0));
      const y = Math.max(0, Math.floor(b.y0));
      return { x, y, width: Math.min(imageWidth, Math.ceil(b.x1)) - x, height: Math.min(imageHeight, Math.ceil(b.y1)) - y };
    })
    .filter((r) => r.width > 0 && r.height > 0);
}
