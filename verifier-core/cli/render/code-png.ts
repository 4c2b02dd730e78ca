/**
 * PNG output for `ymt issue`: a plain QR for a live code, and a printable
 * card for an offline code. Same input, same bytes: resvg loads only the
 * fonts named here, never the system's, so fixtures can be regenerated and
 * committed.
 */
import { Resvg } from '@resvg/resvg-js';
import { offlineCardSvg, type CardInfo } from './card-svg.js';
import { CJK_FONT_FAMILY, findCjkFontFiles } from './cjk-font.js';
import { assertWholeNumber, qrMatrix, qrPathData, type QrEcLevel } from './qr-svg.js';

export type { CardInfo } from './card-svg.js';
export { findCjkFontFiles } from './cjk-font.js';

export interface QrPngOptions {
  ecLevel: QrEcLevel;
  /** Pixels per module; 8 by default. */
  moduleSize?: number;
  /** Quiet zone in modules; 4 by default, as ISO/IEC 18004 requires. */
  quietZone?: number;
}

/** A plain QR, black on white, as a live code is shown on a phone. */
export function renderQrPng(text: string, opts: QrPngOptions): Uint8Array {
  const moduleSize = opts.moduleSize ?? 8;
  const quietZone = opts.quietZone ?? 4;
  assertWholeNumber('moduleSize', moduleSize, 1);
  assertWholeNumber('quietZone', quietZone, 0);
  const matrix = qrMatrix(text, opts.ecLevel);
  const side = (matrix.size + 2 * quietZone) * moduleSize;
  const origin = quietZone * moduleSize;
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${side}" height="${side}" viewBox="0 0 ${side} ${side}">` +
    `<rect width="${side}" height="${side}" fill="#ffffff"/>` +
    `<path fill="#000000" shape-rendering="crispEdges" d="${qrPathData(matrix, moduleSize, origin, origin)}"/>` +
    `</svg>`;
  // No text, so no fonts: nothing on the machine can change these bytes.
  return toPng(new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'original' } }));
}

/** The printable offline-code card; throws when no CJK font is installed. */
export function renderOfflineCardPng(text: string, info: CardInfo): Uint8Array {
  const { svg } = offlineCardSvg(text, info);
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: findCjkFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: CJK_FONT_FAMILY,
      sansSerifFamily: CJK_FONT_FAMILY,
    },
    fitTo: { mode: 'original' },
  });
  return toPng(resvg);
}

function toPng(resvg: Resvg): Uint8Array {
  const png = resvg.render().asPng();
  // A plain Uint8Array view, so callers need not know it is a Node Buffer.
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
