/**
 * The scanner manager against a stand-in for the USB hardware (FakeHid),
 * replaying the recorded-layout fixtures: scans, unplug mid-code, replug,
 * garbage. The parser and the manager are the real code.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeHid, parseHidFixture, type HidFixture } from './fake-hid.js';
import { ScannerManager, chooseScanner, type HidDeviceInfo, type ScannerEvents, type Timers } from './scanner-manager.js';

const HID_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/hid');
const honeywell = parseHidFixture(readFileSync(join(HID_FIXTURES, 'honeywell-1400g.json'), 'utf8'));
const newland = parseHidFixture(readFileSync(join(HID_FIXTURES, 'newland-fm420.json'), 'utf8'));
const cases = JSON.parse(readFileSync(join(HID_FIXTURES, '../codes/cases.json'), 'utf8')) as { cases: { name: string; payload: string }[] };
const QR = cases.cases.find((c) => c.name === 'personal-live-green')!.payload;
const TUBE = cases.cases.find((c) => c.name === 'tube-label')!.payload;

const keyboardOf = (d: HidDeviceInfo): HidDeviceInfo => ({ ...d, usagePage: 0x01, usage: 0x06, path: `${d.path ?? ''}-kbd`, interface: 1 });
const KEYBOARD: HidDeviceInfo = { vendorId: 0x046d, productId: 0xc31c, usagePage: 0x01, usage: 0x06, product: 'USB Keyboard', manufacturer: 'Logitech', path: '/dev/hidraw0' };

/** Timers the test moves by hand. */
class ManualTimers implements Timers {
  private t = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.queue.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.queue = this.queue.filter((q) => q.id !== handle);
  }
  get pending(): number {
    return this.queue.length;
  }
  /** Moves the clock, running what falls due, letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      this.queue.sort((a, b) => a.at - b.at);
      const due = this.queue[0];
      if (due === undefined || due.at > end) break;
      this.queue.shift();
      this.t = due.at;
      due.fn();
    }
    this.t = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

type Logged = { [K in keyof ScannerEvents]: { event: K; payload: ScannerEvents[K] } }[keyof ScannerEvents];

function rig(fixture: HidFixture, extra: readonly HidDeviceInfo[] = [], opts: Partial<ConstructorParameters<typeof ScannerManager>[0]> = {}) {
  const device = fixture.device;
  const hid = new FakeHid([KEYBOARD, keyboardOf(device), ...extra, device]);
  const timers = new ManualTimers();
  const m = new ScannerManager({ hid, timers, now: () => 1_773_800_000_000, ...opts });
  const log: Logged[] = [];
  for (const event of ['scan', 'connected', 'disconnected', 'error', 'report'] as const) {
    m.on(event, (payload) => log.push({ event, payload } as Logged));
  }
  const events = () => log.filter((l) => l.event !== 'report').map((l) => (l.event === 'error' ? `error:${l.payload.reason}` : l.event === 'scan' ? `scan:${l.payload.symbology}` : l.event));
  const play = (name: string, count?: number) => {
    const c = fixture.captures.find((x) => x.name === name)!;
    for (const r of c.reports.slice(0, count)) hid.send(device.path, r);
  };
  managers.push(m);
  return { hid, timers, m, log, events, play, device };
}

const managers: ScannerManager[] = [];
afterEach(async () => {
  for (const m of managers.splice(0)) await m.stop();
});

describe('ScannerManager', () => {
  it('opens the HID POS interface of the scanner, not its keyboard interface nor the real keyboard', async () => {
    const { m, events, device, hid } = rig(honeywell);
    const r = await m.start();
    expect(r).toMatchObject({ connected: true, device: { path: device.path } });
    expect(events()).toEqual(['connected']);
    expect(hid.isOpen(device.path)).toBe(true);
    expect(hid.isOpen(`${device.path}-kbd`)).toBe(false);
    expect(m.connectedDevice?.path).toBe(device.path);
  });

  it('turns a Honeywell-layout QR and tube label into scans, routed by symbology, with the device and time', async () => {
    const { m, log, play } = rig(honeywell);
    await m.start();
    play('ymt1-qr');
    play('tube-label');
    const scans = log.filter((l) => l.event === 'scan').map((l) => l.payload);
    expect(scans.map((s) => [s.aim, s.symbology, s.text])).toEqual([
      [']Q1', 'QRCode', QR],
      [']C0', 'Code128', TUBE],
    ]);
    expect(scans[0]).toMatchObject({ reports: 5, at: 1_773_800_000_000, device: { vendorId: 0x0c2e } });
    expect(log.filter((l) => l.event === 'report')).toHaveLength(6);
  });

  it('picks the Newland layout from the vendor ID and reads the AIM ID from the data', async () => {
    const { m, log, play } = rig(newland);
    await m.start();
    expect(log[0]).toMatchObject({ event: 'connected', payload: { layout: 'newland', reportIdIncluded: true, reconnected: false } });
    play('ymt1-qr');
    play('tube-label');
    expect(log.filter((l) => l.event === 'scan').map((l) => [(l.payload).aim, (l.payload).text])).toEqual([
      [']Q1', QR],
      [']C0', TUBE],
    ]);
  });

  it('on an unplug mid-code: says CUT_SHORT and disconnected, never a scan; reconnects when the scanner is back; earlier scans stay as they were', async () => {
    const { m, hid, timers, log, events, play, device } = rig(honeywell);
    await m.start();
    play('tube-label');
    const firstScan = structuredClone(log.find((l) => l.event === 'scan')!.payload);
    play('unplug-mid-qr');
    hid.unplug(device.path);
    expect(events()).toEqual(['connected', 'scan:Code128', 'error:CUT_SHORT', 'disconnected']);
    const cut = log.find((l) => l.event === 'error')!.payload;
    expect(cut.message).toMatch(/the scanner was disconnected after 3 reports .* discarded, scan it again/);
    expect(log.find((l) => l.event === 'disconnected')!.payload).toMatchObject({ reason: 'unplugged', message: expect.stringMatching(/could not read from HID device/) as unknown, pollMs: 1000 });
    expect(hid.isOpen(device.path)).toBe(false);
    expect(m.connectedDevice).toBeNull();

    // Away for 3 s: it looks once a second and says nothing more.
    const listings = hid.listings;
    await timers.advance(3000);
    expect(hid.listings - listings).toBe(3);
    expect(events()).toHaveLength(4);

    hid.plugIn(device);
    await timers.advance(1000);
    expect(events().at(-1)).toBe('connected');
    expect(log.at(-1)).toMatchObject({ event: 'connected', payload: { reconnected: true } });
    play('ymt1-qr');
    expect(events().at(-1)).toBe('scan:QRCode');
    expect((log.at(-1)!.payload as ScannerEvents['scan']).text).toBe(QR);
    expect(log.find((l) => l.event === 'scan')!.payload).toEqual(firstScan);
    expect(log.filter((l) => l.event === 'scan').map((l) => (l.payload).text)).toEqual([TUBE, QR]);
  });

  it('says what is wrong with garbage reports and reads the scan after them', async () => {
    const { m, events, play, log } = rig(honeywell);
    await m.start();
    play('garbage');
    play('tube-label-after-garbage');
    expect(events()).toEqual(['connected', 'error:WRONG_LENGTH', 'error:LENGTH_BEYOND_REPORT', 'error:UNKNOWN_REPORT_ID', 'error:BAD_AIM_ID', 'error:NOT_UTF8', 'scan:Code128']);
    for (const e of log.filter((l) => l.event === 'error')) expect((e.payload).raw).toBeInstanceOf(Uint8Array);
  });

  it('cuts a code short when its next report does not come within reportGapMs', async () => {
    const { m, timers, events, play } = rig(honeywell, [], { reportGapMs: 500 });
    await m.start();
    play('ymt1-qr', 2);
    await timers.advance(499);
    expect(events()).toEqual(['connected']);
    await timers.advance(1);
    expect(events()).toEqual(['connected', 'error:CUT_SHORT']);
    play('tube-label');
    expect(events().at(-1)).toBe('scan:Code128');
  });

  it('waits for a scanner that is not there at start, and opens it when it is plugged in', async () => {
    const hid = new FakeHid([KEYBOARD]);
    const timers = new ManualTimers();
    const m = new ScannerManager({ hid, timers });
    managers.push(m);
    const seen: string[] = [];
    m.on('connected', (e) => seen.push(`connected ${e.device.path ?? ''}`));
    expect(await m.start()).toMatchObject({ connected: false, reason: 'ABSENT', message: 'no HID POS scanner (usage page 0x8C) is attached' });
    await timers.advance(2000);
    expect(seen).toEqual([]);
    hid.plugIn(honeywell.device);
    await timers.advance(1000);
    expect(seen).toEqual([`connected ${honeywell.device.path}`]);
  });

  it('reports a device that cannot be opened once, with the permissions hint, and keeps trying', async () => {
    const hid = new FakeHid([honeywell.device]);
    hid.failOpen(honeywell.device.path, 'cannot open device with path /dev/hidraw3: Permission denied');
    const timers = new ManualTimers();
    const m = new ScannerManager({ hid, timers });
    managers.push(m);
    const errors: string[] = [];
    m.on('error', (e) => errors.push(`${e.reason}: ${e.message}`));
    const r = await m.start();
    expect(r).toMatchObject({ connected: false, reason: 'OPEN_FAILED' });
    await timers.advance(5000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^OPEN_FAILED: cannot open 0c2e:0b8f at \/dev\/hidraw3: .*Permission denied.*udev rule/);
    hid.failOpen(honeywell.device.path, null);
    await timers.advance(1000);
    expect(m.connectedDevice?.path).toBe(honeywell.device.path);
  });

  it('says a configured scanner is attached only as a keyboard (NOT_HID_POS)', async () => {
    const kbdOnly = keyboardOf(honeywell.device);
    const hid = new FakeHid([kbdOnly]);
    const m = new ScannerManager({ hid, timers: new ManualTimers(), vendorId: 0x0c2e, productId: 0x0b8f });
    managers.push(m);
    const r = await m.start();
    expect(r).toMatchObject({ connected: false, reason: 'NOT_HID_POS' });
    expect(r.connected ? '' : r.message).toMatch(/0c2e:0b8f is attached but has no HID POS interface .*page 0x01 usage 0x06.*keyboard mode/);
  });

  it('reports a device list that cannot be read', async () => {
    const hid = { devices: () => Promise.reject(new Error('udev is not running')), open: () => Promise.reject(new Error('no')) };
    const m = new ScannerManager({ hid, timers: new ManualTimers() });
    managers.push(m);
    expect(await m.start()).toMatchObject({ connected: false, reason: 'LIST_FAILED', message: 'cannot list HID devices: udev is not running' });
  });

  it('on stop: reports an unfinished code as CUT_SHORT, closes the device and stops looking', async () => {
    const { m, hid, timers, events, play, device } = rig(honeywell);
    await m.start();
    play('ymt1-qr', 3);
    await m.stop();
    expect(events()).toEqual(['connected', 'error:CUT_SHORT', 'disconnected']);
    expect(hid.isOpen(device.path)).toBe(false);
    const listings = hid.listings;
    await timers.advance(5000);
    expect(hid.listings).toBe(listings);
    expect(timers.pending).toBe(0);
  });

  it('does not take a listener that throws for an unplug', async () => {
    const { m, events, play } = rig(honeywell);
    await m.start();
    const thrown: unknown[] = [];
    const onUncaught = (e: unknown) => thrown.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      const off = m.on('scan', () => {
        throw new Error('bug in a screen');
      });
      play('tube-label');
      off();
      await settle();
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    play('tube-label');
    expect(events()).toEqual(['connected', 'scan:Code128', 'scan:Code128']);
    expect(m.connectedDevice).not.toBeNull();
    expect(thrown).toHaveLength(1);
  });

  it('throws on misuse: a product ID without a vendor ID, an ID out of range, starting twice', async () => {
    const hid = new FakeHid([]);
    expect(() => new ScannerManager({ hid, productId: 1 })).toThrow(/give the vendorId too/);
    expect(() => new ScannerManager({ hid, vendorId: 0x10000 })).toThrow(/0..0xFFFF/);
    const m = new ScannerManager({ hid, timers: new ManualTimers() });
    managers.push(m);
    await m.start();
    await expect(m.start()).rejects.toThrow(/already started/);
  });
});

describe('chooseScanner', () => {
  it('prefers the Bar Code Scanner usage among page 0x8C interfaces and filters by vendor and product', () => {
    const a: HidDeviceInfo = { vendorId: 1, productId: 2, usagePage: 0x8c, usage: 0x10, path: 'a' };
    const b: HidDeviceInfo = { vendorId: 1, productId: 2, usagePage: 0x8c, usage: 0x02, path: 'b' };
    const c: HidDeviceInfo = { vendorId: 3, productId: 4, usagePage: 0x8c, usage: 0x02, path: 'c' };
    expect(chooseScanner([a, b, c])).toMatchObject({ found: true, device: { path: 'b' } });
    expect(chooseScanner([a, b, c], { vendorId: 3 })).toMatchObject({ found: true, device: { path: 'c' } });
    expect(chooseScanner([a, b, c], { vendorId: 3, productId: 5 })).toMatchObject({ found: false, problem: 'ABSENT', message: 'no device 0003:0005 is attached' });
    expect(chooseScanner([{ ...a, path: undefined }])).toMatchObject({ found: false });
  });
});
