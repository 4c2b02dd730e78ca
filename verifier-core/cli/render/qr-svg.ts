/**
 * A QR symbol as SVG path data. The symbol comes from `qrcode`; drawing it
 * ourselves keeps every module on whole pixels, so the PNG is sharp and the
 * same bytes every time.
 */
import { create } from 'qrcode';

export type QrEcLevel = 'M' | 'Q';

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  readonly size: number;
  readonly isDark: (row: number, col: number) => boolean;
}

export function qrMatrix(text: string, ecLevel: QrEcLevel): QrMatrix {
  const { modules } = create(text, { errorCorrectionLevel: ecLevel });
  return { size: modules.size, isDark: (row, col) => modules.get(row, col) !== 0 };
}

/**
 * Path data for the dark modules, one rectangle per horizontal run, with the
 * symbol's top-left module at (`x`, `y`). Sizes are whole pixels.
 */
export function qrPathData(matrix: QrMatrix, moduleSize: number, x: number, y: number): string {
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    let col = 0;
    while (col < matrix.size) {
      if (!matrix.isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < matrix.size && matrix.isDark(row, col)) col++;
      const w = (col - start) * moduleSize;
      parts.push(`M${x + start * moduleSize} ${y + row * moduleSize}h${w}v${moduleSize}h${-w}z`);
    }
  }
  return parts.join('');
}

export function assertWholeNumber(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name}: expected a whole number >= ${min}, got ${String(value)}`);
  }
}
