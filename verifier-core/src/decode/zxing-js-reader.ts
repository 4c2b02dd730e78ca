/**
 * @zxing/library, the TypeScript port of ZXing: a different binarizer and
 * finder from ZXing-C++'s, so it reads some damaged codes the other misses.
 * Pure JavaScript, synchronous.
 */
import * as zxingNamespace from '@zxing/library';
import type { GrayImage } from './gray-image.js';
import type { Quad } from './quad.js';
import type { Point, SymbolFormat } from './types.js';

/**
 * Node loads the package's CommonJS build, whose getters hide the named
 * exports from Node's ESM interop (they sit on `default`); bundlers load its
 * ESM build, which has them directly. Take whichever is there.
 */
type ZXingLibrary = Omit<typeof zxingNamespace, 'default'>;
// Read through a function so bundlers, which see no `default` in the ESM
// build, do not warn about a branch that never runs there.
const member = (m: object, key: string): unknown => (m as Record<string, unknown>)[key];
const zx = (member(zxingNamespace, 'QRCodeReader') === undefined ? member(zxingNamespace, 'default') : zxingNamespace) as ZXingLibrary;

export interface JsReading {
  readonly text: string;
  readonly format: SymbolFormat;
  readonly corners: Quad;
}

export type JsBinarizer = 'hybrid' | 'global';

/** One @zxing/library read (it finds at most one symbol), or null. */
export function readWithZxingJs(g: GrayImage, formats: readonly SymbolFormat[], binarizer: JsBinarizer): JsReading | null {
  if (g.width === 0 || g.height === 0 || formats.length === 0) return null;
  const luminances = new Uint8ClampedArray(g.data.buffer, g.data.byteOffset, g.width * g.height);
  const source = new zx.RGBLuminanceSource(luminances, g.width, g.height);
  const bitmap = new zx.BinaryBitmap(binarizer === 'hybrid' ? new zx.HybridBinarizer(source) : new zx.GlobalHistogramBinarizer(source));
  const reader = new zx.MultiFormatReader();
  const possible = formats.map((f) => (f === 'QRCode' ? zx.BarcodeFormat.QR_CODE : zx.BarcodeFormat.CODE_128));
  reader.setHints(new Map<zxingNamespace.DecodeHintType, unknown>([
    [zx.DecodeHintType.TRY_HARDER, true],
    [zx.DecodeHintType.POSSIBLE_FORMATS, possible],
  ]));
  let result: zxingNamespace.Result;
  try {
    result = reader.decodeWithState(bitmap);
  } catch {
    // The library reports "nothing here" and "could not decode" by throwing.
    return null;
  }
  const format: SymbolFormat = result.getBarcodeFormat() === zx.BarcodeFormat.CODE_128 ? 'Code128' : 'QRCode';
  const points = result.getResultPoints().map((p) => ({ x: p.getX(), y: p.getY(), moduleSize: moduleSizeOf(p) }));
  const corners = format === 'QRCode' ? qrCornersFromFinders(points) : lineCorners(points);
  if (corners === null) return null;
  return { text: result.getText(), format, corners };
}

function moduleSizeOf(p: zxingNamespace.ResultPoint): number {
  const estimate = (p as Partial<{ getEstimatedModuleSize: () => number }>).getEstimatedModuleSize;
  return typeof estimate === 'function' ? estimate.call(p) : 0;
}

/**
 * ZXing reports the three finder-pattern centres (bottom-left, top-left,
 * top-right), which sit 3.5 modules inside the symbol's corners: step out by
 * that much along the symbol's own axes.
 */
function qrCornersFromFinders(points: readonly (Point & { moduleSize: number })[]): Quad | null {
  const [bl, tl, tr] = points;
  if (bl === undefined || tl === undefined || tr === undefined) return null;
  const ux = tr.x - tl.x;
  const uy = tr.y - tl.y;
  const vx = bl.x - tl.x;
  const vy = bl.y - tl.y;
  const ul = Math.hypot(ux, uy) || 1;
  const vl = Math.hypot(vx, vy) || 1;
  const m = 3.5 * ((tl.moduleSize + tr.moduleSize + bl.moduleSize) / 3);
  const du = { x: (ux / ul) * m, y: (uy / ul) * m };
  const dv = { x: (vx / vl) * m, y: (vy / vl) * m };
  return [
    { x: tl.x - du.x - dv.x, y: tl.y - du.y - dv.y },
    { x: tr.x + du.x - dv.x, y: tr.y + du.y - dv.y },
    { x: tr.x + vx + du.x + dv.x, y: tr.y + vy + du.y + dv.y },
    { x: bl.x - du.x + dv.x, y: bl.y - du.y + dv.y },
  ];
}

/** A 1D read gives the two ends of the scan line: a flat quad along it. */
function lineCorners(points: readonly Point[]): Quad | null {
  const [a, b] = points;
  if (a === undefined || b === undefined) return null;
  const left = a.x <= b.x ? a : b;
  const right = left === a ? b : a;
  return [{ ...left }, { ...right }, { ...right }, { ...left }];
}
