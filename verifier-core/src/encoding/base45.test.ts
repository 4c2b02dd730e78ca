/** Base45 (RFC 9285) as YMT1 uses it: the RFC's examples, and strict refusals. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base45Decode, base45Encode } from './base45.js';
import { utf8Encode } from './utf8.js';

const ascii = (s: string): Uint8Array => utf8Encode(s);

/** The decoded bytes, failing the test with Base45's own message when it refuses. */
function decoded(text: string): Uint8Array {
  const r = base45Decode(text);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(text)} to decode: ${r.error}`);
  return r.bytes;
}

const RFC_EXAMPLES: [string, string][] = [
  ['AB', 'BB8'],
  ['Hello!!', '%69 VD92EX0'],
  ['base-45', 'UJCLQE7W581'],
  ['ietf!', 'QED8WEX0'],
];

describe('base45 with the RFC 9285 examples', () => {
  it.each(RFC_EXAMPLES)('encodes %j as %j', (plain, encoded) => {
    expect(base45Encode(ascii(plain))).toBe(encoded);
  });
  it.each(RFC_EXAMPLES)('decodes %j from %j', (plain, encoded) => {
    expect(decoded(encoded)).toEqual(ascii(plain));
  });
  it('encodes and decodes the empty string as no bytes', () => {
    expect(base45Encode(new Uint8Array(0))).toBe('');
    expect(decoded('')).toEqual(new Uint8Array(0));
  });
  it('decodes the largest groups that still fit: "FGW" to ff ff and "U5" to ff', () => {
    expect(decoded('FGW')).toEqual(Uint8Array.of(0xff, 0xff));
    expect(decoded('U5')).toEqual(Uint8Array.of(0xff));
    expect(base45Encode(Uint8Array.of(0xff, 0xff, 0xff))).toBe('FGWU5');
  });
});

describe('base45 refusals', () => {
  it('refuses a length that leaves one character over (length ≡ 1 mod 3)', () => {
    for (const t of ['A', 'BB8A', '%69 VD92EX0AB', '0000000']) {
      const r = base45Decode(t);
      expect(r.ok, t).toBe(false);
    }
  });
  it('refuses lower-case letters, since the alphabet has none', () => {
    for (const t of ['bb8', 'Bb8', 'BB8ab', 'qed8wex0']) expect(base45Decode(t).ok, t).toBe(false);
  });
  it('refuses characters outside the alphabet in every position of a group', () => {
    for (const t of ['#B8', 'B#8', 'BB#', 'BB8#0', 'BB80#', 'AB=', 'AB_', 'AB\t', 'AB\n', 'AB,']) {
      expect(base45Decode(t).ok, JSON.stringify(t)).toBe(false);
    }
  });
  it('refuses non-ASCII characters, including ones whose low byte is in the alphabet', () => {
    // U+0141 and U+0230 have low bytes 0x41 ('A') and 0x30 ('0'); U+FF21 is a full-width 'A'.
    for (const t of ['BB\u00e9', '\u0141B8', 'B\u02308', 'BB\uff21', '\u4e2d\u6587\u7801', 'B\ud83d\ude00']) {
      expect(base45Decode(t).ok, JSON.stringify(t)).toBe(false);
    }
  });
  it('refuses a three-character group over 65535 ("GGW" is 65536)', () => {
    const r = base45Decode('GGW');
    expect(r.ok).toBe(false);
    expect(base45Decode(':::').ok).toBe(false);
    // also when the bad group is not the first one
    expect(base45Decode('BB8GGW').ok).toBe(false);
  });
  it('refuses a final pair over 255 ("GG" is 256)', () => {
    expect(base45Decode('GG').ok).toBe(false);
    expect(base45Decode('BB8GG').ok).toBe(false);
    expect(base45Decode('::').ok).toBe(false);
  });
  it('returns an error rather than throwing for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        const r = base45Decode(s);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('base45 round trips', () => {
  it('decodes what it encodes, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = base45Encode(bytes);
        expect(text.length).toBe(Math.floor(bytes.length / 2) * 3 + (bytes.length % 2) * 2);
        expect(decoded(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });
  it('encodes what it decodes, so every accepted text has exactly one byte form', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'.split('');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 60 }), (text) => {
        const r = base45Decode(text);
        if (r.ok) expect(base45Encode(r.bytes)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
