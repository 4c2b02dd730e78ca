/**
 * A small CBOR encoder for issuing codes (the authority side: fixtures,
 * training codes, tests). Deterministic shortest-form encoding; `RawCbor`
 * splices pre-encoded bytes in, so tests can build any unusual encoding.
 */
import { utf8Encode } from './utf8.js';

export class RawCbor {
  constructor(readonly bytes: Uint8Array) {}
}

export class Tagged {
  constructor(
    readonly tag: number,
    readonly value: EncodableValue,
  ) {}
}

export type EncodableValue =
  | number
  | bigint
  | string
  | Uint8Array
  | boolean
  | null
  | EncodableValue[]
  | Map<EncodableValue, EncodableValue>
  | Tagged
  | RawCbor;

/** The head of an item: major type and argument, shortest form unless `width` (in bytes: 0, 1, 2, 4, 8) is given. */
export function cborHead(major: number, arg: number | bigint, width?: 0 | 1 | 2 | 4 | 8): Uint8Array {
  const n = BigInt(arg);
  if (n < 0n) throw new RangeError('cborHead: argument must not be negative');
  const w = width ?? (n < 24n ? 0 : n < 0x100n ? 1 : n < 0x10000n ? 2 : n < 0x1_0000_0000n ? 4 : 8);
  const m = major << 5;
  if (w === 0) {
    if (n >= 24n) throw new RangeError('cborHead: argument too large for width 0');
    return Uint8Array.of(m | Number(n));
  }
  const ai = w === 1 ? 24 : w === 2 ? 25 : w === 4 ? 26 : 27;
  const out = new Uint8Array(1 + w);
  out[0] = m | ai;
  let v = n;
  for (let i = w; i >= 1; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  if (v !== 0n) throw new RangeError(`cborHead: argument too large for width ${w}`);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function encodeCbor(v: EncodableValue): Uint8Array {
  const parts: Uint8Array[] = [];
  encodeInto(v, parts);
  return concatBytes(...parts);
}

function encodeInto(v: EncodableValue, out: Uint8Array[]): void {
  if (v instanceof RawCbor) out.push(v.bytes);
  else if (typeof v === 'number' || typeof v === 'bigint') {
    if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new RangeError(`encodeCbor: ${v} is not a safe integer`);
    const n = BigInt(v);
    out.push(n >= 0n ? cborHead(0, n) : cborHead(1, -1n - n));
  } else if (typeof v === 'string') {
    const b = utf8Encode(v);
    out.push(cborHead(3, b.length), b);
  } else if (v instanceof Uint8Array) out.push(cborHead(2, v.length), v);
  else if (v === false) out.push(Uint8Array.of(0xf4));
  else if (v === true) out.push(Uint8Array.of(0xf5));
  else if (v === null) out.push(Uint8Array.of(0xf6));
  else if (Array.isArray(v)) {
    out.push(cborHead(4, v.length));
    for (const x of v) encodeInto(x, out);
  } else if (v instanceof Map) {
    out.push(cborHead(5, v.size));
    for (const [k, x] of v) {
      encodeInto(k, out);
      encodeInto(x, out);
    }
  } else {
    out.push(cborHead(6, v.tag));
    encodeInto(v.value, out);
  }
}
