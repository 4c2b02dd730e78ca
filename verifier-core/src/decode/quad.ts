/** Quadrilaterals in image pixels: where a symbol is, or where one seems to be. */
import type { Point } from './types.js';
import type { Rect } from './gray-image.js';

/** Top-left, top-right, bottom-right, bottom-left. */
export type Quad = readonly [Point, Point, Point, Point];

export function quadCentre(q: Quad): Point {
  return { x: (q[0].x + q[1].x + q[2].x + q[3].x) / 4, y: (q[0].y + q[1].y + q[2].y + q[3].y) / 4 };
}

export function quadBounds(q: Quad): Rect {
  const xs = q.map((p) => p.x);
  const ys = q.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** The longer side of the bounding box: a symbol's size for "is this the same one" tests. */
export function quadSize(q: Quad): number {
  const b = quadBounds(q);
  return Math.max(b.width, b.height);
}

/** Even-odd rule; works for the convex and mildly concave quadrilaterals detectors report. */
export function pointInQuad(p: Point, q: Quad): boolean {
  let inside = false;
  for (let i = 0, j = 3; i < 4; j = i++) {
    const a = q[i];
    const b = q[j];
    if (a === undefined || b === undefined) continue;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}

/** Maps a quad found in a transformed image (cropped at `origin`, then scaled by `scale`) back to frame pixels. */
export function mapQuad(q: Quad, origin: Point, scale: number): Quad {
  const m = (p: Point): Point => ({ x: p.x / scale + origin.x, y: p.y / scale + origin.y });
  return [m(q[0]), m(q[1]), m(q[2]), m(q[3])];
}
