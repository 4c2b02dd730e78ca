/** The HID POS parser on recorded-layout reports from two scanner families, and on garbage. */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHidFixture, type HidFixture } from './fake-hid.js';
import { HidPosAssembler, firstInvalidUtf8, fromHex, symbologyOf, toHex, type HidPosLayoutName, type HidPosResult } from './hid-pos.js';

const HID_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../../fixtures/hid');
const fixture = (name: string): HidFixture => parseHidFixture(readFileSync(join(HID_FIXTURES, name), 'utf8'));
const families = [
  ['Honeywell-style', fixture('honeywell-1400g.json')],
  ['Newland-style', fixture('newland-fm420.json')],
] as const;
const cases = JSON.parse(readFileSync(join(HID_FIXTURES, '../codes/cases.json'), 'utf8')) as { cases: { name: string; payload: string }[] };
const QR = cases.cases.find((c) => c.name === 'personal-live-green')!.payload;
const TUBE = cases.cases.find((c) => c.name === 'tube-label')!.payload;

function capture(f: HidFixture, name: string) {
  const c = f.captures.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no capture ${name}`);
  return c;
}

/** Every non-null result of pushing the reports. */
function pushAll(a: HidPosAssembler, reports: readonly (string | Uint8Array)[]): HidPosResult[] {
  const out: HidPosResult[] = [];
  for (const r of reports) {
    const res = a.push(typeof r === 'string' ? fromHex(r) : r);
    if (res !== null) out.push(res);
  }
  return out;
}

/** Builds reports as a scanner of that layout would send them (independent of the parser under test). */
function encode(layout: HidPosLayoutName, data: Uint8Array, aim = ']Q1', withId = true): Uint8Array[] {
  const body = layout === 'newland' ? new Uint8Array([...new TextEncoder().encode(aim), ...data]) : data;
  const out: Uint8Array[] = [];
  for (let i = 0; i < body.length || i === 0; i += 56) {
    const chunk = body.subarray(i, i + 56);
    const r = new Uint8Array(64);
    r[0] = 0x02;
    r[1] = chunk.length;
    if (layout === 'honeywell') {
      r.set(new TextEncoder().encode(aim), 2);
      r.set(chunk, 5);
      r[61] = 0x73;
    } else {
      r.set(chunk, 2);
    }
    r[63] = i + 56 < body.length ? 1 : 0;
    out.push(withId ? r : r.subarray(1));
  }
  return out;
}

describe.each(families)('%s reports', (_family, f) => {
  const make = () => new HidPosAssembler({ layout: f.layout, reportIdIncluded: f.reportIdIncluded });

  it('joins a YMT1 QR code spread over several reports into one scan with ]Q1, for verification', () => {
    const c = capture(f, 'ymt1-qr');
    expect(c.reports.length).toBeGreaterThanOrEqual(5);
    const a = make();
    const results = c.reports.map((r) => a.push(fromHex(r)));
    expect(results.slice(0, -1)).toEqual(c.reports.slice(0, -1).map(() => null));
    const last = results.at(-1);
    expect(last).toMatchObject({ kind: 'scan', text: QR, aim: ']Q1', symbology: 'QRCode', reports: c.reports.length });
  });

  it('reads a Code 128 tube label in one report as ]C0 Code128', () => {
    const [r] = pushAll(make(), capture(f, 'tube-label').reports);
    expect(r).toMatchObject({ kind: 'scan', text: TUBE, aim: ']C0', symbology: 'Code128', reports: 1 });
  });

  it('reports a code cut short by an unplug as CUT_SHORT, never as a scan, and reads the next code whole', () => {
    const a = make();
    const cut = capture(f, 'unplug-mid-qr');
    expect(pushAll(a, cut.reports)).toEqual([]);
    expect(a.pendingReports).toBe(cut.reports.length);
    const e = a.flush('disconnected');
    expect(e).toMatchObject({ kind: 'error', reason: 'CUT_SHORT', discardedReports: cut.reports.length });
    expect(e!.message).toMatch(/disconnected after \d reports .* discarded, scan it again/);
    expect(a.flush('disconnected')).toBeNull();
    expect(pushAll(a, capture(f, 'ymt1-qr').reports)).toMatchObject([{ kind: 'scan', text: QR }]);
  });

  it('says what is wrong with each garbage report, and the next code reads cleanly', () => {
    const a = make();
    const errors = pushAll(a, capture(f, 'garbage').reports);
    expect(errors.every((e) => e.kind === 'error')).toBe(true);
    const messages = errors.map((e) => (e.kind === 'error' ? `${e.reason}: ${e.message}` : ''));
    expect(messages[0]).toMatch(/^WRONG_LENGTH: an input report of 17 bytes; the \w+ layout has 64 counting the report ID/);
    expect(messages[1]).toMatch(/^LENGTH_BEYOND_REPORT: the length byte says 200 data bytes, but a \w+ report holds at most 56/);
    expect(messages[2]).toMatch(/^UNKNOWN_REPORT_ID: report ID 0x05 is not the scanned-data report \(0x02\)/);
    expect(messages.at(-1)).toMatch(/^NOT_UTF8: the scanned data is not valid UTF-8 at byte 10/);
    expect(a.pendingReports).toBe(0);
    expect(pushAll(a, capture(f, 'tube-label-after-garbage').reports)).toMatchObject([{ kind: 'scan', text: TUBE }]);
  });

  it('reads the same reports without their report ID byte when told so (WebHID, hidapi over libusb)', () => {
    const a = new HidPosAssembler({ layout: f.layout, reportIdIncluded: false });
    const strip = (hex: string) => fromHex(hex).subarray(1);
    expect(pushAll(a, capture(f, 'ymt1-qr').reports.map(strip))).toMatchObject([{ kind: 'scan', text: QR, aim: ']Q1', symbology: 'QRCode' }]);
    expect(pushAll(a, capture(f, 'tube-label').reports.map(strip))).toMatchObject([{ kind: 'scan', text: TUBE, symbology: 'Code128' }]);
  });

  it('names the likely cause when the report-ID setting is the wrong way round', () => {
    const without = new HidPosAssembler({ layout: f.layout, reportIdIncluded: false });
    const [e1] = pushAll(without, capture(f, 'tube-label').reports);
    expect(e1).toMatchObject({ kind: 'error', reason: 'WRONG_LENGTH' });
    expect((e1 as { message: string }).message).toMatch(/seem to carry their report ID/);
    const withId = make();
    const [e2] = pushAll(withId, [fromHex(capture(f, 'tube-label').reports[0]!).subarray(1)]);
    expect((e2 as { message: string }).message).toMatch(/seem to come without their report ID/);
  });
});

describe.each(readdirSync(HID_FIXTURES).filter((n) => n.endsWith('.json')))('fixtures/hid/%s', (file) => {
  const f = fixture(file);
  const make = () => new HidPosAssembler({ layout: f.layout, reportIdIncluded: f.reportIdIncluded });

  it('gives every capture, in order, the results the file expects', () => {
    const a = make();
    for (const c of f.captures) {
      const got = pushAll(a, c.reports);
      if (c.then === 'unplug') {
        const e = a.flush('disconnected');
        if (e !== null) got.push(e);
      }
      expect(got.map((g) => (g.kind === 'scan' ? { kind: g.kind, text: g.text, aim: g.aim, symbology: g.symbology, reports: g.reports } : { kind: g.kind, reason: g.reason }))).toEqual(c.expect);
    }
  });

});

describe('HidPosAssembler', () => {
  it('joins a 460-byte code over 9 reports (the longest YMT1 QR)', () => {
    const text = `YMT1:${'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'.repeat(11).slice(0, 455)}`;
    for (const layout of ['honeywell', 'newland'] as const) {
      const reports = encode(layout, new TextEncoder().encode(text));
      expect(reports.length).toBe(9);
      const r = pushAll(new HidPosAssembler({ layout, reportIdIncluded: true }), reports);
      expect(r).toMatchObject([{ kind: 'scan', text, aim: ']Q1', symbology: 'QRCode', reports: 9 }]);
    }
  });

  it('keeps a scan it returned unchanged when the caller reuses its report buffer', () => {
    const a = new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true });
    const [report] = encode('honeywell', new TextEncoder().encode(TUBE), ']C0');
    const scan = a.push(report!);
    const before = structuredClone(scan);
    report!.fill(0xee);
    a.push(report!);
    expect(scan).toEqual(before);
  });

  it('throws away an unfinished code when a garbage report interrupts it, and says so', () => {
    const a = new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true });
    const qr = encode('honeywell', new TextEncoder().encode(QR));
    expect(a.push(qr[0]!)).toBeNull();
    expect(a.push(qr[1]!)).toBeNull();
    const e = a.push(new Uint8Array(10));
    expect(e).toMatchObject({ kind: 'error', reason: 'WRONG_LENGTH', discardedReports: 2 });
    expect((e as { message: string }).message).toMatch(/the unfinished code it interrupted \(2 reports\) was discarded/);
    // The rest of the interrupted code is skipped, never read as a code of its own.
    expect(pushAll(a, qr.slice(2))).toMatchObject([{ kind: 'error', reason: 'TAIL_SKIPPED', discardedReports: 3 }]);
    expect(a.busy).toBe(false);
    expect(pushAll(a, qr)).toMatchObject([{ kind: 'scan', text: QR }]);
  });

  it('skips the rest of a code whose first report was garbage, so its tail is not read as a code', () => {
    const a = new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true });
    const qr = encode('honeywell', new TextEncoder().encode(QR));
    const bad = qr[0]!.slice();
    bad[2] = 0x00; // AIM field broken; the "continued" flag still says more follows
    expect(a.push(bad)).toMatchObject({ reason: 'BAD_AIM_ID' });
    expect(a.busy).toBe(true);
    expect(pushAll(a, qr.slice(1))).toMatchObject([{ kind: 'error', reason: 'TAIL_SKIPPED', discardedReports: 4 }]);
  });

  it('ends a skip when the stream goes quiet, so the next scan is read', () => {
    const a = new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true });
    expect(a.push(new Uint8Array(17))).toMatchObject({ reason: 'WRONG_LENGTH' });
    expect(a.busy).toBe(true);
    expect(a.flush('timeout')).toBeNull();
    expect(pushAll(a, encode('honeywell', new TextEncoder().encode(TUBE), ']C0'))).toMatchObject([{ kind: 'scan', text: TUBE }]);
  });

  it('reports a report with another report ID and leaves the code in progress alone', () => {
    const a = new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true });
    const qr = encode('honeywell', new TextEncoder().encode(QR));
    a.push(qr[0]!);
    const other = qr[1]!.slice();
    other[0] = 0x05;
    const e = a.push(other);
    expect(e).toMatchObject({ kind: 'error', reason: 'UNKNOWN_REPORT_ID', discardedReports: 0 });
    expect((e as { message: string }).message).toMatch(/ignored; the code in progress goes on/);
    expect(pushAll(a, qr.slice(1))).toMatchObject([{ kind: 'scan', text: QR }]);
  });

  it('refuses a continuation report whose AIM ID differs from the code it continues', () => {
    const a = new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true });
    const qr = encode('honeywell', new TextEncoder().encode(QR));
    a.push(qr[0]!);
    const other = encode('honeywell', new TextEncoder().encode(TUBE), ']C0')[0]!;
    expect(a.push(other)).toMatchObject({ kind: 'error', reason: 'AIM_MISMATCH', discardedReports: 1 });
  });

  it('refuses a code that never stops saying "continued"', () => {
    const a = new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true, maxScanBytes: 200 });
    const r = encode('honeywell', new TextEncoder().encode('A'.repeat(56 * 6)));
    const results = pushAll(a, r);
    expect(results[0]).toMatchObject({ kind: 'error', reason: 'TOO_LONG' });
  });

  it('refuses control characters and empty scans, keeps GS for GS1 codes, drops one CR LF suffix', () => {
    const enc = (s: string, aim = ']C0') => encode('honeywell', new TextEncoder().encode(s), aim);
    const a = new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true });
    expect(pushAll(a, enc('TB20\u000726'))).toMatchObject([{ kind: 'error', reason: 'CONTROL_CHARACTER' }]);
    expect((pushAll(a, enc('TB20\u000726'))[0] as { message: string }).message).toMatch(/U\+0007 at position 4/);
    expect(pushAll(a, enc(''))).toMatchObject([{ kind: 'error', reason: 'EMPTY_SCAN' }]);
    expect(pushAll(a, enc('\r\n'))).toMatchObject([{ kind: 'error', reason: 'EMPTY_SCAN' }]);
    expect(pushAll(a, enc(`${TUBE}\r\n`))).toMatchObject([{ kind: 'scan', text: TUBE }]);
    expect(pushAll(a, enc(`${TUBE}\r\r`))).toMatchObject([{ kind: 'error', reason: 'CONTROL_CHARACTER' }]);
    expect(pushAll(a, enc('0109501101020917\u001d10ABC', ']C1'))).toMatchObject([{ kind: 'scan', symbology: 'Code128', aim: ']C1' }]);
  });

  it('gives a Newland scan without the AIM prefix aim null and symbology other', () => {
    const r = new Uint8Array(64);
    r[0] = 0x02;
    r[1] = TUBE.length;
    r.set(new TextEncoder().encode(TUBE), 2);
    expect(new HidPosAssembler({ layout: 'newland', reportIdIncluded: true }).push(r)).toMatchObject({ kind: 'scan', text: TUBE, aim: null, symbology: 'other', vendorCodeId: null });
  });

  it('decodes UTF-8 strictly: no overlongs, surrogates or truncated sequences', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('YMT1:é中😀'))).toBe(-1);
    expect(firstInvalidUtf8(Uint8Array.of(0x41, 0xc0, 0xaf))).toBe(1); // overlong '/'
    expect(firstInvalidUtf8(Uint8Array.of(0xed, 0xa0, 0x80))).toBe(0); // a surrogate
    expect(firstInvalidUtf8(Uint8Array.of(0x41, 0x42, 0xe4, 0xb8))).toBe(2); // cut short
    expect(firstInvalidUtf8(Uint8Array.of(0xf4, 0x90, 0x80, 0x80))).toBe(0); // beyond U+10FFFF
  });

  it('maps AIM IDs to the kiosk symbologies', () => {
    expect(symbologyOf(']Q1', 'x')).toBe('QRCode');
    expect(symbologyOf(']C0', 'x')).toBe('Code128');
    expect(symbologyOf(']E0', '6901234567892')).toBe('EAN13');
    expect(symbologyOf(']E0', '012345678905')).toBe('other'); // a UPC-A
    expect(symbologyOf(']d2', 'x')).toBe('other');
    expect(symbologyOf(null, 'x')).toBe('other');
  });

  it('throws on misuse: an unknown layout, a silly bound', () => {
    expect(() => new HidPosAssembler({ layout: 'zebra' as HidPosLayoutName, reportIdIncluded: true })).toThrow(/layout: expected one of honeywell, newland/);
    expect(() => new HidPosAssembler({ layout: 'honeywell', reportIdIncluded: true, maxScanBytes: 10 })).toThrow(RangeError);
    expect(() => fromHex('0g')).toThrow(/hex/);
    expect(toHex(fromHex('02 38 5D'))).toBe('02385d');
  });
});

describe('HidPosAssembler on random input', () => {
  it('never throws, and every result is a scan or an error with a reason and a message', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<HidPosLayoutName>('honeywell', 'newland'),
        fc.boolean(),
        fc.array(fc.oneof(fc.uint8Array({ minLength: 0, maxLength: 80 }), fc.uint8Array({ minLength: 63, maxLength: 64 })), { maxLength: 30 }),
        (layout, withId, reports) => {
          const a = new HidPosAssembler({ layout, reportIdIncluded: withId });
          for (const r of [...pushAll(a, reports), a.flush('timeout')]) {
            if (r === null) continue;
            if (r.kind === 'error') expect(r.message.length).toBeGreaterThan(10);
            else expect(typeof r.text).toBe('string');
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads back any Base45 payload of any length, in either layout, with or without the report ID', () => {
    const base45 = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'.split(''));
    fc.assert(
      fc.property(fc.constantFrom<HidPosLayoutName>('honeywell', 'newland'), fc.boolean(), fc.array(base45, { minLength: 1, maxLength: 1200 }), (layout, withId, chars) => {
        const text = `YMT1:${chars.join('')}`.replace(/[\r\n]+$/, '');
        const reports = encode(layout, new TextEncoder().encode(text), ']Q1', withId);
        const r = pushAll(new HidPosAssembler({ layout, reportIdIncluded: withId }), reports);
        expect(r).toMatchObject([{ kind: 'scan', text, symbology: 'QRCode', reports: reports.length }]);
      }),
      { numRuns: 200 },
    );
  });

  it('never returns a scan for a code whose last report never came', () => {
    fc.assert(
      fc.property(fc.constantFrom<HidPosLayoutName>('honeywell', 'newland'), fc.integer({ min: 57, max: 600 }), (layout, n) => {
        const reports = encode(layout, new TextEncoder().encode('A'.repeat(n)));
        const a = new HidPosAssembler({ layout, reportIdIncluded: true });
        expect(pushAll(a, reports.slice(0, -1))).toEqual([]);
        expect(a.flush('disconnected')).toMatchObject({ reason: 'CUT_SHORT' });
      }),
      { numRuns: 100 },
    );
  });
});
