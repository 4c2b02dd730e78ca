/**
 * The decoding contract: pixels in, symbols out. The camera worker, the
 * `ymt decode-image` command and the tests all run the same decoder through
 * this interface. Pure: the caller hands over the WebAssembly bytes and a
 * clock, so this folder imports nothing from Node or the DOM.
 */

/** A frame or image. `rgba`: 4 bytes a pixel (canvas ImageData, PNG); `gray`: 1 byte a pixel (a camera's Y plane). */
export interface PixelBuffer {
  readonly data: Uint8Array | Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
  readonly format: 'rgba' | 'gray';
}

export interface Point {
  readonly x: number;
  readonly y: number;
}

export type SymbolFormat = 'QRCode' | 'Code128';

export interface DecodedSymbol {
  readonly text: string;
  readonly format: SymbolFormat;
  /** Corners in image pixels: top-left, top-right, bottom-right, bottom-left of the symbol as read. */
  readonly corners: readonly [Point, Point, Point, Point];
}

export interface DecodeOptions {
  /** Stop trying harder passes after this many milliseconds (default 100). */
  readonly budgetMs?: number;
  /** Which symbologies to look for (default both). */
  readonly formats?: readonly SymbolFormat[];
}

export interface DecodeResult {
  readonly symbols: readonly DecodedSymbol[];
  /** Time spent, by the injected clock. */
  readonly ms: number;
  /** The name of the pass that found the symbols, or null. */
  readonly pass: string | null;
  /** True when the budget ran out before every pass was tried. */
  readonly budgetExhausted: boolean;
}

export interface Decoder {
  decode(image: PixelBuffer, options?: DecodeOptions): Promise<DecodeResult>;
}

export interface DecoderDeps {
  /** The bytes of zxing-wasm's `zxing_reader.wasm`, loaded by the caller from the package (never a CDN). */
  readonly wasmBinary: Uint8Array | ArrayBuffer;
  /** A monotonic clock in milliseconds (performance.now). */
  readonly now: () => number;
}
