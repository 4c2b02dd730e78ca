import { afterEach, describe, expect, it, vi } from 'vitest';
import { fillDemoData } from '../../demo/fill-demo-data.js';
import { makeKiosk } from '../../test-support/kiosk-fixture.js';
import { runSummary } from './summary.js';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function capture(): string[] {
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    printed.push(String(s));
    return true;
  });
  return printed;
}

describe('kiosk summary', () => {
  it('prints a day as JSON, reading KIOSK_DATA_DIR', () => {
    const { db, dir } = makeKiosk({ lists: false });
    fillDemoData(db, { registrations: 50, days: 2, seed: 'sum', now: 1773824400 });
    vi.stubEnv('KIOSK_DATA_DIR', dir);
    const printed = capture();
    expect(runSummary(['--day', '2026-03-17', '--json'])).toBe(0);
    const s = JSON.parse(printed.join('')) as { day: string; people: { total: number }; perHour: number[] };
    expect(s.day).toBe('2026-03-17');
    expect(s.people.total).toBeGreaterThan(0);
    expect(s.perHour).toHaveLength(24);
  });
  it('prints a table by default', () => {
    const { dir } = makeKiosk({ lists: false });
    const printed = capture();
    expect(runSummary(['--data-dir', dir, '--day', '2026-03-18'])).toBe(0);
    expect(printed.join('')).toContain('每日汇总 Daily summary  2026-03-18');
  });
  it('says what a day looks like when it is not one', () => {
    const { dir } = makeKiosk({ lists: false });
    expect(() => runSummary(['--data-dir', dir, '--day', 'yesterday'])).toThrow('--day: expected a date YYYY-MM-DD (China Standard Time), got "yesterday"');
  });
});
