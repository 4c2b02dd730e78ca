/**
 * Greyscale images and the few transforms the harder decoding passes need:
 * crop, resize, contrast stretch, sharpen. Every pass works on one byte a
 * pixel, so a frame is converted once and each transform touches only the
 * region it is asked about.
 */
import type { PixelBuffer } from './types.js';

export interface GrayImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A rectangle in whole pixels. */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Checks a caller's buffer. Policy: a buffer that disagrees with its own
 * width, height or format is misuse and throws a RangeError that says what
 * was expected; a 0-pixel frame (a camera before its first frame) is valid
 * and simply holds no code.
 */
export function checkPixelBuffer(image: PixelBuffer): void {
  const { width, height, format, data } = image;
  if (!Number.isSafeInteger(width) || width < 0 || !Number.isSafeInteger(height) || height < 0) {
    throw new RangeError(`image: width and height must be whole numbers ≥ 0, got ${String(width)}x${String(height)}`);
  }
  if (format !== 'rgba' && format !== 'gray') {
    throw new RangeError(`image.format: expected 'rgba' or 'gray', got ${JSON.stringify(format)}`);
  }
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new RangeError('image.data: expected a Uint8Array or Uint8ClampedArray');
  }
  const expected = width * height * (format === 'rgba' ? 4 : 1);
  if (data.length !== expected) {
    throw new RangeError(`image.data: expected ${expected} bytes for a ${width}x${height} ${format} image, got ${data.length}`);
  }
}

/** Luma with the weights zxing-wasm uses (306, 601, 117 over 1024), so the crops see what zxing-wasm saw. A grey frame is used as it is. */
export function toGray(image: PixelBuffer): GrayImage {
  const { width, height } = image;
  const n = width * height;
  if (image.format === 'gray') {
    const data = image.data instanceof Uint8Array ? image.data : new Uint8Array(image.data.buffer, image.data.byteOffset, n);
    return { data, width, height };
  }
  const src = image.data;
  const out = new Uint8Array(n);
  // checkPixelBuffer proved the length, so every index below is in range: the casts only tell the compiler so.
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    out[i] = (306 * (src[j] as number) + 601 * (src[j + 1] as number) + 117 * (src[j + 2] as number) + 512) >> 10;
  }
  return { data: out, width, height };
}

/** The part of `g` inside `r`, clipped to the image. */
export function crop(g: GrayImage, r: Rect): GrayImage {
  const x0 = Math.max(0, Math.floor(r.x));
  const y0 = Math.max(0, Math.floor(r.y));
  const x1 = Math.min(g.width, Math.ceil(r.x + r.width));
  const y1 = Math.min(g.height, Math.ceil(r.y + r.height));
  const width = Math.max(0, x1 - x0);
  const height = Math.max(0, y1 - y0);
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const start = (y0 + y) * g.width + x0;
    data.set(g.data.subarray(start, start + width), y * width);
  }
  return { data, width, height };
}

/**
 * Resizes by `factor`: bilinear when enlarging (small modules need the
 * in-between values, not blocky copies), an area average when shrinking
 * (which also smooths sensor noise and moiré).
 */
export function resize(g: GrayImage, factor: number): GrayImage {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`resize: factor must be > 0, got ${factor}`);
  return factor >= 1 ? enlarge(g, factor) : shrink(g, factor);
}

function enlarge(g: GrayImage, factor: number): GrayImage {
  const width = Math.max(1, Math.round(g.width * factor));
  const height = Math.max(1, Math.round(g.height * factor));
  const out = new Uint8Array(width * height);
  const src = g.data;
  const sw = g.width;
  const maxX = g.width - 1;
  const maxY = g.height - 1;
  // Column weights do not depend on the row: compute them once.
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const fxs = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const sx = Math.min(maxX, Math.max(0, (x + 0.5) / factor - 0.5));
    const x0 = Math.floor(sx);
    x0s[x] = x0;
    x1s[x] = Math.min(maxX, x0 + 1);
    fxs[x] = sx - x0;
  }
  for (let y = 0; y < height; y++) {
    const sy = Math.min(maxY, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(sy);
    const fy = sy - y0;
    const r0 = y0 * sw;
    const r1 = Math.min(maxY, y0 + 1) * sw;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const a = x0s[x] ?? 0;
      const b = x1s[x] ?? 0;
      const fx = fxs[x] ?? 0;
      const top = (src[r0 + a] ?? 0) + ((src[r0 + b] ?? 0) - (src[r0 + a] ?? 0)) * fx;
      const bottom = (src[r1 + a] ?? 0) + ((src[r1 + b] ?? 0) - (src[r1 + a] ?? 0)) * fx;
      out[row + x] = top + (bottom - top) * fy + 0.5;
    }
  }
  return { data: out, width, height };
}

function shrink(g: GrayImage, factor: number): GrayImage {
  const width = Math.max(1, Math.round(g.width * factor));
  const height = Math.max(1, Math.round(g.height * factor));
  const sums = new Uint32Array(width * height);
  const counts = new Uint16Array(width * height);
  const src = g.data;
  for (let y = 0; y < g.height; y++) {
    const row = Math.min(height - 1, Math.floor(y * factor)) * width;
    const srow = y * g.width;
    for (let x = 0; x < g.width; x++) {
      const k = row + Math.min(width - 1, Math.floor(x * factor));
      sums[k] = (sums[k] ?? 0) + (src[srow + x] ?? 0);
      counts[k] = (counts[k] ?? 0) + 1;
    }
  }
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = Math.round((sums[i] ?? 0) / Math.max(1, counts[i] ?? 1));
  return { data: out, width, height };
}

/**
 * Stretches the 1st–99th percentile of brightness to the full range. zxing's
 * local binarizer treats a block whose range is under ~24 levels as flat, so
 * a faded print or a dim screen reads only after this.
 */
export function stretchContrast(g: GrayImage): GrayImage {
  const hist = new Uint32Array(256);
  const src = g.data;
  for (let i = 0; i < src.length; i++) {
    const v = src[i] ?? 0;
    hist[v] = (hist[v] ?? 0) + 1;
  }
  const cut = src.length * 0.01;
  let lo = 0;
  for (let seen = 0; lo < 255; lo++) {
    seen += hist[lo] ?? 0;
    if (seen > cut) break;
  }
  let hi = 255;
  for (let seen = 0; hi > 0; hi--) {
    seen += hist[hi] ?? 0;
    if (seen > cut) break;
  }
  if (hi - lo < 2) return g;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.max(0, Math.min(255, Math.round(((v - lo) * 255) / (hi - lo))));
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = lut[src[i] ?? 0] ?? 0;
  return { data: out, width: g.width, height: g.height };
}

/** Box blur of radius `r` (separable running sums). */
export function boxBlur(g: GrayImage, r: number): GrayImage {
  const { width: w, height: h } = g;
  const tmp = new Float32Array(w * h);
  const out = new Uint8Array(w * h);
  const src = g.data;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let sum = 0;
    let count = 0;
    for (let x = -r; x < w; x++) {
      if (x + r < w) {
        sum += src[row + x + r] ?? 0;
        count++;
      }
      if (x - r - 1 >= 0) {
        sum -= src[row + x - r - 1] ?? 0;
        count--;
      }
      if (x >= 0) tmp[row + x] = sum / count;
    }
  }
  for (let x = 0; x < w; x++) {
    let sum = 0;
    let count = 0;
    for (let y = -r; y < h; y++) {
      if (y + r < h) {
        sum += tmp[(y + r) * w + x] ?? 0;
        count++;
      }
      if (y - r - 1 >= 0) {
        sum -= tmp[(y - r - 1) * w + x] ?? 0;
        count--;
      }
      if (y >= 0) out[y * w + x] = sum / count + 0.5;
    }
  }
  return { data: out, width: w, height: h };
}

/** Unsharp mask: restores module edges softened by focus blur or motion. */
export function sharpen(g: GrayImage, radius = 2, amount = 1.5): GrayImage {
  const blurred = boxBlur(g, radius);
  const out = new Uint8Array(g.data.length);
  for (let i = 0; i < out.length; i++) {
    const v = g.data[i] ?? 0;
    out[i] = Math.max(0, Math.min(255, Math.round(v + amount * (v - (blurred.data[i] ?? 0)))));
  }
  return { data: out, width: g.width, height: g.height };
}

/** Four bytes a pixel, for the decoders that only take RGBA. */
export function grayToRgba(g: GrayImage): Uint8ClampedArray {
  const n = g.width * g.height;
  const out = new Uint8ClampedArray(n * 4);
  for (let i = 0, j = 0; i < n; i++, j += 4) {
    const v = g.data[i] ?? 0;
    out[j] = v;
    out[j + 1] = v;
    out[j + 2] = v;
    out[j + 3] = 255;
  }
  return out;
}
