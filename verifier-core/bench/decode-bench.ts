/**
 * Benchmark for the decoding pipeline (issue: camera decoding). For every
 * category of images, the decode rate and the median / p95 time per frame of
 * our cascade and, in the same run on the same pixels, of each library
 * alone: zxing-wasm, @zxing/library and jsQR. Then the cost of a frame with
 * no code at 1280x720, which bounds the camera loop's frame rate.
 *
 * Figures are rates, medians and ratios, never a pass/fail on time: this
 * machine is shared and noisy.
 *
 * Image sets (each skipped when absent):
 *  - synthetic: fixtures/images/manifest.json (degraded renders, by category)
 *  - boofcv/<category>: photos; a code counts as found when a decoded
 *    symbol's centre lies in a labelled quadrilateral
 *  - zxing/<set>: ZXing's blackbox photos and scans; found when the expected
 *    text is among the decoded texts (line ends compared as LF)
 *  - fixtures/codes/png: our own rendered codes
 *
 * Environment: BENCH_PHOTOS (photo root, default /work/shared/data/qr-photos),
 * BENCH_MANIFEST (synthetic manifest), BENCH_ONLY (regex over category names),
 * BENCH_MAX_PER_CATEGORY (images per category, default all),
 * BENCH_DECODERS (comma list of ours,zxing-wasm,zxing-js,jsqr),
 * BENCH_BUDGET_MS (our per-frame budget, default 80 as in the camera loop), BENCH_RUNS (repeats of
 * each no-code frame, default 15), BENCH_JSON (also write the summary there).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jsQRModule from 'jsqr';
import { readBarcodes } from 'zxing-wasm/reader';
import { createDecoder } from '../src/decode/index.js';
import type { DecodedSymbol, Decoder, PixelBuffer, Point, SymbolFormat } from '../src/decode/index.js';
import { resize, toGray } from '../src/decode/gray-image.js';
import { pointInQuad, quadCentre, type Quad } from '../src/decode/quad.js';
import { readWithZxingJs } from '../src/decode/zxing-js-reader.js';
import { readImageFile, readZxingWasmBinary } from '../cli/image-file.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const PHOTOS = process.env.BENCH_PHOTOS ?? '/work/shared/data/qr-photos';
const MANIFEST = process.env.BENCH_MANIFEST ?? join(repo, 'fixtures/images/manifest.json');
const ONLY = process.env.BENCH_ONLY === undefined ? null : new RegExp(process.env.BENCH_ONLY);
const MAX_PER_CATEGORY = Number(process.env.BENCH_MAX_PER_CATEGORY ?? Infinity);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 80);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const FORMATS: readonly SymbolFormat[] = ['QRCode', 'Code128'];

// ---------------------------------------------------------------- cases

interface Case {
  readonly category: string;
  readonly path: string;
  /** Texts that must be read (synthetic, zxing, fixtures)... */
  readonly expected?: readonly string[];
  /** ...or labelled quadrilaterals a decoded symbol must fall in (boofcv). */
  readonly quads?: readonly Quad[];
}

const lf = (s: string): string => s.replace(/\r\n/g, '\n');

function syntheticCases(): Case[] {
  if (!existsSync(MANIFEST)) return [];
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { images?: { file: string; category: string; expected?: string[] }[] };
  const base = dirname(MANIFEST);
  return (manifest.images ?? []).map((m) => ({
    category: `synthetic/${m.category}`,
    path: isAbsolute(m.file) ? m.file : join(base, m.file),
    expected: m.expected ?? [],
  }));
}

/** BoofCV labels: after `#` comments and a `SETS` line, corner coordinates, 8 numbers a code (one or four lines). */
function parseBoofLabels(text: string): Quad[] {
  const nums = text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#') && l.trim() !== 'SETS')
    .flatMap((l) => l.trim().split(/\s+/).map(Number));
  const quads: Quad[] = [];
  for (let i = 0; i + 8 <= nums.length; i += 8) {
    const p = (k: number): Point => ({ x: nums[i + k] ?? 0, y: nums[i + k + 1] ?? 0 });
    quads.push([p(0), p(2), p(4), p(6)]);
  }
  return quads;
}

function boofCases(): Case[] {
  const root = join(PHOTOS, 'boofcv-detection');
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().flatMap((cat) =>
    readdirSync(join(root, cat)).filter((f) => f.endsWith('.jpg')).sort().map((f) => ({
      category: `boofcv/${cat}`,
      path: join(root, cat, f),
      quads: parseBoofLabels(readFileSync(join(root, cat, f.replace(/\.jpg$/, '.txt')), 'utf8')),
    })),
  );
}

function zxingCases(): Case[] {
  const root = join(PHOTOS, 'zxing-blackbox');
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().flatMap((set) =>
    readdirSync(join(root, set))
      .filter((f) => /\.(png|jpg)$/.test(f) && existsSync(join(root, set, f.replace(/\.\w+$/, '.txt'))))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
      .map((f) => ({ category: `zxing/${set}`, path: join(root, set, f), expected: [lf(readFileSync(join(root, set, f.replace(/\.\w+$/, '.txt')), 'utf8'))] })),
  );
}

function fixtureCases(): Case[] {
  const file = join(repo, 'fixtures/codes/cases.json');
  if (!existsSync(file)) return [];
  const cases = (JSON.parse(readFileSync(file, 'utf8')) as { cases: { png?: string | null; payload: string }[] }).cases;
  return cases.flatMap((c) => (c.png === undefined || c.png === null ? [] : [{ category: 'fixtures/codes', path: join(repo, 'fixtures', c.png), expected: [c.payload] }]));
}

function allCases(): Case[] {
  const byCategory = new Map<string, Case[]>();
  for (const c of [...syntheticCases(), ...boofCases(), ...zxingCases(), ...fixtureCases()]) {
    if (ONLY !== null && !ONLY.test(c.category)) continue;
    const list = byCategory.get(c.category) ?? [];
    if (list.length < MAX_PER_CATEGORY) list.push(c);
    byCategory.set(c.category, list);
  }
  return [...byCategory.values()].flat();
}

// ---------------------------------------------------------------- decoders

interface Reading {
  readonly symbols: readonly Pick<DecodedSymbol, 'text' | 'corners'>[];
  readonly pass?: string | null;
}
type Run = (image: PixelBuffer, formats: readonly SymbolFormat[]) => Promise<Reading>;

const jsQR = jsQRModule.default;
const clamped = (image: PixelBuffer): Uint8ClampedArray => new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length);

/** Each library as a user would call it alone, on the same RGBA pixels, for the same formats where it can. */
function singleDecoders(): Record<string, Run> {
  return {
    'zxing-wasm': async (image, formats) => {
      const results = await readBarcodes({ data: clamped(image), width: image.width, height: image.height }, { formats: [...formats], textMode: 'Plain' });
      return {
        symbols: results.map((r) => ({
          text: r.text,
          corners: [r.position.topLeft, r.position.topRight, r.position.bottomRight, r.position.bottomLeft] as const,
        })),
      };
    },
    'zxing-js': (image, formats) => {
      const r = readWithZxingJs(toGray(image), formats, 'hybrid');
      return Promise.resolve({ symbols: r === null ? [] : [r] });
    },
    jsqr: (image, formats) => {
      if (!formats.includes('QRCode')) return Promise.resolve({ symbols: [] });
      const r = jsQR(clamped(image), image.width, image.height);
      if (r === null) return Promise.resolve({ symbols: [] });
      const l = r.location;
      return Promise.resolve({ symbols: [{ text: r.data, corners: [l.topLeftCorner, l.topRightCorner, l.bottomRightCorner, l.bottomLeftCorner] as const }] });
    },
  };
}

// ---------------------------------------------------------------- scoring

/** Codes found and codes present; and symbols read that match nothing (false or wrong reads). */
function score(c: Case, symbols: Reading['symbols']): { found: number; total: number; wrong: number } {
  if (c.quads !== undefined) {
    const centres = symbols.map((s) => quadCentre(s.corners));
    const found = c.quads.filter((q) => centres.some((p) => pointInQuad(p, q))).length;
    const wrong = centres.filter((p) => !c.quads?.some((q) => pointInQuad(p, q))).length;
    return { found, total: c.quads.length, wrong };
  }
  const texts = symbols.map((s) => lf(s.text));
  const expected = c.expected ?? [];
  // The zxing sets list one expected text; an image may hold others (a code inside a code).
  const wrong = c.category.startsWith('zxing/') ? 0 : texts.filter((t) => !expected.includes(t)).length;
  return { found: expected.filter((e) => texts.includes(e)).length, total: expected.length, wrong };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? (s[m] ?? NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const p95 = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? NaN);
};

// ---------------------------------------------------------------- no-code frames

const W = 1280;
const H = 720;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function grayFrame(fill: (x: number, y: number) => number): PixelBuffer {
  const data = new Uint8Array(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const v = Math.max(0, Math.min(255, Math.round(fill(x, y))));
      const i = (y * W + x) * 4;
      data[i] = v;
      data[i + 1] = v;
      data[i + 2] = v;
      data[i + 3] = 255;
    }
  }
  return { data, width: W, height: H, format: 'rgba' };
}

/** Any image, scaled to cover 1280x720 and centre-cropped, with labelled codes painted over in light grey. */
function sceneFrame(image: PixelBuffer, quads: readonly Quad[]): PixelBuffer {
  const g = toGray(image);
  const f = Math.max(W / g.width, H / g.height);
  const scaled = resize(g, f);
  const ox = Math.floor((scaled.width - W) / 2);
  const oy = Math.floor((scaled.height - H) / 2);
  const hidden = quads.map((q) => grow(q, 1.3));
  return grayFrame((x, y) => {
    const sx = Math.min(scaled.width - 1, x + ox);
    const sy = Math.min(scaled.height - 1, y + oy);
    if (hidden.some((q) => pointInQuad({ x: sx / f, y: sy / f }, q))) return 160;
    return scaled.data[sy * scaled.width + sx] ?? 0;
  });
}

function grow(q: Quad, k: number): Quad {
  const c = quadCentre(q);
  const g = (p: Point): Point => ({ x: c.x + (p.x - c.x) * k, y: c.y + (p.y - c.y) * k });
  return [g(q[0]), g(q[1]), g(q[2]), g(q[3])];
}

function noCodeFrames(cases: readonly Case[]): { name: string; image: PixelBuffer }[] {
  const noise = rng(7);
  const frames = [
    { name: 'flat grey', image: grayFrame(() => 128) },
    { name: 'sensor noise (σ≈12)', image: grayFrame(() => 128 + (noise() + noise() + noise() - 1.5) * 24) },
    { name: 'gradient + texture', image: grayFrame((x, y) => 60 + (x / W) * 120 + 25 * Math.sin(x / 9) * Math.sin(y / 13)) },
  ];
  const scene = join(PHOTOS, 'boofcv-detection/nominal/image007.jpg');
  if (existsSync(scene)) {
    frames.push({ name: 'photo, codes painted out', image: sceneFrame(readImageFile(scene), parseBoofLabels(readFileSync(scene.replace(/\.jpg$/, '.txt'), 'utf8'))) });
  }
  for (const c of cases.filter((k) => k.category === 'synthetic/no-code').slice(0, 3)) {
    const img = readImageFile(c.path);
    frames.push({ name: `synthetic no-code ${c.path.split('/').pop() ?? ''}`, image: sceneFrame(img, []) });
  }
  return frames;
}

// ---------------------------------------------------------------- main

const decoder: Decoder = await createDecoder({ wasmBinary: readZxingWasmBinary(), now: () => performance.now() });
const runs: Record<string, Run> = {
  ours: async (image, formats) => {
    const r = await decoder.decode(image, { budgetMs: BUDGET_MS, formats });
    return { symbols: r.symbols, pass: r.pass };
  },
  ...singleDecoders(),
};
const wanted = process.env.BENCH_DECODERS?.split(',') ?? Object.keys(runs);
const names = Object.keys(runs).filter((n) => wanted.includes(n));

interface Tally { found: number; total: number; wrong: number; images: number; ms: number[]; foundMs: number[]; passes: Record<string, number> }
const tallies = new Map<string, Record<string, Tally>>();
const cases = allCases();
const started = performance.now();

for (const c of cases) {
  let image: PixelBuffer;
  try {
    image = readImageFile(c.path);
  } catch (e) {
    process.stderr.write(`skipping ${c.path}: ${(e as Error).message}\n`);
    continue;
  }
  const byDecoder = tallies.get(c.category) ?? {};
  tallies.set(c.category, byDecoder);
  for (const name of names) {
    const run = runs[name];
    if (run === undefined) continue;
    const t0 = performance.now();
    const reading = await run(image, FORMATS);
    const ms = performance.now() - t0;
    const s = score(c, reading.symbols);
    const t = (byDecoder[name] ??= { found: 0, total: 0, wrong: 0, images: 0, ms: [], foundMs: [], passes: {} });
    t.found += s.found;
    t.total += s.total;
    t.wrong += s.wrong;
    t.images++;
    t.ms.push(ms);
    if (s.found > 0) t.foundMs.push(ms);
    const pass = reading.pass ?? (s.found > 0 ? null : undefined);
    if (pass !== undefined) t.passes[pass ?? '?'] = (t.passes[pass ?? '?'] ?? 0) + 1;
  }
}

// No-code frames: each decoder, QR + Code 128 (the camera loop's job) and QR only.
const frames = noCodeFrames(cases);
const noCode: Record<string, Record<string, number>> = {};
for (const formats of [FORMATS, ['QRCode'] as const]) {
  for (const f of frames) {
    const row: Record<string, number> = {};
    for (const name of names) {
      const run = runs[name];
      if (run === undefined) continue;
      await run(f.image, formats); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < (name === 'jsqr' && f.name.startsWith('sensor') ? Math.min(RUNS, 3) : RUNS); i++) {
        const t0 = performance.now();
        await run(f.image, formats);
        ms.push(performance.now() - t0);
      }
      row[name] = median(ms);
    }
    noCode[`${formats.join('+')} | ${f.name}`] = row;
  }
}

// ---------------------------------------------------------------- report

const fmt = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '–');
const pct = (t: Tally | undefined): string => (t === undefined || t.total === 0 ? '–' : `${((100 * t.found) / t.total).toFixed(0)} %`);
const out: string[] = [];
out.push(`Decoding benchmark: ${cases.length} images, formats ${FORMATS.join(' + ')}, our budget ${BUDGET_MS} ms a frame, ${((performance.now() - started) / 1000).toFixed(0)} s`);
out.push('');
out.push(`| category | codes | ${names.map((n) => `${n} rate | ${n} ms median / p95`).join(' | ')} |`);
out.push(`|---|---:|${names.map(() => '---:|---:').join('|')}|`);
const totals: Record<string, Tally> = {};
for (const [category, byDecoder] of tallies) {
  const first = byDecoder[names[0] ?? ''];
  const best = Math.max(...names.filter((n) => n !== 'ours').map((n) => byDecoder[n]?.found ?? 0));
  const cells = names.map((n) => {
    const t = byDecoder[n];
    if (t === undefined) return '– | –';
    const tt = (totals[n] ??= { found: 0, total: 0, wrong: 0, images: 0, ms: [], foundMs: [], passes: {} });
    tt.found += t.found;
    tt.total += t.total;
    tt.wrong += t.wrong;
    tt.ms.push(...t.ms);
    tt.foundMs.push(...t.foundMs);
    const mark = n === 'ours' && t.found < best ? ' ▼' : '';
    const wrong = t.wrong > 0 && t.total === 0 ? ` (${t.wrong} false)` : '';
    return `${pct(t)}${mark}${wrong} | ${fmt(median(t.ms))} / ${fmt(p95(t.ms))}`;
  });
  out.push(`| ${category} | ${first?.total ?? 0} | ${cells.join(' | ')} |`);
}
out.push(`| **all** | ${totals[names[0] ?? '']?.total ?? 0} | ${names.map((n) => `**${pct(totals[n])}** | ${fmt(median(totals[n]?.ms ?? []))} / ${fmt(p95(totals[n]?.ms ?? []))}`).join(' | ')} |`);
out.push('');
out.push('No-code frame, 1280x720, median ms:');
out.push('');
out.push(`| frame | ${names.join(' | ')} | ours ÷ fastest single |`);
out.push(`|---|${names.map(() => '---:').join('|')}|---:|`);
for (const [frame, row] of Object.entries(noCode)) {
  const singles = names.filter((n) => n !== 'ours').map((n) => row[n] ?? Infinity);
  const ratio = (row.ours ?? NaN) / Math.min(...singles);
  out.push(`| ${frame} | ${names.map((n) => fmt(row[n] ?? NaN)).join(' | ')} | ${fmt(ratio, 2)} |`);
}
const ours = totals.ours;
if (ours !== undefined) {
  out.push('');
  out.push(`Ours, frames where a code was read: median ${fmt(median(ours.foundMs))} ms, p95 ${fmt(p95(ours.foundMs))} ms.`);
  const passes: Record<string, number> = {};
  for (const byDecoder of tallies.values()) for (const [p, n] of Object.entries(byDecoder.ours?.passes ?? {})) passes[p] = (passes[p] ?? 0) + n;
  out.push(`Passes that read codes (images): ${Object.entries(passes).sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ${n}`).join(', ')}`);
}
process.stdout.write(`${out.join('\n')}\n`);

const summary = {
  images: cases.length,
  budgetMs: BUDGET_MS,
  categories: Object.fromEntries([...tallies].map(([category, byDecoder]) => [
    category,
    Object.fromEntries(names.map((n) => {
      const t = byDecoder[n];
      return [n, t === undefined ? null : { found: t.found, total: t.total, wrong: t.wrong, medianMs: median(t.ms), p95Ms: p95(t.ms), passes: t.passes }];
    })),
  ])),
  noCodeMedianMs: noCode,
  oursFoundMedianMs: ours === undefined ? null : median(ours.foundMs),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
if (process.env.BENCH_JSON !== undefined) writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(summary, null, 2)}\n`);
