/**
 * The harder passes, tried in order on a region where the first pass saw a
 * symbol it could not decode. The order is by measured yield per
 * millisecond on the benchmark images (see bench/decode-bench.ts and the
 * README table): each pass reads codes the ones before it miss.
 */
import { boxBlur, sharpen, stretchContrast, type GrayImage } from './gray-image.js';
import { readWithJsQR } from './jsqr-reader.js';
import type { Quad } from './quad.js';
import type { SymbolFormat } from './types.js';
import { readWithZxingJs } from './zxing-js-reader.js';
import { readWithZxingWasm, type WasmPassOptions } from './zxing-wasm-reader.js';

export interface Found {
  readonly text: string;
  readonly format: SymbolFormat;
  /** In the pass's input image. */
  readonly corners: Quad;
}

export interface RegionPass {
  readonly name: string;
  /** Rough cost relative to one zxing-wasm read of as many pixels, for the budget check. */
  readonly cost: number;
  run(g: GrayImage, formats: readonly SymbolFormat[]): Promise<readonly Found[]>;
}

/** zxing-wasm's own defaults, spelled out: they are the first pass's too. */
export const THOROUGH: WasmPassOptions = { tryHarder: true, tryRotate: true, tryInvert: true, tryDownscale: true };

const wasm = (options: WasmPassOptions, prepare: (g: GrayImage) => GrayImage = (g) => g) =>
  async (g: GrayImage, formats: readonly SymbolFormat[]): Promise<readonly Found[]> => (await readWithZxingWasm(prepare(g), formats, options)).decoded;

/**
 * Measured on the benchmark's regions (70 regions with evidence in 461
 * images, 34 of them readable by some pass; 16 candidate passes tried on
 * each): greedy order by codes gained per millisecond, starting with the
 * single most productive pass. `crop-stretch` alone reads 21 of the 34,
 * `crop-global` 14; each later pass adds the few the earlier ones missed
 * (smoothing for sensor noise, sharpening for focus blur). Plain re-reads,
 * FixedThreshold, denoise and 2x enlargement added nothing once these ran.
 * jsQR and @zxing/library cost five to ten times a zxing-wasm pass on a crop,
 * so they come last and run only when the budget still allows; each read
 * one region nothing else could.
 */
export const REGION_PASSES: readonly RegionPass[] = [
  { name: 'crop-stretch', cost: 1.3, run: wasm(THOROUGH, stretchContrast) },
  { name: 'crop-global', cost: 1, run: wasm({ ...THOROUGH, binarizer: 'GlobalHistogram' }) },
  { name: 'crop-smooth', cost: 1.5, run: wasm(THOROUGH, (g) => boxBlur(g, 2)) },
  { name: 'crop-sharpen', cost: 1.8, run: wasm(THOROUGH, (g) => sharpen(g)) },
  {
    name: 'crop-jsqr',
    cost: 20,
    run: (g, formats) => {
      if (!formats.includes('QRCode')) return Promise.resolve([]);
      const r = readWithJsQR(stretchContrast(g));
      return Promise.resolve(r === null ? [] : [{ text: r.text, format: 'QRCode' as const, corners: r.corners }]);
    },
  },
  {
    name: 'crop-zxing-js',
    cost: 12,
    run: (g, formats) => {
      const r = readWithZxingJs(g, formats, 'global');
      return Promise.resolve(r === null ? [] : [r]);
    },
  },
];
