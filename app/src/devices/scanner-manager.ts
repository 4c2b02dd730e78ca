/**
 * The HID POS scanner, opened with node-hid and kept open across unplugs.
 *
 * node-hid (3.x) has no plug/unplug events (node-hid#199, #422: "node-hid
 * does not do device insertion/removal detection ... occasionally do
 * HID.devices()"). An unplugged device shows up as an 'error' event on the
 * open handle: the read thread's hid_read fails and node-hid emits the
 * string "could not read from HID device" plus hidapi's reason (node-hid
 * src/read.cc; node-hid#520), and reading stops. So: on 'error' the manager
 * closes the handle, throws away any unfinished code (CUT_SHORT), says
 * `disconnected`, and polls the device list (default every 1 s) until the
 * scanner is back, then opens it again and says `connected`.
 *
 * node-hid is injected (`HidModule`), so tests run this against a fake that
 * stands in for the USB hardware only.
 */
import { assertNever } from '@ymt/verifier-core';
import { HidPosAssembler, type HidPosErrorReason, type HidPosLayoutName, type HidPosScan } from './hid-pos.js';

/** Usage page 0x8C: Bar Code Scanner (HID Point of Sale Usage Tables). */
export const HID_POS_USAGE_PAGE = 0x8c;
/** Usage 0x02 on that page: Bar Code Scanner (the application collection). */
export const HID_POS_SCANNER_USAGE = 0x02;

export const HONEYWELL_VENDOR_ID = 0x0c2e;
export const NEWLAND_VENDOR_ID = 0x1eab;

/** What node-hid's devices() lists for each HID interface (a subset of its `Device`). */
export interface HidDeviceInfo {
  readonly vendorId: number;
  readonly productId: number;
  readonly path?: string | undefined;
  readonly serialNumber?: string | undefined;
  readonly manufacturer?: string | undefined;
  readonly product?: string | undefined;
  readonly release?: number | undefined;
  readonly interface?: number | undefined;
  readonly usagePage?: number | undefined;
  readonly usage?: number | undefined;
}

/** An open device: node-hid's HIDAsync, as far as the manager uses it. */
export interface HidHandle {
  on(event: 'data', listener: (data: Uint8Array) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): Promise<void> | void;
}

/** node-hid, as far as the manager uses it: list devices, open one by path. */
export interface HidModule {
  devices(): Promise<readonly HidDeviceInfo[]> | readonly HidDeviceInfo[];
  open(path: string): Promise<HidHandle>;
}

/** The real node-hid: devicesAsync() and HIDAsync.open(), so enumeration and reads stay off the event loop. */
export async function loadNodeHid(): Promise<HidModule> {
  const hid = await import('node-hid');
  return {
    devices: () => hid.devicesAsync(),
    open: (path) => hid.HIDAsync.open(path),
  };
}

export type ScannerChoice =
  | { readonly found: true; readonly device: HidDeviceInfo & { readonly path: string } }
  | { readonly found: false; readonly problem: 'ABSENT' | 'NOT_HID_POS'; readonly message: string; readonly matching: readonly HidDeviceInfo[] };

export interface ScannerFilter {
  readonly vendorId?: number | undefined;
  readonly productId?: number | undefined;
}

/**
 * The device to read: among those matching the configured vendor/product ID
 * (or all), the first HID POS interface (usage page 0x8C), preferring the
 * Bar Code Scanner usage. A scanner also exposing a keyboard interface lists
 * both; only the 0x8C one carries scanned-data reports.
 */
export function chooseScanner(devices: readonly HidDeviceInfo[], filter: ScannerFilter = {}): ScannerChoice {
  const matching = devices.filter(
    (d) => (filter.vendorId === undefined || d.vendorId === filter.vendorId) && (filter.productId === undefined || d.productId === filter.productId),
  );
  const pos = matching.filter((d): d is HidDeviceInfo & { path: string } => d.usagePage === HID_POS_USAGE_PAGE && typeof d.path === 'string' && d.path !== '');
  const best = pos.find((d) => d.usage === HID_POS_SCANNER_USAGE) ?? pos[0];
  if (best !== undefined) return { found: true, device: best };
  if (matching.length > 0 && filter.vendorId !== undefined) {
    return {
      found: false,
      problem: 'NOT_HID_POS',
      matching,
      message: `device ${vidPid(filter.vendorId, filter.productId)} is attached but has no HID POS interface (usage page 0x8C; it shows ${matching.map((d) => `page 0x${hex(d.usagePage ?? 0, 2)} usage 0x${hex(d.usage ?? 0, 2)}`).join(', ')}): it is probably in keyboard mode; scan the vendor's "USB HID POS" programming bar code`,
    };
  }
  const wanted = filter.vendorId === undefined ? 'HID POS scanner (usage page 0x8C)' : `device ${vidPid(filter.vendorId, filter.productId)}`;
  return { found: false, problem: 'ABSENT', matching, message: `no ${wanted} is attached` };
}

/** The layout a vendor's scanners use; other vendors default to the Honeywell layout (Access-IS documents the same one). */
export function layoutForVendor(vendorId: number): HidPosLayoutName {
  return vendorId === NEWLAND_VENDOR_ID ? 'newland' : 'honeywell';
}

export interface ScannerScan extends HidPosScan {
  readonly device: HidDeviceInfo;
  /** When the last report of the code arrived (ms since the epoch). */
  readonly at: number;
}

export type DisconnectReason = 'unplugged' | 'stopped';
export type ScannerErrorReason = HidPosErrorReason | 'OPEN_FAILED' | 'NOT_HID_POS' | 'LIST_FAILED';

export interface ScannerEvents {
  scan: ScannerScan;
  connected: { readonly device: HidDeviceInfo; readonly layout: HidPosLayoutName; readonly reportIdIncluded: boolean; readonly reconnected: boolean };
  disconnected: { readonly device: HidDeviceInfo; readonly reason: DisconnectReason; readonly message: string; readonly pollMs: number };
  error: { readonly reason: ScannerErrorReason; readonly message: string; readonly raw?: Uint8Array };
  /** Every input report as it arrives (for `kiosk scanners --raw` and recording fixtures). */
  report: { readonly bytes: Uint8Array; readonly at: number };
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface ScannerManagerOptions extends ScannerFilter {
  readonly hid: HidModule;
  /** Overrides the layout chosen from the vendor ID. */
  readonly layout?: HidPosLayoutName | undefined;
  /** Default true: hidapi puts the report ID first for devices with numbered reports, as both families have. */
  readonly reportIdIncluded?: boolean | undefined;
  /** How often to look for the scanner while it is away (default 1000 ms). */
  readonly pollMs?: number | undefined;
  /** A code whose next report does not come within this is cut short (default 500 ms; a 9-report code takes ~10 ms). */
  readonly reportGapMs?: number | undefined;
  readonly timers?: Timers | undefined;
  readonly now?: (() => number) | undefined;
}

export type StartResult = { readonly connected: true; readonly device: HidDeviceInfo } | { readonly connected: false; readonly reason: ScannerErrorReason | 'ABSENT'; readonly message: string };

type Listener<T> = (payload: T) => void;

export class ScannerManager {
  private readonly o: ScannerManagerOptions;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly pollMs: number;
  private readonly reportGapMs: number;
  private readonly listeners: { [K in keyof ScannerEvents]: Set<Listener<ScannerEvents[K]>> } = {
    scan: new Set(),
    connected: new Set(),
    disconnected: new Set(),
    error: new Set(),
    report: new Set(),
  };
  private state: 'idle' | 'searching' | 'open' | 'stopped' = 'idle';
  private handle: HidHandle | null = null;
  private device: HidDeviceInfo | null = null;
  private assembler: HidPosAssembler | null = null;
  /** Bumped whenever a handle is given up, so late events from it are ignored. */
  private generation = 0;
  private pollTimer: unknown = null;
  private gapTimer: unknown = null;
  private everConnected = false;
  private lastProblem = '';
  private polling: Promise<void> | null = null;

  constructor(options: ScannerManagerOptions) {
    if (options.productId !== undefined && options.vendorId === undefined) throw new RangeError('productId: give the vendorId too');
    for (const [name, v] of [['vendorId', options.vendorId], ['productId', options.productId]] as const) {
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 0xffff)) throw new RangeError(`${name}: expected 0..0xFFFF, got ${v}`);
    }
    this.o = options;
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? Date.now;
    this.pollMs = options.pollMs ?? 1000;
    this.reportGapMs = options.reportGapMs ?? 500;
  }

  on<K extends keyof ScannerEvents>(event: K, listener: Listener<ScannerEvents[K]>): () => void {
    const set = this.listeners[event] as Set<Listener<ScannerEvents[K]>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /** The open scanner, or null while it is away. */
  get connectedDevice(): HidDeviceInfo | null {
    return this.state === 'open' ? this.device : null;
  }

  /**
   * Looks for the scanner once and opens it. When it is not there (or cannot
   * be opened), the answer says why and the manager keeps looking every
   * `pollMs` until `stop()`.
   */
  async start(): Promise<StartResult> {
    if (this.state !== 'idle') throw new Error('ScannerManager.start: already started');
    this.state = 'searching';
    const r = await this.attempt();
    if (!r.connected && this.state === 'searching') this.schedulePoll();
    return r;
  }

  /** Closes the scanner and stops looking. An unfinished code is reported as CUT_SHORT. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    const wasOpen = this.state === 'open';
    this.state = 'stopped';
    this.generation++;
    this.clearTimer('poll');
    this.clearTimer('gap');
    this.flushPartial('closed');
    const h = this.handle;
    const d = this.device;
    this.handle = null;
    if (h !== null) await closeQuietly(h);
    await this.polling;
    if (wasOpen && d !== null) this.emit('disconnected', { device: d, reason: 'stopped', message: 'closed by the kiosk', pollMs: this.pollMs });
  }

  private async attempt(): Promise<StartResult> {
    let devices: readonly HidDeviceInfo[];
    try {
      devices = await this.o.hid.devices();
    } catch (e) {
      return this.problem('LIST_FAILED', `cannot list HID devices: ${errorText(e)}`);
    }
    if (this.state !== 'searching') return { connected: false, reason: 'ABSENT', message: 'stopped' };
    const choice = chooseScanner(devices, this.o);
    if (!choice.found) {
      if (choice.problem === 'NOT_HID_POS') return this.problem('NOT_HID_POS', choice.message);
      this.lastProblem = '';
      return { connected: false, reason: 'ABSENT', message: choice.message };
    }
    const device = choice.device;
    let handle: HidHandle;
    try {
      handle = await this.o.hid.open(device.path);
    } catch (e) {
      return this.problem('OPEN_FAILED', `cannot open ${vidPid(device.vendorId, device.productId)} at ${device.path}: ${errorText(e)}${permissionHint(e)}`);
    }
    if (this.state !== 'searching') {
      await closeQuietly(handle);
      return { connected: false, reason: 'ABSENT', message: 'stopped' };
    }
    const layout = this.o.layout ?? layoutForVendor(device.vendorId);
    const reportIdIncluded = this.o.reportIdIncluded ?? true;
    this.assembler = new HidPosAssembler({ layout, reportIdIncluded });
    this.handle = handle;
    this.device = device;
    this.state = 'open';
    this.lastProblem = '';
    const gen = ++this.generation;
    handle.on('data', (data) => this.onData(gen, data));
    handle.on('error', (err) => this.onDeviceError(gen, err));
    const reconnected = this.everConnected;
    this.everConnected = true;
    this.emit('connected', { device, layout, reportIdIncluded, reconnected });
    return { connected: true, device };
  }

  /** Says a problem once, not on every poll while it lasts. */
  private problem(reason: ScannerErrorReason, message: string): StartResult {
    if (message !== this.lastProblem) {
      this.lastProblem = message;
      this.emit('error', { reason, message });
    }
    return { connected: false, reason, message };
  }

  private schedulePoll(): void {
    this.clearTimer('poll');
    this.pollTimer = this.timers.setTimeout(() => {
      this.pollTimer = null;
      if (this.state !== 'searching') return;
      this.polling = this.attempt().then((r) => {
        this.polling = null;
        if (!r.connected && this.state === 'searching') this.schedulePoll();
      });
    }, this.pollMs);
  }

  private onData(gen: number, data: Uint8Array): void {
    if (gen !== this.generation || this.assembler === null || this.device === null) return;
    const at = this.now();
    const bytes = Uint8Array.from(data);
    this.emit('report', { bytes, at });
    this.clearTimer('gap');
    const r = this.assembler.push(bytes);
    if (this.assembler.busy) {
      // More reports are expected (an unfinished code, or the tail of an
      // interrupted one): if they stop coming, end the wait.
      this.gapTimer = this.timers.setTimeout(() => {
        this.gapTimer = null;
        if (gen === this.generation) this.flushPartial('timeout');
      }, this.reportGapMs);
    }
    if (r === null) return;
    switch (r.kind) {
      case 'scan':
        this.emit('scan', { ...r, device: this.device, at });
        return;
      case 'error':
        this.emit('error', { reason: r.reason, message: r.message, raw: r.raw });
        return;
      default:
        assertNever(r);
    }
  }

  private onDeviceError(gen: number, err: unknown): void {
    if (gen !== this.generation || this.state !== 'open') return;
    this.generation++;
    this.clearTimer('gap');
    this.flushPartial('disconnected');
    const h = this.handle;
    const device = this.device;
    this.handle = null;
    this.state = 'searching';
    if (h !== null) void closeQuietly(h);
    if (device !== null) this.emit('disconnected', { device, reason: 'unplugged', message: errorText(err), pollMs: this.pollMs });
    this.schedulePoll();
  }

  private flushPartial(cause: 'disconnected' | 'timeout' | 'closed'): void {
    const e = this.assembler?.flush(cause) ?? null;
    if (e !== null) this.emit('error', { reason: e.reason, message: e.message, raw: e.raw });
  }

  private clearTimer(which: 'poll' | 'gap'): void {
    const t = which === 'poll' ? this.pollTimer : this.gapTimer;
    if (t !== null) this.timers.clearTimeout(t);
    if (which === 'poll') this.pollTimer = null;
    else this.gapTimer = null;
  }

  private emit<K extends keyof ScannerEvents>(event: K, payload: ScannerEvents[K]): void {
    for (const l of [...(this.listeners[event] as Set<Listener<ScannerEvents[K]>>)]) {
      try {
        l(payload);
      } catch (e) {
        // A listener's bug must not look like an unplug (node-hid turns a
        // throw in its data callback into an 'error' event): rethrow outside.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }
}

async function closeQuietly(h: HidHandle): Promise<void> {
  try {
    await h.close();
  } catch {
    // Closing a device that is already gone may fail; there is nothing left to release.
  }
}

/** node-hid reports read failures as plain strings, other failures as Errors. */
export function errorText(e: unknown): string {
  if (typeof e === 'string') return e;
  if (e instanceof Error) return e.message;
  return String(e);
}

function permissionHint(e: unknown): string {
  return /permission|access|EACCES|EPERM/i.test(errorText(e)) || /cannot open device/i.test(errorText(e))
    ? ' (on Linux this is usually the permissions of /dev/hidraw*: see `kiosk scanners --help` for a udev rule)'
    : '';
}

export function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

export function vidPid(vendorId: number, productId?: number): string {
  return `${hex(vendorId, 4).toLowerCase()}:${productId === undefined ? '*' : hex(productId, 4).toLowerCase()}`;
}
