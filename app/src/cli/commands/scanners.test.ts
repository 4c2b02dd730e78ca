/** `kiosk scanners`: the listing and --watch, on the injectable HID module; and the built command on this machine. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FakeHid, parseHidFixture } from '../../devices/fake-hid.js';
import type { HidDeviceInfo } from '../../devices/scanner-manager.js';
import { formatDeviceList, printable, runScanners, type ScannersDeps } from './scanners.js';

const here = dirname(fileURLToPath(import.meta.url));
const HID_FIXTURES = join(here, '../../../../fixtures/hid');
const honeywell = parseHidFixture(readFileSync(join(HID_FIXTURES, 'honeywell-1400g.json'), 'utf8'));
const QR = (JSON.parse(readFileSync(join(HID_FIXTURES, '../codes/cases.json'), 'utf8')) as { cases: { name: string; payload: string }[] }).cases.find((c) => c.name === 'personal-live-green')!.payload;
const KEYBOARD: HidDeviceInfo = { vendorId: 0x046d, productId: 0xc31c, usagePage: 0x01, usage: 0x06, product: 'USB Keyboard', manufacturer: 'Logitech', path: '/dev/hidraw0' };
const SCANNER_AS_KEYBOARD: HidDeviceInfo = { ...honeywell.device, usagePage: 0x01, usage: 0x06, path: '/dev/hidraw1' };

async function run(argv: string[], deps: Partial<ScannersDeps> = {}) {
  let out = '';
  let err = '';
  const code = await runScanners(argv, { out: (s) => (out += s), err: (s) => (err += s), now: () => Date.UTC(2026, 2, 18, 2, 0, 0), ...deps });
  return { code, out, err };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('kiosk scanners (listing)', () => {
  it('lists each HID device with vendor:product, usage page and usage, product, manufacturer and path, marking the HID POS scanner', async () => {
    const r = await run([], { hid: new FakeHid([KEYBOARD, honeywell.device]) });
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('HID devices (2):');
    expect(lines.find((l) => l.includes('046d:c31c'))).toMatch(/^ {4}046d:c31c {2}0x0001 {2}0x0006 {2}USB Keyboard\s+Logitech\s+\/dev\/hidraw0 {2}keyboard$/);
    expect(lines.find((l) => l.includes('0c2e:0b8f'))).toMatch(/^>\* {2}0c2e:0b8f {2}0x008C {2}0x0002 {2}Voyager 1400g \(HID POS\)\s+Honeywell Imaging & Mobility\s+\/dev\/hidraw3 {2}HID POS scanner$/);
    expect(r.out).toMatch(/> the scanner the kiosk would open: 0c2e:0b8f at \/dev\/hidraw3, honeywell layout/);
  });

  it('says plainly when there is no HID device, how to check permissions, and exits 0', async () => {
    const r = await run([], { hid: new FakeHid([]) });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^HID devices: none\n/);
    expect(r.out).toMatch(/No HID devices are visible to this computer/);
    expect(r.out).toMatch(/ls -l \/dev\/hidraw\*/);
    expect(r.out).toMatch(/KERNEL=="hidraw\*", ATTRS\{idVendor\}=="0c2e", MODE="0660", GROUP="plugdev"/);
    expect(r.out).toMatch(/udevadm control --reload-rules/);
  });

  it('explains keyboard-wedge mode when no device is a HID POS scanner', async () => {
    const r = await run([], { hid: new FakeHid([KEYBOARD, SCANNER_AS_KEYBOARD]) });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/None of these is a HID POS scanner \(usage page 0x8C\)/);
    expect(r.out).toMatch(/keyboard-wedge mode lists as a keyboard \(usage page 0x01,\s+usage 0x06\)/);
  });

  it('with --vendor-id, shows which device the kiosk would open, or why none', async () => {
    const hid = new FakeHid([KEYBOARD, SCANNER_AS_KEYBOARD]);
    const r = await run(['--vendor-id', '0x0C2E'], { hid });
    expect(r.out).toMatch(/! device 0c2e:\* is attached but has no HID POS interface/);
    const r2 = await run(['--vendor-id', '1eab'], { hid });
    expect(r2.out).toMatch(/! no device 1eab:\* is attached/);
  });

  it('refuses bad options with a usage error', async () => {
    const hid = new FakeHid([]);
    await expect(run(['--raw'], { hid })).rejects.toThrow(/--raw prints the reports while watching: add --watch/);
    await expect(run(['--product-id', '0b8f'], { hid })).rejects.toThrow(/--product-id needs --vendor-id/);
    await expect(run(['--vendor-id', '3118x'], { hid })).rejects.toThrow(/--vendor-id: expected a hex ID such as 0x0C2E or 0c2e/);
    await expect(run(['--layout', 'zebra'], { hid })).rejects.toThrow(/--layout: expected one of honeywell, newland/);
    await expect(run(['--bogus'], { hid })).rejects.toThrow(/Unknown option/);
  });

  it('shows control characters in device names as escapes', () => {
    expect(printable('ab\u001b[2Jc\u001d')).toBe('ab\\x1b[2Jc\\x1d');
    expect(formatDeviceList([{ ...KEYBOARD, product: 'Evil\u001b]0;x\u0007' }])).toContain('Evil\\x1b]0;x\\x07');
  });
});

describe('kiosk scanners --watch', () => {
  it('exits 1 with a plain message when there is no scanner to open', async () => {
    const r = await run(['--watch'], { hid: new FakeHid([KEYBOARD]) });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing to watch: no HID POS scanner \(usage page 0x8C\) is attached/);
    const none = await run(['--watch'], { hid: new FakeHid([]) });
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/ls -l \/dev\/hidraw\*/);
  });

  it('exits 1 when the scanner cannot be opened, naming the permissions fix', async () => {
    const hid = new FakeHid([honeywell.device]);
    hid.failOpen(honeywell.device.path, 'cannot open device with path /dev/hidraw3');
    const r = await run(['--watch'], { hid });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot watch: cannot open 0c2e:0b8f at \/dev\/hidraw3/);
    expect(r.err).toMatch(/udev rule/);
  });

  it('prints each scan (time, AIM ID, symbology, text), each report with --raw, and the unplug and reconnect, until stopped', async () => {
    const hid = new FakeHid([KEYBOARD, honeywell.device]);
    const stop = new AbortController();
    let out = '';
    const done = runScanners(['--watch', '--raw'], { hid, stop: stop.signal, pollMs: 20, out: (s) => (out += s), err: (s) => (out += s), now: () => Date.UTC(2026, 2, 18, 2, 0, 0) });
    const path = honeywell.device.path;
    await until(() => hid.isOpen(path));
    const send = (name: string) => honeywell.captures.find((c) => c.name === name)!.reports.forEach((r) => hid.send(path, r));
    send('ymt1-qr');
    send('tube-label');
    send('unplug-mid-qr');
    hid.unplug(path);
    hid.plugIn(honeywell.device);
    await until(() => out.includes('reconnected'));
    send('tube-label');
    stop.abort();
    expect(await done).toBe(0);

    const lines = out.split('\n');
    const at = '2026-03-18T02:00:00.000Z  ';
    expect(lines).toContain(`${at}connected     0c2e:0b8f  Voyager 1400g (HID POS) (Honeywell Imaging & Mobility)  /dev/hidraw3  [honeywell layout, report ID included]`);
    const scans = lines.filter((l) => l.startsWith(`${at}scan `));
    expect(scans).toEqual([
      `${at}scan          ]Q1  QRCode   ${QR}`,
      `${at}scan          ]C0  Code128  TB2026031800123`,
      `${at}scan          ]C0  Code128  TB2026031800123`,
    ]);
    expect(lines.filter((l) => l.startsWith(`${at}report `))).toHaveLength(5 + 1 + 3 + 1);
    expect(lines).toContain(`${at}report        ${honeywell.captures[1]!.reports[0]!}`);
    expect(out).toMatch(/error {9}CUT_SHORT: a code was cut short: the scanner was disconnected after 3 reports/);
    expect(out).toMatch(/disconnected {2}0c2e:0b8f unplugged \(could not read from HID device: No such device\); waiting for it to come back, looking every 0.02 s/);
    expect(out).toMatch(/reconnected {3}0c2e:0b8f/);
    expect(out).toMatch(/disconnected {2}0c2e:0b8f closed\n$/);
    expect(hid.isOpen(path)).toBe(false);
  });

  it('replays a fixture file with --replay (no device needed)', async () => {
    const stop = new AbortController();
    const r = await run(['--watch', '--replay', join(HID_FIXTURES, 'newland-fm420.json')], { stop: stop.signal });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Replaying a fixture file: no device is read/);
    expect(r.out.match(/ scan {10}\]C0 {2}Code128 {2}TB2026031800123/g)).toHaveLength(2);
    expect(r.out).toMatch(/ scan {10}\]Q1 {2}QRCode {3}YMT1:/);
    expect(r.out).toMatch(/reconnected/);
  }, 20_000);
});

describe('the built kiosk command on this machine', () => {
  it('lists the real HID devices (none here) and exits 0', () => {
    const bin = join(here, '../../../bin/kiosk.js');
    const r = spawnSync(process.execPath, [bin, 'scanners'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^HID devices(: none| \(\d+\):)/);
  });
});
