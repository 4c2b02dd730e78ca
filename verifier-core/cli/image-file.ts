/**
 * The Node side of decoding: PNG and JPEG files into pixel buffers, and the
 * decoder's WebAssembly bytes read from the installed package.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { PixelBuffer } from '../src/decode/types.js';

/** A file that is not a readable PNG or JPEG: the message says which and why, for a person. */
export class ImageFileError extends Error {
  override readonly name = 'ImageFileError';
}

/** Largest image we decode: 64 megapixels (a 9000x7000 scan), about 256 MB of RGBA. */
const MAX_PIXELS = 64_000_000;

export function readImageFile(path: string): PixelBuffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ImageFileError(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
  return decodeImageBytes(bytes, path);
}

/** Decodes PNG or JPEG bytes, recognised by their signature rather than the file name. */
export function decodeImageBytes(bytes: Uint8Array, name: string): PixelBuffer {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return decodePng(bytes, name);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return decodeJpeg(bytes, name);
  throw new ImageFileError(`${name} is not a PNG or JPEG image (${bytes.length === 0 ? 'the file is empty' : `it starts with ${describeStart(bytes)}`})`);
}

function decodePng(bytes: Uint8Array, name: string): PixelBuffer {
  let png: PNG;
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  } catch (e) {
    throw new ImageFileError(`${name} is a damaged PNG: ${(e as Error).message}`);
  }
  checkSize(png.width, png.height, name);
  return { data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length), width: png.width, height: png.height, format: 'rgba' };
}

function decodeJpeg(bytes: Uint8Array, name: string): PixelBuffer {
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 1024 });
  } catch (e) {
    throw new ImageFileError(`${name} is a damaged or unsupported JPEG: ${(e as Error).message}`);
  }
  checkSize(img.width, img.height, name);
  return { data: img.data, width: img.width, height: img.height, format: 'rgba' };
}

function checkSize(width: number, height: number, name: string): void {
  if (width * height > MAX_PIXELS) throw new ImageFileError(`${name} is ${width}x${height}, larger than the ${MAX_PIXELS / 1e6} megapixels we decode`);
}

function describeStart(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 8));
  const printable = head.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b < 0x7f));
  return printable ? JSON.stringify(String.fromCharCode(...head)) : head.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** The bytes of zxing-wasm's reader module, from the installed package (never a CDN). */
export function readZxingWasmBinary(): Uint8Array {
  const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
  return readFileSync(path);
}
