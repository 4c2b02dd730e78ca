/**
 * A stand-in for the USB hardware, not for our code: a `HidModule` whose
 * devices are plugged, unplugged and fed reports by hand, and a reader for the
 * recorded-report fixtures in fixtures/hid/. The tests and
 * `kiosk scanners --watch --replay FILE` run the real parser and manager on it.
 *
 * It behaves as node-hid 3 does where the manager can tell: devices() lists
 * only what is plugged in; open() of a missing path rejects with node-hid's
 * message; an unplug makes the open handle emit 'error' with a plain string
 * (node-hid's read thread reports "could not read from HID device" that way)
 * and nothing more.
 */
import { fromHex } from './hid-pos.js';
import type { HidDeviceInfo, HidHandle, HidModule } from './scanner-manager.js';

type DataListener = (data: Uint8Array) => void;
type ErrorListener = (error: unknown) => void;

class FakeHandle implements HidHandle {
  readonly data = new Set<DataListener>();
  readonly errors = new Set<ErrorListener>();
  closed = false;

  constructor(readonly path: string) {}

  on(event: 'data', listener: DataListener): this;
  on(event: 'error', listener: ErrorListener): this;
  on(event: 'data' | 'error', listener: DataListener | ErrorListener): this {
    if (event === 'data') this.data.add(listener);
    else this.errors.add(listener as ErrorListener);
    return this;
  }

  close(): Promise<void> {
    this.closed = true;
    this.data.clear();
    this.errors.clear();
    return Promise.resolve();
  }
}

export class FakeHid implements HidModule {
  private plugged: HidDeviceInfo[];
  private readonly handles = new Map<string, FakeHandle>();
  private readonly openFailures = new Map<string, string>();
  /** How many times open() succeeded. */
  opens = 0;
  /** How many times devices() was called. */
  listings = 0;

  constructor(devices: readonly HidDeviceInfo[] = []) {
    this.plugged = [...devices];
  }

  devices(): readonly HidDeviceInfo[] {
    this.listings++;
    return this.plugged.map((d) => ({ ...d }));
  }

  open(path: string): Promise<HidHandle> {
    const failure = this.openFailures.get(path);
    if (failure !== undefined) return Promise.reject(new Error(failure));
    if (!this.plugged.some((d) => d.path === path)) return Promise.reject(new Error(`cannot open device with path ${path}`));
    const h = new FakeHandle(path);
    this.handles.set(path, h);
    this.opens++;
    return Promise.resolve(h);
  }

  /** The scanner sends one input report (as node-hid hands it over: a Buffer, report ID first). */
  send(path: string, report: Uint8Array | string): void {
    const h = this.openHandle(path);
    const bytes = typeof report === 'string' ? fromHex(report) : report;
    for (const l of [...h.data]) l(Buffer.from(bytes));
  }

  /** Pulls the cable: the device leaves the list and an open handle's next read fails. */
  unplug(path: string): void {
    this.plugged = this.plugged.filter((d) => d.path !== path);
    const h = this.handles.get(path);
    if (h !== undefined && !h.closed) {
      for (const l of [...h.errors]) l('could not read from HID device: No such device');
    }
  }

  plugIn(device: HidDeviceInfo): void {
    this.plugged = [...this.plugged.filter((d) => d.path !== device.path), device];
  }

  /** Makes open() of that path reject with this message until cleared (e.g. a permissions problem). */
  failOpen(path: string, message: string | null): void {
    if (message === null) this.openFailures.delete(path);
    else this.openFailures.set(path, message);
  }

  isOpen(path: string): boolean {
    const h = this.handles.get(path);
    return h !== undefined && !h.closed;
  }

  private openHandle(path: string): FakeHandle {
    const h = this.handles.get(path);
    if (h === undefined || h.closed) throw new Error(`FakeHid.send: ${path} is not open`);
    return h;
  }
}

/** One recorded scan (or attempt) in a fixture file. */
export interface HidCapture {
  readonly name: string;
  readonly about: string;
  /** Input reports in hex, as `kiosk scanners --watch --raw` prints them. */
  readonly reports: readonly string[];
  /** What happened after the last report: the cable was pulled. */
  readonly then?: 'unplug' | undefined;
  readonly expect: readonly CaptureExpectation[];
}

export type CaptureExpectation =
  | { readonly kind: 'scan'; readonly text: string; readonly aim: string | null; readonly symbology: string; readonly reports: number }
  | { readonly kind: 'error'; readonly reason: string };

export interface HidFixture {
  readonly about: string;
  readonly recorded: boolean;
  readonly layout: 'honeywell' | 'newland';
  readonly reportIdIncluded: boolean;
  readonly device: HidDeviceInfo & { readonly path: string };
  readonly captures: readonly HidCapture[];
}

/** Reads a fixture file's JSON, checking its shape; misuse throws with the field that is wrong. */
export function parseHidFixture(json: string): HidFixture {
  const f = JSON.parse(json) as Partial<HidFixture> | null;
  const bad = (what: string): never => {
    throw new TypeError(`HID fixture: ${what}`);
  };
  if (f === null || typeof f !== 'object') return bad('expected an object');
  if (f.layout !== 'honeywell' && f.layout !== 'newland') return bad('layout: expected honeywell or newland');
  if (typeof f.reportIdIncluded !== 'boolean') return bad('reportIdIncluded: expected a boolean');
  const d = f.device;
  if (d === undefined || typeof d.vendorId !== 'number' || typeof d.productId !== 'number' || typeof d.path !== 'string') return bad('device: expected vendorId, productId and path');
  const captures: unknown = f.captures;
  if (!Array.isArray(captures)) return bad('captures: expected an array');
  for (const item of captures as unknown[]) {
    const c = item as Partial<Record<keyof HidCapture, unknown>> | null;
    if (c === null || typeof c.name !== 'string' || !Array.isArray(c.reports) || !Array.isArray(c.expect)) return bad(`capture ${JSON.stringify(c?.name)}: expected name, reports and expect`);
    for (const r of c.reports as unknown[]) {
      if (typeof r !== 'string') return bad(`capture ${c.name}: reports must be hex strings`);
      fromHex(r);
    }
  }
  return f as HidFixture;
}

/**
 * Plays a fixture's captures into a FakeHid, in order, `gapMs` apart (0: all at
 * once). After a capture that ends in an unplug, the device is plugged back
 * in `replugMs` later and play continues once it is open again.
 */
export async function replayFixture(
  hid: FakeHid,
  fixture: HidFixture,
  o: { gapMs: number; replugMs: number; sleep: (ms: number) => Promise<void>; isOpen?: () => boolean; signal?: AbortSignal },
): Promise<void> {
  const path = fixture.device.path;
  const open = o.isOpen ?? (() => hid.isOpen(path));
  const waitOpen = async () => {
    for (let i = 0; i < 200 && !open() && o.signal?.aborted !== true; i++) await o.sleep(Math.max(10, o.replugMs / 10));
  };
  await waitOpen();
  for (const c of fixture.captures) {
    for (const r of c.reports) {
      if (o.signal?.aborted === true) return;
      if (!open()) await waitOpen();
      hid.send(path, r);
      if (o.gapMs > 0) await o.sleep(o.gapMs);
    }
    if (c.then === 'unplug') {
      hid.unplug(path);
      await o.sleep(o.replugMs);
      hid.plugIn(fixture.device);
      await waitOpen();
    }
  }
}
