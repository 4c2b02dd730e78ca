/**
 * The strict CBOR decoder (RFC 8949) on hostile input: every well-formed
 * encoding is accepted as is (the signature covers the exact bytes, spec §2),
 * everything else is an error result, never an exception.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CborFloat, CborMap, CborSimple, CborTag, MAX_DEPTH, decodeCbor, decodeCborExactlyOne, keyIdentity, type CborValue } from './cbor.js';
import { encodeCbor, type EncodableValue } from './cbor-encode.js';

/** Bytes from hex, spaces allowed: h('a2 01 00'). */
function h(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`bad hex in test: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** The one item `hex` holds, failing the test with the decoder's message when it refuses. */
function one(hex: string): CborValue {
  const r = decodeCborExactlyOne(h(hex));
  if (!r.ok) throw new Error(`expected ${hex} to decode: ${r.error}`);
  return r.value;
}

/** Decodes `hex` as exactly one item and expects a refusal (an error result, not an exception). */
function expectRefused(hex: string): void {
  const r = decodeCborExactlyOne(h(hex));
  expect(r.ok, `${hex} should be refused`).toBe(false);
}

function mapOf(v: CborValue): CborMap {
  if (!(v instanceof CborMap)) throw new Error('expected a map');
  return v;
}

describe('CBOR integers', () => {
  it('accepts 1 written in every head width (non-shortest forms included)', () => {
    for (const hex of ['01', '18 01', '19 00 01', '1a 00 00 00 01', '1b 00 00 00 00 00 00 00 01']) expect(one(hex), hex).toBe(1);
  });
  it('decodes the boundaries of each head width as numbers', () => {
    expect(one('17')).toBe(23);
    expect(one('18 18')).toBe(24);
    expect(one('18 ff')).toBe(255);
    expect(one('19 ff ff')).toBe(65535);
    expect(one('1a ff ff ff ff')).toBe(4294967295);
    expect(one('1b 00 00 00 01 00 00 00 00')).toBe(4294967296);
  });
  it('decodes negative integers in every head width', () => {
    expect(one('20')).toBe(-1);
    expect(one('37')).toBe(-24);
    expect(one('38 63')).toBe(-100);
    expect(one('38 00')).toBe(-1);
    expect(one('39 03 e7')).toBe(-1000);
    expect(one('3a ff ff ff ff')).toBe(-4294967296);
    expect(one('3b 00 00 00 00 00 00 00 00')).toBe(-1);
  });
  it('gives a number within the safe range and a bigint beyond it, for 64-bit values', () => {
    expect(one('1b 00 1f ff ff ff ff ff ff')).toBe(Number.MAX_SAFE_INTEGER);
    expect(one('1b 00 20 00 00 00 00 00 00')).toBe(2n ** 53n);
    expect(one('1b 00 20 00 00 00 00 00 01')).toBe(2n ** 53n + 1n);
    expect(one('1b ff ff ff ff ff ff ff ff')).toBe(2n ** 64n - 1n);
    expect(one('3b 00 1f ff ff ff ff ff fe')).toBe(-Number.MAX_SAFE_INTEGER);
    expect(one('3b 00 1f ff ff ff ff ff ff')).toBe(-(2n ** 53n));
    expect(one('3b ff ff ff ff ff ff ff ff')).toBe(-(2n ** 64n));
  });
  it('reports where the item ended, and decodes from an offset', () => {
    const b = h('ff 19 00 01 02');
    const r = decodeCbor(b, 1);
    expect(r).toEqual({ ok: true, value: 1, end: 4 });
  });
});

describe('CBOR strings', () => {
  it('decodes definite byte and text strings', () => {
    expect(one('40')).toEqual(new Uint8Array(0));
    expect(one('43 01 02 03')).toEqual(Uint8Array.of(1, 2, 3));
    expect(one('58 03 01 02 03')).toEqual(Uint8Array.of(1, 2, 3));
    expect(one('60')).toBe('');
    expect(one('66 e5 bc a0 e4 b8 89')).toBe('张三');
    expect(one('79 00 02 61 62')).toBe('ab');
  });
  it('concatenates the chunks of an indefinite-length byte string', () => {
    expect(one('5f 42 01 02 43 03 04 05 40 ff')).toEqual(Uint8Array.of(1, 2, 3, 4, 5));
    expect(one('5f 58 01 09 ff')).toEqual(Uint8Array.of(9));
    expect(one('5f ff')).toEqual(new Uint8Array(0));
  });
  it('concatenates the chunks of an indefinite-length text string', () => {
    expect(one('7f 63 e5 bc a0 60 63 e4 b8 89 ff')).toBe('张三');
    expect(one('7f 61 61 78 01 62 ff')).toBe('ab');
    expect(one('7f ff')).toBe('');
  });
});

describe('CBOR arrays, maps and tags', () => {
  it('decodes definite and indefinite-length arrays', () => {
    expect(one('80')).toEqual([]);
    expect(one('83 01 02 03')).toEqual([1, 2, 3]);
    expect(one('98 02 01 02')).toEqual([1, 2]);
    expect(one('9f ff')).toEqual([]);
    expect(one('9f 01 9f 02 ff 82 03 04 ff')).toEqual([1, [2], [3, 4]]);
  });
  it('decodes definite and indefinite-length maps, keeping entry order', () => {
    const m = mapOf(one('a2 02 61 62 01 f5'));
    expect(m.entries).toEqual([
      [2, 'b'],
      [1, true],
    ]);
    expect(m.get(1)).toBe(true);
    expect(m.get(3)).toBeUndefined();
    const ind = mapOf(one('bf 61 61 01 20 bf ff ff'));
    expect(ind.get('a')).toBe(1);
    expect(ind.entries[1]?.[0]).toBe(-1);
    expect(ind.entries[1]?.[1]).toBeInstanceOf(CborMap);
    expect(mapOf(one('bf ff')).entries).toEqual([]);
  });
  it('decodes tags, with their number written in any width', () => {
    const t = one('d2 80');
    expect(t).toBeInstanceOf(CborTag);
    expect(t).toEqual(new CborTag(18, []));
    expect(one('d8 12 80')).toEqual(new CborTag(18, []));
    expect(one('da 00 00 00 12 80')).toEqual(new CborTag(18, []));
    expect(one('c1 1a 69 ba 2c a0')).toEqual(new CborTag(1, 1773808800));
    expect(one('db ff ff ff ff ff ff ff ff 00')).toEqual(new CborTag(2n ** 64n - 1n, 0));
    expect(one('c0 c0 60')).toEqual(new CborTag(0, new CborTag(0, '')));
  });
});

describe('CBOR floats and simple values', () => {
  it('decodes half, single and double floats as CborFloat, never as the integer', () => {
    for (const hex of ['f9 3c 00', 'fa 3f 80 00 00', 'fb 3f f0 00 00 00 00 00 00']) {
      const v = one(hex);
      expect(v, hex).toBeInstanceOf(CborFloat);
      expect(v, hex).toEqual(new CborFloat(1));
      expect(v, hex).not.toBe(1);
    }
  });
  it('decodes half floats exactly: subnormals, the largest, infinities, NaN and negative zero', () => {
    const f = (hex: string): number => {
      const v = one(hex);
      if (!(v instanceof CborFloat)) throw new Error(`${hex} is not a float`);
      return v.value;
    };
    expect(f('f9 00 00')).toBe(0);
    expect(Object.is(f('f9 80 00'), -0)).toBe(true);
    expect(f('f9 00 01')).toBe(2 ** -24);
    expect(f('f9 03 ff')).toBe(1023 * 2 ** -24);
    expect(f('f9 04 00')).toBe(2 ** -14);
    expect(f('f9 3e 00')).toBe(1.5);
    expect(f('f9 7b ff')).toBe(65504);
    expect(f('f9 c4 00')).toBe(-4);
    expect(f('f9 7c 00')).toBe(Infinity);
    expect(f('f9 fc 00')).toBe(-Infinity);
    expect(f('f9 7e 00')).toBeNaN();
    expect(f('fa 47 c3 50 00')).toBe(100000);
    expect(f('fb 3f f1 99 99 99 99 99 9a')).toBe(1.1);
    expect(f('fb 7f f0 00 00 00 00 00 00')).toBe(Infinity);
  });
  it('reads floats from a view that does not start at the buffer\'s beginning', () => {
    const whole = h('00 00 00 fb 3f f1 99 99 99 99 99 9a fa 47 c3 50 00');
    expect(decodeCborExactlyOne(whole.subarray(3, 12))).toEqual({ ok: true, value: new CborFloat(1.1), end: 9 });
    expect(decodeCborExactlyOne(whole.subarray(12))).toEqual({ ok: true, value: new CborFloat(100000), end: 5 });
  });
  it('decodes false, true, null, undefined and the other simple values', () => {
    expect(one('f4')).toBe(false);
    expect(one('f5')).toBe(true);
    expect(one('f6')).toBeNull();
    expect(one('f7')).toBeUndefined();
    expect(one('e0')).toEqual(new CborSimple(0));
    expect(one('f3')).toEqual(new CborSimple(19));
    expect(one('f8 20')).toEqual(new CborSimple(32));
    expect(one('f8 ff')).toEqual(new CborSimple(255));
  });
  it('keeps an integer key and the equal float key apart (1 and 1.0 are different values)', () => {
    const m = mapOf(one('a2 01 61 69 f9 3c 00 61 66'));
    expect(m.entries).toHaveLength(2);
    expect(m.get(1)).toBe('i');
  });
});

describe('CBOR refusals', () => {
  /** Well-formed items of every kind, each of whose proper prefixes is truncated. */
  const WELL_FORMED = [
    '18 01', '19 00 01', '1a 00 00 00 01', '1b 00 00 00 00 00 00 00 01', '3b 00 20 00 00 00 00 00 00',
    '43 01 02 03', '59 00 02 01 02', '5f 42 01 02 41 03 ff', '63 e5 bc a0', '7f 62 61 62 61 63 ff',
    '83 01 02 03', '9f 01 02 ff', 'a2 01 02 03 04', 'bf 01 02 ff', 'd2 84 40 a0 40 40', 'd8 12 80', 'db 00 00 00 00 00 00 00 12 80',
    'f9 3c 00', 'fa 3f 80 00 00', 'fb 3f f0 00 00 00 00 00 00', 'f8 20',
    'a3 01 9f 5f 41 01 ff 7f 60 ff ff 02 c1 fb 3f f0 00 00 00 00 00 00 63 61 62 63 bf 18 01 f4 ff',
  ];
  it('refuses every truncation of every kind of item', () => {
    for (const hex of WELL_FORMED) {
      const b = h(hex);
      expect(decodeCborExactlyOne(b).ok, hex).toBe(true);
      for (let n = 0; n < b.length; n++) {
        const r = decodeCbor(b.subarray(0, n));
        expect(r.ok, `${hex} cut to ${n} bytes`).toBe(false);
      }
    }
  });
  it('refuses the reserved additional information 28, 29 and 30 in every major type', () => {
    for (let major = 0; major < 8; major++) {
      for (const ai of [28, 29, 30]) {
        const head = ((major << 5) | ai).toString(16).padStart(2, '0');
        expectRefused(`${head} 00 00 00 00 00 00 00 00`);
        expectRefused(`81 ${head}`);
      }
    }
    expectRefused('5f 5c ff');
    expectRefused('7f 7d ff');
  });
  it('refuses a break code outside an indefinite-length item', () => {
    for (const hex of ['ff', '81 ff', '82 01 ff', 'a1 01 ff', 'a1 ff 01', 'bf 01 ff', 'c1 ff', 'd2 ff']) expectRefused(hex);
  });
  it('refuses an indefinite length on an integer, a tag or a simple value', () => {
    for (const hex of ['1f', '3f', '1f ff', '3f ff', 'df 01', '9f 1f ff']) expectRefused(hex);
  });
  it('refuses a chunk of the wrong type inside an indefinite-length string', () => {
    for (const hex of ['5f 61 61 ff', '7f 41 61 ff', '5f 01 ff', '7f 20 ff', '5f 80 ff', '7f a0 ff', '5f c2 41 01 ff', '7f f6 ff']) expectRefused(hex);
  });
  it('refuses a chunk that is itself indefinite-length', () => {
    for (const hex of ['5f 5f ff ff', '7f 7f ff ff', '5f 5f 41 01 ff ff', '7f 7f 61 61 ff ff']) expectRefused(hex);
  });
  it('refuses invalid UTF-8 in a text string, a chunk or a map key', () => {
    for (const hex of [
      '61 ff', '61 80', '62 c0 80', '63 e0 80 80', '63 ed a0 80', '64 f4 90 80 80', '62 e4 b8',
      '7f 61 ff ff',
      '7f 61 c3 61 a9 ff', // é split across two chunks: each chunk must be valid UTF-8 on its own
      'a1 61 ff 01',
    ]) {
      expectRefused(hex);
    }
  });
  it('refuses a two-byte simple value below 32', () => {
    for (const hex of ['f8 00', 'f8 14', 'f8 17', 'f8 18', 'f8 1f']) expectRefused(hex);
  });
  it('refuses a map that repeats a key written two ways (01 and 18 01 are both 1)', () => {
    expectRefused('a2 01 00 18 01 00');
    expectRefused('a2 01 00 01 00');
    expectRefused('a2 1b 00 00 00 00 00 00 00 01 00 19 00 01 00');
    expectRefused('a2 20 00 38 00 00');
    expectRefused('bf 01 00 1a 00 00 00 01 00 ff');
    expectRefused('a2 1b 00 20 00 00 00 00 00 00 00 1b 00 20 00 00 00 00 00 00 00');
  });
  it('refuses two text keys "a" when one is definite and the other indefinite-length', () => {
    expectRefused('a2 61 61 00 7f 61 61 ff 00');
    expectRefused('a2 7f 60 61 61 ff 00 78 01 61 00');
  });
  it('refuses two equal byte-string keys, however they are chunked', () => {
    expectRefused('a2 41 01 00 41 01 00');
    expectRefused('a2 42 01 02 00 5f 41 01 41 02 ff 00');
  });
  it('refuses repeated keys that are arrays, maps in another order, tags or floats of another width', () => {
    expectRefused('a2 82 01 02 00 9f 01 18 02 ff 00');
    expectRefused('a2 a2 01 02 03 04 00 a2 03 04 01 02 00');
    expectRefused('a2 c1 01 00 d8 01 18 01 00');
    expectRefused('a2 f9 3c 00 00 fb 3f f0 00 00 00 00 00 00 00');
  });
  it('refuses a repeated key in a large map, wherever the two copies are', () => {
    const keyHex = (k: number): string => (k < 24 ? k.toString(16).padStart(2, '0') : `18 ${k.toString(16).padStart(2, '0')}`);
    const distinct = Array.from({ length: 40 }, (_, k) => `${keyHex(k)} f6`);
    expect(mapOf(one(`b8 28 ${distinct.join(' ')}`)).entries).toHaveLength(40);
    expect(mapOf(one(`bf ${distinct.join(' ')} ff`)).entries).toHaveLength(40);
    for (const [first, second] of [[0, 1], [3, 15], [3, 16], [3, 17], [15, 16], [16, 17], [20, 39], [0, 39]] as const) {
      const entries = distinct.slice();
      // the second copy writes the first's key in a longer form
      entries[second] = `19 00 ${first.toString(16).padStart(2, '0')} f6`;
      expectRefused(`b8 28 ${entries.join(' ')}`);
      expectRefused(`bf ${entries.join(' ')} ff`);
    }
  });
  it('keeps keys that only look alike: text "a" and bytes 61, 1 and -1, 0.0 and -0.0, false and 0', () => {
    expect(mapOf(one('a2 61 61 00 41 61 00')).entries).toHaveLength(2);
    expect(mapOf(one('a2 01 00 20 00')).entries).toHaveLength(2);
    expect(mapOf(one('a2 f9 00 00 00 f9 80 00 00')).entries).toHaveLength(2);
    expect(mapOf(one('a2 f4 00 00 00')).entries).toHaveLength(2);
    expect(mapOf(one('a2 c1 01 00 c2 01 00')).entries).toHaveLength(2);
  });
  it('refuses a length that runs past the end of the input, without allocating it', () => {
    for (const hex of [
      '5b ff ff ff ff ff ff ff ff',
      '7b ff ff ff ff ff ff ff ff',
      '9b ff ff ff ff ff ff ff ff',
      'bb ff ff ff ff ff ff ff ff',
      '9b 00 00 00 00 ff ff ff ff 01',
      'bb 00 1f ff ff ff ff ff ff 01 02',
      '5a ff ff ff ff 00',
      '59 00 05 01 02 03 04',
      '62 61',
      'a2 01 02 03',
      '5f 5b ff ff ff ff ff ff ff ff ff',
      '7f 7a 00 01 00 00 61 ff',
    ]) {
      expectRefused(hex);
    }
  });
  it('returns an error, without throwing, for nesting deeper than MAX_DEPTH', () => {
    const deep = (head: number[], leaf: number[], n: number): Uint8Array => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(...head);
      out.push(...leaf);
      return Uint8Array.from(out);
    };
    expect(decodeCborExactlyOne(deep([0x81], [0x00], 100_000)).ok).toBe(false);
    expect(decodeCborExactlyOne(deep([0x9f], [], 100_000)).ok).toBe(false);
    expect(decodeCborExactlyOne(deep([0xa1, 0x01], [0x00], 100_000)).ok).toBe(false);
    expect(decodeCborExactlyOne(deep([0xbf], [], 100_000)).ok).toBe(false);
    expect(decodeCborExactlyOne(deep([0xc1], [0x00], 100_000)).ok).toBe(false);
    expect(decodeCborExactlyOne(deep([0x81], [0x00], MAX_DEPTH + 1)).ok).toBe(false);
    // shallower nesting, still far beyond anything YMT1 needs, decodes
    expect(decodeCborExactlyOne(deep([0x81], [0x00], MAX_DEPTH - 1)).ok).toBe(true);
  });
  it('refuses bytes after the item when exactly one is required', () => {
    for (const hex of ['01 00', '80 ff', 'a0 a0', 'f6 00', '5f ff ff']) {
      expectRefused(hex);
      expect(decodeCbor(h(hex)).ok, hex).toBe(true);
    }
    expect(decodeCborExactlyOne(new Uint8Array(0)).ok).toBe(false);
  });
});

describe('CBOR on random input', () => {
  /** Bytes biased towards heads that open items, lengths and breaks. */
  const cborish = fc
    .array(
      fc.oneof(
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(0x18, 0x19, 0x1a, 0x1b, 0x1f, 0x38, 0x3b, 0x41, 0x58, 0x5b, 0x5f, 0x61, 0x78, 0x7b, 0x7f),
        fc.constantFrom(0x81, 0x82, 0x9f, 0xa1, 0xa2, 0xbf, 0xc0, 0xd2, 0xdb, 0xf8, 0xf9, 0xfa, 0xfb, 0xff, 0x00, 0x01),
      ),
      { maxLength: 40 },
    )
    .map((a) => Uint8Array.from(a));

  it('never throws, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), cborish), (b) => {
        const r = decodeCbor(b);
        if (r.ok) {
          expect(r.end).toBeGreaterThan(0);
          expect(r.end).toBeLessThanOrEqual(b.length);
        }
        const exact = decodeCborExactlyOne(b);
        expect(exact.ok).toBe(r.ok && r.end === b.length);
      }),
      { numRuns: 20_000 },
    );
  });

  /** Values the encoder can write and the decoder gives back as they were. */
  const value: fc.Arbitrary<EncodableValue> = fc.letrec<{ v: EncodableValue }>((tie) => ({
    v: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.uint8Array({ maxLength: 8 }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('v'), { maxLength: 4 }),
      fc
        .uniqueArray(fc.tuple(fc.oneof(fc.integer({ min: -30, max: 30 }), fc.string({ maxLength: 3 })), tie('v')), {
          maxLength: 4,
          selector: ([k]) => k,
        })
        .map((entries) => new Map<EncodableValue, EncodableValue>(entries)),
    ),
  })).v;

  function sameValue(decoded: CborValue, original: EncodableValue): boolean {
    if (original instanceof Map) {
      if (!(decoded instanceof CborMap) || decoded.entries.length !== original.size) return false;
      let i = 0;
      for (const [k, v] of original) {
        const e = decoded.entries[i++];
        if (e === undefined || !sameValue(e[0], k) || !sameValue(e[1], v)) return false;
      }
      return true;
    }
    if (Array.isArray(original)) {
      return Array.isArray(decoded) && decoded.length === original.length && original.every((x, i) => sameValue(decoded[i], x));
    }
    if (original instanceof Uint8Array) {
      return decoded instanceof Uint8Array && decoded.length === original.length && original.every((x, i) => decoded[i] === x);
    }
    return decoded === original;
  }

  it('decodes what the encoder writes, with one representation per value', () => {
    fc.assert(
      fc.property(value, (v) => {
        const r = decodeCborExactlyOne(encodeCbor(v));
        expect(r.ok).toBe(true);
        if (r.ok) expect(sameValue(r.value, v)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives equal key identities exactly to equal integers, whatever their width', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0, 1, 2, 4, 8), (n, width) => {
        const bytesNeeded = n < 24n ? 0 : n < 0x100n ? 1 : n < 0x10000n ? 2 : n < 0x1_0000_0000n ? 4 : 8;
        const w = Math.max(width, bytesNeeded);
        const head = w === 0 ? [Number(n)] : [w === 1 ? 24 : w === 2 ? 25 : w === 4 ? 26 : 27];
        for (let i = w - 1; i >= 0; i--) head.push(Number((n >> BigInt(8 * i)) & 0xffn));
        const r = decodeCborExactlyOne(Uint8Array.from(head));
        expect(r.ok).toBe(true);
        if (r.ok) expect(keyIdentity(r.value)).toEqual(keyIdentity(n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n));
      }),
      { numRuns: 2000 },
    );
  });
});
