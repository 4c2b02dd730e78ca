/**
 * HID POS bar-code scanner reports → scans. Pure: bytes in, results out; no
 * node-hid, no clock. Hostile input returns a reason; misuse throws.
 *
 * What the reports look like (usage page 0x8C, "Bar Code Scanner", from the
 * USB-IF "HID Point of Sale Usage Tables" 1.02: the Scanned Data Report
 * usage 0x12 carries Symbology Identifier 1–3 (0xFB–0xFD), Decoded Data
 * (0xFE) and Decoded Data Continued (0xFF)). The spec names the fields; the
 * byte positions come from each vendor's report descriptor, and the two
 * families below document them:
 *
 * Honeywell / Hand Held Products ("HID POS", e.g. Xenon, Voyager; USB
 * Interfaces User's Guide, "Getting Scanned Data"; Access-IS documents the
 * same layout for its readers), 64 bytes counting the report ID:
 *
 *   [0]      report ID 0x02
 *   [1]      length of the decoded data in this report (0–56)
 *   [2..4]   AIM symbology identifier, always ']' + code + modifier
 *   [5..60]  decoded data (56 bytes, zero-padded)
 *   [61]     Honeywell code ID ('s' QR, 'j' Code 128, 'd' EAN-13, ...)
 *   [62]     reserved
 *   [63]     bit 0: decoded data continued (more reports follow)
 *
 * A long code is split into 56-byte reports, each repeating the AIM ID, with
 * bit 0 of byte 63 set on every report but the last (Access-IS LSR118 manual,
 * B.1.1, shows a 60-byte code as two reports; HenkVanAsselt/python_hon_usbhid
 * records a Voyager 1602g sending `[2, 56, 93, 88, 48, ...]` multi-report
 * answers with the flag byte 1, then 0 on the last).
 *
 * Newland ("USB HID-POS", e.g. FM420, HR-series; integration guides, "Getting
 * Scanned Data"), also 64 bytes with report ID 0x02:
 *
 *   [0]      report ID 0x02
 *   [1]      length of the decoded data in this report (1–56)
 *   [2..57]  decoded data
 *   [58..61] reserved
 *   [62]     Newland symbology ID number, or 0x00
 *   [63]     bit 0: decoded data continued
 *
 * Newland's report has no AIM field: the AIM ID arrives in the data when the
 * scanner's "AIM ID" prefix is enabled, so this layout takes a leading
 * `]Xm` of the joined data as the AIM ID. Without it the scan has `aim: null`
 * and `symbology: 'other'`, and the integrator is told to enable the prefix.
 *
 * The report ID byte: hidapi's hid_read() puts the report ID first when the
 * device uses numbered reports, which both families do (input 0x02, output
 * 0x04), so node-hid on Linux/hidraw, Windows and macOS hands over 64 bytes.
 * WebHID passes the ID separately (63 bytes of data), and hidapi's libusb
 * backend has been seen to drop it (libusb/hidapi#759). The caller says which
 * it has: `reportIdIncluded`.
 */
import { concatBytes } from '@ymt/verifier-core';

export type HidPosLayoutName = 'honeywell' | 'newland';

/** `]` + code character + modifier, e.g. `]Q1` QR Code, `]C0` Code 128, `]E0` EAN-13. */
export type AimId = `]${string}`;

export type Symbology = 'QRCode' | 'Code128' | 'EAN13' | 'other';

export interface HidPosScan {
  readonly kind: 'scan';
  /** The decoded text (strict UTF-8; QR payloads here are ASCII). */
  readonly text: string;
  /** The AIM symbology identifier, or null when the scanner sent none (Newland with the AIM prefix off). */
  readonly aim: AimId | null;
  readonly symbology: Symbology;
  /** The vendor's own symbology byte (Honeywell code ID, Newland symbology number); null when 0. */
  readonly vendorCodeId: number | null;
  /** The decoded-data bytes as the scanner sent them, all reports joined (a copy: nobody else holds it). */
  readonly raw: Uint8Array;
  /** How many input reports the code arrived in. */
  readonly reports: number;
}

export type HidPosErrorReason =
  | 'WRONG_LENGTH'
  | 'UNKNOWN_REPORT_ID'
  | 'LENGTH_BEYOND_REPORT'
  | 'BAD_AIM_ID'
  | 'AIM_MISMATCH'
  | 'EMPTY_SCAN'
  | 'TOO_LONG'
  | 'TAIL_SKIPPED'
  | 'NOT_UTF8'
  | 'CONTROL_CHARACTER'
  | 'CUT_SHORT';

export const HID_POS_ERROR_REASONS: readonly HidPosErrorReason[] = [
  'WRONG_LENGTH',
  'UNKNOWN_REPORT_ID',
  'LENGTH_BEYOND_REPORT',
  'BAD_AIM_ID',
  'AIM_MISMATCH',
  'EMPTY_SCAN',
  'TOO_LONG',
  'TAIL_SKIPPED',
  'NOT_UTF8',
  'CONTROL_CHARACTER',
  'CUT_SHORT',
];

export interface HidPosError {
  readonly kind: 'error';
  readonly reason: HidPosErrorReason;
  /** One sentence for an integrator: what came, what was expected, what was thrown away. */
  readonly message: string;
  /** The reports of an unfinished code that were thrown away with this error (0 if none). */
  readonly discardedReports: number;
  /** The offending report, or the partial code's data for CUT_SHORT and decoding errors (a copy). */
  readonly raw: Uint8Array;
}

export type HidPosResult = HidPosScan | HidPosError;

/** Why a partial code is being flushed. */
export type FlushCause = 'disconnected' | 'timeout' | 'closed';

interface LayoutSpec {
  readonly name: HidPosLayoutName;
  readonly reportId: number;
  /** Bytes in a report, counting the report ID. */
  readonly reportLength: number;
  /** Offsets below count the report ID as byte 0. */
  readonly lengthAt: number;
  readonly aimAt: number | null;
  readonly dataAt: number;
  readonly dataCapacity: number;
  readonly codeIdAt: number;
  readonly continuedAt: number;
}

const LAYOUTS: Readonly<Record<HidPosLayoutName, LayoutSpec>> = {
  honeywell: { name: 'honeywell', reportId: 0x02, reportLength: 64, lengthAt: 1, aimAt: 2, dataAt: 5, dataCapacity: 56, codeIdAt: 61, continuedAt: 63 },
  newland: { name: 'newland', reportId: 0x02, reportLength: 64, lengthAt: 1, aimAt: null, dataAt: 2, dataCapacity: 56, codeIdAt: 62, continuedAt: 63 },
};

export const HID_POS_LAYOUTS: readonly HidPosLayoutName[] = ['honeywell', 'newland'];

/** The scanned-data input report ID both layouts use. */
export const SCANNED_DATA_REPORT_ID = 0x02;

export interface HidPosOptions {
  readonly layout: HidPosLayoutName;
  /** True when each report starts with its report ID byte (node-hid/hidapi on hidraw, Windows, macOS); false for WebHID-style data. */
  readonly reportIdIncluded: boolean;
  /**
   * Policy: a code longer than this is refused (default 4096 bytes, ~73 reports).
   * A YMT1 QR is under 500 bytes; the bound keeps a scanner stuck on "continued"
   * from growing memory without end.
   */
  readonly maxScanBytes?: number;
}

/** The report size for a layout, as the caller will receive it. */
export function reportLengthFor(layout: HidPosLayoutName, reportIdIncluded: boolean): number {
  return LAYOUTS[layout].reportLength - (reportIdIncluded ? 0 : 1);
}

/**
 * Joins input reports into scans. Feed every input report with `push`; it
 * answers null while a code continues, then the scan or an error.
 *
 * Policy: a code's reports must be contiguous, and a part of a code is never
 * a scan. Anything wrong in the middle of a code throws away what was held
 * (and says so); the reports that still follow from that code are skipped up
 * to its last one (one TAIL_SKIPPED error), so the tail never reads as a code
 * of its own. A report whose own "continued" flag cannot be trusted (wrong
 * length) starts such a skip too. Call `flush` when the stream breaks
 * (unplug, close) or goes quiet mid-code (the caller's timer, while `busy`):
 * an unfinished code comes back as CUT_SHORT, and any skip ends.
 * Reports with another report ID are not scanned data: they are reported and
 * leave a code in progress alone.
 */
export class HidPosAssembler {
  readonly layout: HidPosLayoutName;
  readonly reportIdIncluded: boolean;
  private readonly spec: LayoutSpec;
  private readonly shift: number;
  private readonly maxScanBytes: number;
  private chunks: Uint8Array[] = [];
  private pendingBytes = 0;
  private pendingAim: string | null = null;
  /** Reports skipped so far from the tail of an interrupted code; null when not skipping. */
  private skipped: number | null = null;

  constructor(options: HidPosOptions) {
    const spec = LAYOUTS[options.layout] as LayoutSpec | undefined;
    if (spec === undefined) throw new RangeError(`layout: expected one of ${HID_POS_LAYOUTS.join(', ')}, got ${JSON.stringify(options.layout)}`);
    const max = options.maxScanBytes ?? 4096;
    if (!Number.isInteger(max) || max < spec.dataCapacity) throw new RangeError(`maxScanBytes: expected an integer of at least ${spec.dataCapacity}, got ${max}`);
    this.layout = options.layout;
    this.reportIdIncluded = options.reportIdIncluded;
    this.spec = spec;
    this.shift = options.reportIdIncluded ? 0 : 1;
    this.maxScanBytes = max;
  }

  /** Reports of an unfinished code held so far. */
  get pendingReports(): number {
    return this.chunks.length;
  }

  /** True while more reports are expected: a code is unfinished, or the tail of an interrupted one is being skipped. */
  get busy(): boolean {
    return this.chunks.length > 0 || this.skipped !== null;
  }

  push(report: Uint8Array): HidPosResult | null {
    if (!(report instanceof Uint8Array)) throw new TypeError('report: expected a Uint8Array');
    const r = report.slice(); // our own copy: the caller may reuse its buffer
    const s = this.spec;
    const at = (offset: number): number => r[offset - this.shift] ?? 0;
    const expected = s.reportLength - this.shift;

    if (r.length !== expected) {
      const hint =
        r.length === expected + 1 && !this.reportIdIncluded
          ? ' (one byte more: the reports seem to carry their report ID; set reportIdIncluded)'
          : r.length === expected - 1 && this.reportIdIncluded
            ? ' (one byte short: the reports seem to come without their report ID; unset reportIdIncluded)'
            : '';
      const what = `an input report of ${r.length} bytes; the ${s.name} layout has ${expected}${this.reportIdIncluded ? ' counting the report ID' : ' without the report ID'}${hint}`;
      return this.fail('WRONG_LENGTH', what, r, null);
    }
    if (this.reportIdIncluded && r[0] !== s.reportId) {
      const held = this.chunks.length > 0 ? '; the code in progress goes on' : '';
      return { kind: 'error', reason: 'UNKNOWN_REPORT_ID', message: `report ID 0x${hex2(r[0] ?? 0)} is not the scanned-data report (0x${hex2(s.reportId)}) of the ${s.name} layout; ignored${held}`, discardedReports: 0, raw: r };
    }
    const continued = (at(s.continuedAt) & 0x01) === 1;
    const length = at(s.lengthAt);
    if (length > s.dataCapacity) {
      return this.fail('LENGTH_BEYOND_REPORT', `the length byte says ${length} data bytes, but a ${s.name} report holds at most ${s.dataCapacity}`, r, continued);
    }
    let aim: string | null = null;
    if (s.aimAt !== null) {
      const a0 = at(s.aimAt);
      const a1 = at(s.aimAt + 1);
      const a2 = at(s.aimAt + 2);
      if (a0 !== 0x5d || !isAimChar(a1) || !isAimChar(a2)) {
        return this.fail('BAD_AIM_ID', `the AIM identifier field holds ${hexBytes([a0, a1, a2])}, not ']' and two characters`, r, continued);
      }
      aim = String.fromCharCode(a0, a1, a2);
    }
    if (this.skipped !== null) {
      this.skipped++;
      if (continued) return null;
      const n = this.skipped;
      this.skipped = null;
      return {
        kind: 'error',
        reason: 'TAIL_SKIPPED',
        message: `skipped the rest of the interrupted code (${n} report${n === 1 ? '' : 's'}); scan it again`,
        discardedReports: n,
        raw: r,
      };
    }
    if (this.chunks.length > 0 && s.aimAt !== null && aim !== this.pendingAim) {
      return this.fail('AIM_MISMATCH', `a continuation report says ${aim ?? '(none)'} but the code it continues began as ${this.pendingAim ?? '(none)'}`, r, continued);
    }
    const data = r.slice(s.dataAt - this.shift, s.dataAt - this.shift + length);
    if (this.pendingBytes + data.length > this.maxScanBytes) {
      return this.fail('TOO_LONG', `the code grew past ${this.maxScanBytes} bytes without an end (the "continued" flag never cleared)`, r, continued);
    }
    this.chunks.push(data);
    this.pendingBytes += data.length;
    this.pendingAim = aim;
    if (continued) return null;

    const reports = this.chunks.length;
    const joined = concatBytes(...this.chunks);
    this.reset();
    const codeId = at(s.codeIdAt);
    return finish(joined, aim, codeId === 0 ? null : codeId, reports, s.aimAt === null);
  }

  /** Ends the current sequence: an unfinished code is a CUT_SHORT error (never a scan); null if none was pending. Ends any skip. */
  flush(cause: FlushCause): HidPosError | null {
    this.skipped = null;
    if (this.chunks.length === 0) return null;
    const why =
      cause === 'disconnected' ? 'the scanner was disconnected' : cause === 'timeout' ? 'the next report did not come in time' : 'the scanner was closed';
    const partial = concatBytes(...this.chunks);
    const n = this.chunks.length;
    this.reset();
    return {
      kind: 'error',
      reason: 'CUT_SHORT',
      message: `a code was cut short: ${why} after ${n} report${n === 1 ? '' : 's'} (${partial.length} bytes) that said more would follow; the partial code was discarded, scan it again`,
      discardedReports: n,
      raw: partial,
    };
  }

  /**
   * A bad report: what was held is thrown away, and unless the report itself
   * says it ends its code (`continued` false), what follows of that code is
   * skipped. `continued` null: the report is too broken to tell.
   */
  private fail(reason: HidPosErrorReason, what: string, raw: Uint8Array, continued: boolean | null): HidPosError {
    const n = this.chunks.length;
    this.reset();
    this.skipped = continued === false ? null : (this.skipped ?? 0);
    const lost = n === 0 ? '' : `; the unfinished code it interrupted (${n} report${n === 1 ? '' : 's'}) was discarded, scan it again`;
    return { kind: 'error', reason, message: `${what}${lost}`, discardedReports: n, raw };
  }

  private reset(): void {
    this.chunks = [];
    this.pendingBytes = 0;
    this.pendingAim = null;
  }
}

function finish(joined: Uint8Array, fieldAim: string | null, vendorCodeId: number | null, reports: number, aimInData: boolean): HidPosResult {
  let aim = fieldAim;
  let body = joined;
  if (aimInData && joined.length >= 3 && joined[0] === 0x5d && isAimChar(joined[1] ?? 0) && isAimChar(joined[2] ?? 0)) {
    aim = String.fromCharCode(0x5d, joined[1] ?? 0, joined[2] ?? 0);
    body = joined.subarray(3);
  }
  // Policy: one trailing CR, LF or CR LF is a suffix left configured from
  // keyboard mode, not part of the code; report framing already ends the code.
  let end = body.length;
  if (end > 0 && body[end - 1] === 0x0a) end--;
  if (end > 0 && body[end - 1] === 0x0d) end--;
  body = body.subarray(0, end);

  const error = (reason: HidPosErrorReason, message: string): HidPosError => ({ kind: 'error', reason, message, discardedReports: reports, raw: joined });
  if (body.length === 0) return error('EMPTY_SCAN', `a scan with no data (${reports} report${reports === 1 ? '' : 's'}, AIM ${aim ?? 'none'})`);
  const bad = firstInvalidUtf8(body);
  if (bad !== -1) return error('NOT_UTF8', `the scanned data is not valid UTF-8 at byte ${bad} (${hexBytes(Array.from(body.subarray(bad, bad + 4)))}); the code was refused`);
  const text = new TextDecoder('utf-8').decode(body);
  const control = firstControl(text);
  if (control !== -1) {
    return error('CONTROL_CHARACTER', `the scanned text holds control character U+${text.codePointAt(control)?.toString(16).toUpperCase().padStart(4, '0')} at position ${control}; the code was refused`);
  }
  return { kind: 'scan', text, aim: aim as AimId | null, symbology: symbologyOf(aim, text), vendorCodeId, raw: joined, reports };
}

/** Which of the kiosk's symbologies an AIM ID names (ISO/IEC 15424 code characters). */
export function symbologyOf(aim: string | null, text: string): Symbology {
  if (aim === null || aim.length !== 3) return 'other';
  const code = aim[1];
  if (code === 'Q') return 'QRCode';
  if (code === 'C') return 'Code128';
  // ]E0 is EAN-13, but also UPC-A/UPC-E; only 13 digits make it an EAN-13.
  if (aim === ']E0' && /^\d{13}$/.test(text)) return 'EAN13';
  return 'other';
}

function isAimChar(b: number): boolean {
  return b >= 0x21 && b <= 0x7e;
}

/**
 * Policy: control characters are refused, except GS (U+001D), which GS1
 * codes use as the FNC1 field separator. Also refused: DEL and the C1 range.
 */
function firstControl(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x1d) || (c >= 0x7f && c <= 0x9f)) return i;
  }
  return -1;
}

/** Index of the first byte that is not well-formed UTF-8 (no overlongs, surrogates or > U+10FFFF), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] ?? 0;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (c >= 0xc2 && c <= 0xdf) [need, min, cp] = [1, 0x80, c & 0x1f];
    else if (c >= 0xe0 && c <= 0xef) [need, min, cp] = [2, 0x800, c & 0x0f];
    else if (c >= 0xf0 && c <= 0xf4) [need, min, cp] = [3, 0x10000, c & 0x07];
    else return i;
    for (let k = 1; k <= need; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function hex2(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}

function hexBytes(bytes: readonly number[]): string {
  return bytes.map((b) => `0x${hex2(b)}`).join(' ');
}

/** Lower-case hex of a report, no separators: the form the fixtures and `kiosk scanners --raw` use. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Parses `toHex` output (whitespace allowed between bytes); misuse throws. */
export function fromHex(hex: string): Uint8Array {
  const h = hex.replace(/\s+/g, '');
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new RangeError(`hex: expected pairs of hex digits, got ${JSON.stringify(hex.slice(0, 40))}`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
