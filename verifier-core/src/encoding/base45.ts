/**
 * Base45 (RFC 9285), strict: a character outside the alphabet, a length
 * that leaves one character over, or a group above its range is refused.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

export type Base45Result = { ok: true; bytes: Uint8Array } | { ok: false; error: string };

function digit(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? (VALUE[c] ?? -1) : -1;
}

export function base45Decode(text: string): Base45Result {
  const n = text.length;
  if (n % 3 === 1) return { ok: false, error: `Base45 length ${n} leaves one character over` };
  const out = new Uint8Array(Math.floor(n / 3) * 2 + (n % 3 === 2 ? 1 : 0));
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const c = digit(text, i);
    const d = digit(text, i + 1);
    if (c < 0 || d < 0) return { ok: false, error: `character outside the Base45 alphabet near offset ${i}` };
    if (i + 2 < n) {
      const e = digit(text, i + 2);
      if (e < 0) return { ok: false, error: `character outside the Base45 alphabet near offset ${i}` };
      const v = c + d * 45 + e * 2025;
      if (v > 0xffff) return { ok: false, error: `Base45 group at offset ${i} is over 65535` };
      out[o++] = v >> 8;
      out[o++] = v & 0xff;
    } else {
      const v = c + d * 45;
      if (v > 0xff) return { ok: false, error: `Base45 final pair at offset ${i} is over 255` };
      out[o++] = v;
    }
  }
  return { ok: true, bytes: out };
}

export function base45Encode(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    let v = ((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0);
    const c = v % 45;
    v = (v - c) / 45;
    const d = v % 45;
    const e = (v - d) / 45;
    s += ALPHABET.charAt(c) + ALPHABET.charAt(d) + ALPHABET.charAt(e);
  }
  if (bytes.length % 2 === 1) {
    const v = bytes[bytes.length - 1] ?? 0;
    s += ALPHABET.charAt(v % 45) + ALPHABET.charAt(Math.floor(v / 45));
  }
  return s;
}
