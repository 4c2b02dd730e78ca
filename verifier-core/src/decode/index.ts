/** Decoding QR codes and Code 128 tube labels from pixels: the entry point for the camera worker, the CLI and the tests. */
export { createDecoder, DEFAULT_BUDGET_MS, ALL_FORMATS } from './create-decoder.js';
export type { PixelBuffer, Point, SymbolFormat, DecodedSymbol, DecodeOptions, DecodeResult, Decoder, DecoderDeps } from './types.js';
