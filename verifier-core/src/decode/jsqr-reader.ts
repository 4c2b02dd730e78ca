/**
 * jsQR: a third, independent QR locator and binarizer, pure JavaScript.
 * Policy: only ever run on a crop or a small image. On a large noisy frame
 * its finder search takes seconds (1.6 s on 1280x720 noise, measured).
 */
import jsQRModule from 'jsqr';
import { grayToRgba, type GrayImage } from './gray-image.js';
import type { Quad } from './quad.js';

/**
 * The package is CommonJS whose export is the function itself with a
 * `default` property pointing at it; its types describe only `default`, which
 * Node's interop and bundlers both provide.
 */
const jsQR = jsQRModule.default;

/** Images larger than this many pixels are refused: the caller crops first. */
export const JSQR_MAX_PIXELS = 640 * 640;

export function readWithJsQR(g: GrayImage): { readonly text: string; readonly corners: Quad } | null {
  if (g.width === 0 || g.height === 0 || g.width * g.height > JSQR_MAX_PIXELS) return null;
  const code = jsQR(grayToRgba(g), g.width, g.height, { inversionAttempts: 'attemptBoth' });
  if (code === null) return null;
  const l = code.location;
  return {
    text: code.data,
    corners: [
      { x: l.topLeftCorner.x, y: l.topLeftCorner.y },
      { x: l.topRightCorner.x, y: l.topRightCorner.y },
      { x: l.bottomRightCorner.x, y: l.bottomRightCorner.y },
      { x: l.bottomLeftCorner.x, y: l.bottomLeftCorner.y },
    ],
  };
}
