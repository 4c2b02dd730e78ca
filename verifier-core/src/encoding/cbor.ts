/**
 * A strict CBOR (RFC 8949) decoder for hostile input.
 *
 * Policy: accept every well-formed encoding (non-shortest heads,
 * indefinite-length strings, arrays and maps, tags, floats, simple values),
 * because the signature covers the exact bytes and the spec forbids
 * re-encoding; refuse everything that is not well-formed (truncation,
 * reserved additional information, stray break codes, bad UTF-8, chunks of
 * the wrong type) and maps that repeat a key, comparing keys by decoded
 * value. Nesting is capped at MAX_DEPTH so hostile input cannot exhaust the
 * stack; no YMT1 structure comes near it.
 */
import { utf8Decode } from './utf8.js';

export const MAX_DEPTH = 64;

/** Integers decode to `number` when safe and `bigint` otherwise, so one value always has one representation. */
export type CborValue =
  | number
  | bigint
  | string
  | Uint8Array
  | boolean
  | null
  | undefined
  | CborValue[]
  | CborMap
  | CborTag
  | CborFloat
  | CborSimple;

export class CborMap {
  constructor(readonly entries: ReadonlyArray<readonly [CborValue, CborValue]>) {}
  /** The value stored under an integer or text key, or undefined. */
  get(key: number | string): CborValue | undefined {
    for (const [k, v] of this.entries) if (k === key) return v;
    return undefined;
  }
  has(key: number | string): boolean {
    for (const [k] of this.entries) if (k === key) return true;
    return false;
  }
}

export class CborTag {
  constructor(
    readonly tag: number | bigint,
    readonly value: CborValue,
  ) {}
}

/** A floating-point value, kept apart from integers: 1.0 is not the uint 1. */
export class CborFloat {
  constructor(readonly value: number) {}
}

/** A simple value other than false, true, null and undefined. */
export class CborSimple {
  constructor(readonly value: number) {}
}

export type CborDecodeResult = { ok: true; value: CborValue; end: number } | { ok: false; error: string };

class CborError extends Error {}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const TWO_32 = 0x1_0000_0000;

/** Decodes the single item at `start`. The caller decides whether bytes may follow (`end`). */
export function decodeCbor(bytes: Uint8Array, start = 0): CborDecodeResult {
  try {
    const d = new Decoder(bytes, start);
    const value = d.item(0);
    return { ok: true, value, end: d.pos };
  } catch (e) {
    if (e instanceof CborError) return { ok: false, error: e.message };
    throw e;
  }
}

/** Decodes `bytes` that must hold exactly one item and nothing after it. */
export function decodeCborExactlyOne(bytes: Uint8Array): CborDecodeResult {
  const r = decodeCbor(bytes);
  if (r.ok && r.end !== bytes.length) {
    return { ok: false, error: `${bytes.length - r.end} byte(s) follow the CBOR item` };
  }
  return r;
}

const BREAK = Symbol('break');

class Decoder {
  pos: number;
  constructor(
    private readonly b: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  private byte(): number {
    const v = this.b[this.pos];
    if (v === undefined) throw new CborError(`CBOR truncated at byte ${this.pos}`);
    this.pos++;
    return v;
  }

  /** The head's argument as number (when safe) or bigint. */
  private argument(ai: number): number | bigint {
    if (ai < 24) return ai;
    if (ai === 24) return this.byte();
    if (ai === 25) return this.byte() * 256 + this.byte();
    if (ai === 26) return ((this.byte() * 256 + this.byte()) * 256 + this.byte()) * 256 + this.byte();
    if (ai === 27) {
      const hi = ((this.byte() * 256 + this.byte()) * 256 + this.byte()) * 256 + this.byte();
      const lo = ((this.byte() * 256 + this.byte()) * 256 + this.byte()) * 256 + this.byte();
      if (hi < 0x200000) return hi * TWO_32 + lo;
      return (BigInt(hi) << 32n) | BigInt(lo);
    }
    throw new CborError(`reserved additional information ${ai} at byte ${this.pos - 1}`);
  }

  /** A length that must fit in what remains of the input. */
  private length(ai: number, unit: number): number {
    const at = this.pos - 1;
    const n = this.argument(ai);
    if (typeof n === 'bigint' || n * unit > this.b.length - this.pos) {
      throw new CborError(`CBOR length ${String(n)} at byte ${at} runs past the end of the input`);
    }
    return n;
  }

  /** A view into the input, not a copy: decoded byte strings share the caller's buffer. */
  private bytes(n: number): Uint8Array {
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  private text(n: number): string {
    const s = utf8Decode(this.b, this.pos, this.pos + n);
    if (s === null) throw new CborError(`invalid UTF-8 in text string at byte ${this.pos}`);
    this.pos += n;
    return s;
  }

  item(depth: number): CborValue {
    const v = this.itemOrBreak(depth);
    if (v === BREAK) throw new CborError(`unexpected break code at byte ${this.pos - 1}`);
    return v;
  }

  private itemOrBreak(depth: number): CborValue | typeof BREAK {
    if (depth > MAX_DEPTH) throw new CborError(`CBOR nested deeper than ${MAX_DEPTH}`);
    const at = this.pos;
    const ib = this.byte();
    const major = ib >> 5;
    const ai = ib & 31;
    switch (major) {
      case 0: {
        if (ai === 31) throw new CborError(`indefinite length on an integer at byte ${at}`);
        return this.argument(ai);
      }
      case 1: {
        if (ai === 31) throw new CborError(`indefinite length on an integer at byte ${at}`);
        const n = this.argument(ai);
        if (typeof n === 'number' && n < Number.MAX_SAFE_INTEGER) return -1 - n;
        const big = -1n - BigInt(n);
        return big >= -MAX_SAFE ? Number(big) : big;
      }
      case 2:
      case 3: {
        if (ai !== 31) {
          const n = this.length(ai, 1);
          return major === 2 ? this.bytes(n) : this.text(n);
        }
        const chunks: Uint8Array[] = [];
        let texts = '';
        for (;;) {
          const cat = this.pos;
          const cb = this.byte();
          if (cb === 0xff) break;
          if (cb >> 5 !== major || (cb & 31) === 31) {
            throw new CborError(`chunk of the wrong type in an indefinite-length string at byte ${cat}`);
          }
          const n = this.length(cb & 31, 1);
          if (major === 2) chunks.push(this.bytes(n));
          else texts += this.text(n);
        }
        if (major === 3) return texts;
        let total = 0;
        for (const c of chunks) total += c.length;
        const out = new Uint8Array(total);
        let o = 0;
        for (const c of chunks) {
          out.set(c, o);
          o += c.length;
        }
        return out;
      }
      case 4: {
        const items: CborValue[] = [];
        if (ai === 31) {
          for (;;) {
            const v = this.itemOrBreak(depth + 1);
            if (v === BREAK) return items;
            items.push(v);
          }
        }
        const n = this.length(ai, 1);
        for (let i = 0; i < n; i++) items.push(this.item(depth + 1));
        return items;
      }
      case 5: {
        const entries: [CborValue, CborValue][] = [];
        // Small maps (every map in a YMT1 code) compare identities in an array; large ones use a Set.
        const ids: (string | number)[] = [];
        let seen: Set<string | number> | null = null;
        const add = (k: CborValue, kat: number): void => {
          const id = keyIdentity(k);
          if (seen === null && ids.length >= 16) seen = new Set(ids);
          if (seen !== null ? seen.has(id) : ids.includes(id)) throw new CborError(`map repeats a key at byte ${kat}`);
          if (seen !== null) seen.add(id);
          else ids.push(id);
          entries.push([k, this.item(depth + 1)]);
        };
        if (ai === 31) {
          for (;;) {
            const kat = this.pos;
            const k = this.itemOrBreak(depth + 1);
            if (k === BREAK) return new CborMap(entries);
            add(k, kat);
          }
        }
        const n = this.length(ai, 2);
        for (let i = 0; i < n; i++) {
          const kat = this.pos;
          add(this.item(depth + 1), kat);
        }
        return new CborMap(entries);
      }
      case 6: {
        if (ai === 31) throw new CborError(`indefinite length on a tag at byte ${at}`);
        const tag = this.argument(ai);
        return new CborTag(tag, this.item(depth + 1));
      }
      default: {
        // major 7
        if (ai < 20) return new CborSimple(ai);
        if (ai === 20) return false;
        if (ai === 21) return true;
        if (ai === 22) return null;
        if (ai === 23) return undefined;
        if (ai === 24) {
          const v = this.byte();
          if (v < 32) throw new CborError(`two-byte simple value below 32 at byte ${at}`);
          return new CborSimple(v);
        }
        if (ai === 25) return new CborFloat(halfToNumber(this.byte() * 256 + this.byte()));
        if (ai === 26) return new CborFloat(this.float(4));
        if (ai === 27) return new CborFloat(this.float(8));
        if (ai === 31) return BREAK;
        throw new CborError(`reserved additional information ${ai} at byte ${at}`);
      }
    }
  }

  private float(n: 4 | 8): number {
    if (this.pos + n > this.b.length) throw new CborError(`CBOR truncated at byte ${this.b.length}`);
    const view = new DataView(this.b.buffer, this.b.byteOffset + this.pos, n);
    this.pos += n;
    return n === 4 ? view.getFloat32(0) : view.getFloat64(0);
  }
}

function halfToNumber(h: number): number {
  const exp = (h >> 10) & 0x1f;
  const mant = h & 0x3ff;
  let v: number;
  if (exp === 0) v = mant * 2 ** -24;
  else if (exp === 31) v = mant === 0 ? Infinity : NaN;
  else v = (mant + 1024) * 2 ** (exp - 25);
  return h & 0x8000 ? -v : v;
}

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
}

/**
 * A string or number that is equal for two keys exactly when their decoded
 * values are equal in the CBOR data model (RFC 8949 §2): integers by value
 * whatever their encoding, strings by content whatever their chunking,
 * floats by numeric value whatever their precision, maps whatever their order.
 */
export function keyIdentity(v: CborValue): string | number {
  if (typeof v === 'number') return v;
  return deepIdentity(v);
}

function deepIdentity(v: CborValue): string {
  if (typeof v === 'number' || typeof v === 'bigint') return `i${v.toString()}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (v instanceof Uint8Array) return `b${hex(v)}`;
  if (v === true) return 'T';
  if (v === false) return 'F';
  if (v === null) return 'N';
  if (v === undefined) return 'U';
  if (Array.isArray(v)) return `a[${v.map(deepIdentity).join(',')}]`;
  if (v instanceof CborMap) {
    const ids = v.entries.map(([k, x]) => `${deepIdentity(k)}:${deepIdentity(x)}`).sort();
    return `m{${ids.join(',')}}`;
  }
  if (v instanceof CborTag) return `t${v.tag.toString()}(${deepIdentity(v.value)})`;
  if (v instanceof CborFloat) return Object.is(v.value, -0) ? 'f-0' : `f${String(v.value)}`;
  return `S${v.value}`;
}
