/**
 * ZXing-C++ compiled to WebAssembly (zxing-wasm): the workhorse of every
 * pass. The module is instantiated from bytes the caller hands over; the
 * package's own default would fetch the .wasm from a CDN, which the kiosk's
 * CSP forbids and which a site without internet could not reach anyway.
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions, type ReadResult } from 'zxing-wasm/reader';
import type { GrayImage } from './gray-image.js';
import type { Quad } from './quad.js';
import type { SymbolFormat } from './types.js';

/** What one zxing-wasm call saw: symbols it decoded, and places where it found a symbol it could not decode. */
export interface WasmReading {
  readonly decoded: readonly { readonly text: string; readonly format: SymbolFormat; readonly corners: Quad }[];
  /** Detected but undecodable symbols (checksum or format errors): evidence that a harder pass may succeed there. */
  readonly undecoded: readonly Quad[];
}

export type WasmPassOptions = Pick<ReaderOptions, 'tryHarder' | 'tryRotate' | 'tryInvert' | 'tryDownscale' | 'tryDenoise' | 'binarizer' | 'downscaleFactor' | 'downscaleThreshold' | 'isPure'>;

/**
 * Instantiates the module from `wasmBinary`. Policy: `locateFile` is
 * overridden too, to a name no server answers, so that a broken binary makes
 * loading fail here instead of quietly falling back to a network fetch.
 */
export async function loadZxingWasm(wasmBinary: Uint8Array | ArrayBuffer): Promise<void> {
  const bytes = wasmBinary instanceof Uint8Array ? wasmBinary : new Uint8Array(wasmBinary);
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new RangeError(`wasmBinary: expected the bytes of zxing_reader.wasm (starting with \\0asm), got ${bytes.length} bytes that are not WebAssembly`);
  }
  // Emscripten reads `wasmBinary` as an ArrayBuffer-like; a view into a larger
  // pooled buffer (Node's readFileSync) must be copied out first.
  const exact = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  await prepareZXingModule({
    overrides: { wasmBinary: exact, locateFile: (path: string) => `about:invalid/${path}` },
    fireImmediately: true,
  });
}

/** QR Model 1 and 2 only: Micro QR's single finder pattern is what logos and icons look like (measured: false detections on 3 of 10 no-code frames), and our codes are never Micro QR. */
const ZXING_FORMATS: Record<SymbolFormat, readonly ('QRCodeModel1' | 'QRCodeModel2' | 'Code128')[]> = { QRCode: ['QRCodeModel1', 'QRCodeModel2'], Code128: ['Code128'] };

/** RGBA pixels as zxing-wasm takes them (its ImageData shape), converted to grey inside exactly as when used alone. */
export interface RgbaImage {
  readonly rgba: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

/**
 * One zxing-wasm call. A greyscale image goes in as a binary PGM, so nothing
 * is expanded to RGBA and back; an RGBA frame goes in as it is, so the first
 * pass costs what zxing-wasm alone costs.
 */
export async function readWithZxingWasm(image: GrayImage | RgbaImage, formats: readonly SymbolFormat[], options: WasmPassOptions): Promise<WasmReading> {
  if (image.width === 0 || image.height === 0 || formats.length === 0) return { decoded: [], undecoded: [] };
  const input =
    'rgba' in image
      ? { data: image.rgba instanceof Uint8ClampedArray ? image.rgba : new Uint8ClampedArray(image.rgba.buffer, image.rgba.byteOffset, image.rgba.length), width: image.width, height: image.height }
      : toPgm(image);
  const results = await readBarcodes(input, {
    ...options,
    formats: formats.flatMap((f) => ZXING_FORMATS[f]),
    textMode: 'Plain',
    returnErrors: true,
  });
  const decoded: WasmReading['decoded'][number][] = [];
  const undecoded: Quad[] = [];
  for (const r of results) {
    const corners = cornersOf(r);
    if (r.isValid) {
      const format = symbolFormatOf(r);
      if (format !== null) decoded.push({ text: r.text, format, corners });
    } else if (!isDegenerate(corners)) {
      undecoded.push(corners);
    }
  }
  return { decoded, undecoded };
}

function symbolFormatOf(r: ReadResult): SymbolFormat | null {
  if (r.symbology === 'QRCode') return 'QRCode';
  if (r.symbology === 'Code128') return 'Code128';
  return null;
}

function cornersOf(r: ReadResult): Quad {
  const p = r.position;
  return [
    { x: p.topLeft.x, y: p.topLeft.y },
    { x: p.topRight.x, y: p.topRight.y },
    { x: p.bottomRight.x, y: p.bottomRight.y },
    { x: p.bottomLeft.x, y: p.bottomLeft.y },
  ];
}

/** zxing reports some failures (e.g. "Invalid symbol size") at (0,0) with no extent: no place to look harder. */
function isDegenerate(q: Quad): boolean {
  const xs = q.map((p) => p.x);
  const ys = q.map((p) => p.y);
  return Math.max(...xs) - Math.min(...xs) < 4 || Math.max(...ys) - Math.min(...ys) < 4;
}

/**
 * A greyscale image laid out as a binary PGM (P5), which stb_image inside
 * zxing-wasm reads with one copy. The pixels sit right after the header, so
 * a frame converted straight into `pgm` needs no second copy for the first
 * pass; crops and other transforms are wrapped on demand.
 */
export interface PgmImage extends GrayImage {
  readonly pgm: Uint8Array;
}

export function allocatePgm(width: number, height: number): PgmImage {
  const header = `P5\n${width} ${height}\n255\n`;
  const pgm = new Uint8Array(header.length + width * height);
  for (let i = 0; i < header.length; i++) pgm[i] = header.charCodeAt(i);
  return { pgm, data: pgm.subarray(header.length), width, height };
}

function toPgm(g: GrayImage): Uint8Array {
  if ('pgm' in g && g.pgm instanceof Uint8Array) return g.pgm;
  const out = allocatePgm(g.width, g.height);
  out.data.set(g.data);
  return out.pgm;
}
