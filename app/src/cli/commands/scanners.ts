/**
 * `kiosk scanners`: what a hardware integrator needs on site. Lists the HID
 * devices with their usage pages, marking HID POS scanners (page 0x8C);
 * `--watch` opens the scanner and prints each scan and each plug/unplug until
 * Ctrl-C; `--raw` also prints every input report in hex, the form the
 * fixtures in fixtures/hid/ use.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FakeHid, parseHidFixture, replayFixture } from '../../devices/fake-hid.js';
import { HID_POS_LAYOUTS, toHex, type HidPosLayoutName } from '../../devices/hid-pos.js';
import {
  HID_POS_USAGE_PAGE,
  ScannerManager,
  chooseScanner,
  errorText,
  hex,
  layoutForVendor,
  loadNodeHid,
  vidPid,
  type HidDeviceInfo,
  type HidModule,
  type ScannerFilter,
} from '../../devices/scanner-manager.js';
import { KioskUsageError } from '../usage-error.js';

const UDEV_HELP = `Linux permissions: node-hid reads /dev/hidraw*. Check them with
    ls -l /dev/hidraw*
  (no such files: no HID device is attached, or it is not in a HID mode;
  owned by root with mode 0600: this user may not open them). A udev rule
  gives the kiosk's user access, e.g. /etc/udev/rules.d/70-ymt-scanner.rules:
    KERNEL=="hidraw*", ATTRS{idVendor}=="0c2e", MODE="0660", GROUP="plugdev"
    KERNEL=="hidraw*", ATTRS{idVendor}=="1eab", MODE="0660", GROUP="plugdev"
  then: sudo udevadm control --reload-rules && sudo udevadm trigger, and replug.`;

const KEYBOARD_HELP = `A scanner in keyboard-wedge mode lists as a keyboard (usage page 0x01,
  usage 0x06) and types into the focused window: the kiosk screen reads it
  with its wedge detector. To read it here instead, switch it to HID POS with
  the vendor's programming bar code ("USB HID POS" in Honeywell's guides,
  "USB HID-POS" in Newland's), and for Newland also enable the AIM ID prefix.`;

const HELP = `usage: kiosk scanners [--watch [--raw]] [--vendor-id VID [--product-id PID]]
                      [--layout honeywell|newland] [--no-report-id] [--replay FILE]

Lists the HID devices (vendor:product, usage page, usage, product,
manufacturer, path); * marks HID POS scanners (usage page 0x8C), which the
kiosk reads directly.

  --watch          open the scanner and print each scan (time, AIM ID,
                   symbology, text) and each connect/disconnect, until Ctrl-C;
                   unplug and replug it to see the kiosk reconnect
  --raw            with --watch, also print every input report in hex
                   (to record fixtures: see fixtures/hid/README.md)
  --vendor-id VID  the scanner to use, in hex as lsusb shows it (0c2e or 0x0C2E);
  --product-id PID   otherwise the first device with usage page 0x8C
  --layout NAME    report layout: honeywell (Honeywell, Access-IS and most
                   others; the default) or newland (vendor 1eab's default)
  --no-report-id   the reports come without their report ID byte
  --replay FILE    with --watch, play a fixture file (fixtures/hid/*.json)
                   instead of reading a device

Exit status: 0 after listing (also when there are no devices), 0 after
Ctrl-C in --watch, 1 when --watch finds no scanner to open, 2 on usage errors.

${UDEV_HELP}

${KEYBOARD_HELP}
`;

export interface ScannersDeps {
  /** node-hid, or a stand-in (tests). */
  readonly hid?: HidModule;
  readonly out?: (s: string) => void;
  readonly err?: (s: string) => void;
  /** Stops --watch when aborted (default: Ctrl-C or SIGTERM). */
  readonly stop?: AbortSignal;
  readonly now?: () => number;
  readonly pollMs?: number;
}

export async function runScanners(argv: string[], deps: ScannersDeps = {}): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      watch: { type: 'boolean' },
      raw: { type: 'boolean' },
      'vendor-id': { type: 'string' },
      'product-id': { type: 'string' },
      layout: { type: 'string' },
      'no-report-id': { type: 'boolean' },
      replay: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const out = deps.out ?? ((s: string) => void process.stdout.write(s));
  const err = deps.err ?? ((s: string) => void process.stderr.write(s));
  if (values.help === true) {
    out(HELP);
    return 0;
  }
  const watch = values.watch === true;
  if (values.raw === true && !watch) throw new KioskUsageError('--raw prints the reports while watching: add --watch');
  if (values.replay !== undefined && !watch) throw new KioskUsageError('--replay plays a recording while watching: add --watch');
  if (values['product-id'] !== undefined && values['vendor-id'] === undefined) throw new KioskUsageError('--product-id needs --vendor-id too');
  const filter: ScannerFilter = {
    vendorId: values['vendor-id'] === undefined ? undefined : usbId('--vendor-id', values['vendor-id']),
    productId: values['product-id'] === undefined ? undefined : usbId('--product-id', values['product-id']),
  };
  const layout = values.layout === undefined ? undefined : layoutName(values.layout);
  const reportIdIncluded = values['no-report-id'] !== true;

  let hid: HidModule;
  let replay: (() => Promise<void>) | null = null;
  if (values.replay !== undefined) {
    const fixture = parseHidFixture(readFileSync(values.replay, 'utf8'));
    const fake = new FakeHid([fixture.device]);
    hid = fake;
    replay = () => replayFixture(fake, fixture, { gapMs: 100, replugMs: 1500, sleep });
  } else if (deps.hid !== undefined) {
    hid = deps.hid;
  } else {
    try {
      hid = await loadNodeHid();
    } catch (e) {
      err(`kiosk scanners: cannot load node-hid (${errorText(e)}); reinstall the app's dependencies (npm ci)\n`);
      return 1;
    }
  }

  let devices: readonly HidDeviceInfo[];
  try {
    devices = await hid.devices();
  } catch (e) {
    err(`kiosk scanners: cannot list HID devices: ${errorText(e)}\n\n${UDEV_HELP}\n`);
    return 1;
  }
  out(formatDeviceList(devices, filter, layout));

  if (!watch) {
    if (devices.length === 0) out(`\nNo HID devices are visible to this computer.\n\n${UDEV_HELP}\n\n${KEYBOARD_HELP}\n`);
    else if (!devices.some((d) => d.usagePage === HID_POS_USAGE_PAGE)) out(`\nNone of these is a HID POS scanner (usage page 0x8C).\n\n${KEYBOARD_HELP}\n`);
    return 0;
  }

  const choice = chooseScanner(devices, filter);
  if (!choice.found) {
    err(`kiosk scanners: nothing to watch: ${choice.message}.\n\n${devices.length === 0 ? `${UDEV_HELP}\n\n` : ''}${KEYBOARD_HELP}\n`);
    return 1;
  }
  return watchScanner(hid, { filter, layout, reportIdIncluded, raw: values.raw === true, replay }, { ...deps, out, err });
}

async function watchScanner(
  hid: HidModule,
  o: { filter: ScannerFilter; layout: HidPosLayoutName | undefined; reportIdIncluded: boolean; raw: boolean; replay: (() => Promise<void>) | null },
  deps: ScannersDeps & { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  const now = deps.now ?? Date.now;
  const stamp = () => new Date(now()).toISOString();
  const line = (event: string, rest: string) => deps.out(`${stamp()}  ${event.padEnd(12)}  ${rest}\n`);
  const manager = new ScannerManager({ hid, ...o.filter, layout: o.layout, reportIdIncluded: o.reportIdIncluded, pollMs: deps.pollMs, now });

  manager.on('connected', (e) => {
    line(e.reconnected ? 'reconnected' : 'connected', `${describe(e.device)}  [${e.layout} layout, report ID ${e.reportIdIncluded ? 'included' : 'not included'}]`);
  });
  manager.on('disconnected', (e) => {
    line('disconnected', e.reason === 'unplugged' ? `${vidPid(e.device.vendorId, e.device.productId)} unplugged (${e.message}); waiting for it to come back, looking every ${e.pollMs / 1000} s` : `${vidPid(e.device.vendorId, e.device.productId)} closed`);
  });
  manager.on('scan', (s) => {
    const note = s.aim === null ? '  (no AIM ID: enable the scanner\'s AIM ID prefix so the kiosk can tell health codes from tube labels)' : '';
    line('scan', `${s.aim ?? '(none)'}  ${s.symbology.padEnd(7)}  ${printable(s.text)}${note}`);
  });
  manager.on('error', (e) => line('error', `${e.reason}: ${e.message}`));
  if (o.raw) manager.on('report', (r) => line('report', toHex(r.bytes)));

  const stopper = new AbortController();
  const onSignal = () => stopper.abort();
  const external = deps.stop;
  if (external === undefined) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  } else if (external.aborted) stopper.abort();
  else external.addEventListener('abort', onSignal, { once: true });
  try {
    if (o.replay !== null) deps.out('Replaying a fixture file: no device is read.\n');
    const started = await manager.start();
    if (!started.connected) {
      deps.err(`kiosk scanners: cannot watch: ${started.message}\n\n${UDEV_HELP}\n`);
      return 1;
    }
    if (o.replay === null) deps.out('Watching: scan a code, unplug and replug the scanner to test; Ctrl-C stops.\n');
    const stopped = new Promise<void>((resolve) => {
      if (stopper.signal.aborted) resolve();
      else stopper.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    if (o.replay !== null) {
      await Promise.race([o.replay().then(() => sleep(300)), stopped]);
    } else {
      await stopped;
    }
    return 0;
  } finally {
    await manager.stop();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

/** The device table; `*` marks HID POS interfaces, `>` the one the kiosk would read. */
export function formatDeviceList(devices: readonly HidDeviceInfo[], filter: ScannerFilter = {}, layout?: HidPosLayoutName): string {
  if (devices.length === 0) return 'HID devices: none\n';
  const choice = chooseScanner(devices, filter);
  const rows = devices.map((d) => {
    const pos = d.usagePage === HID_POS_USAGE_PAGE;
    const chosen = choice.found && d.path === choice.device.path;
    return [
      `${chosen ? '>' : ' '}${pos ? '*' : ' '}`,
      vidPid(d.vendorId, d.productId),
      d.usagePage === undefined ? '?' : `0x${hex(d.usagePage, 4)}`,
      d.usage === undefined ? '?' : `0x${hex(d.usage, 4)}`,
      printable(d.product ?? '') || '(no name)',
      printable(d.manufacturer ?? ''),
      d.path ?? '',
      pos ? 'HID POS scanner' : kindOf(d),
    ];
  });
  const header = ['', 'vid:pid', 'page', 'usage', 'product', 'manufacturer', 'path', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  let s = `HID devices (${devices.length}):\n${fmt(header)}\n${rows.map(fmt).join('\n')}\n`;
  s += '* HID POS scanner (usage page 0x8C): the kiosk reads its reports directly\n';
  if (choice.found) {
    const l = layout ?? layoutForVendor(choice.device.vendorId);
    s += `> the scanner the kiosk would open: ${vidPid(choice.device.vendorId, choice.device.productId)} at ${choice.device.path}, ${l} layout\n`;
  } else if (filter.vendorId !== undefined) {
    s += `! ${choice.message}\n`;
  }
  return s;
}

function kindOf(d: HidDeviceInfo): string {
  if (d.usagePage === 0x01 && d.usage === 0x06) return 'keyboard';
  if (d.usagePage === 0x01 && d.usage === 0x02) return 'mouse';
  return '';
}

function describe(d: HidDeviceInfo): string {
  const name = [d.product, d.manufacturer && `(${d.manufacturer})`].filter((x) => x !== undefined && x !== '').join(' ');
  return `${vidPid(d.vendorId, d.productId)}  ${printable(name)}  ${d.path ?? ''}`.trimEnd();
}

/** Control characters shown as \xNN, so a scanned GS or a hostile product string cannot drive the terminal. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A USB vendor or product ID in hex: `0x0C2E`, or four hex digits as lsusb shows them. */
function usbId(flag: string, v: string): number {
  const m = /^0x([0-9a-f]{1,4})$/i.exec(v) ?? /^([0-9a-f]{4})$/i.exec(v);
  if (m === null || m[1] === undefined) throw new KioskUsageError(`${flag}: expected a hex ID such as 0x0C2E or 0c2e, got ${JSON.stringify(v)}`);
  return parseInt(m[1], 16);
}

function layoutName(v: string): HidPosLayoutName {
  const l = HID_POS_LAYOUTS.find((x) => x === v);
  if (l === undefined) throw new KioskUsageError(`--layout: expected one of ${HID_POS_LAYOUTS.join(', ')}, got ${JSON.stringify(v)}`);
  return l;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
