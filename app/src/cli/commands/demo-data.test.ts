import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openKioskReadOnly } from '../../kiosk/data-dir.js';
import { makeKiosk } from '../../test-support/kiosk-fixture.js';
import { runDemoData } from './demo-data.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('kiosk demo-data', () => {
  it('fills the kiosk in KIOSK_DATA_DIR and prints the seed to repeat it', () => {
    const { dir, db } = makeKiosk({ lists: false });
    db.close();
    vi.stubEnv('KIOSK_DATA_DIR', dir);
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      printed.push(String(s));
      return true;
    });
    expect(runDemoData(['--registrations', '1_000', '--days', '2', '--seed', 'cli'])).toBe(0);
    expect(printed.join('')).toMatch(/^added 1000 registrations \(\d+ tubes, \d+ closed short, \d+ rejected scans\) from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d in [\d.]+ s; seed cli \(repeat with --seed cli\)\n$/);
    const read = openKioskReadOnly(dir);
    expect(read.prepare("SELECT count(*) AS n FROM outbox WHERE state = 'pending'").get()).toEqual({ n: 1000 });
    read.close();
  });
  it('refuses a directory without a kiosk, saying how to make one', () => {
    const empty = join(mkdtempSync(join(tmpdir(), 'kiosk-none-')), 'data');
    expect(() => runDemoData(['--data-dir', empty, '--registrations', '10'])).toThrow(/holds no kiosk.*kiosk init/);
  });
  it('says what a valid count is', () => {
    const { dir } = makeKiosk({ lists: false });
    expect(() => runDemoData(['--data-dir', dir])).toThrow('--registrations is required');
    expect(() => runDemoData(['--data-dir', dir, '--registrations', 'lots'])).toThrow(/--registrations: expected a whole number from 1 to 20,000,000, got "lots"/);
    expect(() => runDemoData(['--data-dir', dir, '--registrations', '5', '--days', '400'])).toThrow(/--days: expected a whole number from 1 to 366/);
  });
});
