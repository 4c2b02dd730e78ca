/** base64url without padding (RFC 4648 §5), as the signed lists carry it: canonical text only. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base64urlDecode, base64urlEncode } from './base64url.js';

describe('base64url round trips', () => {
  it('encodes the RFC 4648 test vectors without padding', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy'],
    ];
    for (const [plain, text] of cases) {
      const bytes = Uint8Array.from(plain, (c) => c.charCodeAt(0));
      expect(base64urlEncode(bytes)).toBe(text);
      expect(base64urlDecode(text)).toEqual(bytes);
    }
  });
  it('uses - and _ where base64 uses + and /', () => {
    expect(base64urlEncode(Uint8Array.of(0xfb, 0xff))).toBe('-_8');
    expect(base64urlDecode('-_8')).toEqual(Uint8Array.of(0xfb, 0xff));
  });
  it('decodes what it encodes, for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = base64urlEncode(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(text.length).toBe(Math.ceil((bytes.length * 4) / 3));
        expect(base64urlDecode(text)).toEqual(bytes);
      }),
      { numRuns: 1000 },
    );
  });
  it('agrees with Node\'s base64url encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        expect(base64urlEncode(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
      }),
      { numRuns: 500 },
    );
  });
});

describe('base64url refusals', () => {
  it('refuses padding', () => {
    for (const t of ['Zg==', 'Zm8=', 'Zg=', 'Zm9v====', '=']) expect(base64urlDecode(t), t).toBeNull();
  });
  it('refuses the base64 characters + and /', () => {
    for (const t of ['+_8', '-/8', 'Zm9+', 'Zm9/']) expect(base64urlDecode(t), t).toBeNull();
  });
  it('refuses other characters: white space, dot, non-ASCII', () => {
    for (const t of ['Zm 9v', 'Zm9v\n', 'Zm.v', 'Zm9\u00e9', '\uff3a\uff47']) expect(base64urlDecode(t), JSON.stringify(t)).toBeNull();
  });
  it('refuses a length that cannot come from whole bytes (one character over a multiple of four)', () => {
    for (const t of ['Z', 'Zm9vY', 'Zm9vYmFyZ']) expect(base64urlDecode(t), t).toBeNull();
  });
  it('refuses non-zero unused bits in the last character', () => {
    // 'Zg' is 'f'; 'Zh'..'Zv' differ only in the 4 unused bits
    for (const t of ['Zh', 'Zi', 'Zv', 'Zr']) expect(base64urlDecode(t), t).toBeNull();
    // 'Zm8' is 'fo'; 'Zm9' differs only in the 2 unused bits
    for (const t of ['Zm9', 'Zm-', 'Zm_']) expect(base64urlDecode(t), t).toBeNull();
    expect(base64urlDecode('Zg')).toEqual(Uint8Array.of(0x66));
    expect(base64urlDecode('Zm8')).toEqual(Uint8Array.of(0x66, 0x6f));
  });
  it('accepts only the one canonical text of each byte string', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 40 }), (text) => {
        const bytes = base64urlDecode(text);
        if (bytes !== null) expect(base64urlEncode(bytes)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});
