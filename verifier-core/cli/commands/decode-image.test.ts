/** `ymt decode-image` as a person or a script runs it: the built binary, real files. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '../../bin/ymt.js');
const fixtures = join(here, '../../../fixtures');
const cases = (JSON.parse(readFileSync(join(fixtures, 'codes/cases.json'), 'utf8')) as { cases: { name: string; payload: string; png?: string | null }[] }).cases;
const [a, b] = cases.flatMap((c) => (c.png ? [{ file: join(fixtures, c.png), payload: c.payload }] : []));
const dir = mkdtempSync(join(tmpdir(), 'ymt-decode-'));
const notImage = join(dir, 'notes.png');
writeFileSync(notImage, 'these are not pixels\n');
const truncated = join(dir, 'truncated.png');
writeFileSync(truncated, readFileSync(a!.file).subarray(0, 200));

function ymt(args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'decode-image', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr, lines: r.stdout.split('\n').filter((l) => l !== '') };
}
const json = (line: string | undefined) => JSON.parse(line ?? 'null') as Record<string, unknown>;

describe('ymt decode-image', () => {
  it('prints one JSON line per file with file, text, ms and every code with format and corners', () => {
    const r = ymt(['--json', a!.file, b!.file]);
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(2);
    const first = json(r.lines[0]);
    expect(first).toMatchObject({ file: a!.file, text: a!.payload, codes: [{ text: a!.payload, format: 'QRCode' }] });
    expect(typeof first.ms).toBe('number');
    const corners = (first.codes as { corners: { x: number; y: number }[] }[])[0]?.corners;
    expect(corners).toHaveLength(4);
    expect(corners?.every((p) => typeof p.x === 'number' && typeof p.y === 'number')).toBe(true);
    expect(json(r.lines[1])).toMatchObject({ file: b!.file, text: b!.payload });
  });

  it('reads a JPEG as well as a PNG', () => {
    const png = PNG.sync.read(readFileSync(a!.file));
    const photo = join(dir, 'photo.jpg');
    writeFileSync(photo, jpeg.encode({ data: png.data, width: png.width, height: png.height }, 85).data);
    const r = ymt(['--json', photo]);
    expect(r.code).toBe(0);
    expect(json(r.lines[0])).toMatchObject({ file: photo, text: a!.payload });
  });

  it('gives a file that is not an image an error line and a message, goes on, and exits 1', () => {
    const r = ymt(['--json', notImage, a!.file, truncated]);
    expect(r.code).toBe(1);
    expect(r.lines.map(json)).toMatchObject([
      { file: notImage, text: null, error: expect.stringMatching(/not a PNG or JPEG/) as unknown },
      { file: a!.file, text: a!.payload },
      { file: truncated, text: null, error: expect.stringMatching(/damaged PNG/) as unknown },
    ]);
    expect(r.err).toMatch(/notes\.png is not a PNG or JPEG image/);
    expect(r.err).toMatch(/truncated\.png is a damaged PNG/);
  });

  it('says "no such file" for a missing file, and exits 1', () => {
    const r = ymt(['--json', join(dir, 'missing.jpg')]);
    expect(r.code).toBe(1);
    expect(json(r.lines[0])).toMatchObject({ error: expect.stringMatching(/no such file/) as unknown });
  });

  it('prints a line a person reads without --json', () => {
    const r = ymt([a!.file, notImage]);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(new RegExp(`^${a!.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: QRCode "YMT1:.*" \\(\\d+\\.\\d ms\\)$`));
    expect(r.err).toMatch(/not a PNG or JPEG/);
  });

  it('says when an image holds no code, and exits 0', () => {
    const blank = join(dir, 'blank.png');
    const png = new PNG({ width: 64, height: 48 });
    png.data.fill(255);
    writeFileSync(blank, PNG.sync.write(png));
    const r = ymt([blank]);
    expect(r.code).toBe(0);
    expect(r.lines[0]).toMatch(/blank\.png: no code found/);
  });

  it.each([
    ['no file', [], /no FILE given/],
    ['an unknown format', ['--formats', 'ean13', 'x.png'], /--formats/],
    ['a bad budget', ['--budget', 'soon', 'x.png'], /--budget/],
    ['an unknown option', ['--colour', 'x.png'], /Unknown option/],
  ])('exits 2 with a message and nothing on stdout for %s', (_name, args, message) => {
    const r = ymt(args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
  });
});
