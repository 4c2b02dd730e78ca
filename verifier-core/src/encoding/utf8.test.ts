/** Strict UTF-8 (RFC 3629), the check CBOR text strings go through. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codePointLength, utf8Decode, utf8Encode } from './utf8.js';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

/**
 * Node's WHATWG decoder as the reference. `ignoreBOM: true` keeps a leading
 * EF BB BF as U+FEFF, as utf8Decode does; by default TextDecoder would drop it.
 */
const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function referenceDecode(b: Uint8Array): string | null {
  try {
    return reference.decode(b);
  } catch {
    return null;
  }
}

describe('utf8Decode of valid text', () => {
  it('decodes Chinese text', () => {
    const text = '张三，亲属码已生效。';
    const encoded = bytes(
      0xe5, 0xbc, 0xa0, 0xe4, 0xb8, 0x89, 0xef, 0xbc, 0x8c, 0xe4, 0xba, 0xb2, 0xe5, 0xb1, 0x9e, 0xe7, 0xa0, 0x81,
      0xe5, 0xb7, 0xb2, 0xe7, 0x94, 0x9f, 0xe6, 0x95, 0x88, 0xe3, 0x80, 0x82,
    );
    expect(utf8Decode(encoded)).toBe(text);
    expect(utf8Encode(text)).toEqual(encoded);
  });
  it('decodes every sequence length at its boundaries', () => {
    expect(utf8Decode(bytes(0x00, 0x7f))).toBe('\u0000\u007f');
    expect(utf8Decode(bytes(0xc2, 0x80, 0xdf, 0xbf))).toBe('\u0080\u07ff');
    expect(utf8Decode(bytes(0xe0, 0xa0, 0x80, 0xed, 0x9f, 0xbf, 0xee, 0x80, 0x80, 0xef, 0xbf, 0xbf))).toBe('\u0800\ud7ff\ue000\uffff');
    expect(utf8Decode(bytes(0xf0, 0x90, 0x80, 0x80, 0xf4, 0x8f, 0xbf, 0xbf))).toBe('\u{10000}\u{10ffff}');
  });
  it('decodes a supplementary-plane character (a CJK Extension B ideograph) to a surrogate pair', () => {
    const s = utf8Decode(bytes(0xf0, 0xa0, 0x80, 0x80));
    expect(s).toBe('\u{20000}');
    expect(s === null ? -1 : codePointLength(s)).toBe(1);
  });
  it('decodes only the range it is given', () => {
    const b = bytes(0xff, 0x61, 0xe4, 0xb8, 0xad, 0xff);
    expect(utf8Decode(b, 1, 5)).toBe('a中');
    expect(utf8Decode(b, 1, 4)).toBeNull(); // the range cuts 中 short, although the bytes exist beyond it
  });
  it('keeps a leading byte order mark as U+FEFF', () => {
    expect(utf8Decode(bytes(0xef, 0xbb, 0xbf, 0x61))).toBe('\ufeffa');
  });
});

describe('utf8Decode refusals', () => {
  const refused: [string, number[]][] = [
    ['an overlong NUL (C0 80)', [0xc0, 0x80]],
    ['an overlong two-byte form (C1 BF)', [0xc1, 0xbf]],
    ['an overlong three-byte form (E0 80 80)', [0xe0, 0x80, 0x80]],
    ['an overlong three-byte form of U+07FF (E0 9F BF)', [0xe0, 0x9f, 0xbf]],
    ['an overlong four-byte form (F0 8F BF BF)', [0xf0, 0x8f, 0xbf, 0xbf]],
    ['a high surrogate (ED A0 80)', [0xed, 0xa0, 0x80]],
    ['a low surrogate (ED BF BF)', [0xed, 0xbf, 0xbf]],
    ['a surrogate pair encoded as two sequences (CESU-8)', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]],
    ['a code point above U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80]],
    ['a lead byte F5', [0xf5, 0x80, 0x80, 0x80]],
    ['a lead byte FF', [0xff]],
    ['a five-byte form (F8 88 80 80 80)', [0xf8, 0x88, 0x80, 0x80, 0x80]],
    ['a truncated two-byte sequence', [0x61, 0xc3]],
    ['a truncated three-byte sequence', [0xe4, 0xb8]],
    ['a truncated four-byte sequence', [0xf0, 0x9f, 0x98]],
    ['a sequence cut by an ASCII byte', [0xe4, 0x61, 0xad]],
    ['a sequence cut by a new lead byte', [0xe4, 0xb8, 0xe4, 0xb8, 0xad]],
    ['a stray continuation byte', [0x80]],
    ['a stray continuation byte after ASCII', [0x61, 0xbf, 0x62]],
    ['a continuation byte too many', [0xc3, 0xa9, 0xa9]],
  ];
  it.each(refused)('refuses %s', (_label, b) => {
    expect(utf8Decode(Uint8Array.from(b))).toBeNull();
    expect(referenceDecode(Uint8Array.from(b))).toBeNull();
  });
});

describe('utf8Decode against the WHATWG decoder', () => {
  /** Random bytes, biased towards bytes that take part in multi-byte sequences. */
  const utf8ish = fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.integer({ min: 0x80, max: 0xbf }),
      fc.integer({ min: 0xc0, max: 0xf7 }),
      fc.constantFrom(0x61, 0xe0, 0xed, 0xf0, 0xf4, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf),
    ),
    { maxLength: 24 },
  );
  /** Valid text with one byte changed, inserted or removed. */
  const damagedText = fc
    .tuple(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'insert', 'remove'))
    .map(([s, at, v, how]) => {
      const b = Array.from(utf8Encode(s));
      const i = b.length === 0 ? 0 : at % b.length;
      if (how === 'set' && b.length > 0) b[i] = v;
      else if (how === 'insert') b.splice(i, 0, v);
      else b.splice(i, 1);
      return Uint8Array.from(b);
    });

  it('agrees on random byte arrays: both refuse, or both give the same string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 32 }), utf8ish.map((a) => Uint8Array.from(a)), damagedText), (b) => {
        expect(utf8Decode(b)).toBe(referenceDecode(b));
      }),
      { numRuns: 5000 },
    );
  });
  it('agrees on long, mostly ASCII byte arrays, with the odd other byte anywhere', () => {
    const longAscii = fc
      .tuple(
        fc.uint8Array({ min: 0x20, max: 0x7e, minLength: 0, maxLength: 9000 }),
        fc.array(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })), { maxLength: 3 }),
      )
      .map(([ascii, inserts]) => {
        const b = Array.from(ascii);
        for (const [at, extra] of inserts) b.splice(b.length === 0 ? 0 : at % (b.length + 1), 0, ...extra);
        return Uint8Array.from(b);
      });
    fc.assert(
      fc.property(longAscii, fc.nat(), (b, cut) => {
        expect(utf8Decode(b)).toBe(referenceDecode(b));
        // and on a range inside the array
        const start = b.length === 0 ? 0 : cut % b.length;
        expect(utf8Decode(b, start)).toBe(referenceDecode(b.subarray(start)));
      }),
      { numRuns: 300 },
    );
  });
  it('decodes a long text that starts with ASCII and goes on in Chinese', () => {
    const text = `${'a'.repeat(5000)}张三${'b'.repeat(30)}`;
    expect(utf8Decode(utf8Encode(text))).toBe(text);
    expect(utf8Decode(Uint8Array.from([...utf8Encode('x'.repeat(5000)), 0xe5, 0xbc]))).toBeNull();
  });
  it('decodes what utf8Encode encodes, for any well-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        const b = utf8Encode(s);
        expect(utf8Decode(b)).toBe(s);
        expect(b).toEqual(new Uint8Array(Buffer.from(s, 'utf8')));
      }),
      { numRuns: 1000 },
    );
  });
});
