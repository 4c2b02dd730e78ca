/**
 * The decoding cascade. Policy, in the order it runs:
 *
 * 1. `full`: one zxing-wasm read of the whole frame, handed over as it came
 *    (RGBA as zxing-wasm takes it alone), with zxing-wasm's thorough
 *    defaults (try harder, rotated, inverted, downscaled), also asking for
 *    symbols it detected but could not decode.
 * 2. Evidence, for free or nearly: those undecoded detections; and, only if
 *    the frame gave nothing at all, a finder-pattern scan (`finder-scan.ts`,
 *    about 1 ms at 1280x720) that sees the faded, dim and noisy codes
 *    zxing-wasm's binarizer gives up on without a word. No evidence, no
 *    more work: a frame with no code costs the first pass plus that scan.
 * 3. Where there is evidence, and only while the budget lasts: crop around
 *    it, scale it to about 480 px, and try the harder passes in `passes.ts`
 *    (contrast stretch, other binarizer, smoothing, sharpening, jsQR,
 *    @zxing/library), breadth first across regions.
 *
 * The first pass always runs, whatever the budget: a camera loop that gave
 * up before looking would never read anything.
 */
import { checkPixelBuffer, crop, resize, toGray, type GrayImage, type Rect } from './gray-image.js';
import { REGION_PASSES, THOROUGH } from './passes.js';
import { findFinderCandidates, finderRegions } from './finder-scan.js';
import { mapQuad, type Quad } from './quad.js';
import { regionsFrom, type Region } from './regions.js';
import { SymbolSet } from './symbol-set.js';
import type { DecodeOptions, DecodeResult, Decoder, DecoderDeps, PixelBuffer, SymbolFormat } from './types.js';
import { allocatePgm, loadZxingWasm, readWithZxingWasm } from './zxing-wasm-reader.js';

export const DEFAULT_BUDGET_MS = 100;
export const ALL_FORMATS: readonly SymbolFormat[] = ['QRCode', 'Code128'];

/** A crop is scaled so its longer side is about this long: small modules get enlarged, big regions shrunk. */
const CROP_TARGET_SIDE = 480;
const CROP_MAX_UPSCALE = 3;
/** At most this many regions get the harder passes per frame (most-detected first). */
const MAX_REGIONS = 8;

export async function createDecoder(deps: DecoderDeps): Promise<Decoder> {
  if (typeof deps.now !== 'function') throw new TypeError('deps.now: expected a clock function returning milliseconds');
  await loadZxingWasm(deps.wasmBinary);
  const now = deps.now;
  return {
    decode: (image, options) => decodeFrame(image, options ?? {}, now),
  };
}

async function decodeFrame(image: Parameters<Decoder['decode']>[0], options: DecodeOptions, now: () => number): Promise<DecodeResult> {
  const start = now();
  checkPixelBuffer(image);
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  if (typeof budgetMs !== 'number' || Number.isNaN(budgetMs) || budgetMs < 0) {
    throw new RangeError(`options.budgetMs: expected a number of milliseconds ≥ 0, got ${String(budgetMs)}`);
  }
  const formats = checkFormats(options.formats ?? ALL_FORMATS);
  const found = new SymbolSet();
  const done = (budgetExhausted: boolean): DecodeResult => ({ symbols: found.symbols, ms: now() - start, pass: found.passName, budgetExhausted });
  if (image.width === 0 || image.height === 0 || formats.length === 0) return done(false);

  const first = await readWithZxingWasm(image.format === 'rgba' ? { rgba: image.data, width: image.width, height: image.height } : grayPgm(image), formats, THOROUGH);
  for (const s of first.decoded) found.add(s, 'full');
  const fullMs = Math.max(0.1, now() - start);
  const regions = regionsToTry(image, first.undecoded, found);
  if (regions.length === 0) return done(false);
  // Only now, with somewhere to look, is the frame converted to grey for the crops.
  const gray = toGray(image);

  // Cost model for the budget check: a pass costs about what the full read
  // cost, scaled by its share of the frame's pixels and its own cost factor.
  const msPerPixel = fullMs / (gray.width * gray.height);
  const affordable = (pixels: number, cost: number): boolean => now() - start + msPerPixel * pixels * cost <= budgetMs;
  // Breadth first: every region gets the cheap, productive passes before any
  // region gets the expensive ones, so a frame with several codes reads the
  // most codes its budget allows.
  const pending: { input: GrayImage | null; region: Region }[] = regions.map((region) => ({ input: null, region }));
  for (const pass of REGION_PASSES) {
    for (const p of [...pending]) {
      const { rect } = p.region;
      const scale = cropScale(rect);
      if (!affordable(rect.width * rect.height * scale * scale, pass.cost)) return done(true);
      p.input ??= scaledCrop(gray, rect, scale);
      const symbols = await pass.run(p.input, formats);
      const factor = p.input.width / Math.max(1, rect.width);
      let added = false;
      for (const s of symbols) added = found.add({ text: s.text, format: s.format, corners: mapQuad(s.corners, rect, factor) }, pass.name) || added;
      if (added) pending.splice(pending.indexOf(p), 1);
    }
    if (pending.length === 0) break;
  }
  return done(false);
}

/** Small regions are enlarged (up to 3x) and large ones reduced, so their longer side is about CROP_TARGET_SIDE. */
function cropScale(rect: Rect): number {
  const s = Math.min(CROP_MAX_UPSCALE, CROP_TARGET_SIDE / Math.max(1, rect.width, rect.height));
  return Math.abs(s - 1) < 0.05 ? 1 : s;
}

function scaledCrop(gray: GrayImage, rect: Rect, scale: number): GrayImage {
  const cropped = crop(gray, rect);
  return scale === 1 ? cropped : resize(cropped, scale);
}

/**
 * Where to look harder: first where zxing-wasm saw a symbol it could not
 * decode; then, only if the frame gave nothing at all, where our finder-
 * pattern scan sees a QR code's corners (it costs about a tenth of the
 * first pass, and finds nothing on frames without a code).
 */
function regionsToTry(image: PixelBuffer, undecoded: readonly Quad[], found: SymbolSet): Region[] {
  const regions = regionsFrom(undecoded.filter((q) => !found.covers(q)), image.width, image.height);
  if (found.symbols.length === 0) {
    for (const rect of finderRegions(findFinderCandidates(image), image.width, image.height)) {
      const cx = rect.x + rect.width / 2;
      const cy = rect.y + rect.height / 2;
      const known = regions.some((r) => cx >= r.rect.x && cx <= r.rect.x + r.rect.width && cy >= r.rect.y && cy <= r.rect.y + r.rect.height);
      if (!known) regions.push({ rect, hits: 0 });
    }
  }
  return regions.slice(0, MAX_REGIONS);
}

/** A grey frame copied in after a PGM header, for zxing-wasm. */
function grayPgm(image: PixelBuffer): GrayImage {
  const pgm = allocatePgm(image.width, image.height);
  pgm.data.set(image.data);
  return pgm;
}

function checkFormats(formats: unknown): readonly SymbolFormat[] {
  if (!Array.isArray(formats)) throw new RangeError('options.formats: expected an array of symbol formats');
  const out: SymbolFormat[] = [];
  for (const f of formats as unknown[]) {
    const known = ALL_FORMATS.find((k) => k === f);
    if (known === undefined) throw new RangeError(`options.formats: unknown format ${JSON.stringify(f)}; expected ${ALL_FORMATS.join(' or ')}`);
    if (!out.includes(known)) out.push(known);
  }
  return out;
}
