/**
 * Regions worth a harder look: where the first pass detected a symbol but
 * could not decode it. Overlapping detections merge into one region, padded
 * for the quiet zone and for a detector that placed the symbol a little off.
 */
import { quadBounds, type Quad } from './quad.js';
import type { Rect } from './gray-image.js';

export interface Region {
  readonly rect: Rect;
  /** How many detections fell in it: more detections, more likely a real symbol. */
  readonly hits: number;
}

/** A 1D detection is a flat line: give it the height of a typical label, 40 % of its width. */
const LINEAR_MIN_ASPECT = 0.4;
const PAD = 0.25;

export function regionsFrom(quads: readonly Quad[], imageWidth: number, imageHeight: number): Region[] {
  let regions: { x0: number; y0: number; x1: number; y1: number; hits: number }[] = quads.map((q) => {
    const b = quadBounds(q);
    const height = Math.max(b.height, b.width * LINEAR_MIN_ASPECT);
    const cy = b.y + b.height / 2;
    return { x0: b.x, y0: cy - height / 2, x1: b.x + b.width, y1: cy + height / 2, hits: 1 };
  });
  // Merge until stable: a handful of detections, so quadratic is fine.
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let i = 0; i < regions.length; i++) {
      for (let j = i + 1; j < regions.length; j++) {
        const a = regions[i];
        const b = regions[j];
        if (a === undefined || b === undefined) continue;
        if (a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1) {
          regions[i] = { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1), hits: a.hits + b.hits };
          regions = regions.filter((_, k) => k !== j);
          merged = true;
          break outer;
        }
      }
    }
  }
  return regions
    .map((r) => {
      const pad = PAD * Math.max(r.x1 - r.x0, r.y1 - r.y0) + 8;
      const x = Math.max(0, Math.floor(r.x0 - pad));
      const y = Math.max(0, Math.floor(r.y0 - pad));
      return {
        rect: { x, y, width: Math.min(imageWidth, Math.ceil(r.x1 + pad)) - x, height: Math.min(imageHeight, Math.ceil(r.y1 + pad)) - y },
        hits: r.hits,
      };
    })
    .filter((r) => r.rect.width > 0 && r.rect.height > 0)
    .sort((a, b) => b.hits - a.hits);
}
