import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fillDemoData } from '../../demo/fill-demo-data.js';
import { makeKiosk, SUPERVISOR } from '../../test-support/kiosk-fixture.js';
import { parseTime, runExport } from './export.js';

// 2026-03-18T17:00:00+08:00
const NOW = 1773824400;

function setup() {
  const k = makeKiosk({ lists: false });
  fillDemoData(k.db, { registrations: 30, days: 1, seed: 'cli', now: NOW });
  const out = join(mkdtempSync(join(tmpdir(), 'kiosk-cli-')), 'out.csv');
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    printed.push(String(s));
    return true;
  });
  return { ...k, out, printed };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('kiosk export', () => {
  it('reads the data directory from KIOSK_DATA_DIR and says what it wrote', async () => {
    const { dir, out, printed } = setup();
    vi.stubEnv('KIOSK_DATA_DIR', dir);
    expect(await runExport(['--format', 'csv', '--out', out])).toBe(0);
    expect(printed.join('')).toMatch(/^exported 30 registrations to .*out\.csv \(csv, ID numbers masked, \d+ bytes\)\n$/);
    expect(readFileSync(out, 'utf8')).toMatch(/^\ufeff采样时间 Sampled at,/);
  });
  it('says which formats exist', async () => {
    const { dir, out } = setup();
    await expect(runExport(['--data-dir', dir, '--format', 'xls', '--out', out])).rejects.toThrow('--format: expected one of csv, json, xlsx, got "xls"');
    await expect(runExport(['--data-dir', dir, '--out', out])).rejects.toThrow(/--format: expected one of csv, json, xlsx$/);
  });
  it('needs --out and, for --full-id, --supervisor', async () => {
    const { dir, out } = setup();
    await expect(runExport(['--data-dir', dir, '--format', 'csv'])).rejects.toThrow(/--out FILE is required/);
    await expect(runExport(['--data-dir', dir, '--format', 'csv', '--out', out, '--full-id'])).rejects.toThrow(/--full-id needs --supervisor ID/);
    await expect(runExport(['--data-dir', dir, '--format', 'csv', '--out', out, '--supervisor', 'sup1'])).rejects.toThrow(/only for --full-id/);
  });
  it('refuses an existing file before asking for a PIN', async () => {
    const { dir, out } = setup();
    writeFileSync(out, 'keep');
    vi.stubEnv('KIOSK_PIN', '');
    await expect(runExport(['--data-dir', dir, '--format', 'csv', '--out', out, '--full-id', '--supervisor', 'sup1'])).rejects.toThrow(/already exists.*--force/);
    expect(readFileSync(out, 'utf8')).toBe('keep');
  });
  it('exports full ID numbers with the supervisor PIN from KIOSK_PIN', async () => {
    const { dir, out, printed } = setup();
    vi.stubEnv('KIOSK_PIN', SUPERVISOR.pin);
    expect(await runExport(['--data-dir', dir, '--format', 'json', '--out', out, '--full-id', '--supervisor', SUPERVISOR.id, '--from', '2026-03-18', '--to', '2026-03-19'])).toBe(0);
    expect(printed.join('')).toContain('(json, full ID numbers, allowed by sup1,');
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0] ?? '{}') as { idNumber: string };
    expect(first.idNumber).toMatch(/^\d{17}[\dX]$/);
  });
  it('refuses a wrong PIN and writes nothing', async () => {
    const { dir, out } = setup();
    vi.stubEnv('KIOSK_PIN', '999999');
    await expect(runExport(['--data-dir', dir, '--format', 'csv', '--out', out, '--full-id', '--supervisor', SUPERVISOR.id])).rejects.toThrow(/wrong PIN/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('export times', () => {
  it('take ISO 8601 with an offset, Unix seconds, or a CST day', () => {
    expect(parseTime('2026-03-18T08:00:00+08:00', '--from')).toBe(1773792000);
    expect(parseTime('1773792000', '--from')).toBe(1773792000);
    expect(parseTime('2026-03-18', '--from')).toBe(1773763200);
    expect(() => parseTime('2026-02-30', '--from')).toThrow('--from: 2026-02-30 is not a calendar date');
    expect(() => parseTime('18/03/2026', '--to')).toThrow(/--to: expected Unix seconds or ISO 8601/);
  });
});
